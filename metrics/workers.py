"""Worker indicators (网格员考核指标) of ``kpi-definitions.md``: one worker, one month, cut off at a day.

``MonthPlan`` fixes the days; ``listed_workers`` decides who is listed and with
which grids; ``worker_indicators`` computes every indicator from the small
frames of ``data_access.loaders.load_worker_inputs``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from metrics.core import days_between, month_bounds, ratio, round_score
from metrics.snapshot import RULE_VISIT_DAYS, meets_daily_rate, resolved_within_72h, worker_totals

#: the nine worker indicators of ``kpi-definitions.md``, in the contract's order: name → whether
#: it is a ratio (else a count). Every other list of them is derived from this one.
INDICATOR_IS_RATIO: dict[str, bool] = {
    "visits": False,
    "visit_days": False,
    "weeks": False,
    "weeks_meeting_visit_days": False,
    "visit_days_meeting_rate": False,
    "patrol_rate": True,
    "log_on_time_rate": True,
    "incidents_reported": False,
    "incidents_resolved_72h_rate": True,
}
INDICATORS = tuple(INDICATOR_IS_RATIO)
COUNT_INDICATORS = tuple(name for name in INDICATORS if not INDICATOR_IS_RATIO[name])
RATE_INDICATORS = tuple(name for name in INDICATORS if INDICATOR_IS_RATIO[name])
#: a worker row's figures beyond the nine indicators: the month's total and its scores
SCORE_TOTAL = "score_total"
SCORES = "scores"
#: every figure key of a worker row of ``python -m metrics workers``, in the contract's order
INDICATOR_KEYS = (*INDICATORS, SCORE_TOTAL, SCORES)
#: ``date.weekday()`` of the last duty weekday (Friday): duty days are Monday–Friday
LAST_DUTY_WEEKDAY = 4


@dataclass(frozen=True)
class MonthPlan:
    """Month ``M`` cut off at ``as_of``: its days, its weeks, and the span of visits to read."""

    month: str
    as_of: dt.date
    first: dt.date
    last: dt.date

    @classmethod
    def for_month(cls, month: str, as_of: dt.date) -> MonthPlan:
        first, last = month_bounds(month)
        return cls(month=month, as_of=as_of, first=first, last=last)

    @property
    def cut(self) -> dt.date:
        """The last day of ``M`` that counts: the month's end or the as-of day, whichever is earlier."""
        return min(self.last, self.as_of)

    @property
    def has_days(self) -> bool:
        return self.as_of >= self.first

    @property
    def days(self) -> list[dt.date]:
        """The days of ``M``: its calendar days up to and including the as-of day."""
        return days_between(self.first, self.cut) if self.has_days else []

    @property
    def weeks(self) -> list[dt.date]:
        """Mondays of the ISO weeks whose Monday falls in ``M`` and whose Sunday is on or before as-of."""
        return [
            day
            for day in days_between(self.first, self.last)
            if day.weekday() == 0 and day + dt.timedelta(days=6) <= self.as_of
        ]

    @property
    def visits_through(self) -> dt.date:
        """The last day whose visits matter: the cut, or the Sunday of the last counted week."""
        sundays = [monday + dt.timedelta(days=6) for monday in self.weeks]
        return max([self.cut, *sundays])


def _day_frame(days: list[dt.date]) -> pl.DataFrame:
    return pl.DataFrame({"day": days}, schema={"day": pl.Date})


def active_on(since: str | pl.Expr, until: str | pl.Expr, day: str = "day") -> pl.Expr:
    """Half-open ``[since, until)`` holds on column ``day``; NULL ``until`` = still holds."""
    since = pl.col(since) if isinstance(since, str) else since
    until = pl.col(until) if isinstance(until, str) else until
    return (since <= pl.col(day)) & (until.is_null() | (until > pl.col(day)))


def in_post(
    started_on: str | pl.Expr = "started_on", ended_on: str | pl.Expr = "ended_on"
) -> pl.Expr:
    """The worker is in post on column ``day``: ``started_on <= day`` and (``ended_on`` NULL or
    ``ended_on > day``)."""
    return active_on(started_on, ended_on)


