"""周例会总览 — the weekly overview for the community party secretary's meeting."""

import datetime as dt

import streamlit as st

from ui import brief_view, data, overview_view
from ui.setup import page_setup, require_grids

ctx = page_setup("overview")
labels = ctx.labels
st.title(labels("overview.title"))
require_grids(ctx)
ov = data.overview(ctx.url, ctx.key, ctx.as_of)
st.caption(
    ctx.summary(labels("overview.caption", prev=(ctx.as_of - dt.timedelta(days=7)).isoformat()))
)
brief_view.download(ctx)
overview_view.population(ov, labels, ctx.disclosure)
overview_view.work(ov, labels)
overview_view.charts_row(ov, labels)
overview_view.special_groups(ov, labels, ctx.disclosure)
overview_view.needs_attention(ov, labels, ctx.about)
