"""Queries of the township review (镇级对比): per-worker assessment periods and weekly trends.

The review computes one snapshot per community from one set of per-grid frames
(``data_access.loaders.load_snapshot_inputs`` over the whole scope). What that set lacks is
added here: each worker's latest assessment period (a community's period is the latest among
its own workers) and, for the trend, coverage and open incidents on several days in one query each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.dialect import ids_in
from data_access.queries import (
    ONE,
    _end,
    _frame,
    _in_scope,
    _start,
    counted_scores,
    score_keys_unique,
)
from data_access.schema import (
    Timestamp,
    assessment,
    household,
    incident,
    visit,
)
from data_access.scope import ResolvedScope


def latest_period_by_worker(
    conn: Connection, worker_ids: Sequence[int], month: str, known_on: dt.date
) -> pl.DataFrame:
    """worker_id, period: each worker's latest ``assessment.period`` not after ``month``, among
    the scores counted on ``known_on``."""
    schema = {"worker_id": pl.Int64, "period": pl.String}
    if not worker_ids:
        return pl.DataFrame(schema=schema)
    from_, counted, _ = counted_scores(known_on, score_keys_unique(conn))
    stmt = (
        sa.select(assessment.c.worker_id, sa.func.max(assessment.c.period).label("period"))
        .select_from(from_)
        .where(ids_in(assessment.c.worker_id, worker_ids), assessment.c.period <= month, counted)
        .group_by(assessment.c.worker_id)
    )
    return _frame(conn, stmt, schema)


def _days_table(rows: Sequence[tuple[dt.date, dt.datetime, dt.datetime]]) -> sa.Subquery:
    """A small derived table (day, from_ts, to_ts) of bound values, portable across engines."""
    selects = [
        sa.select(
            sa.literal(day, sa.Date()).label("day"),
            sa.literal(first, Timestamp).label("from_ts"),
            sa.literal(last, Timestamp).label("to_ts"),
        )
        for day, first, last in rows
    ]
    return (selects[0] if len(selects) == 1 else sa.union_all(*selects)).subquery("days")


def coverage_on_days(
    conn: Connection, rs: ResolvedScope, windows: Sequence[tuple[dt.date, dt.date]]
) -> pl.DataFrame:
    """Per grid in scope and window ``(first, day)``: households active on ``day`` and, of them,
    those with a visit dated in ``[first, day]`` — one grouped query for every window.

    Columns: grid_id, day, households, covered (grids without an active household are absent).
    """
    schema = {"grid_id": pl.Int64, "day": pl.Date, "households": pl.Int64, "covered": pl.Int64}
    if rs.empty or not windows:
        return pl.DataFrame(schema=schema)
    days = _days_table([(day, _start(first), _end(day)) for first, day in windows])
    visited = sa.exists(
        sa.select(ONE).where(
            visit.c.household_id == household.c.id,
            visit.c.visited_at >= days.c.from_ts,
            visit.c.visited_at < days.c.to_ts,
        )
    )
    stmt = (
        sa.select(
            household.c.grid_id,
            days.c.day,
            sa.func.count().label("households"),
            sa.func.coalesce(sa.func.sum(sa.case((visited, 1), else_=0)), 0).label("covered"),
        )
        .select_from(household)
        .join(days, sa.true())
        .where(
            household.c.registered_on <= days.c.day,
            sa.or_(household.c.closed_on.is_(None), household.c.closed_on > days.c.day),
            _in_scope(household.c.grid_id, rs),
        )
        .group_by(household.c.grid_id, days.c.day)
    )
    return _frame(conn, stmt, schema)


def open_incidents_on_days(
    conn: Connection, rs: ResolvedScope, days: Sequence[dt.date]
) -> pl.DataFrame:
    """Per grid in scope and day: incidents open at the end of that day, in one grouped query.

    Columns: grid_id, day, open (grid-days without an open incident are absent).
    """
    schema = {"grid_id": pl.Int64, "day": pl.Date, "open": pl.Int64}
    if rs.empty or not days:
        return pl.DataFrame(schema=schema)
    table = _days_table([(day, _end(day), _end(day)) for day in sorted(set(days))])
    stmt = (
        sa.select(incident.c.grid_id, table.c.day, sa.func.count().label("open"))
        .select_from(incident)
        .join(table, sa.true())
        .where(
            incident.c.reported_at < table.c.to_ts,
            sa.or_(incident.c.resolved_at.is_(None), incident.c.resolved_at >= table.c.to_ts),
            _in_scope(incident.c.grid_id, rs),
        )
        .group_by(incident.c.grid_id, table.c.day)
    )
    return _frame(conn, stmt, schema)
