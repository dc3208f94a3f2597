"""The incident-handling page (事件处置): stages, backlog, weekly resolution, overdue list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy.engine import Connection

from data_access import incidents as qi
from data_access.scope import ResolvedScope
from metrics import incidents as mi
from metrics.core import window_start
from metrics.snapshot import INCIDENT_WINDOW_DAYS, overdue_reported_before

#: the report windows the page offers, in days ending on the as-of day
WINDOWS = (7, INCIDENT_WINDOW_DAYS, 90)
DEFAULT_WINDOW = INCIDENT_WINDOW_DAYS  # the snapshot's incidents.reported_30d
WEEKS = 12
EXPORT_LIMIT = 5_000


@dataclass(frozen=True)
class Stages:
    first: dt.date
    summary: dict[str, Any]  # metrics.incidents.stage_summary
    by_category: pl.DataFrame  # stages_by(category) with name_zh, name_en
    by_grid: pl.DataFrame  # stages_by(grid_id) with code, name


def stages(conn: Connection, rs: ResolvedScope, window_days: int = DEFAULT_WINDOW) -> Stages:
    """The stage figures of the incidents reported in the last ``window_days`` days."""
    as_of = rs.as_of
    first = window_start(as_of, window_days)
    rows = qi.incident_rows(conn, rs, first, as_of)
    names = qi.categories(conn)
    by_category = mi.stages_by(rows, as_of, "category").join(
        names.rename({"code": "category"}), on="category", how="left"
    )
    grids = rs.grids.select(pl.col("id").alias("grid_id"), "code", "name")
    by_grid = mi.stages_by(rows, as_of, "grid_id").join(grids, on="grid_id", how="left")
    return Stages(
        first=first,
        summary=mi.stage_summary(rows, as_of),
        by_category=by_category,
        by_grid=by_grid.sort("code"),
    )


@dataclass(frozen=True)
class Backlog:
    buckets: dict[str, int]  # metrics.incidents.backlog
    open: int
    overdue: int


def backlog(conn: Connection, rs: ResolvedScope) -> Backlog:
    """Incidents open at the end of the day, by age."""
    buckets = mi.backlog(qi.backlog_counts(conn, rs, mi.backlog_bounds(rs.as_of)))
    return Backlog(buckets=buckets, open=sum(buckets.values()), overdue=mi.overdue(buckets))


def weekly(conn: Connection, rs: ResolvedScope, weeks: int = WEEKS) -> pl.DataFrame:
    """The last ``weeks`` weeks' 72-hour resolution and escalations."""
    first, last = mi.weeks_window(rs.as_of, weeks)
    return mi.weekly_resolution(qi.incident_rows(conn, rs, first, last), rs.as_of, weeks)


def overdue_rows(
    conn: Connection, rs: ResolvedScope, offset: int, limit: int
) -> tuple[pl.DataFrame, int]:
    """One page of the incidents open longer than 72 hours, oldest first, and how many."""
    return qi.overdue_page(conn, rs, overdue_reported_before(rs.as_of), offset, limit)
