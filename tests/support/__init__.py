"""Test infrastructure shared by the suite: real PostgreSQL, Streamlit servers, Chromium."""
