"""Queries of the worker-assessment page that the worker indicators' loader does not already make.

One worker's month day by day (the calendar), the community a worker belongs to, and the
earliest activity in the registry (the month picker's range). Everything else the page shows
comes from ``data_access.loaders.load_worker_inputs``, as ``python -m metrics workers`` does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access import queries as q
from data_access.dialect import day_of, ids_in
from data_access.queries import _dated_in, _frame, _in_scope, counted_scores, score_keys_unique
from data_access.schema import (
    assessment,
    community,
    grid_assignment,
    patrol,
    visit,
    worker,
)
from data_access.scope import ResolvedScope
from metrics.workers import log_on_time

DAY_SCHEMA = {
    "day": pl.Date,
    "visits": pl.Int64,
    "households_visited": pl.Int64,
    "patrols": pl.Int64,
    "logs": pl.Int64,
    "logs_on_time": pl.Int64,
}
VISIT_PATROL = ("visits", "households_visited", "patrols")


def worker_days(conn: Connection, worker_id: int, first: dt.date, last: dt.date) -> pl.DataFrame:
    """One worker's days in ``[first, last]`` that have a visit, a patrol or a work log.

    Per day: visits dated that day and distinct households visited; patrol rows; work logs
    about that day (``log_date``) and, of them, those on time (``metrics.workers.log_on_time``).
    Two round trips: visits and patrols grouped per day in the database, and the month's logs.
    """
    zero = sa.literal_column("0", sa.Integer)  # a constant, not a value
    visit_day = day_of(visit.c.visited_at)
    visits_q = (
        sa.select(
            visit_day.label("day"),
            sa.func.count().label("visits"),
            sa.func.count(sa.distinct(visit.c.household_id)).label("households_visited"),
            zero.label("patrols"),
        )
        .where(visit.c.worker_id == worker_id, _dated_in(visit.c.visited_at, first, last))
        .group_by(visit_day)
    )
    patrols_q = (
        sa.select(
            patrol.c.patrolled_on.label("day"),
            zero.label("visits"),
            zero.label("households_visited"),
            sa.func.count().label("patrols"),
        )
        .where(
            patrol.c.worker_id == worker_id,
            patrol.c.patrolled_on >= first,
            patrol.c.patrolled_on <= last,
        )
        .group_by(patrol.c.patrolled_on)
    )
    parts = sa.union_all(visits_q, patrols_q).subquery("parts")
    stmt = sa.select(
        parts.c.day,
        *(sa.cast(sa.func.sum(parts.c[name]), sa.Integer).label(name) for name in VISIT_PATROL),
    ).group_by(parts.c.day)
    visits_patrols = _frame(conn, stmt, {"day": pl.Date} | {n: pl.Int64 for n in VISIT_PATROL})
    # the on-time rule is metrics.workers.log_on_time, applied to the month's few log rows
    logs = (
        q.work_logs(conn, [worker_id], first, last)
        .group_by(pl.col("log_date").alias("day"))
        .agg(
            pl.len().cast(pl.Int64).alias("logs"),
            log_on_time().sum().cast(pl.Int64).alias("logs_on_time"),
        )
    )
    days = pl.concat([visits_patrols.select("day"), logs.select("day")]).unique()
    return (
        days.join(visits_patrols, on="day", how="left")
        .join(logs, on="day", how="left")
        .with_columns(pl.col(list(DAY_SCHEMA)[1:]).fill_null(0))
        .select(list(DAY_SCHEMA))
        .cast(DAY_SCHEMA)
        .sort("day")
    )


def worker_communities(conn: Connection, worker_ids: Sequence[int]) -> pl.DataFrame:
    """The community each of these workers belongs to (``worker.community_id``)."""
    schema = {"worker_id": pl.Int64, "community_code": pl.String, "community_name": pl.String}
    if not worker_ids:
        return pl.DataFrame(schema=schema)
    stmt = (
        sa.select(worker.c.id, community.c.code, community.c.name)
        .join(community, community.c.id == worker.c.community_id)
        .where(ids_in(worker.c.id, worker_ids))
        .order_by(worker.c.id)
    )
    return _frame(conn, stmt, schema)


def first_activity(conn: Connection) -> dt.date | None:
    """The earliest day of field work or assessment in the registry: the date of the first
    ``visit.visited_at`` or the first day of the first ``assessment.period``, whichever is
    earlier; ``None`` when there is neither."""
    visits = _frame(conn, sa.select(sa.func.min(visit.c.visited_at)), {"first": pl.Datetime("us")})
    periods = _frame(conn, sa.select(sa.func.min(assessment.c.period)), {"first": pl.String})
    found: list[dt.date] = []
    if visits["first"][0] is not None:
        found.append(visits["first"][0].date())
    period = periods["first"][0]
    if (
        period is not None
        and len(period) == 7
        and period[4] == "-"
        and period.replace("-", "").isdigit()
    ):
        with contextlib.suppress(ValueError):  # a malformed period is no activity
            found.append(dt.date(int(period[:4]), int(period[5:]), 1))
    return min(found) if found else None


def scored_months(conn: Connection, rs: ResolvedScope, known_on: dt.date) -> list[str]:
    """The periods (``YYYY-MM``) with at least one score known on ``known_on`` (contract 1.1)
    that a total counts, of a worker ever assigned to a grid in scope; sorted."""
    if rs.empty:
        return []
    from_, counted, _ = counted_scores(known_on, score_keys_unique(conn))
    # the workers assigned to a grid in scope, found once (not an EXISTS per score row, which
    # SQLite runs as one probe per row and grid of the scope: 1.8 s at 1M residents, 0.03 s so)
    assigned = assessment.c.worker_id.in_(
        sa.select(grid_assignment.c.worker_id).where(_in_scope(grid_assignment.c.grid_id, rs))
    )
    stmt = (
        sa.select(assessment.c.period)
        .select_from(from_)
        .where(counted, assigned)
        .group_by(assessment.c.period)
        .order_by(assessment.c.period)
    )
    return [p for p in _frame(conn, stmt, {"period": pl.String})["period"].to_list() if p]
