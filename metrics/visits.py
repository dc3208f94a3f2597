"""Visits and coverage over time (走访覆盖): the figures the snapshot does not define.

Words as in ``kpi-definitions.md``: a visit is *dated* by the date of ``visited_at``; a
visit's grid is its household's grid; households are *active* on a day by their
half-open ``[registered_on, closed_on)``; ratios are rounded half-up to 4 decimals
(``metrics.core.ratio``) and are ``None`` when the denominator is 0; a total over
grids is a sum over a sum, never a mean of ratios.

The figures, for a scope and an as-of day ``d``:

* **Weeks shown** — the ISO week (Monday–Sunday) containing ``d`` and the 25 before
  it, oldest first. A week's *last day* is its Sunday, or ``d`` for the week
  containing ``d`` when ``d`` is not a Sunday (the *current partial week*).
* **Weekly coverage** (周走访覆盖率) of a grid in a week — distinct households of the
  grid with at least one visit dated from the week's Monday to its last day,
  ÷ households of the grid active on the week's last day. As for the snapshot's
  daily rate, a visited household counts in the numerator whether or not it is
  active (so a grid whose visited households closed during the week can exceed
  100 %); the denominator counts active households only. ``None`` when the grid has
  no active household on that day. The scope's weekly coverage is Σ visited ÷
  Σ households over the grids in scope. Reference line: 12 % = 3 visit days × 4 %,
  the least a week's visits reach when both visit rules are met.
* **Visit days of a week** (3-day rule, 每周至少 3 天) — per *inhabited* grid in scope, the
  distinct dates from the Monday to the week's last day with at least one visit
  (every such day counts, even one when the grid had no active household, exactly
  as ``visits.last_week.grids_meeting_visit_days``). The week *meets the rule* with 3
  or more. For the current partial week the count is the days so far.
* **Daily visit rate** (4 % rule, 每次不少于 4%) of an inhabited grid on a day —
  distinct households of the grid visited that day (active or not) ÷ households of
  the grid active that day (``metrics.snapshot.meets_daily_rate`` decides the rule,
  exactly); ``None`` with no active household. A *visit day* of a month is a
  grid-day of the month (its days up to ``d``) with a visit and active households;
  ``visit_days_meeting_rate`` counts those reaching 4 % (as the snapshot counts
  them for last week); their ``share`` is visit_days_meeting_rate ÷ visit_days.
* **30- and 90-day coverage per grid** — the snapshot's ``visits.coverage_30d`` /
  ``_90d`` restricted to one grid (households active on ``d`` visited in
  ``[d-29, d]`` / ``[d-89, d]`` ÷ households active on ``d``); their sums over the
  grids are the snapshot's figures.
* **Households not visited in 90 days** (90 天未走访) — households active on ``d`` in
  scope with no visit dated in ``[d-89, d]``: per grid, ``households − covered_90d``.
  **Days since the last visit** of such a household: ``d`` minus the date of its
  latest visit dated on or before ``d`` (at least 90); ``None`` when it was never
  visited.
* **Visits by purpose per week** — visits dated in each week shown (Monday to the
  week's last day) whose household's grid is in scope, by ``purpose`` (active
  household or not); every schema code present, 0 when none; another code is kept
  as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

import polars as pl

from metrics.core import last_complete_week, month_of, ratio, week_start, window_start
from metrics.snapshot import (
    COVERAGE_30D_DAYS,
    COVERAGE_90D_DAYS,
    RULE_DAILY_RATE,
    RULE_VISIT_DAYS,
    meets_daily_rate,
    ratio_column,
    with_coverage,
)

WEEKS_SHOWN = 26
#: the weekly coverage reference line: 3 visit days × 4 % of the households
WEEKLY_COVERAGE_LINE = RULE_VISIT_DAYS * RULE_DAILY_RATE
VISIT_PURPOSES = ("collection", "follow_up", "service", "verification")
MONTHS_OFFERED = 24


@dataclass(frozen=True)
class VisitsPlan:
    """Every day and window the visits page looks at on ``as_of``."""

    as_of: dt.date
    week_starts: tuple[dt.date, ...]  # Mondays, oldest first; the last contains as_of
    coverage_30d_from: dt.date
    coverage_90d_from: dt.date
    last_week_start: dt.date

    @classmethod
    def for_day(cls, day: dt.date, weeks: int = WEEKS_SHOWN) -> VisitsPlan:
        monday = week_start(day)
        return cls(
            as_of=day,
            week_starts=tuple(monday - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)),
            coverage_30d_from=window_start(day, COVERAGE_30D_DAYS),
            coverage_90d_from=window_start(day, COVERAGE_90D_DAYS),
            last_week_start=last_complete_week(day)[0],
        )

    def week_end(self, monday: dt.date) -> dt.date:
        """A week's last day: its Sunday, or the as-of day for the current partial week."""
        return min(monday + dt.timedelta(days=6), self.as_of)

    @property
    def week_ends(self) -> tuple[dt.date, ...]:
        return tuple(self.week_end(m) for m in self.week_starts)

    @property
    def first_day(self) -> dt.date:
        return self.week_starts[0]


