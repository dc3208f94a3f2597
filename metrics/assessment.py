"""The assessment committee's sheet (网格员考核), built on the worker indicators.

Every indicator itself is ``metrics.workers.worker_indicators`` (``kpi-definitions.md``,
"Worker indicators"): the rows this module takes are exactly the rows of
``python -m metrics workers``. What this module defines, once, is what the page adds:

- **rank** of a worker on a sheet;
- **compliance** (visit, patrol, log) and the **quarter thresholds** on them and on the total;
- **evidence-vs-score flags**;
- **month-over-month change** of every indicator and of the total;
- a worker's **six-month trend**, **criterion profile** against his community, and
  **day-by-day calendar**; the **grids he answers for**.

A sheet is always one month ``M`` cut off at one as-of day ``d`` (the page's as-of day,
for every month it shows, as ``python -m metrics workers --month M --as-of d`` does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import polars as pl

from metrics.core import (
    RATIO_PLACES,
    SCORE_PLACES,
    exact,
    exact_difference,
    month_bounds,
    month_of,
    ratio,
    round_half_up,
    round_score,
)
from metrics.workers import (
    COUNT_INDICATORS,
    INDICATORS,
    RATE_INDICATORS,
    MonthPlan,
    active_on,
    duty_day,
    in_post,
)

#: compliance kind → the sheet column holding it
COMPLIANCE = {"visit": "visit_compliance", "patrol": "patrol_rate", "log": "log_on_time_rate"}
#: the share of rows a "quarter" holds by default
QUARTER = Fraction(1, 4)
#: a measure needs this many non-null values on the sheet before it has quarter thresholds
MIN_VALUES_FOR_QUARTERS = 4
TREND_MONTHS = 6


def score_column(code: str) -> str:
    """The sheet column of the recorded score on criterion ``code``."""
    return f"score.{code}"


# --- months -----------------------------------------------------------------


def shift_month(month: str, months: int) -> str:
    """``YYYY-MM`` moved by ``months`` (negative: earlier)."""
    first, _ = month_bounds(month)
    index = first.year * 12 + first.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def previous_month(month: str) -> str:
    return shift_month(month, -1)


def trailing_months(month: str, count: int = TREND_MONTHS) -> list[str]:
    """The ``count`` months ending with ``month``, oldest first."""
    return [shift_month(month, -i) for i in range(count - 1, -1, -1)]


def month_options(first_activity: dt.date | None, as_of: dt.date, limit: int = 36) -> list[str]:
    """Months a sheet can be asked for, newest first: from the month of the registry's first
    activity (earliest visit or assessment) to the as-of day's month, at most ``limit``.
    No activity at all: the as-of day's month alone."""
    last = month_of(as_of)
    first = month_of(first_activity) if first_activity is not None else last
    if first > last:
        return [last]
    months = [last]
    while months[-1] > first and len(months) < limit:
        months.append(previous_month(months[-1]))
    return months


def default_month(as_of: dt.date, options: Sequence[str]) -> str:
    """The latest complete month (whose last day is on or before ``as_of``) when it is among
    ``options``, else the newest option: the committee scores a month once it has ended."""
    month = month_of(as_of)
    _, last = month_bounds(month)
    complete = month if as_of >= last else previous_month(month)
    if complete in options:
        return complete
    return options[0] if options else month


# --- the sheet --------------------------------------------------------------


def visit_compliance(weeks_meeting_visit_days: int, weeks: int) -> float | None:
    """**Visit compliance**: ``weeks_meeting_visit_days ÷ weeks`` — the share of the month's
    counted ISO weeks in which the worker visited on at least 3 distinct days; a ratio
    (half-up, 4 decimals), ``None`` when no week of ``M`` is complete by the as-of day.

    **Patrol compliance** is ``patrol_rate`` and **log compliance** is ``log_on_time_rate``
    (duty days with a patrol / with an on-time log ÷ duty days), unchanged.
    """
    return ratio(weeks_meeting_visit_days, weeks)


def _sheet_schema(codes: Sequence[str]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "rank": pl.Int64,
        "id": pl.Int64,
        "name": pl.String,
        "role": pl.String,
        "grids": pl.List(pl.String),
        "scored": pl.Boolean,
        "score_total": pl.Float64,
    }
    schema |= {name: pl.Int64 for name in COUNT_INDICATORS}
    schema |= {name: pl.Float64 for name in RATE_INDICATORS}
    schema["visit_compliance"] = pl.Float64
    schema |= {score_column(code): pl.Float64 for code in codes}
    return schema


