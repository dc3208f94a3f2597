"""Rental queries for the rentals page (definitions in ``metrics.rentals``; the counts of
rentals, pledges and inspections are ``data_access.queries.rental_counts``, the snapshot's)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.queries import ONE, _frame, _household_active, _in_scope, _resident_active
from data_access.schema import grid, household, rental, resident
from data_access.scope import ResolvedScope

PROBLEMS = ("any", "no_pledge", "not_inspected")
LIST_SCHEMA = {
    "id": pl.Int64,
    "grid_code": pl.String,
    "grid_name": pl.String,
    "household_id": pl.Int64,
    "address": pl.String,
    "landlord_name": pl.String,
    "pledge_signed_on": pl.Date,
    "last_inspected_on": pl.Date,
}


def _rented() -> sa.ColumnElement:
    return sa.exists(sa.select(ONE).where(rental.c.household_id == household.c.id))


def rented_households(conn: Connection, rs: ResolvedScope) -> pl.DataFrame:
    """Per grid in scope: households active on the as-of day with at least one rental row, and
    the active floating residents living in them."""
    day = rs.as_of
    households_q = (
        sa.select(household.c.grid_id, sa.func.count().label("rented_households"))
        .where(_household_active(day), _in_scope(household.c.grid_id, rs), _rented())
        .group_by(household.c.grid_id)
    )
    floating_q = (
        sa.select(household.c.grid_id, sa.func.count().label("floating_in_rented"))
        .select_from(resident.join(household, household.c.id == resident.c.household_id))
        .where(
            _resident_active(day),
            resident.c.residency == "floating",
            _household_active(day),
            _in_scope(household.c.grid_id, rs),
            _rented(),
        )
        .group_by(household.c.grid_id)
    )
    households = _frame(conn, households_q, {"grid_id": pl.Int64, "rented_households": pl.Int64})
    floating = _frame(conn, floating_q, {"grid_id": pl.Int64, "floating_in_rented": pl.Int64})
    return households.join(floating, on="grid_id", how="full", coalesce=True).with_columns(
        pl.col("rented_households", "floating_in_rented").fill_null(0)
    )


def _problem(problem: str, day: dt.date, inspected_since: dt.date) -> sa.ColumnElement:
    no_pledge = sa.or_(rental.c.pledge_signed_on.is_(None), rental.c.pledge_signed_on > day)
    not_inspected = sa.or_(
        rental.c.last_inspected_on.is_(None),
        rental.c.last_inspected_on < inspected_since,
        rental.c.last_inspected_on > day,
    )
    if problem == "no_pledge":
        return no_pledge
    if problem == "not_inspected":
        return not_inspected
    if problem == "any":
        return sa.or_(no_pledge, not_inspected)
    raise ValueError(f"unknown rental problem {problem!r}")


def rentals_to_follow_up(
    conn: Connection,
    rs: ResolvedScope,
    inspected_since: dt.date,
    problem: str,
    offset: int,
    limit: int,
) -> tuple[pl.DataFrame, int]:
    """Rental rows of households active on the as-of day in scope without a pledge signed by the
    day (``no_pledge``), without an inspection in ``[inspected_since, day]`` (``not_inspected``),
    or either (``any``): one page (unmasked), by grid code then rental id, and how many."""
    where = [
        _household_active(rs.as_of),
        _in_scope(household.c.grid_id, rs),
        _problem(problem, rs.as_of, inspected_since),
    ]
    joined = rental.join(household, household.c.id == rental.c.household_id)
    total = _frame(
        conn, sa.select(sa.func.count()).select_from(joined).where(*where), {"n": pl.Int64}
    )
    stmt = (
        sa.select(
            rental.c.id,
            grid.c.code.label("grid_code"),
            grid.c.name.label("grid_name"),
            household.c.id.label("household_id"),
            household.c.address,
            rental.c.landlord_name,
            rental.c.pledge_signed_on,
            rental.c.last_inspected_on,
        )
        .select_from(joined.join(grid, grid.c.id == household.c.grid_id))
        .where(*where)
        .order_by(grid.c.code, rental.c.id)
        .offset(offset)
        .limit(limit)
    )
    return _frame(conn, stmt, LIST_SCHEMA), int(total["n"][0])
