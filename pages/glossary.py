"""术语与口径 — the glossary: every term and how each figure is counted (metrics.catalogue)."""

import streamlit as st

from ui import glossary
from ui.setup import page_setup

ctx = page_setup("glossary")
st.title(ctx.labels("glossary.title"))
glossary.page(ctx.labels)
