"""考核评分 — the committee scores a community's month from the rubric's proposals: review,
sign-off by the chair, confirmation by a second member, the signed sheet's files
(``ui.scoring_view``)."""

import streamlit as st

from ui import scoring_view
from ui.setup import page_setup, require_grids

ctx = page_setup("scoring")
st.title(ctx.labels("scoring.title"))
require_grids(ctx)
scoring_view.page(ctx)
