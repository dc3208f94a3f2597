"""Rented housing (出租房屋) per grid, and the rentals that need following up.

Definitions (``d`` the as-of day; the counts of rentals, pledges and inspections are the
snapshot's ``rentals.*``, computed by ``metrics.snapshot.rentals`` from the same per-grid rows):

- ``rentals``: rental rows (rows, not households) whose household is active on ``d`` and in scope;
- ``pledge_signed``: of them, ``pledge_signed_on <= d``; ``pledge_share`` = pledge_signed ÷ rentals;
- ``inspected_90d``: of them, ``last_inspected_on`` in ``[d-89, d]``;
  ``inspected_share`` = inspected_90d ÷ rentals;
- ``rented_households``: households active on ``d`` in scope with at least one rental row;
- ``floating_in_rented``: distinct residents active on ``d`` with ``residency = floating`` whose
  household is active on ``d``, in scope, and has at least one rental row (whatever its pledge
  or inspection); ``floating_in_rented_share`` = floating_in_rented ÷ ``residents.floating``
  (the snapshot's active floating residents in scope);
- a rental **to follow up** is one of the ``rentals`` with no pledge (``pledge_signed_on`` NULL
  or after ``d``) or not inspected in 90 days (``last_inspected_on`` NULL or outside
  ``[d-89, d]``).

Shares are sums over sums, half-up to 4 decimals, ``None`` on a zero denominator.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from metrics.core import ratio, window_start
from metrics.privacy import mask_address, mask_name
from metrics.snapshot import INSPECTION_DAYS
from metrics.snapshot import rentals as snapshot_rentals


def inspected_since(day: dt.date) -> dt.date:
    """First day of the 90-day inspection window ending on ``day`` (the snapshot's)."""
    return window_start(day, INSPECTION_DAYS)


def floating_by_grid(resident_counts: pl.DataFrame) -> pl.DataFrame:
    """Active floating residents per grid from ``resident_counts`` rows (the snapshot's split)."""
    return (
        resident_counts.filter(pl.col("residency") == "floating")
        .group_by("grid_id")
        .agg(pl.col("residents").sum().cast(pl.Int64).alias("floating"))
    )


def by_grid(
    grids: pl.DataFrame,
    rental_counts: pl.DataFrame,
    rented: pl.DataFrame,
    floating: pl.DataFrame,
) -> pl.DataFrame:
    """One row per grid in scope (code order) with every figure of the module docstring."""
    counts = ["rentals", "pledge_signed", "inspected", "rented_households", "floating_in_rented"]
    table = (
        grids.select(pl.col("id").alias("grid_id"), "code", "name")
        .join(rental_counts, on="grid_id", how="left")
        .join(rented, on="grid_id", how="left")
        .join(floating, on="grid_id", how="left")
        .with_columns(pl.col(*counts, "floating").fill_null(0).cast(pl.Int64))
        .rename({"inspected": "inspected_90d"})
        .sort("code")
    )
    shares = [
        ("pledge_share", "pledge_signed", "rentals"),
        ("inspected_share", "inspected_90d", "rentals"),
        ("floating_in_rented_share", "floating_in_rented", "floating"),
    ]
    for name, numerator, denominator in shares:
        values = [
            ratio(n, m)
            for n, m in zip(table[numerator].to_list(), table[denominator].to_list(), strict=True)
        ]
        table = table.with_columns(pl.Series(name, values, dtype=pl.Float64))
    return table


def summary(table: pl.DataFrame) -> dict[str, Any]:
    """The scope's totals from ``by_grid`` rows: sums, and shares as sums over sums."""
    snap = snapshot_rentals(table.rename({"inspected_90d": "inspected"}))
    total = {
        k: int(table[k].sum()) if table.height else 0
        for k in ("rented_households", "floating_in_rented", "floating")
    }
    return {
        "rentals": snap["total"],
        "pledge_signed": snap["pledge_signed"],
        "inspected_90d": snap["inspected_90d"],
        "pledge_share": ratio(snap["pledge_signed"], snap["total"]),
        "inspected_share": ratio(snap["inspected_90d"], snap["total"]),
        **total,
        "floating_in_rented_share": ratio(total["floating_in_rented"], total["floating"]),
    }


def follow_up_flags(rows: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """Rental rows with ``no_pledge`` and ``not_inspected`` flags as of ``day``."""
    first = inspected_since(day)
    inspected = pl.col("last_inspected_on").is_between(first, day, closed="both")
    pledged = pl.col("pledge_signed_on") <= day
    return rows.with_columns(
        no_pledge=~pledged.fill_null(False),
        not_inspected=~inspected.fill_null(False),
    )


def masked_follow_up(rows: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """A page of rentals to follow up, flagged, landlord names and addresses masked."""
    return follow_up_flags(rows, day).with_columns(
        pl.col("landlord_name").map_elements(mask_name, return_dtype=pl.String, skip_nulls=True),
        pl.col("address").map_elements(mask_address, return_dtype=pl.String, skip_nulls=True),
    )
