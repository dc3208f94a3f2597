"""数据质量 — record-level checks of the registry: each with a stable code, its count per grid
and a masked drill-down list."""

import streamlit as st

from metrics.quality import CHECKS
from ui import quality_view
from ui.setup import page_setup, require_grids

ctx = page_setup("data_quality", quality_view.CONTROLS)
labels = ctx.labels
st.title(labels("quality.title"))
require_grids(ctx)
st.caption(ctx.summary(labels("quality.caption", day=ctx.as_of.isoformat(), checks=len(CHECKS))))
summary = quality_view.job_summary(ctx).disclosed(ctx.disclosure)
quality_view.summary_tiles(summary, labels)
quality_view.checks_table(summary, labels, ctx.about, ctx.disclosure)
quality_view.per_grid(summary, labels, ctx.about, ctx.disclosure)
quality_view.drill_down(ctx.url, ctx.key, ctx.about, summary, labels, ctx.disclosure)
