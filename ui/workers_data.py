"""Cached loaders of the worker-assessment page (网格员考核).

A month sheet is exactly ``python -m metrics workers --month M --as-of d`` for the page's scope:
the same plan (``MonthPlan.for_month(M, d)``), loader (``load_worker_inputs``) and metric
(``worker_indicators``). Each month is cached on its own, so the six months of a trend cost six
loads once and nothing on a rerun.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from data_access import assessment as qa
from data_access import queries as q
from data_access.loaders import load_worker_inputs
from metrics.assessment import calendar_days, trailing_months, worker_grids
from metrics.assessment import month_options as month_range
from metrics.workers import MonthPlan, worker_indicators
from ui.data import ScopeKey, loader, organisation, registry_for, resolved_scope


@dataclass(frozen=True)
class MonthSheet:
    """One month's worker indicators for a scope, cut off at ``as_of``."""

    month: str
    as_of: dt.date
    weeks: int  # ISO weeks counted for the month
    rows: tuple[dict[str, Any], ...]  # the rows of ``python -m metrics workers``
    scores_left_out: int = 0  # the month's score rows of these workers no total counts (DQ25–DQ28)


@loader
def month_sheet(url: str, key: ScopeKey, as_of: dt.date, month: str) -> MonthSheet:
    """The worker indicators of ``month`` for the scope, as of ``as_of``."""
    registry = registry_for(url)
    rs = resolved_scope(url, key, as_of)
    plan = MonthPlan.for_month(month, as_of)
    with registry.connect() as conn:
        rows = worker_indicators(plan, load_worker_inputs(conn, rs, plan))
        left_out = q.scores_left_out(conn, [r["id"] for r in rows], month, as_of)
    return MonthSheet(
        month=month,
        as_of=as_of,
        weeks=len(plan.weeks),
        rows=tuple(rows),
        scores_left_out=left_out,
    )


def trailing_sheets(url: str, key: ScopeKey, as_of: dt.date, month: str) -> dict[str, MonthSheet]:
    """The sheets of the six months ending with ``month`` (each one cached by ``month_sheet``)."""
    return {m: month_sheet(url, key, as_of, m) for m in trailing_months(month)}


@loader
def criteria(url: str) -> pl.DataFrame:
    """The ``assessment_criterion`` lookup: code, name_zh, name_en, max_score."""
    with registry_for(url).connect() as conn:
        return q.assessment_criteria(conn)


@loader
def months(url: str, as_of: dt.date) -> list[str]:
    """The month picker's choices, newest first."""
    with registry_for(url).connect() as conn:
        first = qa.first_activity(conn)
    return month_range(first, as_of)


@loader
def scored_months(url: str, key: ScopeKey, as_of: dt.date) -> tuple[str, ...]:
    """The months with scores known on ``as_of`` for the scope's workers (contract 1.1)."""
    rs = resolved_scope(url, key, as_of)
    with registry_for(url).connect() as conn:
        return tuple(qa.scored_months(conn, rs, as_of))


@dataclass(frozen=True)
class WorkerDetail:
    worker_id: int
    month: str
    community_code: str | None
    community_name: str | None
    community_rows: tuple[dict[str, Any], ...]  # the month's rows of the worker's whole community
    calendar: pl.DataFrame  # metrics.assessment.calendar_days
    grids: pl.DataFrame  # grid_code, grid_name, since, until, in_scope, households


@loader
def worker_detail(
    url: str, key: ScopeKey, as_of: dt.date, month: str, worker_id: int
) -> WorkerDetail:
    """One worker's month: his calendar, the grids he answers for, his community's rows."""
    registry = registry_for(url)
    rs = resolved_scope(url, key, as_of)
    plan = MonthPlan.for_month(month, as_of)
    with registry.connect() as conn:
        community = qa.worker_communities(conn, [worker_id])
        if plan.has_days:
            assignments = q.assignments_overlapping(
                conn, plan.first, plan.cut, worker_ids=[worker_id]
            )
            days = qa.worker_days(conn, worker_id, plan.first, plan.cut)
        else:
            assignments = q.assignments_overlapping(conn, plan.first, plan.first, worker_ids=[])
            days = qa.worker_days(conn, worker_id, plan.first, plan.first - dt.timedelta(days=1))
        held = worker_grids(plan, assignments)
        households = q.active_households_on_days(
            conn, sorted(set(held["grid_id"].to_list())), [plan.cut]
        )
    post = assignments.select("started_on", "ended_on").unique().head(1)
    _, all_grids = organisation(url)
    grids = (
        held.join(
            all_grids.select(pl.col("id").alias("grid_id"), pl.col("name").alias("grid_name")),
            on="grid_id",
            how="left",
        )
        .join(households.select("grid_id", "households"), on="grid_id", how="left")
        .with_columns(
            in_scope=pl.col("grid_id").is_in(list(rs.grid_ids)),
            households=pl.col("households").fill_null(0),
        )
        .select("grid_code", "grid_name", "since", "until", "in_scope", "households")
    )
    code = community["community_code"][0] if community.height else None
    name = community["community_name"][0] if community.height else None
    community_rows: tuple[dict[str, Any], ...] = ()
    if code is not None:
        community_key = ScopeKey(communities=(code,), areas=(), grids=(), access=key.access)
        community_rows = month_sheet(url, community_key, as_of, month).rows
    return WorkerDetail(
        worker_id=worker_id,
        month=month,
        community_code=code,
        community_name=name,
        community_rows=community_rows,
        calendar=calendar_days(plan, post, days),
        grids=grids,
    )