def duty_day(
    started_on: str | pl.Expr = "started_on", ended_on: str | pl.Expr = "ended_on"
) -> pl.Expr:
    """**Duty day** on column ``day`` (a day of ``M``): Monday–Friday and the worker in post."""
    weekday = pl.col("day").dt.weekday() - 1  # polars: Monday = 1; date.weekday(): Monday = 0
    return (weekday <= LAST_DUTY_WEEKDAY) & in_post(started_on, ended_on)


def log_on_time(log_date: str = "log_date", submitted_on: str = "submitted_on") -> pl.Expr:
    """A work log is **on time** when it is submitted on the date it is about."""
    return pl.col(submitted_on) == pl.col(log_date)


def listed_workers(plan: MonthPlan, assignments: pl.DataFrame) -> pl.DataFrame:
    """Workers listed for the month, with their grids in scope, sorted by worker id.

    A worker is listed when, on some day of ``M``, he is in post and has an active
    assignment to a grid in scope; his ``grids`` are the codes of the grids in scope so
    assigned on such a day, sorted. ``assignments`` holds assignments to grids in scope.
    """
    schema = {
        "worker_id": pl.Int64,
        "name": pl.String,
        "role": pl.String,
        "grids": pl.List(pl.String),
    }
    if not plan.has_days or assignments.is_empty():
        return pl.DataFrame(schema=schema)
    on_days = assignments.join(_day_frame(plan.days), how="cross").filter(
        in_post() & active_on("since", "until")
    )
    return (
        on_days.group_by("worker_id", "name", "role")
        .agg(pl.col("grid_code").unique().sort().alias("grids"))
        .sort("worker_id")
        .select(list(schema))
    )


def duty_days(plan: MonthPlan, workers: pl.DataFrame) -> pl.DataFrame:
    """(worker_id, day): Monday–Friday days of ``M`` on which the worker is in post."""
    return (
        workers.select("worker_id", "started_on", "ended_on")
        .unique()
        .join(_day_frame(plan.days), how="cross")
        .filter(duty_day())
        .select("worker_id", "day")
    )


def grid_households_by_day(
    plan: MonthPlan, assignments: pl.DataFrame, households: pl.DataFrame
) -> pl.DataFrame:
    """(worker_id, day, households): active households on the day in the worker's grids that day.

    The worker's grids on a day are the grids of his assignments active that day (any grid).
    """
    grids = (
        assignments.select("worker_id", "grid_id", "since", "until")
        .join(_day_frame(plan.days), how="cross")
        .filter(active_on("since", "until"))
        .select("worker_id", "day", "grid_id")
        .unique()
    )
    return (
        grids.join(households, on=["grid_id", "day"], how="left")
        .group_by("worker_id", "day")
        .agg(pl.col("households").fill_null(0).sum())
    )


@dataclass(frozen=True)
class WorkerInputs:
    """Frames for the listed workers (see ``data_access.loaders.load_worker_inputs``)."""

    listed: pl.DataFrame  # worker_id, name, role, grids
    posts: pl.DataFrame  # worker_id, started_on, ended_on
    assignments: (
        pl.DataFrame
    )  # every assignment of the listed workers: worker_id, grid_id, since, until
    grid_households: pl.DataFrame  # grid_id, day, households — for the days of M
    day_visits: (
        pl.DataFrame
    )  # worker_id, day, visits, households_visited — through plan.visits_through
    patrol_days: pl.DataFrame  # worker_id, day
    logs: pl.DataFrame  # worker_id, log_date, submitted_on
    incidents: pl.DataFrame  # id, worker_id, reported_at, resolved_at
    scores: pl.DataFrame  # worker_id, criterion_code, score, max_score — for period M


def _rate_by_worker(duty: pl.DataFrame, hits: pl.DataFrame, name: str) -> pl.DataFrame:
    """Duty days with a hit ÷ duty days, per worker (``None`` with no duty day)."""
    marked = duty.join(
        hits.unique().with_columns(hit=pl.lit(True)), on=["worker_id", "day"], how="left"
    )
    counts = marked.group_by("worker_id").agg(
        pl.len().alias("duty"), pl.col("hit").fill_null(False).sum().alias("hits")
    )
    rates = {w: ratio(h, n) for w, n, h in counts.select("worker_id", "duty", "hits").iter_rows()}
    return pl.DataFrame(
        {"worker_id": list(rates), name: list(rates.values())},
        schema={"worker_id": pl.Int64, name: pl.Float64},
    )


