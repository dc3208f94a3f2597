"""Drill-through: a table row that names a grid, a worker or a community opens it.

A row click (``ui.table.show(..., on_row=...)``) runs one of these callbacks before the next run.
Each either sets a filter or a control on the page itself, or asks ``page_setup`` to open
another page (``url_state.open_page``). The link changes with it, so Back returns to the view
before the click, and the link can be sent to someone else.

A grid's view is the page the row is on, narrowed to that grid (the shared grid filter; the other
filters are kept): the figures beside the row, for that grid alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ui import url_state
from ui.setup import filter_query, set_grid_filter

OVERVIEW_PAGE = "pages/overview.py"
GRID_MAP_PAGE = "pages/grid_map.py"


def to_grid(codes: Sequence[str | None]) -> Callable[[int], None]:
    """Row ``i`` is about grid ``codes[i]``: a click shows this page for that grid alone (a row of
    no grid, ``None``, opens nothing)."""

    def opened(i: int) -> None:
        if codes[i] is not None:
            set_grid_filter([codes[i]])

    return opened


def to_grid_overview(codes: Sequence[str]) -> Callable[[int], None]:
    """Row ``i`` is grid ``codes[i]``, possibly outside the page's scope (a worker's
    assignments): a click opens the weekly overview of that grid alone (the community and area
    filters are dropped)."""

    def opened(i: int) -> None:
        url_state.open_page(OVERVIEW_PAGE, filter_query(community=[], area=[], grid=[codes[i]]))

    return opened


def open_community(page: str, code: str) -> None:
    """Open ``page`` for community ``code`` alone (the area and grid filters are dropped, the
    language and day kept)."""
    url_state.open_page(page, filter_query(community=[code], area=[], grid=[]))


def to_community(codes: Sequence[str], page: str = GRID_MAP_PAGE) -> Callable[[int], None]:
    """Row ``i`` is community ``codes[i]``: a click opens ``page`` (its grids on the map) for it."""

    def opened(i: int) -> None:
        open_community(page, codes[i])

    return opened
