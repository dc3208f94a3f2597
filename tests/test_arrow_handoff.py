"""Frames reach Streamlit as Arrow tables (``ui.table.arrow``): polars 2.1's ``to_pandas``, which
Streamlit would call on a polars frame, deadlocks the whole interpreter when threads convert one
frame at once (pola-rs/polars#27396) — what 20 sessions on one server did. The deadlock takes
the GIL with it, so it is run in a child process that must finish."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap

import polars as pl
import pyarrow as pa

from data_access.config import PROJECT_ROOT
from ui.table import arrow

CHILD = textwrap.dedent(
    """
    from concurrent.futures import ThreadPoolExecutor
    import polars as pl
    from ui.table import arrow

    # pola-rs/polars#27396's own frame and threads; a race, so ten rounds of it (to_pandas
    # stops in most rounds, so in nearly every run)
    for _ in range(10):
        frame = pl.DataFrame({"a": [5234.523] * 100_000})
        with ThreadPoolExecutor(10) as pool:
            tables = [f.result() for f in [pool.submit(arrow, frame) for _ in range(100)]]
        assert all(t.num_rows == 100_000 for t in tables)
    print("converted", 10 * len(tables))
    """
)


def test_one_frame_converted_by_many_threads_at_once_comes_back() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,  # a deadlock never ends: the guard, not a speed limit (it takes ~1 s)
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "converted 1000"


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
