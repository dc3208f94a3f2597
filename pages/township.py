"""镇级对比 — a row per community against the targets, weekly trends, drill-through to a community.

The page keeps its own scope: every community of the township(s) in view, whatever the shared
community, area and grid filters narrow the other pages to (``ui.township_data.township_key``)."""

import streamlit as st

from ui import township_data, township_view
from ui.setup import freshness_caption, page_setup, require_grids

ctx = page_setup("township", township_view.CONTROLS)
labels = ctx.labels
filtered = bool(ctx.key.communities or ctx.key.areas or ctx.key.grids)
ctx = ctx.with_key(township_data.township_key(ctx.url, ctx.key))
st.title(labels("township.title"))
require_grids(ctx)
review = township_data.township_review(ctx.url, ctx.key, ctx.as_of)
township_view.summary(review, labels, filtered)
freshness_caption(ctx)
st.subheader(labels("township.review"))
by = township_view.choose_ranking(labels)
table = township_view.review_table(review, labels, by, ctx.about)
township_view.drill_down(table, labels)
st.subheader(labels("township.trends"))
weeks = township_view.choose_weeks(labels)
trend = township_data.township_trend(ctx.url, ctx.key, ctx.as_of, weeks)
township_view.trends(trend, labels, weeks)
