"""The snapshot figures of ``kpi-definitions.md``, each defined once, as pure functions.

``SnapshotPlan`` fixes every day and window a snapshot needs from its as-of day;
``SnapshotInputs`` holds the small per-grid frames the data layer returns for a
plan; ``snapshot`` turns them into the contract's JSON object. Pages call the
same functions for their tiles and charts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from fractions import Fraction
from typing import Any

import polars as pl

from metrics.core import (
    ELDERLY_AGE,
    born_by_for_age,
    end_of_day,
    exact,
    last_complete_week,
    month_of,
    ratio,
    round_score,
    week_start,
    window_start,
)

FLOATING_ORIGINS = ("out_of_county", "study_companion", "business", "other")
UNKNOWN_ORIGIN = "unknown"
RESIDENCIES = ("resident", "floating", "nominal")
ROLES = ("grid_leader", "grid_worker")
#: the seed's visit rules: at least 3 visit days a week, at least 4 % of households on each
RULE_VISIT_DAYS = 3
RULE_DAILY_RATE = Fraction(4, 100)
RESOLUTION_HOURS = 72
#: the snapshot's windows, in days ending on the as-of day
COVERAGE_30D_DAYS = 30
COVERAGE_90D_DAYS = 90
INCIDENT_WINDOW_DAYS = 30
INSPECTION_DAYS = 90


@dataclass(frozen=True)
class SnapshotPlan:
    """Every day and window a snapshot on ``as_of`` looks at."""

    as_of: dt.date
    week_start: dt.date
    last_week_start: dt.date
    last_week_end: dt.date
    coverage_30d_from: dt.date
    coverage_90d_from: dt.date
    incidents_from: dt.date
    inspected_from: dt.date
    elderly_born_by: dt.date
    month: str

    @classmethod
    def for_day(cls, day: dt.date) -> SnapshotPlan:
        lw_start, lw_end = last_complete_week(day)
        return cls(
            as_of=day,
            week_start=week_start(day),
            last_week_start=lw_start,
            last_week_end=lw_end,
            coverage_30d_from=window_start(day, COVERAGE_30D_DAYS),
            coverage_90d_from=window_start(day, COVERAGE_90D_DAYS),
            incidents_from=window_start(day, INCIDENT_WINDOW_DAYS),
            inspected_from=window_start(day, INSPECTION_DAYS),
            elderly_born_by=born_by_for_age(day, ELDERLY_AGE),
            month=month_of(day),
        )


@dataclass(frozen=True)
class SnapshotInputs:
    """The per-grid frames a snapshot is computed from (see ``data_access.loaders``)."""

    grids: pl.DataFrame  # grids in scope: id, code, community_code, inhabited, …
    households: pl.DataFrame  # grid_id, households
    residents: pl.DataFrame  # grid_id, residency, floating_origin, elderly, residents
    special_groups: pl.DataFrame  # the lookup: code, name_zh, name_en, applies_to, sensitive
    special_group_counts: pl.DataFrame  # group_code, grid_id, members
    workers: pl.DataFrame  # worker_id, name, role, grid_id
    visits_this_week: pl.DataFrame  # grid_id, visits, households_visited
    coverage: pl.DataFrame  # grid_id, households, covered_30d, covered_90d
    last_week_visits: pl.DataFrame  # grid_id, day, visits, households_visited
    last_week_households: pl.DataFrame  # grid_id, day, households
    open_incidents: pl.DataFrame  # grid_id, open
    incidents_reported: pl.DataFrame  # id, grid_id, reported_at, resolved_at
    rentals: pl.DataFrame  # grid_id, rentals, pledge_signed, inspected
    assessment_period: str | None
    assessment_scores: pl.DataFrame  # worker_id, criterion_code, score, max_score


def _total(frame: pl.DataFrame, column: str) -> int:
    return int(frame[column].sum()) if frame.height else 0


# --- population -----------------------------------------------------------


def households(counts: pl.DataFrame) -> int:
    """``households``: households active on the day whose grid is in scope."""
    return _total(counts, "households")


def residents(counts: pl.DataFrame) -> dict[str, int]:
    """``residents.*``: active residents, split by residency, and those aged 60 or more."""
    by_residency = counts.group_by("residency").agg(pl.col("residents").sum())
    split = dict(
        zip(by_residency["residency"].to_list(), by_residency["residents"].to_list(), strict=True)
    )
    elderly = counts.filter(pl.col("elderly"))
    return {
        "total": _total(counts, "residents"),
        **{code: int(split.get(code, 0)) for code in RESIDENCIES},
        "elderly_60_plus": _total(elderly, "residents"),
    }


def origin_code() -> pl.Expr:
    """A floating resident's origin: one of the four codes, else ``unknown`` (NULL or another spelling)."""
    return (
        pl.when(pl.col("floating_origin").is_in(list(FLOATING_ORIGINS)))
        .then(pl.col("floating_origin"))
        .otherwise(pl.lit(UNKNOWN_ORIGIN))
    )