def sheet(
    rows: Iterable[Mapping[str, Any]],
    criteria: Sequence[str],
    roles: Iterable[str] | None = None,
) -> pl.DataFrame:
    """The month sheet: one row per worker of ``rows`` (``worker_indicators`` output), ranked.

    ``roles`` keeps those roles only (``None``: all). Columns: rank, id, name, role, grids,
    scored, score_total, every indicator, visit_compliance, and ``score.<code>`` for each
    criterion of ``criteria`` (null when that criterion was not scored).

    **Rank**: among the rows kept, 1 + the number of rows with a strictly higher
    ``score_total`` (tied totals share a rank); a worker without scores has no rank.
    Rows are ordered by rank, unscored last, then by worker id.
    """
    wanted = None if roles is None else set(roles)
    kept = [row for row in rows if wanted is None or row["role"] in wanted]
    # built column by column: a district's month is a thousand rows and more, read twice a page
    columns: dict[str, list] = {
        "id": [row["id"] for row in kept],
        "name": [row["name"] for row in kept],
        "role": [row["role"] for row in kept],
        "grids": [list(row["grids"]) for row in kept],
        "scored": [row["score_total"] is not None for row in kept],
        "score_total": [row["score_total"] for row in kept],
        **{name: [row[name] for row in kept] for name in INDICATORS},
        "visit_compliance": [
            visit_compliance(row["weeks_meeting_visit_days"], row["weeks"]) for row in kept
        ],
        **{score_column(code): [row["scores"].get(code) for row in kept] for code in criteria},
    }
    schema = _sheet_schema(criteria)
    frame = pl.DataFrame(columns, schema={k: v for k, v in schema.items() if k != "rank"})
    ranked = frame.with_columns(
        rank=pl.col("score_total").rank("min", descending=True).cast(pl.Int64)
    )
    return ranked.sort(["rank", "id"], nulls_last=True).select(list(schema))


# --- thresholds and flags ---------------------------------------------------


@dataclass(frozen=True)
class Band:
    """Thresholds of one measure: at or below ``low`` is its bottom quarter, at or above
    ``high`` its top quarter; ``None`` disables that side."""

    low: float | None
    high: float | None


@dataclass(frozen=True)
class Thresholds:
    score: Band
    compliance: Mapping[str, Band]  # visit, patrol, log


def quantile(values: Iterable[float], q: Fraction) -> Fraction | None:
    """The ``q``-quantile of ``values`` by linear interpolation between closest ranks
    (Hyndman–Fan type 7, numpy's default), on the exact decimals; ``None`` when empty.

    Sorted values ``v[0] ≤ … ≤ v[n-1]``; ``h = (n − 1)·q``; the quantile is
    ``v[⌊h⌋] + (h − ⌊h⌋)·(v[⌊h⌋+1] − v[⌊h⌋])``.
    """
    # sorted as numbers, then only the two ranks used made exact: a float's exact decimal (its
    # shortest repr) keeps the floats' order, so the ranks are the same as sorting the decimals
    ordered = sorted(values)
    if not ordered:
        return None
    h = (len(ordered) - 1) * Fraction(q)
    below = int(h)  # h ≥ 0
    if below + 1 >= len(ordered):
        return exact(ordered[-1])
    low, high = exact(ordered[below]), exact(ordered[below + 1])
    return low + (h - below) * (high - low)


def quarter_band(values: Iterable[float | None], places: int, share: Fraction = QUARTER) -> Band:
    """**Quarter thresholds** of one measure over the rows of a sheet.

    Over the non-null values: ``low`` is their ``share``-quantile and ``high`` their
    ``(1 − share)``-quantile (``quantile``, type 7), each rounded half-up to ``places``
    decimals (2 for scores, 4 for ratios). The **bottom quarter** is the values ``≤ low``,
    the **top quarter** the values ``≥ high`` (ties at a threshold are in). A measure with
    fewer than 4 non-null values, or whose ``low`` is not below its ``high`` (no spread:
    the middle of the sheet shares one value), has no thresholds and flags nobody.
    """
    present = [v for v in values if v is not None]
    if len(present) < MIN_VALUES_FOR_QUARTERS:
        return Band(None, None)
    low = round_half_up(quantile(present, share), places)
    high = round_half_up(quantile(present, 1 - Fraction(share)), places)
    if low >= high:
        return Band(None, None)
    return Band(low, high)


