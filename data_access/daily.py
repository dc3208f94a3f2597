"""The day's inputs: per grid and per worker, the frames the figures of a day are made from —
read from the daily store when one is attached to the registry and holds the days asked for,
else from the registry by the query each one stands for.

Each function has the signature and the result of its query (``data_access.queries``,
``.visits``, ``.township``): the loaders and the page models call these instead, and
``metrics`` computes from the frames whichever way they came, so a figure stays defined once.
The store (package ``store``) attaches itself to a registry's engine with ``attach``; it answers
``None`` for what it does not hold (a day not built, a window it does not keep), and the live
query runs. ``data_access`` knows the store only by the ``DailySource`` protocol.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections.abc import Sequence
from typing import Any, Protocol

import polars as pl
from sqlalchemy.engine import Connection, Engine

from data_access import quality as dq
from data_access import queries as q
from data_access import township as qt
from data_access import visits as qv
from data_access.scope import ResolvedScope


class DailySource(Protocol):
    """What the store answers: the frame of ``name`` for these arguments, or ``None``."""

    def answer(self, name: str, *args: Any) -> pl.DataFrame | None: ...


_sources: weakref.WeakKeyDictionary[Engine, DailySource] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def attach(engine: Engine, source: DailySource) -> None:
    """Read the day's inputs of the registry behind ``engine`` from ``source`` where it can."""
    with _lock:
        _sources[engine] = source


def detach(engine: Engine) -> None:
    with _lock:
        _sources.pop(engine, None)


def source_of(engine: Engine) -> DailySource | None:
    return _sources.get(engine)


def _stored(conn: Connection, name: str, *args: Any) -> pl.DataFrame | None:
    source = _sources.get(conn.engine)
    return None if source is None else source.answer(name, *args)


def household_counts(conn: Connection, rs: ResolvedScope) -> pl.DataFrame:
    got = _stored(conn, "household_counts", rs)
    return q.household_counts(conn, rs) if got is None else got


def active_households_on_days(
    conn: Connection, grid_ids: Sequence[int] | None, days: Sequence[dt.date]
) -> pl.DataFrame:
    got = _stored(conn, "active_households_on_days", grid_ids, days)
    return q.active_households_on_days(conn, grid_ids, days) if got is None else got


def resident_counts(conn: Connection, rs: ResolvedScope, elderly_born_by: dt.date) -> pl.DataFrame:
    got = _stored(conn, "resident_counts", rs, elderly_born_by)
    return q.resident_counts(conn, rs, elderly_born_by) if got is None else got


def special_group_counts(conn: Connection, rs: ResolvedScope) -> pl.DataFrame:
    got = _stored(conn, "special_group_counts", rs)
    return q.special_group_counts(conn, rs) if got is None else got


def visits_by_grid(
    conn: Connection, rs: ResolvedScope, first: dt.date, last: dt.date
) -> pl.DataFrame:
    got = _stored(conn, "visits_by_grid", rs, first, last)
    return q.visits_by_grid(conn, rs, first, last) if got is None else got


def coverage_by_grid(
    conn: Connection, rs: ResolvedScope, windows: dict[str, dt.date]
) -> pl.DataFrame:
    got = _stored(conn, "coverage_by_grid", rs, windows)
    return q.coverage_by_grid(conn, rs, windows) if got is None else got


def grid_day_visits(
    conn: Connection, rs: ResolvedScope, first: dt.date, last: dt.date
) -> pl.DataFrame:
    got = _stored(conn, "grid_day_visits", rs, first, last)
    return q.grid_day_visits(conn, rs, first, last) if got is None else got


def open_incidents(conn: Connection, rs: ResolvedScope) -> pl.DataFrame:
    got = _stored(conn, "open_incidents", rs)
    return q.open_incidents(conn, rs) if got is None else got


def rental_counts(conn: Connection, rs: ResolvedScope, inspected_since: dt.date) -> pl.DataFrame:
    got = _stored(conn, "rental_counts", rs, inspected_since)
    return q.rental_counts(conn, rs, inspected_since) if got is None else got


def worker_day_visits(
    conn: Connection, worker_ids: Sequence[int], first: dt.date, last: dt.date
) -> pl.DataFrame:
    got = _stored(conn, "worker_day_visits", worker_ids, first, last)
    return q.worker_day_visits(conn, worker_ids, first, last) if got is None else got


def grid_week_visits(
    conn: Connection, rs: ResolvedScope, week_starts: Sequence[dt.date], last: dt.date
) -> pl.DataFrame:
    got = _stored(conn, "grid_week_visits", rs, week_starts, last)
    return qv.grid_week_visits(conn, rs, week_starts, last) if got is None else got


def week_purpose_visits(
    conn: Connection, rs: ResolvedScope, week_starts: Sequence[dt.date], last: dt.date
) -> pl.DataFrame:
    got = _stored(conn, "week_purpose_visits", rs, week_starts, last)
    return qv.week_purpose_visits(conn, rs, week_starts, last) if got is None else got


def coverage_on_days(
    conn: Connection, rs: ResolvedScope, windows: Sequence[tuple[dt.date, dt.date]]
) -> pl.DataFrame:
    got = _stored(conn, "coverage_on_days", rs, windows)
    return qt.coverage_on_days(conn, rs, windows) if got is None else got


def open_incidents_on_days(
    conn: Connection, rs: ResolvedScope, days: Sequence[dt.date]
) -> pl.DataFrame:
    got = _stored(conn, "open_incidents_on_days", rs, days)
    return qt.open_incidents_on_days(conn, rs, days) if got is None else got


def check_counts(
    conn: Connection, rs: ResolvedScope, code: str, today: dt.date | None = None
) -> pl.DataFrame:
    got = _stored(conn, "check_counts", rs, code, today)
    return dq.check_counts(conn, rs, code, today) if got is None else got
