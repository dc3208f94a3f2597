"""Incident handling (事件处置): the stages 发现 → 受理 → 处置, the open backlog by age, the
weekly 72-hour resolution rate and escalations. Pure functions over small frames.

Definitions (``d`` the as-of day, "the end of ``d``" the next day at 00:00:00):

- **Incidents of the window** ``[first, d]``: grid in scope, ``reported_at`` dated in the window
  (the 30-day window is the snapshot's ``incidents.reported_30d``).
- **Stages reached**, each counted among the incidents of the window: 发现 *reported* — all of
  them; 受理 *accepted* — ``accepted_at`` before the end of ``d``; 处置 *resolved* —
  ``resolved_at`` before the end of ``d``. Each stage is judged by its own timestamp (an incident
  resolved without an ``accepted_at`` counts as resolved, not as accepted).
- **Hours between stages**: ``reported → accepted`` over the accepted incidents,
  ``accepted → resolved`` over the incidents both accepted and resolved, ``reported → resolved``
  over the resolved ones; exact hours (minutes and seconds as fractions); a pair whose later
  timestamp comes before the earlier one is a data error (data quality DQ21) and is left out.
  The **median** is the middle value, or the mean of the two middle values, rounded half-up to
  1 decimal; ``None`` when there is no pair.
- **Resolved within 72 hours**: ``metrics.snapshot.resolved_within_72h`` (resolved before the end
  of ``d`` and at most 72 hours after it was reported); the rate is its share of the incidents
  reported (``None`` with none).
- **Escalations**: incidents of the window with ``escalated`` true; their share of the reported.
- **Open backlog by age**: incidents open at the end of ``d`` (``incidents.open``: reported
  before the end of ``d``, not resolved before it), by age = end of ``d`` − ``reported_at``:
  ``le_1d`` ≤ 24 h, ``d1_3`` > 24 h and ≤ 72 h, ``d3_7`` > 72 h and ≤ 168 h, ``gt_7d`` > 168 h.
  The last two together are the incidents open longer than 72 hours (the overdue list).
- **Weekly resolution**: for each of the last ``weeks`` ISO weeks up to the week of ``d``
  (Monday to Sunday, the current one cut at ``d``), the incidents reported in it, those resolved
  within 72 hours (as above, judged at the end of ``d``), the rate, and the escalated.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import polars as pl

from metrics.core import end_of_day, ratio, round_half_up, week_start
from metrics.snapshot import RESOLUTION_HOURS, resolved_within_72h

STAGES = ("reported", "accepted", "resolved")
#: (name, later timestamp, earlier timestamp)
INTERVALS = (
    ("to_accept", "accepted_at", "reported_at"),
    ("to_resolve", "resolved_at", "accepted_at"),
    ("total", "resolved_at", "reported_at"),
)
BACKLOG_BUCKETS = ("le_1d", "d1_3", "d3_7", "gt_7d")
#: the upper age, in hours, of each bucket but the last
BACKLOG_HOURS = (24, RESOLUTION_HOURS, 168)
HOURS_PLACES = 1

ROWS_SCHEMA = {
    "id": pl.Int64,
    "grid_id": pl.Int64,
    "category": pl.String,
    "reported_at": pl.Datetime("us"),
    "accepted_at": pl.Datetime("us"),
    "resolved_at": pl.Datetime("us"),
    "escalated": pl.Boolean,
}


US_PER_HOUR = 3_600_000_000


def _microseconds(later: str, earlier: str) -> pl.Expr:
    return (pl.col(later) - pl.col(earlier)).dt.total_microseconds()


def with_stages(rows: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """The incident rows with the stages reached by the end of ``day`` and the time between them
    in microseconds, ``us_<interval>`` (NULL where a stage is missing or the pair runs
    backwards)."""
    end = end_of_day(day)
    accepted = pl.col("accepted_at").is_not_null() & (pl.col("accepted_at") < end)
    resolved = pl.col("resolved_at").is_not_null() & (pl.col("resolved_at") < end)
    reached = {"reported_at": pl.lit(True), "accepted_at": accepted, "resolved_at": resolved}
    columns = [
        accepted.alias("accepted"),
        resolved.alias("resolved"),
        resolved_within_72h(day).alias("within_72h"),
    ]
    for name, later, earlier in INTERVALS:
        elapsed = _microseconds(later, earlier)
        valid = reached[later] & reached[earlier] & (elapsed >= 0)
        columns.append(pl.when(valid).then(elapsed).otherwise(None).alias(f"us_{name}"))
    return rows.with_columns(columns)


def median_hours(microseconds: pl.Series) -> float | None:
    """The median of durations given in microseconds, in hours half-up to 1 decimal; ``None``
    when there is none (NULLs are left out)."""
    values = microseconds.drop_nulls()
    if values.is_empty():
        return None
    ordered = sorted(Fraction(int(v), US_PER_HOUR) for v in values.to_list())
    middle = len(ordered) // 2
    exact = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return round_half_up(exact, HOURS_PLACES)


def _summary(staged: pl.DataFrame) -> dict[str, Any]:
    reported = staged.height
    accepted = int(staged["accepted"].sum()) if reported else 0
    resolved = int(staged["resolved"].sum()) if reported else 0
    within = int(staged["within_72h"].sum()) if reported else 0
    escalated = int(staged["escalated"].sum()) if reported else 0
    return {
        "reported": reported,
        "accepted": accepted,
        "resolved": resolved,
        "median_hours_to_accept": median_hours(staged["us_to_accept"]),
        "median_hours_to_resolve": median_hours(staged["us_to_resolve"]),
        "median_hours_total": median_hours(staged["us_total"]),
        "resolved_within_72h": within,
        "resolved_within_72h_rate": ratio(within, reported),
        "escalated": escalated,
        "escalated_share": ratio(escalated, reported),
    }


def stage_summary(rows: pl.DataFrame, day: dt.date) -> dict[str, Any]:
    """The stage figures of the incidents of the window (see the module docstring)."""
    return _summary(with_stages(rows, day))


SUMMARY_SCHEMA = {
    "reported": pl.Int64,
    "accepted": pl.Int64,
    "resolved": pl.Int64,
    "median_hours_to_accept": pl.Float64,
    "median_hours_to_resolve": pl.Float64,
    "median_hours_total": pl.Float64,
    "resolved_within_72h": pl.Int64,
    "resolved_within_72h_rate": pl.Float64,
    "escalated": pl.Int64,
    "escalated_share": pl.Float64,
}


def stages_by(rows: pl.DataFrame, day: dt.date, key: str) -> pl.DataFrame:
    """``stage_summary`` per value of ``key`` (``category`` or ``grid_id``), sorted by it."""
    staged = with_stages(rows, day)
    out = []
    for value in sorted(staged[key].unique().to_list(), key=lambda v: (v is None, v)):
        part = staged.filter(pl.col(key).eq_missing(value))
        out.append({key: value, **_summary(part)})
    schema = {key: rows.schema[key], **SUMMARY_SCHEMA}
    return pl.DataFrame(out, schema=schema, orient="row") if out else pl.DataFrame(schema=schema)


def backlog_bounds(day: dt.date) -> list[tuple[str, dt.datetime | None]]:
    """Each age bucket with the earliest ``reported_at`` it takes (inclusive); ``None`` for the
    last, which takes everything older. An age of exactly 24 h is ``le_1d``."""
    end = end_of_day(day)
    firsts: list[dt.datetime | None] = [end - dt.timedelta(hours=h) for h in BACKLOG_HOURS]
    return list(zip(BACKLOG_BUCKETS, [*firsts, None], strict=True))


def backlog(counts: pl.DataFrame) -> dict[str, int]:
    """Open incidents per age bucket (every bucket present) from rows (grid_id, bucket, open)."""
    by_bucket = counts.group_by("bucket").agg(pl.col("open").sum())
    found = dict(zip(by_bucket["bucket"].to_list(), by_bucket["open"].to_list(), strict=True))
    return {bucket: int(found.get(bucket, 0)) for bucket in BACKLOG_BUCKETS}


def overdue(backlog_counts: dict[str, int]) -> int:
    """Open longer than 72 hours: the two oldest buckets."""
    return backlog_counts["d3_7"] + backlog_counts["gt_7d"]


def weeks_window(day: dt.date, weeks: int) -> tuple[dt.date, dt.date]:
    """First and last day of the weekly figures: ``weeks`` ISO weeks, the last cut at ``day``."""
    return week_start(day) - dt.timedelta(weeks=weeks - 1), day


def weekly_resolution(rows: pl.DataFrame, day: dt.date, weeks: int) -> pl.DataFrame:
    """Per ISO week (its Monday): reported, resolved within 72 h, the rate, escalated.

    Every week of the window is present, with zeros (and a ``None`` rate) when nothing was reported.
    """
    first, last = weeks_window(day, weeks)
    in_window = rows.filter(
        (pl.col("reported_at") >= dt.datetime.combine(first, dt.time()))
        & (pl.col("reported_at") < end_of_day(last))
    ).with_columns(
        week=pl.col("reported_at").dt.truncate("1w").dt.date(),
        within_72h=resolved_within_72h(day),
    )
    counted = {
        r["week"]: r
        for r in in_window.group_by("week")
        .agg(
            pl.len().alias("reported"),
            pl.col("within_72h").sum().alias("within_72h"),
            pl.col("escalated").sum().alias("escalated"),
        )
        .iter_rows(named=True)
    }
    out = []
    for i in range(weeks):
        monday = first + dt.timedelta(weeks=i)
        row = counted.get(monday, {"reported": 0, "within_72h": 0, "escalated": 0})
        out.append(
            {
                "week": monday,
                "reported": int(row["reported"]),
                "resolved_within_72h": int(row["within_72h"]),
                "rate": ratio(int(row["within_72h"]), int(row["reported"])),
                "escalated": int(row["escalated"]),
            }
        )
    return pl.DataFrame(
        out,
        schema={
            "week": pl.Date,
            "reported": pl.Int64,
            "resolved_within_72h": pl.Int64,
            "rate": pl.Float64,
            "escalated": pl.Int64,
        },
        orient="row",
    )
