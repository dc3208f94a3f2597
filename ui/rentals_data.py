"""Cached loaders of the rentals page (出租房屋)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from data_access import queries as q
from data_access import rentals as qr
from metrics import rentals as mr
from metrics.core import ELDERLY_AGE, born_by_for_age
from ui.data import ScopeKey, loader, registry_for, resolved_scope

EXPORT_LIMIT = 10_000
PROBLEMS = qr.PROBLEMS


@dataclass(frozen=True)
class RentalFigures:
    summary: dict[str, Any]  # metrics.rentals.summary
    by_grid: pl.DataFrame  # metrics.rentals.by_grid


@loader
def figures(url: str, key: ScopeKey, as_of: dt.date) -> RentalFigures:
    """Rentals, pledges, inspections and floating residents in rentals, per grid and in all."""
    rs = resolved_scope(url, key, as_of)
    with registry_for(url).connect() as conn:
        table = mr.by_grid(
            rs.grids,
            q.rental_counts(conn, rs, mr.inspected_since(as_of)),
            qr.rented_households(conn, rs),
            mr.floating_by_grid(q.resident_counts(conn, rs, born_by_for_age(as_of, ELDERLY_AGE))),
        )
    return RentalFigures(summary=mr.summary(table), by_grid=table)


@loader
def follow_up(
    url: str,
    key: ScopeKey,
    as_of: dt.date,
    problem: str,
    offset: int,
    limit: int,
    masked: bool = True,
) -> tuple[pl.DataFrame, int]:
    """One page of the rentals to follow up (flagged, masked unless ``masked`` is False: an
    unmasking with a reason, ``ui.personal``) and how many there are."""
    rs = resolved_scope(url, key, as_of)
    with registry_for(url).connect() as conn:
        rows, total = qr.rentals_to_follow_up(
            conn, rs, mr.inspected_since(as_of), problem, offset, limit
        )
    shown = mr.masked_follow_up(rows, as_of) if masked else mr.follow_up_flags(rows, as_of)
    return shown, total
