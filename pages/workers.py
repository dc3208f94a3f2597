"""网格员考核 — the assessment committee's month sheet: recorded scores beside the evidence."""

import streamlit as st

from metrics.assessment import previous_month
from ui import workers_data, workers_view
from ui.setup import page_setup, require_grids

ctx = page_setup("workers", workers_view.CONTROLS)
labels = ctx.labels
st.title(labels("workers.title"))
require_grids(ctx)
month, roles = workers_view.controls(
    workers_data.months(ctx.url, ctx.as_of),
    workers_data.scored_months(ctx.url, ctx.key, ctx.as_of),
    ctx.as_of,
    labels,
)
current = workers_data.month_sheet(ctx.url, ctx.key, ctx.as_of, month)
st.caption(
    " · ".join(
        (labels("workers.caption", month=month, day=ctx.as_of.isoformat()), *ctx.freshness())
    )
)
if not current.rows:
    st.info(labels("workers.no_workers", month=month))
    st.stop()
criteria = workers_data.criteria(ctx.url)
frame = workers_data.sheet_frame(ctx.url, ctx.key, ctx.as_of, month, roles)
if frame.is_empty():
    st.info(labels("workers.no_role", month=month))
    st.stop()

workers_view.month_table(current, frame, criteria, labels)
# the downloads sit under the sheet but hold the flags, which the section below computes
downloads = st.container()
evidence = workers_view.evidence(frame, labels, ctx.about)
workers_view.export(
    downloads,
    lambda: workers_data.trailing_sheets(ctx.url, ctx.key, ctx.as_of, month),
    month,
    criteria,
    roles,
    evidence,
    ctx.about,
)
previous = workers_data.month_sheet(ctx.url, ctx.key, ctx.as_of, previous_month(month))
workers_view.month_over_month_table(
    workers_data.month_changes(ctx.url, ctx.key, ctx.as_of, month, roles),
    current,
    previous,
    labels,
    ctx.about,
)
worker_id = workers_view.pick_worker(frame, labels)
detail = workers_data.worker_detail(ctx.url, ctx.key, ctx.as_of, month, worker_id)
history = workers_data.worker_history(ctx.url, ctx.key, ctx.as_of, month, worker_id)
workers_view.one_worker(worker_id, month, current, history, detail, criteria, labels, ctx.about)
