"""Queries of the visits and coverage page (走访覆盖): grouped in the database, small frames out.

Weeks and windows are passed in by the caller (``metrics.visits`` decides them); a
visit is bucketed into a week by portable comparisons of ``visited_at`` with the
weeks' bound Monday 00:00:00 instants, inside a subquery so that the grouping
expression is a plain column on every engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.dialect import day_of
from data_access.queries import (
    ONE,
    _dated_in,
    _end,
    _frame,
    _household_active,
    _in_scope,
    _resident_active,
    _start,
)
from data_access.schema import grid, household, resident, visit
from data_access.scope import ResolvedScope


def _week_index(week_starts: Sequence[dt.date]) -> sa.ColumnElement:
    """Index into ``week_starts`` of the week a visit falls in (before the first week: 0)."""
    whens = [(visit.c.visited_at < _start(monday), i) for i, monday in enumerate(week_starts[1:])]
    return sa.case(*whens, else_=len(week_starts) - 1) if whens else sa.literal(0)


def _week_start_of(frame: pl.DataFrame, week_starts: Sequence[dt.date]) -> pl.DataFrame:
    mondays = dict(enumerate(week_starts))
    return frame.with_columns(
        pl.col("week").replace_strict(mondays, return_dtype=pl.Date).alias("week_start")
    ).drop("week")


def grid_week_visits(
    conn: Connection, rs: ResolvedScope, week_starts: Sequence[dt.date], last: dt.date
) -> pl.DataFrame:
    """Per grid in scope and week (by its Monday): visits, distinct households, distinct dates.

    Visits dated from ``week_starts[0]`` to ``last``; a visit belongs to the latest Monday on or
    before its date. One grouped query; weeks without a visit are absent.
    """
    schema = {
        "grid_id": pl.Int64,
        "week": pl.Int64,
        "visits": pl.Int64,
        "households_visited": pl.Int64,
        "visit_days": pl.Int64,
    }
    if not week_starts:
        return _week_start_of(pl.DataFrame(schema=schema), week_starts)
    rows = (
        sa.select(
            household.c.grid_id,
            _week_index(week_starts).label("week"),
            visit.c.household_id,
            day_of(visit.c.visited_at).label("day"),
        )
        .join(household, household.c.id == visit.c.household_id)
        .where(
            _dated_in(visit.c.visited_at, week_starts[0], last), _in_scope(household.c.grid_id, rs)
        )
        .subquery("v")
    )
    stmt = sa.select(
        rows.c.grid_id,
        rows.c.week,
        sa.func.count().label("visits"),
        sa.func.count(sa.distinct(rows.c.household_id)).label("households_visited"),
        sa.func.count(sa.distinct(rows.c.day)).label("visit_days"),
    ).group_by(rows.c.grid_id, rows.c.week)
    return _week_start_of(_frame(conn, stmt, schema), week_starts)


def week_purpose_visits(
    conn: Connection, rs: ResolvedScope, week_starts: Sequence[dt.date], last: dt.date
) -> pl.DataFrame:
    """Visits per week (by its Monday) and purpose, household's grid in scope, up to ``last``."""
    schema = {"week": pl.Int64, "purpose": pl.String, "visits": pl.Int64}
    if not week_starts:
        return _week_start_of(pl.DataFrame(schema=schema), week_starts)
    rows = sa.select(_week_index(week_starts).label("week"), visit.c.purpose).where(
        _dated_in(visit.c.visited_at, week_starts[0], last)
    )
    # also for the whole registry: a visit to a household that does not exist (DQ28) has no grid
    rows = rows.join(household, household.c.id == visit.c.household_id).where(
        _in_scope(household.c.grid_id, rs)
    )
    rows = rows.subquery("v")
    stmt = sa.select(rows.c.week, rows.c.purpose, sa.func.count().label("visits")).group_by(
        rows.c.week, rows.c.purpose
    )
    return _week_start_of(_frame(conn, stmt, schema), week_starts)


def grid_day_purpose_visits(conn: Connection, first: dt.date, last: dt.date) -> pl.DataFrame:
    """Per grid (the household's, one the registry holds), day in ``[first, last]`` and purpose:
    visits. What ``week_purpose_visits`` sums, a day at a time (the daily store's build)."""
    day = day_of(visit.c.visited_at).label("day")
    held = grid.alias("held_grid")
    stmt = (
        sa.select(household.c.grid_id, day, visit.c.purpose, sa.func.count().label("visits"))
        .join(household, household.c.id == visit.c.household_id)
        .where(
            _dated_in(visit.c.visited_at, first, last),
            sa.exists(sa.select(ONE).select_from(held).where(held.c.id == household.c.grid_id)),
        )
        .group_by(household.c.grid_id, day, visit.c.purpose)
    )
    schema = {"grid_id": pl.Int64, "day": pl.Date, "purpose": pl.String, "visits": pl.Int64}
    return _frame(conn, stmt, schema)


#: the registry's earliest visits ``first_visit_day`` looks among before it reads them all
FIRST_VISITS_LOOKED_AT = 1000


