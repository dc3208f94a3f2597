"""Cached loaders: the one place where Streamlit caching meets the data layer, and the page's
fault boundary.

The engine is a ``cache_resource`` keyed by URL; loaders are ``cache_data`` keyed
by plain values (URL, tuples of codes, dates), never by frames, with a
time-to-live so a registry that changes is read again; "refresh data" clears them.
Every loader (``@loader``) runs inside ``boundary()``: a database failure ends the page's run
with our one-line message and a retry button (``ui.faults``), nothing failed is cached, and an
unavailable registry is reopened on the next run, so the page recovers by itself.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any, ParamSpec, TypeVar

import polars as pl
import streamlit as st

from auth.access import Access, access_from, needs_assignment
from auth.accounts import User
from data_access import access as registry_access
from data_access import incidents as qi
from data_access import population as pq
from data_access import quality as dq
from data_access import queries as q
from data_access.config import campaign_periods
from data_access.errors import RegistryUnavailable
from data_access.faults import fault_of
from data_access.loaders import Registry, load_snapshot_inputs
from data_access.scope import ResolvedScope, Scope, resolve
from metrics.registration import judged_weeks, registration_weeks
from metrics.snapshot import (
    SnapshotPlan,
    overdue_reported_before,
    snapshot,
    week_rule_problems,
    week_rules_by_grid,
)
from ui import faults

TTL = dt.timedelta(minutes=10)
OVERDUE_LIST_LIMIT = 20


@dataclass(frozen=True)
class ScopeKey:
    """A scope as plain, hashable values: what cached loaders are keyed on."""

    communities: tuple[str, ...]
    areas: tuple[int, ...]
    grids: tuple[str, ...]
    access: tuple[str, ...] | None

    @classmethod
    def of(cls, scope: Scope) -> ScopeKey:
        access = None if scope.access is None else tuple(sorted(scope.access))
        return cls(scope.communities, scope.areas, scope.grids, access)

    def scope(self, as_of: dt.date) -> Scope:
        access = None if self.access is None else frozenset(self.access)
        return Scope(as_of, self.communities, self.areas, self.grids, access)


P = ParamSpec("P")
R = TypeVar("R")

# True while a boundary is active in this thread's run: an inner one leaves the fault to it
_inside_boundary: ContextVar[bool] = ContextVar("inside_fault_boundary", default=False)


def _close(registry: Registry) -> None:
    registry.engine.dispose()


@st.cache_resource(show_spinner=False, on_release=_close)
def registry_for(url: str) -> Registry:
    """The opened, checked, read-only registry (raises ``DashboardError`` with a message).

    Cleared (and its engine disposed) when the registry is unavailable and by "refresh data",
    so a restored or replaced file, or a restarted server, is opened afresh."""
    return Registry.open(url)


@contextmanager
def boundary(before: Callable[[], None] | None = None) -> Iterator[None]:
    """The fault boundary: a database failure inside ends the run with our message (after
    ``before``, e.g. the navigation). Streamlit's stop and rerun pass through (they are not an
    ``Exception``), as does anything that is no database failure (a bug). Boundaries nest: the
    outermost speaks, so a loader used by another loader leaves the message to its caller."""
    if _inside_boundary.get():
        yield
        return
    token = _inside_boundary.set(True)
    try:
        yield
    except Exception as exc:
        fault = fault_of(exc)
        if fault is None:
            raise
        if isinstance(fault, RegistryUnavailable):
            registry_for.clear()
        page = faults.current()
        if page is None:  # outside a page's run (a download made on the server): just ours
            if fault is exc:
                raise
            raise fault from exc
        faults.stop_page(fault, page, retry=clear_caches, before=before)
    finally:
        _inside_boundary.reset(token)


def loader(func: Callable[P, R]) -> Callable[P, R]:
    """A cached loader: ``st.cache_data`` keyed by its plain arguments, with the TTL, called
    inside the fault boundary. A call that fails is not cached: the next run asks again."""
    cached = st.cache_data(ttl=TTL, show_spinner=False)(func)

    @functools.wraps(func)
    def load(*args: P.args, **kwargs: P.kwargs) -> R:
        with boundary():
            return cached(*args, **kwargs)

    return load


@loader
def organisation(url: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(communities, grids) of the registry."""
    return registry_for(url).organisation()


@loader
def default_as_of(url: str) -> dt.date:
    return registry_for(url).default_as_of()


@loader
def latest_records(url: str, today: dt.date) -> dict[str, dt.date | None]:
    """The newest record of each kind, not after ``today``: how fresh the data is."""
    with registry_for(url).connect() as conn:
        return q.latest_records(conn, today)


@loader
def assigned_grids(url: str, worker_id: int, day: dt.date) -> frozenset[str]:
    with registry_for(url).connect() as conn:
        return registry_access.assigned_grids(conn, worker_id, day)


