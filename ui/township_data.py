"""Cached loaders of the township review (镇级对比): ``models.township`` cached."""

from __future__ import annotations

import datetime as dt

import polars as pl

import models.township
from data_access.scope import township_wide
from models.township import TownshipReview
from ui.data import ScopeKey, built, loader, organisation


@loader
def township_review(url: str, key: ScopeKey, as_of: dt.date) -> TownshipReview:
    """Each community's snapshot within the scope on ``as_of``, and the review's table."""
    return built(url, key, as_of, models.township.township_review)


@loader
def township_trend(url: str, key: ScopeKey, as_of: dt.date, weeks: int) -> pl.DataFrame:
    """Per community: 90-day coverage and open incidents on the trend's days."""
    return built(url, key, as_of, models.township.township_trend, weeks)


def township_key(url: str, key: ScopeKey) -> ScopeKey:
    """The page's own scope (``data_access.scope.township_wide``): every community of the
    township(s) in view, whatever the shared community, area and grid filters narrow to."""
    communities, grids = organisation(url)
    return ScopeKey.of(township_wide(key.scope(None), grids, communities))
