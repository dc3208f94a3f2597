"""特殊人群 — every special group, by grid and over 26 weeks; the care gap."""

import streamlit as st

from ui import special_groups_data as data
from ui import special_groups_view as view
from ui.setup import page_setup, require_grids

ctx = page_setup("special_groups", view.CONTROLS)
labels = ctx.labels
st.title(labels("special_groups.title"))
require_grids(ctx)
st.caption(ctx.summary())
groups = data.groups_overview(ctx.url, ctx.key, ctx.as_of, ctx.disclosure)
view.all_groups(groups, labels)
view.heatmap(groups, labels)
code = view.choose_trend_group(groups, labels)
if code is not None:
    view.trend(data.group_trend(ctx.url, ctx.key, ctx.as_of, code, ctx.disclosure), labels)
care = data.care_gap(ctx.url, ctx.key, ctx.as_of)
if view.care_gap_summary(care, groups, labels, ctx.about):
    view.care_gap_list(ctx.url, ctx.key, ctx.about, care.totals["without_visit"], groups, labels)