def access(url: str, user: User, day: dt.date) -> Access:
    """What ``user`` may see on ``day``: the grids of his grants (from the registry's grid table,
    already loaded) and, for a grid leader or worker, of his assignments that day (cached like
    any loader), with his role's rights."""
    _, grids = organisation(url)
    assigned = frozenset()
    if needs_assignment(user) and user.worker_id is not None:
        assigned = assigned_grids(url, user.worker_id, day)
    return access_from(user, day, grids, assigned)


def resolved_scope(url: str, key: ScopeKey, as_of: dt.date) -> ResolvedScope:
    communities, grids = organisation(url)
    return resolve(key.scope(as_of), as_of, grids, communities)


def clear_caches() -> None:
    """The "refresh data" and "retry" buttons: read everything again on the next run, through a
    freshly opened registry."""
    st.cache_data.clear()
    registry_for.clear()


@loader
def snapshot_figures(url: str, key: ScopeKey, as_of: dt.date) -> dict[str, Any]:
    """The contract's snapshot for a scope and day (the same object as ``python -m metrics snapshot``)."""
    registry = registry_for(url)
    rs = resolved_scope(url, key, as_of)
    plan = SnapshotPlan.for_day(as_of)
    with registry.connect() as conn:
        return snapshot(plan, load_snapshot_inputs(conn, rs, plan))


@dataclass(frozen=True)
class Overview:
    as_of: dt.date
    current: dict[str, Any]
    previous: dict[str, Any]
    special_groups: pl.DataFrame  # the lookup, for names and the sensitive flag
    rule_problems: pl.DataFrame  # grids below the visit rules last week
    overdue: pl.DataFrame  # oldest open incidents older than 72 hours
    overdue_total: int
    orphans: int = 0  # rows pointing at a missing row, left out of every figure (DQ28)
    orphans_sensitive: int = 0  # of them, rows about a sensitive group's membership
    memberships_left_out: int = 0  # memberships of no group or level (DQ12, DQ28)
    scores_left_out: int = 0  # score rows of the assessment period no total counts (DQ25–DQ28)
    #: the weeks around the day judged for registration (``metrics.registration``)
    registration: pl.DataFrame = field(default_factory=pl.DataFrame)


def registration_weeks_in(
    conn, rs: ResolvedScope, as_of: dt.date, shown_weeks: int
) -> pl.DataFrame:
    """The ``shown_weeks`` weeks ending with ``as_of``'s week (and those judged before them),
    each marked whether it is a registration week (``metrics.registration``)."""
    mondays = judged_weeks(as_of, shown_weeks)
    weekly = pq.registrations_by_week(conn, rs, mondays, as_of)
    return registration_weeks(weekly, mondays, campaign_periods()[0])


@loader
def overview(url: str, key: ScopeKey, as_of: dt.date) -> Overview:
    """Everything the weekly overview shows: this day, the same day a week earlier, and what needs action."""
    registry = registry_for(url)
    rs = resolved_scope(url, key, as_of)
    plan = SnapshotPlan.for_day(as_of)
    before = as_of - dt.timedelta(days=7)
    prev_plan = SnapshotPlan.for_day(before)
    with registry.connect() as conn:
        inputs = load_snapshot_inputs(conn, rs, plan)
        prev_inputs = load_snapshot_inputs(conn, replace(rs, as_of=before), prev_plan)
        overdue, overdue_total = qi.overdue_page(
            conn, rs, overdue_reported_before(as_of), 0, OVERDUE_LIST_LIMIT
        )
        orphans = dq.check_counts(conn, rs, "DQ28").sum()
        registration = registration_weeks_in(conn, rs, as_of, shown_weeks=2)
        memberships_left_out = q.memberships_left_out(conn, rs)
        period = inputs.assessment_period
        scores_left_out = (
            q.scores_left_out(
                conn, sorted(set(inputs.workers["worker_id"].to_list())), period, as_of
            )
            if period is not None
            else 0
        )
    rules = week_rules_by_grid(inputs.grids, inputs.last_week_visits, inputs.last_week_households)
    problems = week_rule_problems(rules).join(
        inputs.grids.select(
            pl.col("id").alias("grid_id"), pl.col("name").alias("grid_name"), "community_name"
        ),
        on="grid_id",
    )
    return Overview(
        as_of=as_of,
        current=snapshot(plan, inputs),
        previous=snapshot(prev_plan, prev_inputs),
        special_groups=inputs.special_groups,
        rule_problems=problems,
        overdue=overdue,
        overdue_total=overdue_total,
        orphans=int(orphans["records"][0] or 0),
        orphans_sensitive=int(orphans["sensitive"][0] or 0),
        memberships_left_out=memberships_left_out,
        scores_left_out=scores_left_out,
        registration=registration,
    )