def quarter_thresholds(frame: pl.DataFrame, share: Fraction = QUARTER) -> Thresholds:
    """Quarter thresholds of ``score_total`` and of each compliance over the sheet's rows
    (the page passes the sheet after its role filter: workers are compared with those shown)."""
    return Thresholds(
        score=quarter_band(frame["score_total"].to_list(), SCORE_PLACES, share),
        compliance={
            kind: quarter_band(frame[column].to_list(), RATIO_PLACES, share)
            for kind, column in COMPLIANCE.items()
        },
    )


def fixed_thresholds(
    score_low: float | None,
    score_high: float | None,
    compliance_low: float | None,
    compliance_high: float | None,
) -> Thresholds:
    """Thresholds typed in by the committee: one band for the total, one shared by the three
    compliances."""
    band = Band(compliance_low, compliance_high)
    return Thresholds(score=Band(score_low, score_high), compliance=dict.fromkeys(COMPLIANCE, band))


HIGH_SCORE_WEAK_EVIDENCE = "high_score_weak_evidence"
LOW_SCORE_STRONG_EVIDENCE = "low_score_strong_evidence"


def _at_or_below(value: float | None, limit: float | None) -> bool:
    return value is not None and limit is not None and exact(value) <= exact(limit)


def _at_or_above(value: float | None, limit: float | None) -> bool:
    return value is not None and limit is not None and exact(value) >= exact(limit)


def evidence_flags(frame: pl.DataFrame, thresholds: Thresholds) -> pl.DataFrame:
    """Rows where the recorded total and the evidence disagree, one row per (worker, flag).

    - ``high_score_weak_evidence``: ``score_total`` in its top quarter (``≥ score.high``) and
      at least one compliance in its bottom quarter (``≤ its low``);
    - ``low_score_strong_evidence``: ``score_total`` in its bottom quarter (``≤ score.low``)
      and at least one compliance in its top quarter (``≥ its high``).

    ``measures`` lists the compliance kinds (visit, patrol, log) that triggered the flag.
    Unscored workers and null compliances never flag. Sheet order is kept.
    """
    out = []
    for row in frame.iter_rows(named=True):
        total = row["score_total"]
        checks = (
            (
                HIGH_SCORE_WEAK_EVIDENCE,
                _at_or_above(total, thresholds.score.high),
                lambda value, band: _at_or_below(value, band.low),
            ),
            (
                LOW_SCORE_STRONG_EVIDENCE,
                _at_or_below(total, thresholds.score.low),
                lambda value, band: _at_or_above(value, band.high),
            ),
        )
        for flag, score_side, evidence_side in checks:
            if not score_side:
                continue
            measures = [
                kind
                for kind, column in COMPLIANCE.items()
                if evidence_side(row[column], thresholds.compliance[kind])
            ]
            if measures:
                out.append(
                    {
                        "id": row["id"],
                        "name": row["name"],
                        "role": row["role"],
                        "flag": flag,
                        "measures": measures,
                        "score_total": total,
                        **{column: row[column] for column in COMPLIANCE.values()},
                    }
                )
    schema = {
        "id": pl.Int64,
        "name": pl.String,
        "role": pl.String,
        "flag": pl.String,
        "measures": pl.List(pl.String),
        "score_total": pl.Float64,
        **{column: pl.Float64 for column in COMPLIANCE.values()},
    }
    return pl.DataFrame(out, schema=schema)


# --- month over month -------------------------------------------------------

#: what the month-over-month table compares, with the decimals of its change (None: integer)
CHANGE_MEASURES: dict[str, int | None] = {
    "score_total": SCORE_PLACES,
    **dict.fromkeys(COUNT_INDICATORS),
    **dict.fromkeys(RATE_INDICATORS, RATIO_PLACES),
}


def change(current: float | None, previous: float | None, places: int | None) -> float | None:
    """``current − previous`` on the exact decimals (half-up to ``places``; an integer when
    ``places`` is None); ``None`` when either is null."""
    if current is None or previous is None:
        return None
    if places is None:
        return int(current) - int(previous)
    return exact_difference(current, previous, places)


