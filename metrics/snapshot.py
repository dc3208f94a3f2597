"""The snapshot figures of ``kpi-definitions.md``, each defined once, as pure functions.

``SnapshotPlan`` fixes every day and window a snapshot needs from its as-of day;
``SnapshotInputs`` holds the small per-grid frames the data layer returns for a
plan; ``snapshot`` turns them into the contract's JSON object. Pages call the
same functions for their tiles and charts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from decimal import Context, Decimal, Inexact, Rounded, localcontext
from fractions import Fraction
from typing import Any

import polars as pl

from metrics.core import (
    ELDERLY_AGE,
    born_by_for_age,
    end_of_day,
    exact_decimal,
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


#: the column naming the scope a row counts in, when several scopes are computed at once
#: (``snapshots``); a single snapshot is the case of one scope, ``ONE``, holding every row
SCOPE = "__scope__"
ONE = 0


def one_scope(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with every row in the one scope ``ONE``."""
    return frame.with_columns(pl.lit(ONE).alias(SCOPE))


def _sums(
    frame: pl.DataFrame, keys: Sequence[Hashable], sums: Mapping[str, pl.Expr]
) -> dict[Any, dict[str, int]]:
    """Each aggregate of ``sums`` (name → expression) per scope of ``frame`` (column ``SCOPE``),
    as ints, for every key of ``keys``: 0 for a scope without rows."""
    aggs = [expr.alias(name) for name, expr in sums.items()]
    found = (
        {row[0]: row[1:] for row in frame.group_by(SCOPE).agg(aggs).iter_rows()}
        if frame.height
        else {}
    )
    return {
        key: {name: int(found[key][i] or 0) if key in found else 0 for i, name in enumerate(sums)}
        for key in keys
    }


def _only(by_scope: dict[Any, Any]) -> Any:
    return by_scope[ONE]


# --- population -----------------------------------------------------------


def households_by(counts: pl.DataFrame, keys: Sequence[Hashable]) -> dict[Any, int]:
    """``households``: households active on the day whose grid is in scope."""
    sums = _sums(counts, keys, {"households": pl.col("households").sum()})
    return {key: value["households"] for key, value in sums.items()}


def households(counts: pl.DataFrame) -> int:
    """``households`` of one scope (``households_by``)."""
    return _only(households_by(one_scope(counts), [ONE]))


def residents_by(counts: pl.DataFrame, keys: Sequence[Hashable]) -> dict[Any, dict[str, int]]:
    """``residents.*``: active residents, split by residency, and those aged 60 or more."""
    count = pl.col("residents")
    return _sums(
        counts,
        keys,
        {
            "total": count.sum(),
            **{code: count.filter(pl.col("residency") == code).sum() for code in RESIDENCIES},
            "elderly_60_plus": count.filter(pl.col("elderly")).sum(),
        },
    )


def residents(counts: pl.DataFrame) -> dict[str, int]:
    """``residents.*`` of one scope (``residents_by``)."""
    return _only(residents_by(one_scope(counts), [ONE]))


def origin_code() -> pl.Expr:
    """A floating resident's origin: one of the four codes, else ``unknown`` (NULL or another spelling)."""
    return (
        pl.when(pl.col("floating_origin").is_in(list(FLOATING_ORIGINS)))
        .then(pl.col("floating_origin"))
        .otherwise(pl.lit(UNKNOWN_ORIGIN))
    )


def floating_origin_by(counts: pl.DataFrame, keys: Sequence[Hashable]) -> dict[Any, dict[str, int]]:
    """``floating_origin.*``: active floating residents by origin; every key always present."""
    floating = counts.filter(pl.col("residency") == "floating").with_columns(origin=origin_code())
    return _sums(
        floating,
        keys,
        {
            code: pl.col("residents").filter(pl.col("origin") == code).sum()
            for code in (*FLOATING_ORIGINS, UNKNOWN_ORIGIN)
        },
    )


def floating_origin(counts: pl.DataFrame) -> dict[str, int]:
    """``floating_origin.*`` of one scope (``floating_origin_by``)."""
    return _only(floating_origin_by(one_scope(counts), [ONE]))


