"""Loaders: one call per page or command, each returning the small frames ``metrics`` needs.

A ``Registry`` wraps an opened, checked, read-only engine. Scope resolution and
the default as-of day live here, so the commands and the pages agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import polars as pl
from sqlalchemy.engine import Connection, Engine

from data_access import daily
from data_access import queries as q
from data_access.config import QueryLimits
from data_access.engine import open_registry, registry_identity
from data_access.scope import ResolvedScope, Scope, resolve
from metrics.core import MIN_DAY
from metrics.snapshot import SnapshotInputs, SnapshotPlan
from metrics.workers import MonthPlan, WorkerInputs, listed_workers

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def today_local() -> dt.date:
    return dt.datetime.now(LOCAL_TZ).date()


@dataclass(frozen=True)
class Registry:
    """An open registry. Cheap to pass around; the engine pools connections."""

    engine: Engine
    #: which registry this is, for the daily store (``data_access.engine.registry_identity``)
    key: str = ""
    #: the URL it was opened with (another process opens it again with this)
    url: str = ""

    @classmethod
    def open(cls, url: str, limits: QueryLimits | None = None) -> Registry:
        """Open and check the registry; its queries bounded by ``limits`` (default: configured)."""
        return cls(open_registry(url, limits), registry_identity(url), url)

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def default_as_of(self, today: dt.date | None = None) -> dt.date:
        """The latest visit date in the whole registry not after today (Asia/Shanghai), else today.

        ``today`` defaults to today in Asia/Shanghai; a visit dated later is ignored (1.1).
        """
        today = today or today_local()
        with self.connect() as conn:
            return q.latest_visit_day(conn, not_after=today, not_before=MIN_DAY) or today

    def organisation(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        """(communities, grids): the small lookup tables behind filters and scope resolution."""
        with self.connect() as conn:
            return q.communities(conn), q.grids(conn)

    def resolve(self, scope: Scope, as_of: dt.date | None = None) -> ResolvedScope:
        """Resolve ``scope``; the as-of day is ``as_of``, else the scope's, else the default."""
        day = as_of or scope.as_of or self.default_as_of()
        communities, grids = self.organisation()
        return resolve(scope, day, grids, communities)


def load_snapshot_inputs(conn: Connection, rs: ResolvedScope, plan: SnapshotPlan) -> SnapshotInputs:
    """Everything ``metrics.snapshot`` needs for ``rs`` on ``plan.as_of``, aggregated in the database."""
    workers = q.workers_in_post(conn, rs)
    worker_ids = sorted(set(workers["worker_id"].to_list()))
    period = q.latest_assessment_period(conn, worker_ids, plan.month, plan.as_of)
    scores = (
        q.assessment_scores(conn, worker_ids, period, plan.as_of)
        if period is not None
        else q.assessment_scores(conn, [], "", plan.as_of)
    )
    inhabited_ids = rs.grids.filter(pl.col("inhabited"))["id"].to_list()
    return SnapshotInputs(
        grids=rs.grids,
        households=daily.household_counts(conn, rs),
        residents=daily.resident_counts(conn, rs, plan.elderly_born_by),
        special_groups=q.special_groups(conn),
        special_group_counts=daily.special_group_counts(conn, rs),
        workers=workers,
        visits_this_week=daily.visits_by_grid(conn, rs, plan.week_start, plan.as_of),
        coverage=daily.coverage_by_grid(
            conn, rs, {"covered_30d": plan.coverage_30d_from, "covered_90d": plan.coverage_90d_from}
        ),
        last_week_visits=daily.grid_day_visits(conn, rs, plan.last_week_start, plan.last_week_end),
        last_week_households=daily.active_households_on_days(
            conn,
            inhabited_ids,
            [plan.last_week_start + dt.timedelta(days=i) for i in range(7)],
        ),
        open_incidents=daily.open_incidents(conn, rs),
        incidents_reported=q.incidents_reported(conn, rs, plan.incidents_from, plan.as_of),
        rentals=daily.rental_counts(conn, rs, plan.inspected_from),
        assessment_period=period,
        assessment_scores=scores,
    )


