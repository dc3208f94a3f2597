"""Cached loaders of the visits and coverage page (走访覆盖): ``models.visits`` cached, keyed
on plain values only, and the page's two big figures (grids × weeks, grids × days) built once
per scope, day and language: drawing them again on every rerun took ~1.4 s at 834 grids."""

from __future__ import annotations

import datetime as dt

import models.visits
from models.visits import (
    EXPORT_LIMIT,
    CoverageFigures,
    HouseholdList,
    MonthCalendar,
    WeeklyVisits,
)
from ui import charts, visits_view
from ui.data import ScopeKey, built, loader
from ui.i18n import Labels


@loader
def weekly(url: str, key: ScopeKey, as_of: dt.date) -> WeeklyVisits:
    """The 26 weeks up to ``as_of``: coverage, visit days and purposes."""
    return built(url, key, as_of, models.visits.weekly)


@loader
def coverage(url: str, key: ScopeKey, as_of: dt.date) -> CoverageFigures:
    """30- and 90-day coverage per grid (as in the snapshot); households not visited in 90 days."""
    return built(url, key, as_of, models.visits.coverage)


@loader
def month_options(url: str, key: ScopeKey, as_of: dt.date) -> list[str]:
    """Months the daily-rate calendar offers, newest first."""
    return built(url, key, as_of, models.visits.month_options)


@loader
def month_calendar(url: str, key: ScopeKey, as_of: dt.date, month: str) -> MonthCalendar:
    """Daily visit rates of ``month`` up to ``as_of``."""
    return built(url, key, as_of, models.visits.month_calendar, month)


@loader
def visit_days_chart(url: str, key: ScopeKey, as_of: dt.date, lang: str) -> charts.Spec | None:
    """The 3-day rule's heatmap of ``weekly`` (``visits_view.visit_days_chart``)."""
    return visits_view.visit_days_chart(weekly(url, key, as_of), Labels(lang))


@loader
def rate_calendar_chart(
    url: str, key: ScopeKey, as_of: dt.date, month: str, lang: str
) -> charts.Spec | None:
    """The 4 % rule's calendar of ``month_calendar`` (``visits_view.daily_rate_chart``)."""
    cal = month_calendar(url, key, as_of, month)
    return visits_view.daily_rate_chart(cal, Labels(lang))


@loader
def not_visited_page(
    url: str, key: ScopeKey, as_of: dt.date, offset: int, limit: int, masked: bool = True
) -> HouseholdList:
    """One page of the households not visited in 90 days, masked, and how many there are."""
    return built(url, key, as_of, models.visits.not_visited_page, offset, limit, masked)


def not_visited_export(url: str, key: ScopeKey, as_of: dt.date) -> HouseholdList:
    """The whole list (at most ``EXPORT_LIMIT`` rows), masked: read only when a download asks."""
    return not_visited_page(url, key, as_of, 0, EXPORT_LIMIT)