def worker_indicators(plan: MonthPlan, inputs: WorkerInputs) -> list[dict[str, Any]]:
    """One dict per listed worker: id, name, role, grids and every indicator, sorted by id."""
    listed = inputs.listed
    if listed.is_empty():
        return []
    month_days = set(plan.days)
    visits_in_month = inputs.day_visits.filter(pl.col("day").is_in(list(month_days)))

    # visit_days_meeting_rate: days with households in the worker's grids, meeting 4 %
    households = grid_households_by_day(plan, inputs.assignments, inputs.grid_households)
    rated = visits_in_month.join(households, on=["worker_id", "day"], how="left").with_columns(
        pl.col("households").fill_null(0)
    )
    meeting = rated.group_by("worker_id").agg(
        meets_daily_rate(pl.col("households_visited"), pl.col("households")).sum().alias("meeting")
    )
    visit_totals = visits_in_month.group_by("worker_id").agg(
        pl.col("visits").sum(), pl.len().alias("visit_days")
    )

    # weeks meeting the 3-day rule (all seven days of each counted week)
    week_rows = [(m, m + dt.timedelta(days=i)) for m in plan.weeks for i in range(7)]
    week_days = pl.DataFrame(week_rows, schema={"monday": pl.Date, "day": pl.Date}, orient="row")
    weeks_met = (
        inputs.day_visits.join(week_days, on="day")
        .group_by("worker_id", "monday")
        .agg(pl.len().alias("days"))
        .filter(pl.col("days") >= RULE_VISIT_DAYS)
        .group_by("worker_id")
        .agg(pl.len().alias("weeks_met"))
    )

    duty = duty_days(plan, inputs.posts)
    patrol = _rate_by_worker(duty, inputs.patrol_days.select("worker_id", "day"), "patrol_rate")
    on_time = inputs.logs.filter(log_on_time()).select("worker_id", pl.col("log_date").alias("day"))
    logs = _rate_by_worker(duty, on_time, "log_on_time_rate")

    reported = (
        inputs.incidents.with_columns(within=resolved_within_72h(plan.as_of))
        .group_by("worker_id")
        .agg(pl.len().alias("reported"), pl.col("within").sum())
    )
    totals = worker_totals(inputs.scores)

    table = (
        listed.join(visit_totals, on="worker_id", how="left")
        .join(meeting, on="worker_id", how="left")
        .join(weeks_met, on="worker_id", how="left")
        .join(patrol, on="worker_id", how="left")
        .join(logs, on="worker_id", how="left")
        .join(reported, on="worker_id", how="left")
        .sort("worker_id")
    )
    scores_by_worker: dict[int, dict[str, float]] = {}
    for worker_id, code, score in (
        inputs.scores.sort("criterion_code")
        .select("worker_id", "criterion_code", "score")
        .iter_rows()
    ):
        scores_by_worker.setdefault(worker_id, {})[code] = score

    weeks = len(plan.weeks)
    rows = []
    for row in table.to_dicts():
        worker_id = row["worker_id"]
        reported_n = row["reported"] or 0
        total = totals.get(worker_id)
        rows.append(
            {
                "id": worker_id,
                "name": row["name"],
                "role": row["role"],
                "grids": list(row["grids"]),
                "visits": int(row["visits"] or 0),
                "visit_days": int(row["visit_days"] or 0),
                "weeks": weeks,
                "weeks_meeting_visit_days": int(row["weeks_met"] or 0),
                "visit_days_meeting_rate": int(row["meeting"] or 0),
                "patrol_rate": row["patrol_rate"],
                "log_on_time_rate": row["log_on_time_rate"],
                "incidents_reported": int(reported_n),
                "incidents_resolved_72h_rate": ratio(row["within"] or 0, reported_n),
                "score_total": round_score(total) if total is not None else None,
                "scores": scores_by_worker.get(worker_id, {}),
            }
        )
    return rows