def special_group_totals_by(
    groups: pl.DataFrame, counts: pl.DataFrame, keys: Sequence[Hashable]
) -> dict[Any, dict[str, int]]:
    """``special_groups.*``: active members in scope per group; every code of the lookup present."""
    members = pl.col("members")
    return _sums(
        counts,
        keys,
        {
            code: members.filter(pl.col("group_code") == code).sum()
            for code in dict.fromkeys(groups["code"].to_list())
        },
    )


def special_group_totals(groups: pl.DataFrame, counts: pl.DataFrame) -> dict[str, int]:
    """``special_groups.*`` of one scope (``special_group_totals_by``)."""
    return _only(special_group_totals_by(groups, one_scope(counts), [ONE]))


# --- organisation ---------------------------------------------------------


def grid_counts_by(grids: pl.DataFrame, keys: Sequence[Hashable]) -> dict[Any, dict[str, int]]:
    """``grids.total`` / ``grids.inhabited``."""
    return _sums(grids, keys, {"total": pl.len(), "inhabited": pl.col("inhabited").sum()})


def grid_counts(grids: pl.DataFrame) -> dict[str, int]:
    """``grids.*`` of one scope (``grid_counts_by``)."""
    return _only(grid_counts_by(one_scope(grids), [ONE]))


def worker_counts_by(workers: pl.DataFrame, keys: Sequence[Hashable]) -> dict[Any, dict[str, int]]:
    """``workers.*``: distinct workers in post with an active assignment to a grid in scope, by role."""
    distinct = workers.unique(subset=[SCOPE, "worker_id"])
    return _sums(distinct, keys, {role: (pl.col("role") == role).sum() for role in ROLES})


def worker_counts(workers: pl.DataFrame) -> dict[str, int]:
    """``workers.*`` of one scope (``worker_counts_by``)."""
    return _only(worker_counts_by(one_scope(workers), [ONE]))


# --- visits ---------------------------------------------------------------


def visits_this_week_by(
    visits: pl.DataFrame, keys: Sequence[Hashable]
) -> dict[Any, dict[str, int]]:
    """``visits.this_week.*``: visits from the week's Monday to the day, and distinct households."""
    return _sums(
        visits,
        keys,
        {
            "visits": pl.col("visits").sum(),
            "households_visited": pl.col("households_visited").sum(),
        },
    )


def visits_this_week(visits: pl.DataFrame) -> dict[str, int]:
    """``visits.this_week.*`` of one scope (``visits_this_week_by``)."""
    return _only(visits_this_week_by(one_scope(visits), [ONE]))


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


def coverage_by(cov: pl.DataFrame, keys: Sequence[Hashable]) -> dict[Any, dict[str, float | None]]:
    """``visits.coverage_30d`` / ``_90d``: active households visited in the window ÷ active households."""
    names = ("households", "covered_30d", "covered_90d")
    sums = _sums(cov, keys, {name: pl.col(name).sum() for name in names})
    totals = pl.DataFrame(
        {name: [sums[key][name] for key in keys] for name in names},
        schema=dict.fromkeys(names, pl.Int64),
    )
    totals = with_coverage(with_coverage(totals, "covered_30d", name="coverage_30d"))
    return {
        key: {name: totals[name][i] for name in ("coverage_30d", "coverage_90d")}
        for i, key in enumerate(keys)
    }


def coverage(cov: pl.DataFrame) -> dict[str, float | None]:
    """``visits.coverage_*`` of one scope (``coverage_by``)."""
    return _only(coverage_by(one_scope(cov), [ONE]))


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


def last_week_by(
    plan: SnapshotPlan, rules: pl.DataFrame, keys: Sequence[Hashable]
) -> dict[Any, dict[str, Any]]:
    """``visits.last_week.*`` from ``week_rules_by_grid`` (a row per inhabited grid and scope)."""
    sums = _sums(
        rules,
        keys,
        {
            "grids": pl.len(),
            "grids_meeting_visit_days": pl.col("meets_visit_days").sum(),
            "visit_days": pl.col("visit_days").sum(),
            "visit_days_meeting_rate": pl.col("visit_days_meeting_rate").sum(),
        },
    )
    week = {"start": plan.last_week_start.isoformat(), "end": plan.last_week_end.isoformat()}
    return {key: week | value for key, value in sums.items()}