def month_over_month(current: pl.DataFrame, previous: pl.DataFrame) -> pl.DataFrame:
    """For each worker of the ``current`` sheet (its order kept): every measure of
    ``CHANGE_MEASURES`` this month, in the previous month (null when the worker was not listed
    then, or the figure was null), and ``<measure>.change`` = this month − previous."""
    measures = list(CHANGE_MEASURES.items())
    before = {row[0]: row[1:] for row in previous.select("id", *CHANGE_MEASURES).iter_rows()}
    unlisted = (None,) * len(measures)
    # column by column: a district's month over month is a thousand workers, on every page run
    columns: dict[str, list] = {name: current[name].to_list() for name in ("id", "name", "role")}
    prior = [before.get(worker_id, unlisted) for worker_id in columns["id"]]
    for i, (name, places) in enumerate(measures):
        values = columns[name] = current[name].to_list()
        columns[f"{name}.previous"] = [row[i] for row in prior]
        columns[f"{name}.change"] = [
            change(value, old[i], places) for value, old in zip(values, prior, strict=True)
        ]
    schema: dict[str, Any] = {"id": pl.Int64, "name": pl.String, "role": pl.String}
    for name, places in measures:
        dtype = pl.Int64 if places is None else pl.Float64
        schema |= {name: dtype, f"{name}.previous": dtype, f"{name}.change": dtype}
    return pl.DataFrame(columns, schema=schema)


# --- one worker -------------------------------------------------------------

TREND_MEASURES = (
    "score_total",
    "visits",
    "visit_compliance",
    "patrol_rate",
    "log_on_time_rate",
    "incidents_resolved_72h_rate",
)


def worker_trend(sheets: Mapping[str, pl.DataFrame], worker_id: int) -> pl.DataFrame:
    """One row per month of ``sheets`` (month → that month's sheet), in month order: whether the
    worker was listed, and his ``TREND_MEASURES`` (null in a month he was not listed)."""
    rows = []
    for month in sorted(sheets):
        found = sheets[month].filter(pl.col("id") == worker_id)
        record: dict[str, Any] = {"month": month, "listed": found.height > 0}
        for name in TREND_MEASURES:
            record[name] = found[name][0] if found.height else None
        rows.append(record)
    schema: dict[str, Any] = {"month": pl.String, "listed": pl.Boolean, "score_total": pl.Float64}
    schema |= {"visits": pl.Int64}
    schema |= {name: pl.Float64 for name in TREND_MEASURES[2:]}
    return pl.DataFrame(rows, schema=schema)


def criterion_profile(
    worker_scores: Mapping[str, float],
    community_rows: Iterable[Mapping[str, Any]],
    criteria: pl.DataFrame,
) -> pl.DataFrame:
    """The worker's recorded score on each criterion against his **community mean**.

    ``community_rows`` are the ``worker_indicators`` rows of the worker's community for the same
    month and day (every listed worker of the community, whatever the page's grid filter).
    Per criterion of ``criteria`` (code, name_zh, name_en, max_score): ``score`` (null when not
    scored); ``community_mean`` = Σ score ÷ the number of the community's workers scored on it
    (2 decimals, exact; null when nobody was); ``scored_workers``; and the shares of the
    maximum ``score_share`` = score ÷ max_score and ``mean_share`` = the exact mean ÷ max_score
    (4 decimals, half-up; null when the maximum is 0).
    """
    sums: dict[str, tuple[Fraction, int]] = {}
    for row in community_rows:
        for code, score in row["scores"].items():
            got, n = sums.get(code, (Fraction(0), 0))
            sums[code] = (got + exact(score), n + 1)
    out = []
    for code, name_zh, name_en, max_score in criteria.select(
        "code", "name_zh", "name_en", "max_score"
    ).iter_rows():
        most = exact(max_score) if max_score is not None else None  # a criterion that cannot score
        score = worker_scores.get(code)
        got, n = sums.get(code, (Fraction(0), 0))
        mean = got / n if n else None
        out.append(
            {
                "code": code,
                "name_zh": name_zh,
                "name_en": name_en,
                "max_score": max_score,
                "score": score,
                "community_mean": round_score(mean) if mean is not None else None,
                "scored_workers": n,
                "score_share": (
                    round_half_up(exact(score) / most, RATIO_PLACES)
                    if score is not None and most
                    else None
                ),
                "mean_share": (
                    round_half_up(mean / most, RATIO_PLACES) if mean is not None and most else None
                ),
            }
        )
    schema = {
        "code": pl.String,
        "name_zh": pl.String,
        "name_en": pl.String,
        "max_score": pl.Float64,
        "score": pl.Float64,
        "community_mean": pl.Float64,
        "scored_workers": pl.Int64,
        "score_share": pl.Float64,
        "mean_share": pl.Float64,
    }
    return pl.DataFrame(out, schema=schema)


