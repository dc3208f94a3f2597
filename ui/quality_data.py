"""Cached loaders of the data-quality page (数据质量): ``models.quality`` cached."""

from __future__ import annotations

import datetime as dt

import polars as pl

import models.quality
from models.quality import EXPORT_LIMIT, QualitySummary
from ui.data import ScopeKey, built, loader

__all__ = ["EXPORT_LIMIT", "QualitySummary"]


@loader
def summary(url: str, key: ScopeKey, as_of: dt.date) -> QualitySummary:
    return built(url, key, as_of, models.quality.summary)


@loader
def drill(
    url: str,
    key: ScopeKey,
    as_of: dt.date,
    code: str,
    offset: int,
    limit: int,
    masked: bool = True,
) -> tuple[pl.DataFrame, int]:
    """One page of a check's rows, masked (unless ``masked`` is False: an unmasking with a
    reason, ``ui.personal``), and how many may be listed."""
    return built(
        url,
        key,
        as_of,
        models.quality.drill,
        code,
        offset,
        limit,
        masked,
        lambda: summary(url, key, as_of).id_faults,
    )
