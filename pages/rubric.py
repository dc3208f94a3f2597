"""考核细则 — the rules that propose each criterion's score, kept as data and versioned; the
chair edits them with a preview on last month's evidence (``ui.rubric_view``)."""

import streamlit as st

from ui import rubric_view
from ui.setup import page_setup, require_grids

ctx = page_setup("rubric")
st.title(ctx.labels("rubric.title"))
require_grids(ctx)
rubric_view.page(ctx)
