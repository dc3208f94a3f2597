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
import functools
import inspect
import threading
import weakref
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import polars as pl
from sqlalchemy.engine import Connection, Engine

from data_access import population as pq
from data_access import quality as dq
from data_access import queries as q
from data_access import special_groups as sq
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


def _daily(live: Callable[..., pl.DataFrame]) -> Callable[..., pl.DataFrame]:
    """``live`` (a query function), asked of the store first: the store's source answers
    ``live.__name__`` with the call's arguments (by position, as the live function's
    parameters), or ``None`` and ``live`` runs."""
    name = live.__name__
    signature = inspect.signature(live)

    @functools.wraps(live)
    def read(conn: Connection, *args: Any, **kwargs: Any) -> pl.DataFrame:
        source = _sources.get(conn.engine)
        if source is not None:
            bound = signature.bind(conn, *args, **kwargs)
            got = source.answer(name, *list(bound.arguments.values())[1:])
            if got is not None:
                return got
        return live(conn, *args, **kwargs)

    return read


household_counts = _daily(q.household_counts)
active_households_on_days = _daily(q.active_households_on_days)
resident_counts = _daily(q.resident_counts)
special_group_counts = _daily(q.special_group_counts)
visits_by_grid = _daily(q.visits_by_grid)
coverage_by_grid = _daily(q.coverage_by_grid)
grid_day_visits = _daily(q.grid_day_visits)
open_incidents = _daily(q.open_incidents)
rental_counts = _daily(q.rental_counts)
worker_day_visits = _daily(q.worker_day_visits)
patrol_days = _daily(q.patrol_days)
work_logs = _daily(q.work_logs)
grid_week_visits = _daily(qv.grid_week_visits)
week_purpose_visits = _daily(qv.week_purpose_visits)
coverage_on_days = _daily(qt.coverage_on_days)
open_incidents_on_days = _daily(qt.open_incidents_on_days)
check_counts = _daily(dq.check_counts)
age_sex_counts = _daily(pq.age_sex_counts)
movements_by_day = _daily(pq.movements_by_day)
household_sizes = _daily(pq.household_sizes)
care_gap_counts = _daily(sq.care_gap_counts)
members_on_days = _daily(sq.members_on_days)
memberships_left_out_by_grid = _daily(q.memberships_left_out_by_grid)


def memberships_left_out(conn: Connection, rs: ResolvedScope) -> int:
    """Memberships in scope that no group count holds (``queries.memberships_left_out_by_grid``)."""
    return int(memberships_left_out_by_grid(conn, rs)["left_out"].sum())


def _first(week_starts: Sequence[dt.date], last: dt.date) -> dt.date:
    return min(week_starts, default=last + dt.timedelta(days=1))


def movements_by_week(
    conn: Connection, rs: ResolvedScope, week_starts: Sequence[dt.date], last: dt.date
) -> pl.DataFrame:
    """Arrivals and departures per week and residency (weeks begin on ``week_starts``,
    ascending; the last ends on ``last``), household's grid in scope.
    Out: kind, week_start, residency, residents."""
    by_day = movements_by_day(conn, rs, _first(week_starts, last), last)
    weekly = pq.in_weeks(by_day, week_starts, "kind", "residency")
    return weekly.select("kind", "week_start", "residency", "residents")


def registrations_by_week(
    conn: Connection, rs: ResolvedScope, week_starts: Sequence[dt.date], last: dt.date
) -> pl.DataFrame:
    """Residents registered per week (weeks begin on ``week_starts``, ascending Mondays; the
    last ends on ``last``), household's grid in scope, whether or not still active.
    Out: week_start, registered (only weeks with registrations)."""
    by_day = movements_by_day(conn, rs, _first(week_starts, last), last, kinds=("arrivals",))
    return pq.in_weeks(pq.registrations(by_day), week_starts)
