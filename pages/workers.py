"""网格员考核 — the assessment committee's month sheet: recorded scores beside the evidence."""

import streamlit as st

from ui import workers_data, workers_view
from ui.data import ahead
from ui.setup import page_setup, require_grids

ctx = page_setup("workers", workers_view.CONTROLS)
labels = ctx.labels
st.title(labels("workers.title"))
require_grids(ctx)
choices = workers_data.months(ctx.url, ctx.as_of)
# the month's sheets are read while the picker's marks are (one query on every score)
asked = workers_view.asked_month(choices, ctx.as_of)
ahead(workers_data.month_and_before, ctx.url, ctx.key, ctx.as_of, asked)
month, roles = workers_view.controls(
    choices, workers_data.scored_months(ctx.url, ctx.key, ctx.as_of), ctx.as_of, labels
)
current, previous = workers_data.month_and_before(ctx.url, ctx.key, ctx.as_of, month)
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
workers_view.month_over_month_table(
    workers_data.month_changes(ctx.url, ctx.key, ctx.as_of, month, roles),
    current,
    previous,
    labels,
    ctx.about,
)
worker_id = workers_view.pick_worker(frame, labels)
ahead(workers_data.worker_history, ctx.url, ctx.key, ctx.as_of, month, worker_id)
detail = workers_data.worker_detail(ctx.url, ctx.key, ctx.as_of, month, worker_id)
history = workers_data.worker_history(ctx.url, ctx.key, ctx.as_of, month, worker_id)
workers_view.one_worker(worker_id, month, current, history, detail, criteria, labels, ctx.about)