def load_worker_inputs(
    conn: Connection, rs: ResolvedScope, plan: MonthPlan, only: Sequence[int] | None = None
) -> WorkerInputs:
    """Everything ``metrics.workers`` needs for the workers listed in ``rs`` for ``plan``'s month;
    with ``only``, for those of them whose id is in ``only`` (each worker's indicators depend on
    his own records alone, so his row is the same either way)."""
    (inputs,) = load_worker_months(conn, rs, [plan], only)
    return inputs


def load_worker_months(
    conn: Connection,
    rs: ResolvedScope,
    plans: Sequence[MonthPlan],
    only: Sequence[int] | None = None,
) -> list[WorkerInputs]:
    """``load_worker_inputs`` for each of ``plans`` — the inputs of ``worker_indicators`` —
    with each input read once for the months together (one worker's six months: one read of
    each instead of six), then cut to each month's own range: visits from the first day through
    ``visits_through``; patrols, logs and incidents from the first day through the cut;
    households on the month's days; scores of the month. The assignments and posts are every listed worker's over the
    months: ``listed_workers``, ``duty_days`` and the households by day keep those of the
    month's days themselves."""
    if not plans or len({plan.as_of for plan in plans}) > 1:
        raise ValueError("the months of one load: at least one, all on the same as-of day")
    spans = [plan for plan in plans if plan.has_days]
    first = min((plan.first for plan in spans), default=plans[0].first)
    cut = max((plan.cut for plan in spans), default=first)
    through = max((plan.visits_through for plan in spans), default=first)
    # no day to count or nothing in scope: no worker is listed (empty frames, their schemas)
    anyone = only if spans and not rs.empty else []
    in_scope = q.assignments_overlapping(conn, first, cut, rs=rs, worker_ids=anyone)
    listed = [listed_workers(plan, in_scope) for plan in plans]
    ids = sorted({i for frame in listed for i in frame["worker_id"].to_list()})
    everything = q.assignments_overlapping(conn, first, cut, worker_ids=ids)
    grid_ids = sorted(set(everything["grid_id"].to_list()))
    days = sorted({day for plan in spans for day in plan.days})
    households = daily.active_households_on_days(conn, grid_ids, days)
    visits = daily.worker_day_visits(conn, ids, first, through)
    patrols = daily.patrol_days(conn, ids, first, cut)
    logs = daily.work_logs(conn, ids, first, cut)
    incidents = q.incidents_by_reporter(conn, ids, first, cut)
    scores = q.scores_in_periods(conn, ids, [plan.month for plan in spans], plans[0].as_of)
    out = []
    for plan, month_listed in zip(plans, listed, strict=True):
        mine = pl.col("worker_id").is_in(month_listed["worker_id"].to_list())
        month_ids = everything.filter(mine)

        def within(column: str | pl.Expr, last: dt.date, plan: MonthPlan = plan) -> pl.Expr:
            day = pl.col(column) if isinstance(column, str) else column
            return day.is_between(plan.first, last)

        out.append(
            WorkerInputs(
                listed=month_listed,
                posts=month_ids.select("worker_id", "started_on", "ended_on").unique(),
                assignments=month_ids.select("worker_id", "grid_id", "since", "until"),
                grid_households=households.filter(
                    pl.col("grid_id").is_in(month_ids["grid_id"].to_list()),
                    pl.col("day").is_in(plan.days),
                ),
                day_visits=visits.filter(mine, within("day", plan.visits_through)),
                patrol_days=patrols.filter(mine, within("day", plan.cut)),
                logs=logs.filter(mine, within("log_date", plan.cut)),
                incidents=incidents.filter(mine, within(pl.col("reported_at").dt.date(), plan.cut)),
                scores=scores.filter(mine, pl.col("period") == plan.month).drop("period"),
            )
        )
    return out
