"""访问日志 — the access log: the secretary's communities' rows, or every row for the
administrator (``ui.access_log_view``)."""

import streamlit as st

from ui import access_log_view
from ui.setup import page_setup

ctx = page_setup("access_log")
st.title(ctx.labels("access_log.title"))
access_log_view.page(ctx)
