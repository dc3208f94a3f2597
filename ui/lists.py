"""Bounded, paged lists: a page never loads more rows than it shows, and says how many there are."""

from __future__ import annotations

import math
from dataclasses import dataclass

import streamlit as st

from ui.i18n import Labels

PAGE_SIZE = 50


@dataclass(frozen=True)
class PageWindow:
    offset: int
    limit: int
    page: int
    pages: int


def page_window(labels: Labels, key: str, total: int, page_size: int = PAGE_SIZE) -> PageWindow:
    """A page selector for a list of ``total`` rows; returns the rows to fetch (offset, limit)."""
    pages = max(1, math.ceil(total / page_size))
    if st.session_state.get(key, 1) > pages:
        st.session_state[key] = pages
    if pages > 1:
        page = st.number_input(
            labels("list.page"), min_value=1, max_value=pages, step=1, key=key, width=160
        )
    else:
        page = 1
    first = (page - 1) * page_size
    st.caption(
        labels(
            "list.showing",
            first=f"{min(first + 1, total):,}",
            last=f"{min(first + page_size, total):,}",
            total=f"{total:,}",
            page=page,
            pages=pages,
        )
    )
    return PageWindow(offset=first, limit=page_size, page=int(page), pages=pages)
