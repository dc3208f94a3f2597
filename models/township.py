"""The township review (镇级对比): a snapshot per community, the review's table, the trend.

One set of per-grid frames for the whole scope (``load_snapshot_inputs``), cut per community in
``metrics.township``: a handful of queries however many communities there are. The trend is
one grouped query for coverage and one for open incidents over all its days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy.engine import Connection

from data_access import queries as q
from data_access.daily import coverage_on_days, open_incidents_on_days
from data_access.loaders import load_snapshot_inputs
from data_access.queries import scores_in_periods
from data_access.scope import ResolvedScope
from data_access.township import latest_period_by_worker
from metrics.snapshot import SnapshotPlan
from metrics.township import (
    community_snapshots,
    coverage_windows,
    review_table,
    trend_days,
    weekly_trend,
)


@dataclass(frozen=True)
class TownshipReview:
    as_of: dt.date
    townships: tuple[str, ...]
    table: pl.DataFrame  # metrics.township.review_table, one row per community
    snapshots: dict[str, dict[str, Any]]  # community code → its snapshot
    scores_left_out: int = 0  # score rows of the workers' latest periods no total counts


def township_review(conn: Connection, rs: ResolvedScope) -> TownshipReview:
    """Each community's snapshot within the scope on ``rs.as_of``, and the review's table."""
    as_of = rs.as_of
    plan = SnapshotPlan.for_day(as_of)
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


def township_trend(conn: Connection, rs: ResolvedScope, weeks: int) -> pl.DataFrame:
    """Per community, on ``rs.as_of`` and the same weekday of the ``weeks - 1`` weeks before:
    90-day coverage and open incidents (``metrics.township.weekly_trend``)."""
    days = trend_days(rs.as_of, weeks)
    coverage = coverage_on_days(conn, rs, coverage_windows(days))
    open_counts = open_incidents_on_days(conn, rs, days)
    return weekly_trend(rs.grids, days, coverage, open_counts)
