"""Incident queries for the incident-handling page (definitions in ``metrics.incidents``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.queries import _dated_in, _end, _frame, _in_scope
from data_access.schema import grid, incident, incident_category
from data_access.scope import ResolvedScope
from metrics.incidents import ROWS_SCHEMA

OVERDUE_SCHEMA = {
    "id": pl.Int64,
    "grid_code": pl.String,
    "grid_name": pl.String,
    "category": pl.String,
    "category_zh": pl.String,
    "category_en": pl.String,
    "reported_at": pl.Datetime("us"),
    "accepted_at": pl.Datetime("us"),
    "escalated": pl.Boolean,
}


def incident_rows(
    conn: Connection, rs: ResolvedScope, first: dt.date, last: dt.date
) -> pl.DataFrame:
    """Incidents of grids in scope reported on a day of ``[first, last]``, one row each."""
    stmt = sa.select(
        incident.c.id,
        incident.c.grid_id,
        incident.c.category,
        incident.c.reported_at,
        incident.c.accepted_at,
        incident.c.resolved_at,
        incident.c.escalated,
    ).where(_dated_in(incident.c.reported_at, first, last), _in_scope(incident.c.grid_id, rs))
    return _frame(conn, stmt, ROWS_SCHEMA)


def _open_at_end(rs: ResolvedScope) -> list[sa.ColumnElement]:
    """Open at the end of the as-of day (the snapshot's ``incidents.open``), grid in scope."""
    end = _end(rs.as_of)
    return [
        incident.c.reported_at < end,
        sa.or_(incident.c.resolved_at.is_(None), incident.c.resolved_at >= end),
        _in_scope(incident.c.grid_id, rs),
    ]


def backlog_counts(
    conn: Connection, rs: ResolvedScope, bounds: Sequence[tuple[str, dt.datetime | None]]
) -> pl.DataFrame:
    """Incidents open at the end of the as-of day per grid and age bucket.

    ``bounds`` lists each bucket, youngest first, with the earliest ``reported_at`` it takes
    (``None`` for the last, which takes the rest).
    """
    whens = [(incident.c.reported_at >= first, name) for name, first in bounds if first is not None]
    last = next(name for name, first in bounds if first is None)
    bucket = sa.case(*whens, else_=last).label("bucket")
    stmt = (
        sa.select(incident.c.grid_id, bucket, sa.func.count().label("open"))
        .where(*_open_at_end(rs))
        .group_by(incident.c.grid_id, bucket)
    )
    return _frame(conn, stmt, {"grid_id": pl.Int64, "bucket": pl.String, "open": pl.Int64})


def categories(conn: Connection) -> pl.DataFrame:
    """The ``incident_category`` lookup, in code order."""
    stmt = sa.select(
        incident_category.c.code, incident_category.c.name_zh, incident_category.c.name_en
    ).order_by(incident_category.c.code)
    return _frame(conn, stmt, {"code": pl.String, "name_zh": pl.String, "name_en": pl.String})


def overdue_page(
    conn: Connection, rs: ResolvedScope, reported_before: dt.datetime, offset: int, limit: int
) -> tuple[pl.DataFrame, int]:
    """Incidents open at the end of the as-of day and reported before ``reported_before``:
    one page of them, oldest first (ties by id), and how many there are."""
    where = [incident.c.reported_at < reported_before, *_open_at_end(rs)]
    total = _frame(
        conn, sa.select(sa.func.count()).select_from(incident).where(*where), {"n": pl.Int64}
    )
    stmt = (
        sa.select(
            incident.c.id,
            grid.c.code.label("grid_code"),
            grid.c.name.label("grid_name"),
            incident.c.category,
            incident_category.c.name_zh.label("category_zh"),
            incident_category.c.name_en.label("category_en"),
            incident.c.reported_at,
            incident.c.accepted_at,
            incident.c.escalated,
        )
        .join(grid, grid.c.id == incident.c.grid_id)
        .outerjoin(incident_category, incident_category.c.code == incident.c.category)
        .where(*where)
        .order_by(incident.c.reported_at, incident.c.id)
        .offset(offset)
        .limit(limit)
    )
    return _frame(conn, stmt, OVERDUE_SCHEMA), int(total["n"][0])
