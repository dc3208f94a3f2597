"""No page hands Streamlit a polars frame to convert: tables go as Arrow tables
(``ui.table.arrow``). Given a polars frame Streamlit calls ``DataFrame.to_pandas``, which in
polars 2.1 deadlocks the whole interpreter when threads convert at once (pola-rs/polars#27396)
— 20 sessions on one server stopped every script thread for good. So every page runs here with
polars' ``to_pandas`` made to fail: a page that still reaches it shows an exception."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pyarrow as pa
import pytest

from ui.nav import PAGES
from ui.table import arrow


def _refused(self: pl.DataFrame, *args: object, **kwargs: object) -> None:
    raise AssertionError("polars DataFrame.to_pandas on a page (pola-rs/polars#27396)")


@pytest.mark.parametrize("page", PAGES, ids=[p.key for p in PAGES])
def test_no_page_converts_a_polars_frame_to_pandas(
    app_page, page, monkeypatch: pytest.MonkeyPatch
) -> None:
    import streamlit as st

    st.cache_data.clear()  # the page's loaders run again, under the refusal
    monkeypatch.setattr(pl.DataFrame, "to_pandas", _refused)
    at = app_page(page.path)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title  # the page drew (not stopped at a sign-in or an error)


def test_the_arrow_table_keeps_values_and_plain_types() -> None:
    frame = pl.DataFrame(
        {
            "n": [1, None],
            "x": [0.125, None],
            "s": ["东城", None],
            "d": [dt.date(2026, 11, 30), None],
        }
    )
    table = arrow(frame)
    assert table.to_pylist() == frame.to_dicts()
    assert table.schema.field("s").type in (pa.large_string(), pa.string())
    assert table.schema.field("d").type == pa.date32()