def floating_origin(counts: pl.DataFrame) -> dict[str, int]:
    """``floating_origin.*``: active floating residents by origin; every key always present."""
    floating = counts.filter(pl.col("residency") == "floating").with_columns(origin=origin_code())
    by_origin = floating.group_by("origin").agg(pl.col("residents").sum())
    found = dict(zip(by_origin["origin"].to_list(), by_origin["residents"].to_list(), strict=True))
    return {code: int(found.get(code, 0)) for code in (*FLOATING_ORIGINS, UNKNOWN_ORIGIN)}


def special_group_totals(groups: pl.DataFrame, counts: pl.DataFrame) -> dict[str, int]:
    """``special_groups.*``: active members in scope per group; every code of the lookup present."""
    by_group = counts.group_by("group_code").agg(pl.col("members").sum())
    found = dict(zip(by_group["group_code"].to_list(), by_group["members"].to_list(), strict=True))
    return {code: int(found.get(code, 0)) for code in groups["code"].to_list()}


# --- organisation ---------------------------------------------------------


def grid_counts(grids: pl.DataFrame) -> dict[str, int]:
    """``grids.total`` / ``grids.inhabited``."""
    return {
        "total": grids.height,
        "inhabited": int(grids["inhabited"].sum()) if grids.height else 0,
    }


def worker_counts(workers: pl.DataFrame) -> dict[str, int]:
    """``workers.*``: distinct workers in post with an active assignment to a grid in scope, by role."""
    distinct = workers.unique(subset=["worker_id"])
    return {role: distinct.filter(pl.col("role") == role).height for role in ROLES}


# --- visits ---------------------------------------------------------------


def visits_this_week(visits: pl.DataFrame) -> dict[str, int]:
    """``visits.this_week.*``: visits from the week's Monday to the day, and distinct households."""
    return {
        "visits": _total(visits, "visits"),
        "households_visited": _total(visits, "households_visited"),
    }


def ratio_column(frame: pl.DataFrame, numerator: str, denominator: str, name: str) -> pl.DataFrame:
    """``frame`` with column ``name`` = ``metrics.core.ratio`` of two columns, row by row (exact
    half-up; null on a zero denominator)."""
    values = [
        ratio(n, d)
        for n, d in zip(frame[numerator].to_list(), frame[denominator].to_list(), strict=True)
    ]
    return frame.with_columns(pl.Series(name, values, dtype=pl.Float64))


def with_coverage(
    frame: pl.DataFrame,
    covered: str = "covered_90d",
    households: str = "households",
    name: str = "coverage_90d",
) -> pl.DataFrame:
    """A window's **coverage** per row (grid, community, day): households active on the day with a
    visit in the window (``covered``) ÷ households active on the day, as ``visits.coverage_*``."""
    return ratio_column(frame, covered, households, name)


def coverage(cov: pl.DataFrame) -> dict[str, float | None]:
    """``visits.coverage_30d`` / ``_90d``: active households visited in the window ÷ active households."""
    totals = pl.DataFrame(
        {name: [_total(cov, name)] for name in ("households", "covered_30d", "covered_90d")}
    )
    totals = with_coverage(with_coverage(totals, "covered_30d", name="coverage_30d"))
    return {name: totals[name][0] for name in ("coverage_30d", "coverage_90d")}


