"""Cached loaders of the rentals page (出租房屋): ``models.rentals`` cached."""

from __future__ import annotations

import datetime as dt

import polars as pl

import models.rentals
from models.rentals import EXPORT_LIMIT, PROBLEMS, RentalFigures
from ui.data import ScopeKey, built, loader

__all__ = ["EXPORT_LIMIT", "PROBLEMS", "RentalFigures"]


@loader
def figures(url: str, key: ScopeKey, as_of: dt.date) -> RentalFigures:
    """Rentals, pledges, inspections and floating residents in rentals, per grid and in all."""
    return built(url, key, as_of, models.rentals.figures)


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
    """One page of the rentals to follow up (masked unless ``masked`` is False: an unmasking
    with a reason, ``ui.personal``) and how many there are."""
    return built(url, key, as_of, models.rentals.follow_up, problem, offset, limit, masked)