ON_TIME = "on_time"
LATE = "late"
MISSING = "missing"
NOT_DUE = "not_due"


def calendar_days(plan: MonthPlan, post: pl.DataFrame, days: pl.DataFrame) -> pl.DataFrame:
    """One row per calendar day of ``M``: what the worker did, as the indicators count it.

    ``post``: the worker's started_on, ended_on (one row); ``days``: per day (any subset of M)
    visits, households_visited, patrols, logs, logs_on_time (``data_access.assessment``).

    Columns: day, week (its Monday), weekday (0 = Monday), ``counted`` (a day of M: on or before
    the as-of day), ``duty`` (counted, Monday–Friday and in post: a duty day of the rates),
    visits, households_visited (0 on a counted day without one), ``patrolled``, and ``log``:
    ``on_time`` (a log about the day submitted that same date), ``late`` (a log about the day,
    none submitted that date), ``missing`` (no log about a duty day), ``not_due`` (no log about
    a day that is not a duty day). Days after the as-of day have null figures. Over the duty
    days, the share ``patrolled`` is ``patrol_rate`` and the share ``on_time`` is
    ``log_on_time_rate``.
    """
    started_on, ended_on = (None, None)
    if post.height:
        started_on, ended_on = post["started_on"][0], post["ended_on"][0]
    first, last = plan.first, plan.last
    frame = pl.DataFrame(
        {"day": pl.date_range(first, last, "1d", eager=True)}, schema={"day": pl.Date}
    )
    by_day = (
        days.select("day", "visits", "households_visited", "patrols", "logs", "logs_on_time")
        .group_by("day")
        .sum()
    )
    counted = pl.col("day") <= pl.lit(plan.cut, dtype=pl.Date) if plan.has_days else pl.lit(False)
    joined = frame.join(by_day, on="day", how="left").with_columns(
        week=pl.col("day") - pl.duration(days=pl.col("day").dt.weekday() - 1),
        weekday=(pl.col("day").dt.weekday() - 1).cast(pl.Int64),
        counted=counted,
    )
    duty = pl.col("counted") & duty_day(
        pl.lit(started_on, dtype=pl.Date), pl.lit(ended_on, dtype=pl.Date)
    ).fill_null(False)
    log = (
        pl.when(pl.col("logs_on_time").fill_null(0) > 0)
        .then(pl.lit(ON_TIME))
        .when(pl.col("logs").fill_null(0) > 0)
        .then(pl.lit(LATE))
        .when(pl.col("duty"))
        .then(pl.lit(MISSING))
        .otherwise(pl.lit(NOT_DUE))
    )
    return (
        joined.with_columns(duty=duty)
        .with_columns(
            visits=pl.when("counted").then(pl.col("visits").fill_null(0)).cast(pl.Int64),
            households_visited=pl.when("counted")
            .then(pl.col("households_visited").fill_null(0))
            .cast(pl.Int64),
            patrolled=pl.when("counted").then(pl.col("patrols").fill_null(0) > 0),
            log=pl.when("counted").then(log),
        )
        .select(
            "day",
            "week",
            "weekday",
            "counted",
            "duty",
            "visits",
            "households_visited",
            "patrolled",
            "log",
        )
        .sort("day")
    )


def worker_grids(plan: MonthPlan, assignments: pl.DataFrame) -> pl.DataFrame:
    """The grids a worker **answers for** in ``M``: his assignments that hold on some day of
    ``M`` on which he is in post (any grid, in scope or not), one row per assignment, with
    ``since``/``until`` as recorded, sorted by grid code then ``since``.

    ``assignments``: worker_id, started_on, ended_on, grid_id, grid_code, since, until.
    """
    days = pl.DataFrame({"day": plan.days}, schema={"day": pl.Date})
    held = (
        assignments.join(days, how="cross")
        .filter(in_post() & active_on("since", "until"))
        .select("grid_id", "grid_code", "since", "until")
        .unique()
    )
    return held.sort("grid_code", "since")
