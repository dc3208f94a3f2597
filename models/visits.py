"""The visits and coverage page (走访覆盖): weekly coverage and rules, 30/90-day coverage,
the daily-rate calendar, households not visited in 90 days.

Each builder runs the section's grouped queries and hands the small frames to
``metrics.visits``; personal data is masked here, before anything is rendered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
from sqlalchemy.engine import Connection

from data_access import daily
from data_access import visits as dv
from data_access.scope import ResolvedScope
from metrics import visits as mv
from metrics.privacy import mask_address, mask_name, mask_phone
from metrics.snapshot import coverage as snapshot_coverage
from metrics.workers import MonthPlan

#: an export never holds more households than this (it says so when the list is longer)
EXPORT_LIMIT = 20_000


def _grid_ids(rs: ResolvedScope) -> list[int] | None:
    """``active_households_on_days`` takes ``None`` for every grid."""
    return None if rs.everything else list(rs.grid_ids)


@dataclass(frozen=True)
class WeeklyVisits:
    plan: mv.VisitsPlan
    coverage: pl.DataFrame  # per grid × week: households_visited, households, coverage
    total: pl.DataFrame  # per week, the scope's coverage
    visit_days: pl.DataFrame  # per inhabited grid × week: visit_days, meets_visit_days
    purposes: pl.DataFrame  # per week × purpose: visits
    last_week_coverage: float | None
    grids_meeting_visit_days: int  # in the last complete week
    inhabited_grids: int


def weekly(conn: Connection, rs: ResolvedScope) -> WeeklyVisits:
    """The 26 weeks up to ``rs.as_of``: coverage, visit days and purposes, in three grouped
    queries."""
    as_of = rs.as_of
    plan = mv.VisitsPlan.for_day(as_of)
    week_visits = daily.grid_week_visits(conn, rs, plan.week_starts, as_of)
    week_households = daily.active_households_on_days(conn, _grid_ids(rs), plan.week_ends)
    week_purposes = daily.week_purpose_visits(conn, rs, plan.week_starts, as_of)
    per_grid = mv.weekly_coverage(plan, rs.grids, week_visits, week_households)
    total = mv.weekly_coverage_total(per_grid)
    visit_days = mv.week_visit_days(plan, rs.grids, week_visits)
    last = total.filter(pl.col("week_start") == plan.last_week_start)
    meeting, inhabited = mv.grids_meeting_visit_days(visit_days, plan.last_week_start)
    return WeeklyVisits(
        plan=plan,
        coverage=per_grid,
        total=total,
        visit_days=visit_days,
        purposes=mv.purposes_by_week(plan, week_purposes),
        last_week_coverage=last["coverage"][0] if last.height else None,
        grids_meeting_visit_days=meeting,
        inhabited_grids=inhabited,
    )


@dataclass(frozen=True)
class CoverageFigures:
    per_grid: pl.DataFrame  # see metrics.visits.coverage_per_grid
    coverage_30d: float | None
    coverage_90d: float | None
    households: int
    not_visited: int
    not_visited_since: dt.date


def coverage(conn: Connection, rs: ResolvedScope) -> CoverageFigures:
    """30- and 90-day coverage per grid (as in the snapshot); households not visited in 90 days."""
    plan = mv.VisitsPlan.for_day(rs.as_of)
    windows = {"covered_30d": plan.coverage_30d_from, "covered_90d": plan.coverage_90d_from}
    cov = daily.coverage_by_grid(conn, rs, windows)
    totals = snapshot_coverage(cov)
    per_grid = mv.coverage_per_grid(rs.grids, cov)
    return CoverageFigures(
        per_grid=per_grid,
        coverage_30d=totals["coverage_30d"],
        coverage_90d=totals["coverage_90d"],
        households=int(per_grid["households"].sum()) if per_grid.height else 0,
        not_visited=mv.not_visited_total(per_grid),
        not_visited_since=plan.coverage_90d_from,
    )


def month_options(conn: Connection, rs: ResolvedScope) -> list[str]:
    """Months the daily-rate calendar offers, newest first."""
    return mv.month_options(dv.first_visit_day(conn, rs), rs.as_of)


@dataclass(frozen=True)
class MonthCalendar:
    month: str
    days: tuple[dt.date, ...]  # the month's days up to the as-of day
    rates: pl.DataFrame  # per inhabited grid × day, see metrics.visits.daily_rates
    visits: int
    summary: dict[str, int | float | None]  # visit_days, visit_days_meeting_rate, share


def month_calendar(conn: Connection, rs: ResolvedScope, month: str) -> MonthCalendar:
    """Daily visit rates of ``month`` up to ``rs.as_of``: grid × day visits and households."""
    plan = MonthPlan.for_month(month, rs.as_of)
    days = plan.days
    inhabited = rs.grids.filter(pl.col("inhabited"))
    ids = inhabited["id"].to_list()
    if days and ids:
        day_visits = daily.grid_day_visits(conn, rs, days[0], days[-1])
        day_households = daily.active_households_on_days(conn, ids, days)
    else:
        day_visits = pl.DataFrame(
            schema={
                "grid_id": pl.Int64,
                "day": pl.Date,
                "visits": pl.Int64,
                "households_visited": pl.Int64,
            }
        )
        day_households = pl.DataFrame(
            schema={"grid_id": pl.Int64, "day": pl.Date, "households": pl.Int64}
        )
    rates = mv.daily_rates(days, rs.grids, day_visits, day_households)
    return MonthCalendar(
        month=month,
        days=tuple(days),
        rates=rates,
        visits=int(rates["visits"].sum()) if rates.height else 0,
        summary=mv.month_rule_summary(rates),
    )


def _masked(rows: pl.DataFrame, as_of: dt.date, masked: bool = True) -> pl.DataFrame:
    """The list as it may be shown: address below the building, contact name and phone masked
    (``masked=False``: in full, for a user who gave a reason)."""
    if not masked:
        return rows.select(
            "household_id",
            "grid_code",
            "grid_name",
            pl.col("address").cast(pl.String),
            pl.col("contact_name").cast(pl.String).alias("contact"),
            pl.col("contact_phone").cast(pl.String).alias("phone"),
            "registered_on",
            pl.col("last_visit").dt.date().alias("last_visit"),
            mv.days_since_last_visit(as_of).alias("days_since"),
        )
    return rows.select(
        "household_id",
        "grid_code",
        "grid_name",
        pl.Series("address", [mask_address(a) for a in rows["address"].to_list()], dtype=pl.String),
        pl.Series(
            "contact", [mask_name(n) for n in rows["contact_name"].to_list()], dtype=pl.String
        ),
        pl.Series(
            "phone", [mask_phone(p) for p in rows["contact_phone"].to_list()], dtype=pl.String
        ),
        "registered_on",
        pl.col("last_visit").dt.date().alias("last_visit"),
        mv.days_since_last_visit(as_of).alias("days_since"),
    )


@dataclass(frozen=True)
class HouseholdList:
    rows: pl.DataFrame  # masked: household_id, grid_code, grid_name, address, contact, phone, …
    total: int


def not_visited_page(
    conn: Connection, rs: ResolvedScope, offset: int, limit: int, masked: bool = True
) -> HouseholdList:
    """One page of the households not visited in 90 days, masked (unless ``masked`` is False:
    an unmasking with a reason), and how many there are."""
    since = mv.VisitsPlan.for_day(rs.as_of).coverage_90d_from
    rows, total = dv.not_visited_households(conn, rs, since, offset, limit)
    return HouseholdList(rows=_masked(rows, rs.as_of, masked), total=total)
