"""The worker-assessment page (网格员考核): month sheets and one worker's month.

A month's rows are exactly ``python -m metrics workers --month M --as-of d`` for the scope: the
same plan (``MonthPlan.for_month(M, d)``), loader (``load_worker_inputs``) and metric
(``worker_indicators``); the command prints ``worker_rows``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy.engine import Connection

from data_access import assessment as qa
from data_access import daily
from data_access import queries as q
from data_access.loaders import load_worker_inputs, load_worker_months
from data_access.scope import ResolvedScope
from metrics.assessment import calendar_days, worker_grids
from metrics.assessment import month_options as month_range
from metrics.core import iso_week_name
from metrics.workers import MonthPlan, worker_indicators


@dataclass(frozen=True)
class MonthSheet:
    """One month's worker indicators for a scope, cut off at ``as_of``."""

    month: str
    as_of: dt.date
    weeks: int  # ISO weeks counted for the month
    rows: tuple[dict[str, Any], ...]  # the rows of ``python -m metrics workers``
    scores_left_out: int = 0  # the month's score rows of these workers no total counts (DQ25–DQ28)


def worker_rows(
    conn: Connection, rs: ResolvedScope, month: str, only: Sequence[int] | None = None
) -> list[dict[str, Any]]:
    """The rows of ``python -m metrics workers --month month --as-of rs.as_of`` for ``rs``;
    with ``only``, just the rows of those worker ids."""
    plan = MonthPlan.for_month(month, rs.as_of)
    return worker_indicators(plan, load_worker_inputs(conn, rs, plan, only))


def week_rows(conn: Connection, rs: ResolvedScope, monday: dt.date) -> list[dict[str, Any]]:
    """The worker indicators of one ISO week (Monday ``monday``) instead of a month, as of
    ``rs.as_of``: the same definitions over the week's days (the weekly brief's "per worker for
    the week"); ``weeks`` is 1 once its Sunday is on or before the day. No score belongs to a
    week: ``score_total`` is None."""
    plan = MonthPlan(
        month=iso_week_name(monday),
        as_of=rs.as_of,
        first=monday,
        last=monday + dt.timedelta(days=6),
    )
    return worker_indicators(plan, load_worker_inputs(conn, rs, plan))


def month_sheet(
    conn: Connection, rs: ResolvedScope, month: str, only: Sequence[int] | None = None
) -> MonthSheet:
    """The worker indicators of ``month`` for the scope, as of ``rs.as_of``; with ``only``, the
    sheet cut to those worker ids (their rows as in the whole sheet)."""
    (sheet,) = month_sheets(conn, rs, [month], only)
    return sheet


def month_sheets(
    conn: Connection, rs: ResolvedScope, months: Sequence[str], only: Sequence[int] | None = None
) -> tuple[MonthSheet, ...]:
    """``month_sheet`` of each of ``months``, with each input read once for the months together
    (``load_worker_months``): the page's month and the month before (month over month), or one
    worker's trend."""
    plans = [MonthPlan.for_month(m, rs.as_of) for m in months]
    inputs = load_worker_months(conn, rs, plans, only)
    rows = [worker_indicators(plan, found) for plan, found in zip(plans, inputs, strict=True)]
    ids = sorted({r["id"] for month_rows in rows for r in month_rows})
    known = q.known_score_rows(conn, ids, [plan.month for plan in plans], rs.as_of)
    return tuple(
        _sheet(rs.as_of, plan, month_rows, found.scores, known)
        for plan, month_rows, found in zip(plans, rows, inputs, strict=True)
    )


def _sheet(
    as_of: dt.date,
    plan: MonthPlan,
    rows: list[dict[str, Any]],
    counted: pl.DataFrame,
    known: pl.DataFrame,
) -> MonthSheet:
    """The month's sheet of ``rows``; its scores left out (DQ25–DQ28) are the month's rows of
    these workers known on the day (``known``: ``known_score_rows``) less those the totals
    count (``counted``: the month's ``WorkerInputs.scores``), as ``q.scores_left_out`` counts."""
    ids = [r["id"] for r in rows]
    mine = pl.col("worker_id").is_in(ids)
    total = known.filter(mine, pl.col("period") == plan.month)["rows"].sum()
    left_out = int(total) - counted.filter(mine).height
    if left_out < 0:  # cannot be: the counted rows are among the known ones
        raise ValueError(f"{plan.month}: more scores counted than known")
    return MonthSheet(
        month=plan.month,
        as_of=as_of,
        weeks=len(plan.weeks),
        rows=tuple(rows),
        scores_left_out=left_out,
    )


def worker_months(
    conn: Connection, rs: ResolvedScope, months: Sequence[str], worker_id: int
) -> dict[str, MonthSheet]:
    """One worker's sheets of ``months`` (his trend): each is ``month_sheet`` cut to him, so
    the page reads six months of one worker, not of every worker in scope — and each of his
    inputs once for the months together (``month_sheets``)."""
    return {sheet.month: sheet for sheet in month_sheets(conn, rs, months, [worker_id])}


def months(conn: Connection, as_of: dt.date) -> list[str]:
    """The month picker's choices, newest first."""
    return month_range(qa.first_activity(conn), as_of)


def scored_months(conn: Connection, rs: ResolvedScope) -> tuple[str, ...]:
    """The months with scores known on ``rs.as_of`` for the scope's workers (contract 1.1)."""
    return tuple(qa.scored_months(conn, rs, rs.as_of))


@dataclass(frozen=True)
class WorkerDetail:
    worker_id: int
    month: str
    community_code: str | None
    community_name: str | None
    community_rows: tuple[dict[str, Any], ...]  # the month's rows of the worker's whole community
    calendar: pl.DataFrame  # metrics.assessment.calendar_days
    grids: pl.DataFrame  # grid_code, grid_name, since, until, in_scope, households


def worker_detail(
    conn: Connection,
    rs: ResolvedScope,
    month: str,
    worker_id: int,
    community_rows: Callable[[str], Sequence[dict[str, Any]]],
    all_grids: pl.DataFrame | None = None,
) -> WorkerDetail:
    """One worker's month: his calendar, the grids he answers for, his community's rows.

    ``community_rows(code)`` gives the month's rows of community ``code`` (every listed worker,
    whatever the scope's grid filter): the page passes its cached month sheet, the brief its own.
    ``all_grids``: the registry's grid table (id, name), read here when not given.
    """
    plan = MonthPlan.for_month(month, rs.as_of)
    community = qa.worker_communities(conn, [worker_id])
    if plan.has_days:
        assignments = q.assignments_overlapping(conn, plan.first, plan.cut, worker_ids=[worker_id])
        days = qa.worker_days(conn, worker_id, plan.first, plan.cut)
    else:
        assignments = q.assignments_overlapping(conn, plan.first, plan.first, worker_ids=[])
        days = qa.worker_days(conn, worker_id, plan.first, plan.first - dt.timedelta(days=1))
    held = worker_grids(plan, assignments)
    households = daily.active_households_on_days(
        conn, sorted(set(held["grid_id"].to_list())), [plan.cut]
    )
    if all_grids is None:
        all_grids = q.grids(conn)
    post = assignments.select("started_on", "ended_on").unique().head(1)
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
    return WorkerDetail(
        worker_id=worker_id,
        month=month,
        community_code=code,
        community_name=name,
        community_rows=tuple(community_rows(code)) if code is not None else (),
        calendar=calendar_days(plan, post, days),
        grids=grids,
    )
