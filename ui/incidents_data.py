"""Cached loaders of the incident-handling page (事件处置): ``models.incidents`` cached."""

from __future__ import annotations

import datetime as dt

import polars as pl

import models.incidents
from models.incidents import DEFAULT_WINDOW, EXPORT_LIMIT, WEEKS, WINDOWS, Backlog, Stages
from ui.data import ScopeKey, built, loader

__all__ = ["DEFAULT_WINDOW", "EXPORT_LIMIT", "WEEKS", "WINDOWS", "Backlog", "Stages"]


@loader
def stages(url: str, key: ScopeKey, as_of: dt.date, window_days: int) -> Stages:
    """The stage figures of the incidents reported in the last ``window_days`` days."""
    return built(url, key, as_of, models.incidents.stages, window_days)


@loader
def backlog(url: str, key: ScopeKey, as_of: dt.date) -> Backlog:
    """Incidents open at the end of the day, by age."""
    return built(url, key, as_of, models.incidents.backlog)


@loader
def weekly(url: str, key: ScopeKey, as_of: dt.date) -> pl.DataFrame:
    """The last ``WEEKS`` weeks' 72-hour resolution and escalations."""
    return built(url, key, as_of, models.incidents.weekly)


@loader
def overdue_rows(
    url: str, key: ScopeKey, as_of: dt.date, offset: int, limit: int
) -> tuple[pl.DataFrame, int]:
    """One page of the incidents open longer than 72 hours, oldest first, and how many."""
    return built(url, key, as_of, models.incidents.overdue_rows, offset, limit)