def weeks_frame(plan: VisitsPlan) -> pl.DataFrame:
    """The weeks shown: week_start, week_end (last day), partial (ends before its Sunday)."""
    return pl.DataFrame(
        {
            "week_start": list(plan.week_starts),
            "week_end": list(plan.week_ends),
            "partial": [
                (e - s).days < 6 for s, e in zip(plan.week_starts, plan.week_ends, strict=True)
            ],
        },
        schema={"week_start": pl.Date, "week_end": pl.Date, "partial": pl.Boolean},
    )


def _grid_columns(grids: pl.DataFrame) -> pl.DataFrame:
    return grids.select(pl.col("id").alias("grid_id"), "code", "name")


# --- weekly coverage ------------------------------------------------------


def weekly_coverage(
    plan: VisitsPlan, grids: pl.DataFrame, week_visits: pl.DataFrame, week_households: pl.DataFrame
) -> pl.DataFrame:
    """Weekly coverage per grid in scope and week shown (see the module docstring).

    ``grids``: id, code, name; ``week_visits``: grid_id, week_start, households_visited;
    ``week_households``: grid_id, day, households (active on each week's last day).
    Columns: grid_id, code, name, week_start, week_end, partial, households_visited,
    households, coverage — one row per grid and week, counts 0 when absent.
    """
    frame = (
        _grid_columns(grids)
        .join(weeks_frame(plan), how="cross")
        .join(
            week_visits.select("grid_id", "week_start", "households_visited"),
            on=["grid_id", "week_start"],
            how="left",
        )
        .join(
            week_households.select("grid_id", pl.col("day").alias("week_end"), "households"),
            on=["grid_id", "week_end"],
            how="left",
        )
        .with_columns(pl.col("households_visited", "households").fill_null(0).cast(pl.Int64))
        .sort("code", "week_start")
    )
    return ratio_column(frame, "households_visited", "households", "coverage")


def weekly_coverage_total(per_grid: pl.DataFrame) -> pl.DataFrame:
    """The scope's weekly coverage: Σ households visited ÷ Σ households, per week."""
    frame = (
        per_grid.group_by("week_start", "week_end", "partial", maintain_order=True)
        .agg(pl.col("households_visited").sum(), pl.col("households").sum())
        .with_columns(pl.col("households_visited", "households").cast(pl.Int64))
        .sort("week_start")
    )
    return ratio_column(frame, "households_visited", "households", "coverage")


# --- the 3-day rule -------------------------------------------------------


def week_visit_days(
    plan: VisitsPlan, grids: pl.DataFrame, week_visits: pl.DataFrame
) -> pl.DataFrame:
    """Visit days per inhabited grid in scope and week shown, and whether it meets the 3-day rule.

    ``week_visits``: grid_id, week_start, visit_days (distinct dates with a visit).
    Columns: grid_id, code, name, week_start, week_end, partial, visit_days, meets_visit_days.
    """
    inhabited = grids.filter(pl.col("inhabited"))
    return (
        _grid_columns(inhabited)
        .join(weeks_frame(plan), how="cross")
        .join(
            week_visits.select("grid_id", "week_start", "visit_days"),
            on=["grid_id", "week_start"],
            how="left",
        )
        .with_columns(pl.col("visit_days").fill_null(0).cast(pl.Int64))
        .with_columns(meets_visit_days=pl.col("visit_days") >= RULE_VISIT_DAYS)
        .sort("code", "week_start")
    )


def grids_meeting_visit_days(visit_days: pl.DataFrame, monday: dt.date) -> tuple[int, int]:
    """(grids meeting the 3-day rule, inhabited grids) in the week starting on ``monday``."""
    week = visit_days.filter(pl.col("week_start") == monday)
    return int(week["meets_visit_days"].sum()) if week.height else 0, week.height


# --- the 4 % rule ---------------------------------------------------------


def daily_rates(
    days: list[dt.date], grids: pl.DataFrame, day_visits: pl.DataFrame, day_households: pl.DataFrame
) -> pl.DataFrame:
    """Daily visit rate per inhabited grid in scope and day of ``days`` (see the module docstring).

    ``day_visits``: grid_id, day, visits, households_visited; ``day_households``: grid_id, day,
    households. Columns: grid_id, code, name, day, visits, households_visited, households, rate,
    visit_day (a visit and active households), meets_rate (a visit day reaching 4 %).
    """
    inhabited = grids.filter(pl.col("inhabited"))
    day_frame = pl.DataFrame({"day": days}, schema={"day": pl.Date})
    frame = (
        _grid_columns(inhabited)
        .join(day_frame, how="cross")
        .join(
            day_visits.select("grid_id", "day", "visits", "households_visited"),
            on=["grid_id", "day"],
            how="left",
        )
        .join(
            day_households.select("grid_id", "day", "households"), on=["grid_id", "day"], how="left"
        )
        .with_columns(
            pl.col("visits", "households_visited", "households").fill_null(0).cast(pl.Int64)
        )
        .with_columns(visit_day=(pl.col("visits") > 0) & (pl.col("households") > 0))
        .with_columns(
            meets_rate=pl.col("visit_day")
            & meets_daily_rate(pl.col("households_visited"), pl.col("households"))
        )
        .sort("code", "day")
    )
    return ratio_column(frame, "households_visited", "households", "rate")


