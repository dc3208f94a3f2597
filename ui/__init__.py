"""Streamlit layer: page setup and filters, cached loaders, labels, charts."""