def meets_daily_rate(households_visited: pl.Expr, households: pl.Expr) -> pl.Expr:
    """A day meets the 4 % rule: distinct households visited ÷ active households ≥ 0.04 (exact)."""
    return (households > 0) & (
        households_visited * RULE_DAILY_RATE.denominator >= households * RULE_DAILY_RATE.numerator
    )


def week_rules_by_grid(
    grids: pl.DataFrame, day_visits: pl.DataFrame, day_households: pl.DataFrame
) -> pl.DataFrame:
    """Per inhabited grid in scope, one week's visit rules.

    Columns: grid_id, code, days_with_visits (every day with a visit), meets_visit_days
    (≥ 3 such days), visit_days (days with a visit and active households),
    visit_days_meeting_rate (of those, days where distinct households visited ÷ active
    households ≥ 0.04).
    """
    inhabited = grids.filter(pl.col("inhabited")).select(pl.col("id").alias("grid_id"), "code")
    days = day_visits.join(day_households, on=["grid_id", "day"], how="left").with_columns(
        pl.col("households").fill_null(0)
    )
    per_grid = days.group_by("grid_id").agg(
        pl.len().alias("days_with_visits"),
        (pl.col("households") > 0).sum().alias("visit_days"),
        meets_daily_rate(pl.col("households_visited"), pl.col("households"))
        .sum()
        .alias("visit_days_meeting_rate"),
    )
    return (
        inhabited.join(per_grid, on="grid_id", how="left")
        .with_columns(
            pl.col("days_with_visits", "visit_days", "visit_days_meeting_rate")
            .fill_null(0)
            .cast(pl.Int64)
        )
        .with_columns(meets_visit_days=pl.col("days_with_visits") >= RULE_VISIT_DAYS)
        .sort("code")
    )


def last_week(plan: SnapshotPlan, rules: pl.DataFrame) -> dict[str, Any]:
    """``visits.last_week.*`` from ``week_rules_by_grid``."""
    return {
        "start": plan.last_week_start.isoformat(),
        "end": plan.last_week_end.isoformat(),
        "grids": rules.height,
        "grids_meeting_visit_days": int(rules["meets_visit_days"].sum()) if rules.height else 0,
        "visit_days": _total(rules, "visit_days"),
        "visit_days_meeting_rate": _total(rules, "visit_days_meeting_rate"),
    }


# --- incidents ------------------------------------------------------------


def resolved_within_72h(day: dt.date) -> pl.Expr:
    """Resolved before the end of ``day`` and at most 72 hours after it was reported."""
    return (
        pl.col("resolved_at").is_not_null()
        & (pl.col("resolved_at") < end_of_day(day))
        & ((pl.col("resolved_at") - pl.col("reported_at")) <= pl.duration(hours=RESOLUTION_HOURS))
    )


def overdue_reported_before(day: dt.date) -> dt.datetime:
    """An incident still open at the end of ``day`` is overdue when reported before this instant
    (open longer than 72 hours at the end of the day)."""
    return end_of_day(day) - dt.timedelta(hours=RESOLUTION_HOURS)


def hours_open(day: dt.date) -> pl.Expr:
    """Whole hours from ``reported_at`` to the end of ``day``."""
    return ((pl.lit(end_of_day(day)) - pl.col("reported_at")).dt.total_hours()).cast(pl.Int64)


def week_rule_problems(rules: pl.DataFrame) -> pl.DataFrame:
    """Grids of ``week_rules_by_grid`` that broke a visit rule: fewer than 3 visit days, or a
    visit day below 4 %."""
    return rules.filter(
        ~pl.col("meets_visit_days") | (pl.col("visit_days_meeting_rate") < pl.col("visit_days"))
    ).with_columns(days_below_rate=pl.col("visit_days") - pl.col("visit_days_meeting_rate"))


