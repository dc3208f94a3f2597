"""Queries of the 人口结构 page: age and sex, weekly arrivals and departures, household sizes.

Grouping and counting happen in the database; every function returns a small
frame (one row per band, week or size). Thresholds and windows come from
``metrics.population``; here they only become bound parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.queries import _frame, _household_active, _in_scope, _resident_active
from data_access.schema import household, resident
from data_access.scope import ResolvedScope


def age_sex_counts(
    conn: Connection, rs: ResolvedScope, band_born_by: Sequence[dt.date], by_grid: bool = False
) -> pl.DataFrame:
    """Residents active on the as-of day in scope, per gender and age band (and per grid of
    their household when ``by_grid``: the daily store's build).

    ``band_born_by[k-1]`` is the latest birth date of band ``k`` (k ≥ 1); a resident is
    in the highest band whose date he meets, else in band 0. Out: [grid_id,] gender, band,
    residents.
    """
    schema = ({"grid_id": pl.Int64} if by_grid else {}) | {
        "gender": pl.String,
        "band": pl.Int64,
        "residents": pl.Int64,
    }
    if rs.empty:
        return pl.DataFrame(schema=schema)
    whens = [
        (resident.c.birth_date <= born_by, k)
        for k, born_by in sorted(enumerate(band_born_by, start=1), reverse=True)
    ]
    band = (sa.case(*whens, else_=0) if whens else sa.literal(0)).label("band")
    keys = ([household.c.grid_id] if by_grid else []) + [resident.c.gender, band]
    stmt = (
        sa.select(*keys, sa.func.count().label("residents"))
        .join(household, household.c.id == resident.c.household_id)
        .where(_resident_active(rs.as_of), _in_scope(household.c.grid_id, rs))
        .group_by(*keys)
    )
    return _frame(conn, stmt, schema)


def _week_of(column: sa.ColumnElement, week_starts: Sequence[dt.date]) -> sa.ColumnElement:
    """The index of the week (in ``week_starts``, ascending Mondays) a date falls in."""
    whens = [(column >= start, i) for i, start in reversed(list(enumerate(week_starts)))]
    return sa.case(*whens, else_=-1)


def movements_by_week(
    conn: Connection, rs: ResolvedScope, week_starts: Sequence[dt.date], last: dt.date
) -> pl.DataFrame:
    """Arrivals (``registered_on``) and departures (``left_on``) per week and residency.

    Weeks begin on ``week_starts`` (ascending); the last one ends on ``last``. Residents
    whose household's grid is in scope. One grouped scan per kind, never one per week.
    Out: kind (``arrivals``/``departures``), week_start, residency, residents.
    """
    schema = {
        "kind": pl.String,
        "week_start": pl.Date,
        "residency": pl.String,
        "residents": pl.Int64,
    }
    if rs.empty or not week_starts:
        return pl.DataFrame(schema=schema)
    starts = sorted(week_starts)
    frames = []
    for kind, column in (
        ("arrivals", resident.c.registered_on),
        ("departures", resident.c.left_on),
    ):
        week = _week_of(column, starts).label("week")
        stmt = (
            sa.select(week, resident.c.residency, sa.func.count().label("residents"))
            .join(household, household.c.id == resident.c.household_id)
            .where(column >= starts[0], column <= last, _in_scope(household.c.grid_id, rs))
            .group_by(week, resident.c.residency)
        )
        frame = _frame(
            conn, stmt, {"week": pl.Int64, "residency": pl.String, "residents": pl.Int64}
        )
        frames.append(frame.with_columns(pl.lit(kind).alias("kind")))
    start_of = dict(enumerate(starts))
    return (
        pl.concat(frames)
        .with_columns(
            pl.col("week").replace_strict(start_of, return_dtype=pl.Date).alias("week_start")
        )
        .select(list(schema))
    )


def household_sizes(conn: Connection, rs: ResolvedScope) -> pl.DataFrame:
    """Households active on the as-of day in scope, by the number of their residents active then.

    Out: size, households (one row per size that occurs; size 0 = no active resident).
    """
    schema = {"size": pl.Int64, "households": pl.Int64}
    if rs.empty:
        return pl.DataFrame(schema=schema)
    day = rs.as_of
    per_household = (
        sa.select(household.c.id, sa.func.count(resident.c.id).label("size"))
        .select_from(household)
        .outerjoin(
            resident,
            sa.and_(resident.c.household_id == household.c.id, _resident_active(day)),
        )
        .where(_household_active(day), _in_scope(household.c.grid_id, rs))
        .group_by(household.c.id)
        .subquery()
    )
    stmt = (
        sa.select(per_household.c.size, sa.func.count().label("households"))
        .group_by(per_household.c.size)
        .order_by(per_household.c.size)
    )
    return _frame(conn, stmt, schema)


def registrations_by_day(
    conn: Connection, rs: ResolvedScope, first: dt.date, last: dt.date, by_grid: bool = False
) -> pl.DataFrame:
    """Residents registered (``registered_on``) on each day of ``[first, last]``, whose
    household's grid is in scope — whether or not they are still active (and per grid when
    ``by_grid``: the daily store's build). Out: [grid_id,] day, registered (only days with
    registrations)."""
    schema = ({"grid_id": pl.Int64} if by_grid else {}) | {
        "day": pl.Date,
        "registered": pl.Int64,
    }
    if rs.empty or first > last:
        return pl.DataFrame(schema=schema)
    day = resident.c.registered_on.label("day")
    keys = ([household.c.grid_id] if by_grid else []) + [day]
    stmt = (
        sa.select(*keys, sa.func.count().label("registered"))
        .join(household, household.c.id == resident.c.household_id)
        .where(
            resident.c.registered_on >= first,
            resident.c.registered_on <= last,
            _in_scope(household.c.grid_id, rs),
        )
        .group_by(*keys)
    )
    return _frame(conn, stmt, schema)


def registrations_in_weeks(by_day: pl.DataFrame, week_starts: Sequence[dt.date]) -> pl.DataFrame:
    """``registrations_by_day`` (from the first of ``week_starts``) summed per week: a day
    belongs to the latest of ``week_starts`` (ascending Mondays) not after it.
    Out: week_start, registered (only weeks with registrations), by week."""
    schema = {"week_start": pl.Date, "registered": pl.Int64}
    if by_day.is_empty() or not week_starts:
        return pl.DataFrame(schema=schema)
    starts = pl.DataFrame({"week_start": sorted(week_starts)}, schema={"week_start": pl.Date})
    return (
        by_day.sort("day")
        .join_asof(starts, left_on="day", right_on="week_start", strategy="backward")
        .filter(pl.col("week_start").is_not_null())
        .group_by("week_start")
        .agg(pl.col("registered").sum())
        .sort("week_start")
        .select(pl.col("week_start"), pl.col("registered").cast(pl.Int64))
    )
