"""Cached loaders of the worker-assessment page (网格员考核): ``models.workers`` cached.

A page run reads the month and the one before together, for month over month
(``month_and_before``), and one worker's six months for his trend (``worker_history``); the six
months of every worker are read only when the committee's workbook is downloaded
(``trailing_sheets``). A worker's community rows, the rubric's and the scoring page's evidence
are each one month's sheet (``month_sheet``).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

import models.workers
from data_access import queries as q
from metrics.assessment import month_over_month, previous_month, sheet, trailing_months
from models.workers import MonthSheet, WorkerDetail
from ui.data import ScopeKey, built, loader, organisation, registry_for


@loader
def month_sheet(url: str, key: ScopeKey, as_of: dt.date, month: str) -> MonthSheet:
    """The worker indicators of ``month`` for the scope, as of ``as_of``."""
    return built(url, key, as_of, models.workers.month_sheet, month)


@loader
def month_and_before(url: str, key: ScopeKey, as_of: dt.date, month: str) -> tuple[MonthSheet, ...]:
    """The page's sheets: ``month`` and the month before (month over month), their inputs read
    together (``models.workers.month_sheets``)."""
    return built(url, key, as_of, models.workers.month_sheets, (month, previous_month(month)))


@loader
def trailing_sheets(url: str, key: ScopeKey, as_of: dt.date, month: str) -> dict[str, MonthSheet]:
    """The sheets of the six months ending with ``month`` (the committee's workbook), their
    inputs read together."""
    sheets = built(url, key, as_of, models.workers.month_sheets, tuple(trailing_months(month)))
    return {s.month: s for s in sheets}


@loader
def worker_history(
    url: str, key: ScopeKey, as_of: dt.date, month: str, worker_id: int
) -> dict[str, MonthSheet]:
    """One worker's sheets of the six months ending with ``month``: his rows of
    ``trailing_sheets``, read for him alone."""
    return built(url, key, as_of, models.workers.worker_months, trailing_months(month), worker_id)


@loader
def sheet_frame(
    url: str, key: ScopeKey, as_of: dt.date, month: str, roles: tuple[str, ...] | None
) -> pl.DataFrame:
    """The month's sheet as the page shows it (``metrics.assessment.sheet`` of ``roles``): built
    once per scope, day, month and roles, not again on every rerun of the page."""
    codes = criteria(url)["code"].to_list()
    return sheet(month_and_before(url, key, as_of, month)[0].rows, codes, roles)


@loader
def month_changes(
    url: str, key: ScopeKey, as_of: dt.date, month: str, roles: tuple[str, ...] | None
) -> pl.DataFrame:
    """``metrics.assessment.month_over_month`` of the month's sheet and the month before's."""
    codes = criteria(url)["code"].to_list()
    before = month_and_before(url, key, as_of, month)[1]
    return month_over_month(
        sheet_frame(url, key, as_of, month, roles), sheet(before.rows, codes, roles)
    )


@loader
def criteria(url: str) -> pl.DataFrame:
    """The ``assessment_criterion`` lookup: code, name_zh, name_en, max_score."""
    with registry_for(url).connect() as conn:
        return q.assessment_criteria(conn)


@loader
def months(url: str, as_of: dt.date) -> list[str]:
    """The month picker's choices, newest first."""
    with registry_for(url).connect() as conn:
        return models.workers.months(conn, as_of)


@loader
def scored_months(url: str, key: ScopeKey, as_of: dt.date) -> tuple[str, ...]:
    """The months with scores known on ``as_of`` for the scope's workers (contract 1.1)."""
    return built(url, key, as_of, models.workers.scored_months)


@loader
def worker_detail(
    url: str, key: ScopeKey, as_of: dt.date, month: str, worker_id: int
) -> WorkerDetail:
    """One worker's month: his calendar, the grids he answers for, his community's rows."""

    def community_rows(code: str) -> tuple[dict, ...]:
        community_key = ScopeKey(communities=(code,), areas=(), grids=(), access=key.access)
        return month_sheet(url, community_key, as_of, month).rows

    _, all_grids = organisation(url)
    return built(
        url, key, as_of, models.workers.worker_detail, month, worker_id, community_rows, all_grids
    )