def incidents(
    plan: SnapshotPlan, open_counts: pl.DataFrame, reported: pl.DataFrame
) -> dict[str, Any]:
    """``incidents.*``: open at the end of the day; reported in 30 days; share resolved within 72 h."""
    within = reported.filter(resolved_within_72h(plan.as_of)).height
    return {
        "open": _total(open_counts, "open"),
        "reported_30d": reported.height,
        "resolved_within_72h_30d": ratio(within, reported.height),
    }


# --- rentals --------------------------------------------------------------


def rentals(counts: pl.DataFrame) -> dict[str, int]:
    """``rentals.*``: rental rows of active households; pledge signed by the day; inspected in 90 days."""
    return {
        "total": _total(counts, "rentals"),
        "pledge_signed": _total(counts, "pledge_signed"),
        "inspected_90d": _total(counts, "inspected"),
    }


# --- assessment -----------------------------------------------------------


def worker_totals(scores: pl.DataFrame) -> dict[int, Fraction]:
    """Worker total: 100 × Σ score ÷ Σ max_score over the criteria scored, exact."""
    totals: dict[int, tuple[Fraction, Fraction]] = {}
    for worker_id, score, max_score in scores.select("worker_id", "score", "max_score").iter_rows():
        got, most = totals.get(worker_id, (Fraction(0), Fraction(0)))
        totals[worker_id] = (got + exact(score), most + exact(max_score))
    return {w: 100 * got / most for w, (got, most) in totals.items() if most > 0}


def assessment(period: str | None, scores: pl.DataFrame) -> dict[str, Any]:
    """``assessment.*`` for the latest period: workers scored, mean/min/max of their totals."""
    totals = worker_totals(scores) if period is not None else {}
    scored = scores["worker_id"].n_unique() if period is not None and scores.height else 0
    values = list(totals.values())
    return {
        "period": period,
        "workers_scored": int(scored),
        "mean_total": round_score(sum(values, Fraction(0)) / len(values)) if values else None,
        "min_total": round_score(min(values)) if values else None,
        "max_total": round_score(max(values)) if values else None,
    }


# --- the whole snapshot ---------------------------------------------------


def within_grids(inputs: SnapshotInputs) -> SnapshotInputs:
    """The inputs without rows of a grid that is not in scope: a row pointing at a grid the
    registry does not hold (an orphan, DQ28) has no grid in scope, so no figure counts it —
    also when no filter applies and the queries skip the grid predicate."""
    ids = inputs.grids["id"].implode()
    changes = {
        f.name: frame.filter(pl.col("grid_id").is_in(ids))
        for f in fields(inputs)
        if f.name != "grids"
        and isinstance(frame := getattr(inputs, f.name), pl.DataFrame)
        and "grid_id" in frame.columns
    }
    return replace(inputs, **changes)


def snapshot(plan: SnapshotPlan, inputs: SnapshotInputs) -> dict[str, Any]:
    """The snapshot object of ``kpi-definitions.md``, keys in the contract's order."""
    inputs = within_grids(inputs)
    grids = inputs.grids
    rules = week_rules_by_grid(grids, inputs.last_week_visits, inputs.last_week_households)
    return {
        "as_of": plan.as_of.isoformat(),
        "scope": {
            "communities": sorted(set(grids["community_code"].to_list())),
            "grids": sorted(grids["code"].to_list()),
        },
        "households": households(inputs.households),
        "residents": residents(inputs.residents),
        "floating_origin": floating_origin(inputs.residents),
        "special_groups": special_group_totals(inputs.special_groups, inputs.special_group_counts),
        "grids": grid_counts(grids),
        "workers": worker_counts(inputs.workers),
        "visits": {
            "week_start": plan.week_start.isoformat(),
            "this_week": visits_this_week(inputs.visits_this_week),
            **coverage(inputs.coverage),
            "last_week": last_week(plan, rules),
        },
        "incidents": incidents(plan, inputs.open_incidents, inputs.incidents_reported),
        "rentals": rentals(inputs.rentals),
        "assessment": assessment(inputs.assessment_period, inputs.assessment_scores),
    }
