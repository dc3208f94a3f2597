"""Cached loaders of the township review (镇级对比).

One set of per-grid frames for the whole scope (``load_snapshot_inputs``), cut per community in
``metrics.township``: a handful of queries however many communities there are. The trend is
one grouped query for coverage and one for open incidents over all its days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from data_access import queries as q
from data_access.loaders import load_snapshot_inputs
from data_access.scope import township_wide
from data_access.township import (
    coverage_on_days,
    latest_period_by_worker,
    open_incidents_on_days,
    scores_in_periods,
)
from metrics.snapshot import SnapshotPlan
from metrics.township import (
    community_snapshots,
    coverage_windows,
    review_table,
    trend_days,
    weekly_trend,
)
from ui.data import ScopeKey, loader, organisation, registry_for, resolved_scope


@dataclass(frozen=True)
class TownshipReview:
    as_of: dt.date
    townships: tuple[str, ...]
    table: pl.DataFrame  # metrics.township.review_table, one row per community
    snapshots: dict[str, dict[str, Any]]  # community code → its snapshot
    scores_left_out: int = 0  # score rows of the workers' latest periods no total counts


@loader
def township_review(url: str, key: ScopeKey, as_of: dt.date) -> TownshipReview:
    """Each community's snapshot within the scope on ``as_of``, and the review's table."""
    registry = registry_for(url)
    rs = resolved_scope(url, key, as_of)
    plan = SnapshotPlan.for_day(as_of)
    with registry.connect() as conn:
        inputs = load_snapshot_inputs(conn, rs, plan)
        workers = sorted(set(inputs.workers["worker_id"].to_list()))
        periods = latest_period_by_worker(conn, workers, plan.month, as_of)
        scores = scores_in_periods(conn, workers, periods["period"].unique().to_list(), as_of)
        left_out = sum(
            q.scores_left_out(conn, group["worker_id"].to_list(), period, as_of)
            for (period,), group in periods.group_by("period")
        )
    snapshots = community_snapshots(plan, inputs, periods, scores)
    names = dict(
        zip(rs.grids["community_code"].to_list(), rs.grids["community_name"].to_list(), strict=True)
    )
    return TownshipReview(
        as_of=as_of,
        townships=tuple(sorted(set(rs.grids["township"].to_list()))),
        table=review_table(snapshots, names),
        snapshots=snapshots,
        scores_left_out=left_out,
    )


@loader
def township_trend(url: str, key: ScopeKey, as_of: dt.date, weeks: int) -> pl.DataFrame:
    """Per community, on ``as_of`` and the same weekday of the ``weeks - 1`` weeks before:
    90-day coverage and open incidents (``metrics.township.weekly_trend``)."""
    registry = registry_for(url)
    rs = resolved_scope(url, key, as_of)
    days = trend_days(as_of, weeks)
    with registry.connect() as conn:
        coverage = coverage_on_days(conn, rs, coverage_windows(days))
        open_counts = open_incidents_on_days(conn, rs, days)
    return weekly_trend(rs.grids, days, coverage, open_counts)


def township_key(url: str, key: ScopeKey) -> ScopeKey:
    """The page's own scope (``data_access.scope.township_wide``): every community of the
    township(s) in view, whatever the shared community, area and grid filters narrow to."""
    communities, grids = organisation(url)
    return ScopeKey.of(township_wide(key.scope(None), grids, communities))