def last_week(plan: SnapshotPlan, rules: pl.DataFrame) -> dict[str, Any]:
    """``visits.last_week.*`` of one scope (``last_week_by``)."""
    return _only(last_week_by(plan, one_scope(rules), [ONE]))


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


def incidents_by(
    plan: SnapshotPlan,
    open_counts: pl.DataFrame,
    reported: pl.DataFrame,
    keys: Sequence[Hashable],
) -> dict[Any, dict[str, Any]]:
    """``incidents.*``: open at the end of the day; reported in 30 days; share resolved within 72 h."""
    opened = _sums(open_counts, keys, {"open": pl.col("open").sum()})
    counted = _sums(
        reported, keys, {"reported": pl.len(), "within": resolved_within_72h(plan.as_of).sum()}
    )
    return {
        key: {
            "open": opened[key]["open"],
            "reported_30d": counted[key]["reported"],
            "resolved_within_72h_30d": ratio(counted[key]["within"], counted[key]["reported"]),
        }
        for key in keys
    }


def incidents(
    plan: SnapshotPlan, open_counts: pl.DataFrame, reported: pl.DataFrame
) -> dict[str, Any]:
    """``incidents.*`` of one scope (``incidents_by``)."""
    return _only(incidents_by(plan, one_scope(open_counts), one_scope(reported), [ONE]))


# --- rentals --------------------------------------------------------------


def rentals_by(counts: pl.DataFrame, keys: Sequence[Hashable]) -> dict[Any, dict[str, int]]:
    """``rentals.*``: rental rows of active households; pledge signed by the day; inspected in 90 days."""
    return _sums(
        counts,
        keys,
        {
            "total": pl.col("rentals").sum(),
            "pledge_signed": pl.col("pledge_signed").sum(),
            "inspected_90d": pl.col("inspected").sum(),
        },
    )


def rentals(counts: pl.DataFrame) -> dict[str, int]:
    """``rentals.*`` of one scope (``rentals_by``)."""
    return _only(rentals_by(one_scope(counts), [ONE]))


# --- assessment -----------------------------------------------------------


def worker_totals(scores: pl.DataFrame) -> dict[int, Fraction]:
    """Worker total: 100 × Σ score ÷ Σ max_score over the criteria scored, exact.

    Each stored value is the decimal it was written as (``exact_decimal``); the sums are taken
    in ``Decimal`` with the ``Inexact`` trap set, so they are exact (or raise), and turned into a
    ``Fraction`` once per worker — the same totals as summing ``Fraction`` values, at a tenth of
    the cost on a district's month (thousands of scores)."""
    sums: dict[int, list[Decimal]] = {}
    with localcontext(Context(prec=200, traps=[Inexact, Rounded])):
        for worker_id, score, max_score in scores.select(
            "worker_id", "score", "max_score"
        ).iter_rows():
            got = sums.setdefault(worker_id, [Decimal(0), Decimal(0)])
            got[0] += exact_decimal(score)
            got[1] += exact_decimal(max_score)
    return {w: 100 * Fraction(got) / Fraction(most) for w, (got, most) in sums.items() if most > 0}


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


def assessment_by(
    periods: Mapping[Hashable, str | None], scores: pl.DataFrame, keys: Sequence[Hashable]
) -> dict[Any, dict[str, Any]]:
    """``assessment`` of each scope: its own period and the scores of that period (``scores``
    carries ``SCOPE``)."""
    parts = scores.partition_by(SCOPE, as_dict=True, include_key=False) if scores.height else {}
    empty = scores.drop(SCOPE).clear()
    return {key: assessment(periods.get(key), parts.get((key,), empty)) for key in keys}


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


