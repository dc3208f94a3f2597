"""Cached loaders of the data-quality page (数据质量): ``models.quality`` cached."""

from __future__ import annotations

import datetime as dt

import polars as pl

import models.quality
from models.quality import EXPORT_LIMIT, QualitySummary
from ui import quality_job
from ui.data import ScopeKey, built, loader

__all__ = ["EXPORT_LIMIT", "QualitySummary"]


def _id_faults(url: str, key: ScopeKey, as_of: dt.date) -> pl.DataFrame:
    """The identity checks' findings: the background job's (``ui.quality_job``) last result of
    this scope and day, else (a result no longer kept) the checks run here."""
    last = quality_job.jobs().slot((url, key, as_of)).last
    if last is not None and last.result is not None:
        return last.result.id_faults
    return built(url, key, as_of, models.quality.summary).id_faults


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
        lambda: _id_faults(url, key, as_of),
    )