def first_visit_day(
    conn: Connection, rs: ResolvedScope, looked_at: int = FIRST_VISITS_LOOKED_AT
) -> dt.date | None:
    """The date of the earliest visit to a household of a grid in scope; ``None`` without any.

    First among the registry's ``looked_at`` earliest visits (read in time order from the time
    index): where one of them is in scope, the earliest of those is the answer, as no later visit
    is earlier. Else the minimum over every visit joined to its household (PostgreSQL answers
    that by a hash join over all visits: half a second at 5.6M, where the first read takes
    milliseconds for a whole-registry scope)."""
    earliest = (
        sa.select(visit.c.visited_at, visit.c.household_id)
        .where(visit.c.visited_at.is_not(None))
        .order_by(visit.c.visited_at)
        .limit(looked_at)
        .subquery("earliest")
    )
    schema = {"first": pl.Datetime("us")}
    for source in (earliest, visit):
        stmt = (
            sa.select(sa.func.min(source.c.visited_at))
            .select_from(source)
            .join(household, household.c.id == source.c.household_id)
            .where(_in_scope(household.c.grid_id, rs))
        )
        first = _frame(conn, stmt, schema)["first"][0]
        if first is not None:
            return first.date()
    return None


def _not_visited_where(rs: ResolvedScope, since: dt.date) -> list[sa.ColumnElement]:
    """Households active on the as-of day in scope with no visit dated in ``[since, as_of]``."""
    visited = sa.exists(
        sa.select(ONE).where(
            visit.c.household_id == household.c.id, _dated_in(visit.c.visited_at, since, rs.as_of)
        )
    )
    return [_household_active(rs.as_of), _in_scope(household.c.grid_id, rs), ~visited]


NOT_VISITED_SCHEMA = {
    "household_id": pl.Int64,
    "grid_code": pl.String,
    "grid_name": pl.String,
    "address": pl.String,
    "registered_on": pl.Date,
    "last_visit": pl.Datetime("us"),
    "contact_name": pl.String,
    "contact_phone": pl.String,
}


def not_visited_households(
    conn: Connection, rs: ResolvedScope, since: dt.date, offset: int, limit: int
) -> tuple[pl.DataFrame, int]:
    """One page of the households not visited in ``[since, as_of]``, and how many there are.

    Each row: the household, its grid, its latest visit dated on or before the as-of day
    (NULL: never), and a contact — its active resident with the lowest id (unmasked here;
    the caller masks). Never-visited first, then the longest unvisited; ties by grid code
    and household id.
    """
    where = _not_visited_where(rs, since)

    def counted() -> int:
        stmt = sa.select(sa.func.count()).select_from(household).where(*where)
        return int(_frame(conn, stmt, {"n": pl.Int64})["n"][0])

    if limit <= 0:
        return pl.DataFrame(schema=NOT_VISITED_SCHEMA), counted()
    last_visit = (
        sa.select(sa.func.max(visit.c.visited_at))
        .where(visit.c.household_id == household.c.id, visit.c.visited_at < _end(rs.as_of))
        .scalar_subquery()
    )
    contact_id = (
        sa.select(sa.func.min(resident.c.id))
        .where(resident.c.household_id == household.c.id, _resident_active(rs.as_of))
        .scalar_subquery()
    )
    rows = (
        sa.select(
            household.c.id.label("household_id"),
            grid.c.code.label("grid_code"),
            grid.c.name.label("grid_name"),
            household.c.address,
            household.c.registered_on,
            last_visit.label("last_visit"),
            contact_id.label("contact_id"),
        )
        .join(grid, grid.c.id == household.c.grid_id)
        .where(*where)
        .subquery("h")
    )
    ever = sa.case((rows.c.last_visit.is_(None), 0), else_=1).label("ever_visited")
    # the page first (how many there are from the same scan: a window over every row, before
    # the page), then its contacts: joined before the page, PostgreSQL hashed every resident
    paged = (
        sa.select(*rows.c, ever, sa.func.count().over().label("total"))
        .order_by(ever, rows.c.last_visit, rows.c.grid_code, rows.c.household_id)
        .offset(offset)
        .limit(limit)
        .subquery("paged")
    )
    stmt = (
        sa.select(
            paged.c.household_id,
            paged.c.grid_code,
            paged.c.grid_name,
            paged.c.address,
            paged.c.registered_on,
            paged.c.last_visit,
            resident.c.name.label("contact_name"),
            resident.c.phone.label("contact_phone"),
            paged.c.total,
        )
        .outerjoin(resident, resident.c.id == paged.c.contact_id)
        .order_by(paged.c.ever_visited, paged.c.last_visit, paged.c.grid_code, paged.c.household_id)
    )
    page = _frame(conn, stmt, NOT_VISITED_SCHEMA | {"total": pl.Int64})
    if page.is_empty():  # a page past the end holds no row to carry the count
        return page.drop("total"), counted()
    return page.drop("total"), int(page["total"][0])
