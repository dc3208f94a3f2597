"""The weekly overview (周例会总览): this day, the same day a week earlier, what needs action."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl
from sqlalchemy.engine import Connection

from data_access import daily
from data_access import incidents as qi
from data_access import queries as q
from data_access.config import campaign_periods
from data_access.loaders import load_snapshot_inputs
from data_access.scope import ResolvedScope
from metrics.registration import judged_weeks, registration_weeks
from metrics.snapshot import (
    SnapshotPlan,
    overdue_reported_before,
    snapshot,
    week_rule_problems,
    week_rules_by_grid,
)

#: the overview lists at most this many of the incidents open longer than 72 hours
OVERDUE_LIST_LIMIT = 20
#: the overview compares the day with the same weekday this many days before
COMPARED_DAYS_BEFORE = 7


@dataclass(frozen=True)
class Overview:
    as_of: dt.date
    current: dict[str, Any]
    previous: dict[str, Any]
    special_groups: pl.DataFrame  # the lookup, for names and the sensitive flag
    rule_problems: pl.DataFrame  # grids below the visit rules last week
    overdue: pl.DataFrame  # oldest open incidents older than 72 hours
    overdue_total: int
    orphans: int = 0  # rows pointing at a missing row, left out of every figure (DQ28)
    orphans_sensitive: int = 0  # of them, rows about a sensitive group's membership
    memberships_left_out: int = 0  # memberships of no group or level (DQ12, DQ28)
    scores_left_out: int = 0  # score rows of the assessment period no total counts (DQ25–DQ28)
    #: the weeks around the day judged for registration (``metrics.registration``)
    registration: pl.DataFrame = field(default_factory=pl.DataFrame)
    #: every inhabited grid's visit rules in the last complete week (``week_rules_by_grid``)
    week_rules: pl.DataFrame = field(default_factory=pl.DataFrame)


def previous_day(as_of: dt.date) -> dt.date:
    """The day the overview compares with: the same weekday a week earlier."""
    return as_of - dt.timedelta(days=COMPARED_DAYS_BEFORE)


def registration_weeks_in(
    conn: Connection, rs: ResolvedScope, as_of: dt.date, shown_weeks: int
) -> pl.DataFrame:
    """The ``shown_weeks`` weeks ending with ``as_of``'s week (and those judged before them),
    each marked whether it is a registration week (``metrics.registration``)."""
    mondays = judged_weeks(as_of, shown_weeks)
    weekly = daily.registrations_by_week(conn, rs, mondays, as_of)
    return registration_weeks(weekly, mondays, campaign_periods()[0])


def overview(
    conn: Connection, rs: ResolvedScope, overdue_limit: int = OVERDUE_LIST_LIMIT
) -> Overview:
    """Everything the weekly overview shows for ``rs`` on ``rs.as_of``."""
    as_of = rs.as_of
    plan = SnapshotPlan.for_day(as_of)
    before = previous_day(as_of)
    prev_plan = SnapshotPlan.for_day(before)
    inputs = load_snapshot_inputs(conn, rs, plan)
    prev_inputs = load_snapshot_inputs(conn, replace(rs, as_of=before), prev_plan)
    overdue, overdue_total = qi.overdue_page(
        conn, rs, overdue_reported_before(as_of), 0, overdue_limit
    )
    orphans = daily.check_counts(conn, rs, "DQ28").sum()
    registration = registration_weeks_in(conn, rs, as_of, shown_weeks=2)
    memberships_left_out = daily.memberships_left_out(conn, rs)
    period = inputs.assessment_period
    scores_left_out = (
        q.scores_left_out(conn, sorted(set(inputs.workers["worker_id"].to_list())), period, as_of)
        if period is not None
        else 0
    )
    rules = week_rules_by_grid(inputs.grids, inputs.last_week_visits, inputs.last_week_households)
    problems = week_rule_problems(rules).join(
        inputs.grids.select(
            pl.col("id").alias("grid_id"), pl.col("name").alias("grid_name"), "community_name"
        ),
        on="grid_id",
    )
    return Overview(
        as_of=as_of,
        current=snapshot(plan, inputs),
        previous=snapshot(prev_plan, prev_inputs),
        special_groups=inputs.special_groups,
        rule_problems=problems,
        overdue=overdue,
        overdue_total=overdue_total,
        orphans=int(orphans["records"][0] or 0),
        orphans_sensitive=int(orphans["sensitive"][0] or 0),
        memberships_left_out=memberships_left_out,
        scores_left_out=scores_left_out,
        registration=registration,
        week_rules=rules,
    )
