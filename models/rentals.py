"""The rentals page (出租房屋): figures per grid and in all, and the rentals to follow up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy.engine import Connection

from data_access import daily
from data_access import rentals as qr
from data_access.scope import ResolvedScope
from metrics import rentals as mr
from metrics.core import ELDERLY_AGE, born_by_for_age

EXPORT_LIMIT = 10_000
PROBLEMS = qr.PROBLEMS


@dataclass(frozen=True)
class RentalFigures:
    summary: dict[str, Any]  # metrics.rentals.summary
    by_grid: pl.DataFrame  # metrics.rentals.by_grid


def figures(conn: Connection, rs: ResolvedScope) -> RentalFigures:
    """Rentals, pledges, inspections and floating residents in rentals, per grid and in all."""
    as_of = rs.as_of
    table = mr.by_grid(
        rs.grids,
        daily.rental_counts(conn, rs, mr.inspected_since(as_of)),
        qr.rented_households(conn, rs),
        mr.floating_by_grid(daily.resident_counts(conn, rs, born_by_for_age(as_of, ELDERLY_AGE))),
    )
    return RentalFigures(summary=mr.summary(table), by_grid=table)


def follow_up(
    conn: Connection,
    rs: ResolvedScope,
    problem: str,
    offset: int,
    limit: int,
    masked: bool = True,
) -> tuple[pl.DataFrame, int]:
    """One page of the rentals to follow up (flagged, masked unless ``masked`` is False: an
    unmasking with a reason) and how many there are."""
    rows, total = qr.rentals_to_follow_up(
        conn, rs, mr.inspected_since(rs.as_of), problem, offset, limit
    )
    shown = mr.masked_follow_up(rows, rs.as_of) if masked else mr.follow_up_flags(rows, rs.as_of)
    return shown, total
