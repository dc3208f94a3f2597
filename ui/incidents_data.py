"""Cached loaders of the incident-handling page (事件处置), one per section."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from data_access import incidents as qi
from metrics import incidents as mi
from metrics.core import window_start
from metrics.snapshot import overdue_reported_before
from ui.data import ScopeKey, loader, registry_for, resolved_scope

WINDOWS = (7, 30, 90)
DEFAULT_WINDOW = 30  # the snapshot's incidents.reported_30d
WEEKS = 12
EXPORT_LIMIT = 5_000


@dataclass(frozen=True)
class Stages:
    first: dt.date
    summary: dict[str, Any]  # metrics.incidents.stage_summary
    by_category: pl.DataFrame  # stages_by(category) with name_zh, name_en
    by_grid: pl.DataFrame  # stages_by(grid_id) with code, name


@loader
def stages(url: str, key: ScopeKey, as_of: dt.date, window_days: int) -> Stages:
    """The stage figures of the incidents reported in the last ``window_days`` days."""
    rs = resolved_scope(url, key, as_of)
    first = window_start(as_of, window_days)
    with registry_for(url).connect() as conn:
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


@loader
def backlog(url: str, key: ScopeKey, as_of: dt.date) -> Backlog:
    """Incidents open at the end of the day, by age."""
    rs = resolved_scope(url, key, as_of)
    with registry_for(url).connect() as conn:
        counts = qi.backlog_counts(conn, rs, mi.backlog_bounds(as_of))
    buckets = mi.backlog(counts)
    return Backlog(buckets=buckets, open=sum(buckets.values()), overdue=mi.overdue(buckets))


@loader
def weekly(url: str, key: ScopeKey, as_of: dt.date) -> pl.DataFrame:
    """The last ``WEEKS`` weeks' 72-hour resolution and escalations."""
    rs = resolved_scope(url, key, as_of)
    first, last = mi.weeks_window(as_of, WEEKS)
    with registry_for(url).connect() as conn:
        rows = qi.incident_rows(conn, rs, first, last)
    return mi.weekly_resolution(rows, as_of, WEEKS)


@loader
def overdue_rows(
    url: str, key: ScopeKey, as_of: dt.date, offset: int, limit: int
) -> tuple[pl.DataFrame, int]:
    """One page of the incidents open longer than 72 hours, oldest first, and how many."""
    rs = resolved_scope(url, key, as_of)
    with registry_for(url).connect() as conn:
        return qi.overdue_page(conn, rs, overdue_reported_before(as_of), offset, limit)
