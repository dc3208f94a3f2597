"""事件处置 — incident handling: the stages, the open backlog, the weekly 72-hour rate, the
incidents open longer than 72 hours."""

import streamlit as st

from ui import incidents_data, incidents_view
from ui.setup import page_setup, require_grids

ctx = page_setup("incidents", incidents_view.CONTROLS)
labels = ctx.labels
st.title(labels("incidents.title"))
require_grids(ctx)
window_days = incidents_view.window_control(labels)
stages = incidents_data.stages(ctx.url, ctx.key, ctx.as_of, window_days)
st.caption(
    ctx.summary(
        labels("incidents.caption", first=stages.first.isoformat(), day=ctx.as_of.isoformat())
    )
)
backlog = incidents_data.backlog(ctx.url, ctx.key, ctx.as_of)
incidents_view.stage_tiles(stages, backlog, labels)
incidents_view.stage_breakdown(stages, labels, ctx.about)
left, right = st.columns(2)
with left:
    incidents_view.backlog_chart(backlog, labels)
with right:
    incidents_view.weekly_chart(
        incidents_data.weekly(ctx.url, ctx.key, ctx.as_of), ctx.as_of, labels
    )
incidents_view.overdue_list(ctx.url, ctx.key, ctx.about, backlog, labels)
