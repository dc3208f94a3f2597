"""Bounded, paged lists: a page never loads more rows than it shows, and says how many there are."""

from __future__ import annotations

import math
from dataclasses import dataclass

import streamlit as st

from ui.i18n import Labels
from ui.url_state import list_page

PAGE_SIZE = 50


@dataclass(frozen=True)
class PageWindow:
    offset: int
    limit: int
    page: int
    pages: int


def page_window(labels: Labels, key: str, total: int, page_size: int = PAGE_SIZE) -> PageWindow:
    """A page selector (widget ``key``) for a list of ``total`` rows, its page number in the link
    as ``page`` (the page declares ``url_state.list_page(key)``); returns the rows to fetch."""
    pages = max(1, math.ceil(total / page_size))

    def selector() -> int:
        if pages == 1:
            return 1
        return st.number_input(
            labels("list.page"), min_value=1, max_value=pages, step=1, key=key, width=160
        )

    page = list_page(key).bind(labels, range(1, pages + 1), 1, selector)
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


def asked_window(key: str, page_size: int = PAGE_SIZE) -> tuple[int, int]:
    """(offset, limit) that ``page_window`` will most likely return for the selector ``key``,
    read before the list's total is known (``url_state.UrlControl.asked``): to start the page's
    load ahead. ``page_window`` still decides."""
    asked = list_page(key).asked(1)
    page = asked if isinstance(asked, int) and asked >= 1 else 1
    return (page - 1) * page_size, page_size
