"""The registry's side of a user's access: which grids a township, a community or a worker's
assignment on a day covers. Read-only, bound parameters; the rules are in ``auth.access``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access import queries as q
from data_access.queries import _active
from data_access.schema import community, grid, grid_assignment, worker


def grid_table(conn: Connection) -> pl.DataFrame:
    """Every grid's code, community code and township (the rule of ``auth.access`` reads it)."""
    return q.grids(conn).select("code", "community_code", "township")


def grids_of_townships(conn: Connection, townships: Sequence[str]) -> frozenset[str]:
    if not townships:
        return frozenset()
    query = (
        sa.select(grid.c.code)
        .join(community, community.c.id == grid.c.community_id)
        .where(community.c.township.in_(list(townships)))
    )
    return frozenset(conn.execute(query).scalars())


def grids_of_communities(conn: Connection, codes: Sequence[str]) -> frozenset[str]:
    if not codes:
        return frozenset()
    query = (
        sa.select(grid.c.code)
        .join(community, community.c.id == grid.c.community_id)
        .where(community.c.code.in_(list(codes)))
    )
    return frozenset(conn.execute(query).scalars())


def grids_known(conn: Connection, codes: Sequence[str]) -> frozenset[str]:
    if not codes:
        return frozenset()
    query = sa.select(grid.c.code).where(grid.c.code.in_(list(codes)))
    return frozenset(conn.execute(query).scalars())


def assigned_grids(conn: Connection, worker_id: int, day: dt.date) -> frozenset[str]:
    """The grids ``worker_id`` answers for on ``day`` (``grid_assignment`` half-open, and the
    worker in post that day)."""
    query = (
        sa.select(grid.c.code)
        .join(grid_assignment, grid_assignment.c.grid_id == grid.c.id)
        .join(worker, worker.c.id == grid_assignment.c.worker_id)
        .where(
            grid_assignment.c.worker_id == worker_id,
            _active(grid_assignment.c.since, grid_assignment.c.until, day),
            _active(worker.c.started_on, worker.c.ended_on, day),
        )
    )
    return frozenset(conn.execute(query).scalars())


def worker_exists(conn: Connection, worker_id: int) -> bool:
    query = sa.select(worker.c.id).where(worker.c.id == worker_id)
    return conn.execute(query).first() is not None


def first_worker_in_post(
    conn: Connection, community_code: str, role: str
) -> tuple[int, str] | None:
    """(id, name) of the community's first ``role`` still in post with a grid still assigned —
    the demo's grid leader and grid worker accounts."""
    query = (
        sa.select(worker.c.id, worker.c.name)
        .join(community, community.c.id == worker.c.community_id)
        .where(
            community.c.code == community_code,
            worker.c.role == role,
            worker.c.ended_on.is_(None),
            sa.exists().where(
                grid_assignment.c.worker_id == worker.c.id, grid_assignment.c.until.is_(None)
            ),
        )
        .order_by(worker.c.id)
        .limit(1)
    )
    row = conn.execute(query).first()
    return (row.id, row.name) if row else None
