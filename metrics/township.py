"""The township review (镇级对比): a snapshot per community, the review's ratios, targets, trends.

Every community's row is the snapshot of the scope's per-grid frames cut down to that
community's grids — ``metrics.snapshot.snapshots``, every figure grouped by community in one
pass, the single snapshot being its one-scope case — so it equals ``python -m metrics snapshot
--community CODE`` (within the same filters). The only input that cannot be cut per grid is the
assessment period (the latest period among the community's own workers); the loader supplies
each worker's latest period and the scores of those periods.

Ratios defined here (half-up to 4 decimals, ``null`` on a zero denominator, sums over sums):

- ``floating_share``: ``residents.floating`` ÷ ``residents.total`` (``metrics.geo.floating_share``);
- ``three_day_compliance``: ``visits.last_week.grids_meeting_visit_days`` ÷
  ``visits.last_week.grids`` — the share of inhabited grids that met the 3-day rule in the
  last complete week;
- ``daily_rate_compliance``: ``visits.last_week.visit_days_meeting_rate`` ÷
  ``visits.last_week.visit_days`` — the share of last week's grid visit days that met the 4 % rule;
- ``pledge_share``: ``rentals.pledge_signed`` ÷ ``rentals.total``.

The review also shows ``visits.coverage_90d``, ``incidents.open``,
``incidents.resolved_within_72h_30d`` and ``assessment.mean_total`` as the snapshot has them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from metrics.core import ratio, window_start
from metrics.geo import floating_share
from metrics.snapshot import (
    COVERAGE_90D_DAYS,
    SCOPE,
    Scopes,
    SnapshotInputs,
    SnapshotPlan,
    snapshots,
    with_coverage,
)

#: Targets of the comprehensive-governance office: a figure meets its target when ≥ the value.
COVERAGE_90D_TARGET = 0.9
THREE_DAY_TARGET = 1.0
DAILY_RATE_TARGET = 1.0
RESOLVED_72H_TARGET = 0.8
PLEDGE_SHARE_TARGET = 0.9
TARGETS: dict[str, float] = {
    "coverage_90d": COVERAGE_90D_TARGET,
    "three_day_compliance": THREE_DAY_TARGET,
    "daily_rate_compliance": DAILY_RATE_TARGET,
    "resolved_within_72h": RESOLVED_72H_TARGET,
    "pledge_share": PLEDGE_SHARE_TARGET,
}
MET, BELOW, NO_DATA = "met", "below", "none"

#: Figures the review can be ranked by, and whether a higher value ranks first.
RANKINGS: dict[str, bool] = {
    "targets_met": True,
    "coverage_90d": True,
    "three_day_compliance": True,
    "daily_rate_compliance": True,
    "resolved_within_72h": True,
    "pledge_share": True,
    "mean_assessment": True,
    "open_incidents": False,
    "residents": True,
}

#: The trend's points: the as-of day and the same weekday in each earlier week.
TREND_WEEKS = (12, 26)


# --- one snapshot per community ---------------------------------------------


def community_scopes(
    grids: pl.DataFrame, workers: pl.DataFrame, worker_periods: pl.DataFrame, scores: pl.DataFrame
) -> Scopes:
    """Each community of ``grids`` as a scope of ``metrics.snapshot.snapshots``: its grids, its
    ``assessment.period`` — the latest of its workers' latest periods (None without) — and its
    workers' scores of that period.

    ``workers``: worker_id, grid_id (``SnapshotInputs.workers``); ``worker_periods``: worker_id,
    period (each worker's latest period not after the month); ``scores``: worker_id, period,
    criterion_code, score, max_score for the periods needed.
    """
    of_grid = grids.select(pl.col("id").alias("grid_id"), pl.col("community_code").alias(SCOPE))
    own = workers.join(of_grid, on="grid_id").select(SCOPE, "worker_id").unique()
    latest = (
        own.join(worker_periods.drop_nulls("period"), on="worker_id")
        .group_by(SCOPE)
        .agg(pl.col("period").max())
    )
    periods = dict(zip(latest[SCOPE].to_list(), latest["period"].to_list(), strict=True))
    scored = own.join(latest, on=SCOPE).join(scores, on=["worker_id", "period"])
    return Scopes(
        keys=tuple(sorted(set(of_grid[SCOPE].to_list()))),
        grids=of_grid,
        periods=periods,
        scores=scored.select(SCOPE, "worker_id", "criterion_code", "score", "max_score"),
    )


def community_snapshots(
    plan: SnapshotPlan, inputs: SnapshotInputs, worker_periods: pl.DataFrame, scores: pl.DataFrame
) -> dict[str, dict[str, Any]]:
    """The snapshot of each community in ``inputs.grids`` (restricted to those grids), by code:
    ``metrics.snapshot.snapshots`` over ``community_scopes``, all communities at once."""
    scopes = community_scopes(inputs.grids, inputs.workers, worker_periods, scores)
    return snapshots(plan, inputs, scopes)


# --- the review's figures ---------------------------------------------------


def three_day_compliance(snap: dict[str, Any]) -> float | None:
    """Inhabited grids that met the 3-day rule last week ÷ inhabited grids."""
    week = snap["visits"]["last_week"]
    return ratio(week["grids_meeting_visit_days"], week["grids"])


def daily_rate_compliance(snap: dict[str, Any]) -> float | None:
    """Last week's grid visit days meeting the 4 % rule ÷ grid visit days."""
    week = snap["visits"]["last_week"]
    return ratio(week["visit_days_meeting_rate"], week["visit_days"])


def pledge_share(snap: dict[str, Any]) -> float | None:
    """Rentals with a pledge signed by the day ÷ rentals of active households."""
    return ratio(snap["rentals"]["pledge_signed"], snap["rentals"]["total"])


def review_figures(snap: dict[str, Any]) -> dict[str, Any]:
    """The review's columns for one snapshot."""
    residents = snap["residents"]
    return {
        "households": snap["households"],
        "residents": residents["total"],
        "resident": residents["resident"],
        "floating": residents["floating"],
        "nominal": residents["nominal"],
        "floating_share": floating_share(residents["floating"], residents["total"]),
        "coverage_90d": snap["visits"]["coverage_90d"],
        "three_day_compliance": three_day_compliance(snap),
        "daily_rate_compliance": daily_rate_compliance(snap),
        "open_incidents": snap["incidents"]["open"],
        "resolved_within_72h": snap["incidents"]["resolved_within_72h_30d"],
        "pledge_share": pledge_share(snap),
        "mean_assessment": snap["assessment"]["mean_total"],
        "assessment_period": snap["assessment"]["period"],
    }


def target_status(value: float | None, target: float) -> str:
    """``met`` when the value reaches the target, ``below`` when not, ``none`` without a value."""
    if value is None:
        return NO_DATA
    return MET if value >= target else BELOW


REVIEW_SCHEMA: dict[str, Any] = {
    "community_code": pl.String,
    "community_name": pl.String,
    "households": pl.Int64,
    "residents": pl.Int64,
    "resident": pl.Int64,
    "floating": pl.Int64,
    "nominal": pl.Int64,
    "floating_share": pl.Float64,
    "coverage_90d": pl.Float64,
    "three_day_compliance": pl.Float64,
    "daily_rate_compliance": pl.Float64,
    "open_incidents": pl.Int64,
    "resolved_within_72h": pl.Float64,
    "pledge_share": pl.Float64,
    "mean_assessment": pl.Float64,
    "assessment_period": pl.String,
    **{f"{key}_status": pl.String for key in TARGETS},
    "targets_met": pl.Int64,
    "targets_assessed": pl.Int64,
}


def review_table(snapshots: dict[str, dict[str, Any]], names: dict[str, str]) -> pl.DataFrame:
    """One row per community: the review's figures, each target's status and how many were met."""
    rows = []
    for code, snap in snapshots.items():
        figures = review_figures(snap)
        status = {key: target_status(figures[key], target) for key, target in TARGETS.items()}
        rows.append(
            {
                "community_code": code,
                "community_name": names.get(code, code),
                **figures,
                **{f"{key}_status": value for key, value in status.items()},
                "targets_met": sum(value == MET for value in status.values()),
                "targets_assessed": sum(value != NO_DATA for value in status.values()),
            }
        )
    return (
        pl.DataFrame(rows, schema=REVIEW_SCHEMA, orient="row")
        if rows
        else pl.DataFrame(schema=REVIEW_SCHEMA)
    )


def ranked(table: pl.DataFrame, by: str) -> pl.DataFrame:
    """The review ranked by ``by`` (see ``RANKINGS``): ``rank`` 1 is best, equal values share a rank
    (1, 2, 2, 4), a community without a value comes last with a null rank. Ranking by targets met
    breaks ties by 90-day coverage."""
    descending = RANKINGS[by]
    keys = [by, "coverage_90d"] if by == "targets_met" else [by]
    has_value = pl.col(by).is_not_null()
    key = pl.struct(
        [pl.col(k).fill_null(float("-inf") if descending else float("inf")) for k in keys]
    )
    return (
        table.with_columns(
            rank=pl.when(has_value).then(key.rank("min", descending=descending)).cast(pl.Int64)
        )
        .sort(["rank", "community_code"], nulls_last=True)
        .select("rank", *table.columns)
    )


# --- weekly trend -----------------------------------------------------------


def trend_days(day: dt.date, weeks: int) -> list[dt.date]:
    """The trend's days: ``day`` and the same weekday of ``weeks - 1`` weeks before, in order."""
    return [day - dt.timedelta(days=7 * k) for k in range(weeks - 1, -1, -1)]


def coverage_windows(days: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """``(first, day)`` of the 90-day coverage window ending on each day."""
    return [(window_start(day, COVERAGE_90D_DAYS), day) for day in days]


def weekly_trend(
    grids: pl.DataFrame, days: list[dt.date], coverage: pl.DataFrame, open_counts: pl.DataFrame
) -> pl.DataFrame:
    """Per community and trend day: ``coverage_90d`` and ``incidents.open`` as on that day.

    ``grids``: id, community_code, community_name; ``coverage``: grid_id, day, households, covered;
    ``open_counts``: grid_id, day, open. Every (community, day) is present; coverage is null on a
    day without active households.
    """
    communities = grids.select("community_code", "community_name").unique()
    frame = communities.join(pl.DataFrame({"day": days}, schema={"day": pl.Date}), how="cross")
    by_grid = grids.select(pl.col("id").alias("grid_id"), "community_code")
    cov = (
        coverage.join(by_grid, on="grid_id")
        .group_by("community_code", "day")
        .agg(pl.col("households").sum(), pl.col("covered").sum())
    )
    opened = (
        open_counts.join(by_grid, on="grid_id")
        .group_by("community_code", "day")
        .agg(pl.col("open").sum())
    )
    frame = (
        frame.join(cov, on=["community_code", "day"], how="left")
        .join(opened, on=["community_code", "day"], how="left")
        .with_columns(pl.col("households", "covered", "open").fill_null(0).cast(pl.Int64))
        .sort("community_code", "day")
    )
    return with_coverage(frame, covered="covered").select(
        "community_code", "community_name", "day", "households", "covered", "coverage_90d", "open"
    )
