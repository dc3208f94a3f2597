"""Cached loaders of the 特殊人群 page: ``models.special_groups`` cached, keyed on plain values
(the role's ``Disclosure`` among them, so each disclosure has its own cache entry)."""

from __future__ import annotations

import datetime as dt

import models.special_groups
from metrics.privacy import Disclosure
from models.special_groups import EXPORT_LIMIT, CareGap, CareGapRows, GroupsOverview, GroupTrend
from ui.data import ScopeKey, built, loader

__all__ = ["EXPORT_LIMIT", "CareGap", "CareGapRows", "GroupTrend", "GroupsOverview"]


@loader
def groups_overview(
    url: str, key: ScopeKey, as_of: dt.date, disclosure: Disclosure
) -> GroupsOverview:
    return built(url, key, as_of, models.special_groups.groups_overview, disclosure)


@loader
def group_trend(
    url: str, key: ScopeKey, as_of: dt.date, code: str, disclosure: Disclosure
) -> GroupTrend | None:
    """The group's count at the end of each of the last 26 weeks; ``None`` for an unknown code."""
    return built(url, key, as_of, models.special_groups.group_trend, code, disclosure)


@loader
def care_gap(url: str, key: ScopeKey, as_of: dt.date) -> CareGap:
    return built(url, key, as_of, models.special_groups.care_gap)


@loader
def care_gap_rows(
    url: str, key: ScopeKey, as_of: dt.date, offset: int, limit: int, masked: bool = True
) -> CareGapRows:
    """One page of the care-gap list, masked (unless ``masked`` is False: an unmasking with a
    reason, ``ui.personal``), and the list's length."""
    return built(url, key, as_of, models.special_groups.care_gap_rows, offset, limit, masked)


def care_gap_export(url: str, key: ScopeKey, as_of: dt.date) -> CareGapRows:
    """The whole care-gap list for a download (at most ``EXPORT_LIMIT`` rows), masked."""
    return care_gap_rows(url, key, as_of, 0, EXPORT_LIMIT)