def month_rule_summary(rates: pl.DataFrame) -> dict[str, int | float | None]:
    """Over the grid-days of ``daily_rates``: ``visit_days``, ``visit_days_meeting_rate``, and
    ``share`` = visit_days_meeting_rate ÷ visit_days (``None`` without a visit day)."""
    visit_days = int(rates["visit_day"].sum()) if rates.height else 0
    meeting = int(rates["meets_rate"].sum()) if rates.height else 0
    return {
        "visit_days": visit_days,
        "visit_days_meeting_rate": meeting,
        "share": ratio(meeting, visit_days),
    }


def month_options(
    first_visit: dt.date | None, as_of: dt.date, limit: int = MONTHS_OFFERED
) -> list[str]:
    """Months a calendar can show, newest first: from the first visit's month (at most ``limit``
    months back) to the as-of day's month; only the latter when no visit is dated by then."""
    last = (as_of.year, as_of.month)
    months = []
    year, month = last
    for _ in range(limit):
        months.append(f"{year:04d}-{month:02d}")
        if (
            first_visit is None
            or first_visit > as_of
            or (year, month) <= (first_visit.year, first_visit.month)
        ):
            break
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def default_month(as_of: dt.date) -> str:
    return month_of(as_of)


# --- coverage per grid and households not visited --------------------------


def coverage_per_grid(grids: pl.DataFrame, cov: pl.DataFrame) -> pl.DataFrame:
    """30- and 90-day coverage per grid in scope, and households not visited in 90 days.

    ``cov`` as ``data_access.queries.coverage_by_grid`` returns it for windows ``covered_30d``
    and ``covered_90d``. Columns: grid_id, code, name, households, covered_30d, covered_90d,
    coverage_30d, coverage_90d, not_visited_90d (grids without active households: 0 and None).
    """
    frame = (
        _grid_columns(grids)
        .join(
            cov.select("grid_id", "households", "covered_30d", "covered_90d"),
            on="grid_id",
            how="left",
        )
        .with_columns(
            pl.col("households", "covered_30d", "covered_90d").fill_null(0).cast(pl.Int64)
        )
        .with_columns(not_visited_90d=pl.col("households") - pl.col("covered_90d"))
        .sort("code")
    )
    return with_coverage(with_coverage(frame, "covered_30d", name="coverage_30d"))


def not_visited_total(per_grid: pl.DataFrame) -> int:
    """Households active on the day in scope with no visit in the last 90 days."""
    return int(per_grid["not_visited_90d"].sum()) if per_grid.height else 0


def days_since_last_visit(as_of: dt.date, last_visit: str = "last_visit") -> pl.Expr:
    """Whole days from the latest visit's date (a datetime column) to ``as_of``; null if never."""
    days = (pl.lit(as_of) - pl.col(last_visit).dt.date()).dt.total_days()
    return days.cast(pl.Int64).alias("days_since")


# --- purposes -------------------------------------------------------------


def purposes_by_week(plan: VisitsPlan, week_purposes: pl.DataFrame) -> pl.DataFrame:
    """Visits per week shown and purpose: every schema code (and any other code seen), 0 when none.

    ``week_purposes``: week_start, purpose, visits. Columns: week_start, week_end, partial,
    purpose, visits; weeks oldest first, purposes in schema order, then others alphabetically.
    """
    others = sorted(set(week_purposes["purpose"].to_list()) - set(VISIT_PURPOSES))
    codes = pl.DataFrame({"purpose": [*VISIT_PURPOSES, *others]}, schema={"purpose": pl.String})
    order = {code: i for i, code in enumerate(codes["purpose"].to_list())}
    return (
        weeks_frame(plan)
        .join(codes, how="cross")
        .join(
            week_purposes.select("week_start", "purpose", "visits"),
            on=["week_start", "purpose"],
            how="left",
        )
        .with_columns(pl.col("visits").fill_null(0).cast(pl.Int64))
        .with_columns(
            pl.col("purpose").replace_strict(order, return_dtype=pl.Int64).alias("_order")
        )
        .sort("week_start", "_order")
        .drop("_order")
    )


def weekly_line() -> float:
    """The 12 % reference line as a plain number for charts."""
    return float(Fraction(WEEKLY_COVERAGE_LINE))


def lowest_weekly_coverage(per_grid: pl.DataFrame, count: int) -> list[int]:
    """The ``count`` grids whose weekly coverage was lowest in the last complete week shown (the
    latest non-partial week; the latest week when all are partial), as grid ids; a grid without a
    ratio that week (no active household) ranks last; ties by grid code."""
    complete = per_grid.filter(~pl.col("partial"))
    weeks = complete if not complete.is_empty() else per_grid
    if weeks.is_empty():
        return []
    latest = weeks.filter(pl.col("week_start") == weeks["week_start"].max())
    ranked = latest.sort([pl.col("coverage").is_null(), "coverage", "code"], nulls_last=True)
    return ranked["grid_id"].head(count).to_list()
