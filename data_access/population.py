"""Queries of the 人口结构 page: age and sex, weekly arrivals and departures, household sizes.

Grouping and counting happen in the database; every function returns a small
frame (one row per band, week or size). Thresholds and windows come from
``metrics.population``; here they only become bound parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.queries import (
    RESIDENT_COUNTS_SCHEMA,
    _frame,
    _household_active,
    _in_scope,
    _resident_active,
    active_residents_by,
    resident_counts_keys,
)
from data_access.schema import household, resident
from data_access.scope import ResolvedScope

AGE_SEX_SCHEMA = {"gender": pl.String, "band": pl.Int64, "residents": pl.Int64}


def age_sex_counts(
    conn: Connection, rs: ResolvedScope, band_born_by: Sequence[dt.date], by_grid: bool = False
) -> pl.DataFrame:
    """Residents active on the as-of day in scope, per gender and age band (and per grid of
    their household when ``by_grid``: the daily store's build).

    ``band_born_by[k-1]`` is the latest birth date of band ``k`` (k ≥ 1); a resident is
    in the highest band whose date he meets, else in band 0. Out: [grid_id,] gender, band,
    residents.
    """
    schema = ({"grid_id": pl.Int64} if by_grid else {}) | AGE_SEX_SCHEMA
    if rs.empty:
        return pl.DataFrame(schema=schema)
    keys = ([household.c.grid_id] if by_grid else []) + _age_sex_keys(band_born_by)
    return _frame(conn, active_residents_by(rs, *keys), schema)


def _age_sex_keys(band_born_by: Sequence[dt.date]) -> list[sa.ColumnElement]:
    return [resident.c.gender, _band(list(band_born_by)).label("band")]


def resident_profile_by_grid(
    conn: Connection, rs: ResolvedScope, elderly_born_by: dt.date, band_born_by: Sequence[dt.date]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``queries.resident_counts`` and ``age_sex_counts(..., by_grid=True)`` from one scan: the
    daily store's build, which would otherwise read the day's residents twice.

    One grouped query by the keys of both (``active_residents_by``, the same key expressions),
    summed in polars into each one's keys — the same frames, as the store's equality test and
    ``tests/data_access/test_population.py`` check against the two live queries.
    Out: (resident counts, ages by grid).
    """
    ages_schema = {"grid_id": pl.Int64} | AGE_SEX_SCHEMA
    if rs.empty:
        return pl.DataFrame(schema=RESIDENT_COUNTS_SCHEMA), pl.DataFrame(schema=ages_schema)
    keys = resident_counts_keys(elderly_born_by) + _age_sex_keys(band_born_by)
    schema = RESIDENT_COUNTS_SCHEMA | AGE_SEX_SCHEMA
    schema = {key.name: schema[key.name] for key in keys} | {"residents": pl.Int64}
    profile = _frame(conn, active_residents_by(rs, *keys), schema)

    def summed(out: dict[str, Any]) -> pl.DataFrame:
        by = list(out)[:-1]
        frame = profile.group_by(*by).agg(pl.col("residents").sum()).sort(*by, nulls_last=True)
        return frame.select(*out).cast(out)

    return summed(RESIDENT_COUNTS_SCHEMA), summed(ages_schema)


def _band(born_by: list[dt.date]) -> sa.ColumnElement:
    """The highest band ``k`` whose date ``born_by[k-1]`` the birth date meets, else 0 (a NULL
    birth date: 0). Dates falling band by band (every age band's), the band is found by halving
    — about 5 comparisons a resident instead of up to 21 (a full store build compares 281 days ×
    1M residents); any other order by testing every band from the highest down."""
    birth = resident.c.birth_date
    if not born_by:
        return sa.literal(0)
    if any(later <= earlier for earlier, later in zip(born_by[1:], born_by, strict=False)):
        whens = [(birth <= d, k) for k, d in sorted(enumerate(born_by, start=1), reverse=True)]
        return sa.case(*whens, else_=0)

    def within(low: int, high: int) -> sa.ColumnElement:
        """The band, known to lie in ``[low, high]``."""
        if low == high:
            return sa.literal(low)
        middle = (low + high + 1) // 2
        return sa.case(
            (birth <= born_by[middle - 1], within(middle, high)), else_=within(low, middle - 1)
        )

    return within(0, len(born_by))


MOVEMENTS = {"arrivals": resident.c.registered_on, "departures": resident.c.left_on}


def movements_by_day(
    conn: Connection,
    rs: ResolvedScope,
    first: dt.date,
    last: dt.date,
    by_grid: bool = False,
    kinds: Sequence[str] = tuple(MOVEMENTS),
) -> pl.DataFrame:
    """Arrivals (``registered_on``) and departures (``left_on``) on each day of ``[first, last]``
    per residency, of residents whose household's grid is in scope — whether or not still
    active (and per grid when ``by_grid``: the daily store's build). One grouped scan per kind.
    Out: kind, [grid_id,] day, residency, residents (only days with some)."""
    schema = {"kind": pl.String} | ({"grid_id": pl.Int64} if by_grid else {})
    schema |= {"day": pl.Date, "residency": pl.String, "residents": pl.Int64}
    if rs.empty or first > last:
        return pl.DataFrame(schema=schema)
    frames = []
    for kind in kinds:
        column = MOVEMENTS[kind]
        keys = ([household.c.grid_id] if by_grid else []) + [column.label("day")]
        keys.append(resident.c.residency)
        stmt = (
            sa.select(*keys, sa.func.count().label("residents"))
            .join(household, household.c.id == resident.c.household_id)
            .where(column >= first, column <= last, _in_scope(household.c.grid_id, rs))
            .group_by(*keys)
        )
        frame = _frame(conn, stmt, {k: v for k, v in schema.items() if k != "kind"})
        frames.append(frame.with_columns(pl.lit(kind).alias("kind")))
    return pl.concat(frames).select(list(schema)) if frames else pl.DataFrame(schema=schema)


def in_weeks(by_day: pl.DataFrame, week_starts: Sequence[dt.date], *keys: str) -> pl.DataFrame:
    """Counts per day summed per week (and ``keys``): a day belongs to the latest of
    ``week_starts`` (ascending) not after it; days before the first are left out. Every column
    of ``by_day`` but ``day`` and ``keys`` is summed. Out: keys…, week_start, the sums, by week."""
    summed = [c for c in by_day.columns if c not in ("day", *keys)]
    schema = {k: by_day.schema[k] for k in keys} | {"week_start": pl.Date}
    schema |= {c: pl.Int64 for c in summed}
    if by_day.is_empty() or not week_starts:
        return pl.DataFrame(schema=schema)
    starts = pl.DataFrame({"week_start": sorted(week_starts)}, schema={"week_start": pl.Date})
    return (
        by_day.sort("day")
        .join_asof(starts, left_on="day", right_on="week_start", strategy="backward")
        .filter(pl.col("week_start").is_not_null())
        .group_by(*keys, "week_start")
        .agg(pl.col(c).sum().cast(pl.Int64) for c in summed)
        .sort("week_start", *keys, nulls_last=True)
        .select(list(schema))
    )


def household_sizes(conn: Connection, rs: ResolvedScope, by_grid: bool = False) -> pl.DataFrame:
    """Households active on the as-of day in scope, by the number of their residents active then
    (and per grid when ``by_grid``: the daily store's build).

    Out: [grid_id,] size, households (one row per size that occurs; size 0 = no active
    resident), by size.
    """
    schema = ({"grid_id": pl.Int64} if by_grid else {}) | {
        "size": pl.Int64,
        "households": pl.Int64,
    }
    if rs.empty:
        return pl.DataFrame(schema=schema)
    day = rs.as_of
    per_household = (
        sa.select(household.c.id, household.c.grid_id, sa.func.count(resident.c.id).label("size"))
        .select_from(household)
        .outerjoin(
            resident,
            sa.and_(resident.c.household_id == household.c.id, _resident_active(day)),
        )
        .where(_household_active(day), _in_scope(household.c.grid_id, rs))
        .group_by(household.c.id, household.c.grid_id)
        .subquery()
    )
    keys = ([per_household.c.grid_id] if by_grid else []) + [per_household.c.size]
    stmt = (
        sa.select(*keys, sa.func.count().label("households"))
        .group_by(*keys)
        .order_by(per_household.c.size)
    )
    return _frame(conn, stmt, schema)


def registrations(movements: pl.DataFrame) -> pl.DataFrame:
    """Residents registered per day, of ``movements_by_day``'s arrivals (every residency).
    Out: day, registered."""
    return (
        movements.filter(pl.col("kind") == "arrivals")
        .group_by("day")
        .agg(pl.col("residents").sum().cast(pl.Int64).alias("registered"))
    )