@dataclass(frozen=True)
class Scopes:
    """Several scopes computed over one set of inputs (``snapshots``): the grids of each, and
    each one's own ``assessment.period`` and the scores of that period."""

    keys: tuple[Hashable, ...]  # every scope, in order; a scope without grids is still one
    grids: pl.DataFrame  # grid_id, SCOPE: the grids of each scope (a grid may be in several)
    periods: Mapping[Hashable, str | None]
    scores: pl.DataFrame  # SCOPE, worker_id, criterion_code, score, max_score

    @classmethod
    def one(cls, inputs: SnapshotInputs) -> Scopes:
        """Every grid of ``inputs`` in the one scope ``ONE``, with the inputs' assessment."""
        return cls(
            keys=(ONE,),
            grids=one_scope(inputs.grids.select(pl.col("id").alias("grid_id"))),
            periods={ONE: inputs.assessment_period},
            scores=one_scope(inputs.assessment_scores),
        )


def snapshots(
    plan: SnapshotPlan, inputs: SnapshotInputs, scopes: Scopes
) -> dict[Any, dict[str, Any]]:
    """The snapshot object of ``kpi-definitions.md`` of every scope of ``scopes`` (by key), each
    figure computed once for all scopes, grouped by scope: a row counts in the scope(s) of its
    grid. ``inputs.assessment_*`` are not read (each scope's are in ``scopes``)."""
    inputs = within_grids(inputs)
    keys = scopes.keys
    of_grid = scopes.grids.select("grid_id", SCOPE).join(
        inputs.grids.select(pl.col("id").alias("grid_id")), on="grid_id", how="semi"
    )

    def keyed(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.join(of_grid, on="grid_id")

    grids = keyed(inputs.grids.rename({"id": "grid_id"}))
    rules = week_rules_by_grid(inputs.grids, inputs.last_week_visits, inputs.last_week_households)
    in_scope: dict[Hashable, tuple[set[str], list[str]]] = {key: (set(), []) for key in keys}
    for key, community, code in grids.select(SCOPE, "community_code", "code").iter_rows():
        in_scope[key][0].add(community)
        in_scope[key][1].append(code)
    residents_in = keyed(inputs.residents)
    figures = {
        "households": households_by(keyed(inputs.households), keys),
        "residents": residents_by(residents_in, keys),
        "floating_origin": floating_origin_by(residents_in, keys),
        "special_groups": special_group_totals_by(
            inputs.special_groups, keyed(inputs.special_group_counts), keys
        ),
        "grids": grid_counts_by(grids, keys),
        "workers": worker_counts_by(keyed(inputs.workers), keys),
        "this_week": visits_this_week_by(keyed(inputs.visits_this_week), keys),
        "coverage": coverage_by(keyed(inputs.coverage), keys),
        "last_week": last_week_by(plan, keyed(rules), keys),
        "incidents": incidents_by(
            plan, keyed(inputs.open_incidents), keyed(inputs.incidents_reported), keys
        ),
        "rentals": rentals_by(keyed(inputs.rentals), keys),
        "assessment": assessment_by(scopes.periods, scopes.scores, keys),
    }
    return {
        key: {
            "as_of": plan.as_of.isoformat(),
            "scope": {
                "communities": sorted(in_scope[key][0]),
                "grids": sorted(in_scope[key][1]),
            },
            "households": figures["households"][key],
            "residents": figures["residents"][key],
            "floating_origin": figures["floating_origin"][key],
            "special_groups": figures["special_groups"][key],
            "grids": figures["grids"][key],
            "workers": figures["workers"][key],
            "visits": {
                "week_start": plan.week_start.isoformat(),
                "this_week": figures["this_week"][key],
                **figures["coverage"][key],
                "last_week": figures["last_week"][key],
            },
            "incidents": figures["incidents"][key],
            "rentals": figures["rentals"][key],
            "assessment": figures["assessment"][key],
        }
        for key in keys
    }


def snapshot(plan: SnapshotPlan, inputs: SnapshotInputs) -> dict[str, Any]:
    """The snapshot object of ``kpi-definitions.md``, keys in the contract's order: the one-scope
    case of ``snapshots``."""
    return snapshots(plan, inputs, Scopes.one(inputs))[ONE]
