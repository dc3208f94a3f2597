"""Worker indicators on tiny frames: duty days, weeks, the 4 % rule with two grids, logs, 72 hours."""

import datetime as dt

import polars as pl

from metrics.workers import MonthPlan, WorkerInputs, listed_workers, worker_indicators

D = dt.date
T = dt.datetime

ASSIGNMENT_SCHEMA = {
    "worker_id": pl.Int64,
    "name": pl.String,
    "role": pl.String,
    "started_on": pl.Date,
    "ended_on": pl.Date,
    "grid_id": pl.Int64,
    "grid_code": pl.String,
    "since": pl.Date,
    "until": pl.Date,
}


def assignments(rows):
    return pl.DataFrame(rows, schema=ASSIGNMENT_SCHEMA, orient="row")


def frame(rows, schema):
    return pl.DataFrame(rows, schema=schema, orient="row")


def inputs(assign, *, visits=(), households=(), patrols=(), logs=(), incidents=(), scores=()):
    plan_listed = assign  # tests pass assignments to grids in scope
    return dict(
        assign=plan_listed,
        visits=frame(
            list(visits),
            {
                "worker_id": pl.Int64,
                "day": pl.Date,
                "visits": pl.Int64,
                "households_visited": pl.Int64,
            },
        ),
        households=frame(
            list(households), {"grid_id": pl.Int64, "day": pl.Date, "households": pl.Int64}
        ),
        patrols=frame(list(patrols), {"worker_id": pl.Int64, "day": pl.Date}),
        logs=frame(
            list(logs), {"worker_id": pl.Int64, "log_date": pl.Date, "submitted_on": pl.Date}
        ),
        incidents=frame(
            list(incidents),
            {
                "id": pl.Int64,
                "worker_id": pl.Int64,
                "reported_at": pl.Datetime("us"),
                "resolved_at": pl.Datetime("us"),
            },
        ),
        scores=frame(
            list(scores),
            {
                "worker_id": pl.Int64,
                "criterion_code": pl.String,
                "score": pl.Float64,
                "max_score": pl.Float64,
            },
        ),
    )


def run(plan, assign, **kw):
    f = inputs(assign, **kw)
    listed = listed_workers(plan, f["assign"])
    return worker_indicators(
        plan,
        WorkerInputs(
            listed=listed,
            posts=f["assign"].select("worker_id", "started_on", "ended_on").unique(),
            assignments=f["assign"].select("worker_id", "grid_id", "since", "until"),
            grid_households=f["households"],
            day_visits=f["visits"],
            patrol_days=f["patrols"],
            logs=f["logs"],
            incidents=f["incidents"],
            scores=f["scores"],
        ),
    )


ONE = assignments(
    [(1, "王五", "grid_worker", D(2026, 1, 1), None, 10, "G-10", D(2026, 1, 1), None)]
)


def test_duty_days_are_weekdays_in_post():
    # March 2026 up to the 10th: weekdays 2-6 and 9-10 = 7; the worker starts on the 4th → 5 duty days
    late = assignments(
        [(1, "王五", "grid_worker", D(2026, 3, 4), None, 10, "G-10", D(2026, 1, 1), None)]
    )
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 10))
    patrols = [(1, D(2026, 3, d)) for d in (4, 5, 7)]  # the 7th is a Saturday: not a duty day
    [row] = run(plan, late, patrols=patrols)
    assert row["patrol_rate"] == 0.4  # 2 of 5


def test_no_duty_day_gives_null_rates():
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 1))  # a Sunday: no weekday yet
    [row] = run(plan, ONE)
    assert row["patrol_rate"] is None and row["log_on_time_rate"] is None


def test_weeks_need_monday_in_month_and_sunday_by_as_of():
    # March 2026 Mondays: 2, 9, 16, 23, 30. As of the 29th: weeks of 2, 9, 16, 23 (Sunday 29th included)
    assert MonthPlan.for_month("2026-03", D(2026, 3, 29)).weeks == [
        D(2026, 3, d) for d in (2, 9, 16, 23)
    ]
    assert len(MonthPlan.for_month("2026-03", D(2026, 3, 28)).weeks) == 3
    # the week of 30 March ends on 5 April: it counts for March once that Sunday is past
    assert MonthPlan.for_month("2026-03", D(2026, 4, 5)).weeks[-1] == D(2026, 3, 30)


def test_week_meeting_counts_days_after_the_month_end():
    plan = MonthPlan.for_month("2026-03", D(2026, 4, 30))
    visits = [(1, D(2026, 3, 30), 1, 1), (1, D(2026, 4, 1), 1, 1), (1, D(2026, 4, 2), 1, 1)]
    [row] = run(plan, ONE, visits=visits)
    assert row["weeks"] == 5
    assert row["weeks_meeting_visit_days"] == 1
    assert row["visits"] == 1 and row["visit_days"] == 1  # only 30 March is a day of M


def test_four_percent_over_two_grids():
    two = assignments(
        [
            (1, "王五", "grid_worker", D(2026, 1, 1), None, 10, "G-10", D(2026, 1, 1), None),
            (1, "王五", "grid_worker", D(2026, 1, 1), None, 11, "G-11", D(2026, 1, 1), None),
        ]
    )
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 10))
    households = [
        (10, D(2026, 3, 2), 30),
        (11, D(2026, 3, 2), 20),
        (10, D(2026, 3, 3), 30),
        (11, D(2026, 3, 3), 20),
    ]
    visits = [(1, D(2026, 3, 2), 2, 2), (1, D(2026, 3, 3), 1, 1)]  # 2/50 = 4 % meets; 1/50 does not
    [row] = run(plan, two, visits=visits, households=households)
    assert row["grids"] == ["G-10", "G-11"]
    assert row["visit_days"] == 2 and row["visit_days_meeting_rate"] == 1


def test_a_visit_day_without_households_stays_in_visit_days():
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 10))
    [row] = run(plan, ONE, visits=[(1, D(2026, 3, 2), 3, 3)])
    assert row["visit_days"] == 1 and row["visit_days_meeting_rate"] == 0


def test_log_submitted_next_day_is_not_on_time():
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 3))  # duty days: 2nd and 3rd
    logs = [(1, D(2026, 3, 2), D(2026, 3, 2)), (1, D(2026, 3, 3), D(2026, 3, 4))]
    [row] = run(plan, ONE, logs=logs)
    assert row["log_on_time_rate"] == 0.5


def test_incident_resolved_at_exactly_72_hours():
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 31))
    incidents = [
        (1, 1, T(2026, 3, 2, 9), T(2026, 3, 5, 9)),
        (2, 1, T(2026, 3, 2, 9), T(2026, 3, 5, 9, 1)),
    ]
    [row] = run(plan, ONE, incidents=incidents)
    assert row["incidents_reported"] == 2 and row["incidents_resolved_72h_rate"] == 0.5


def test_unscored_worker_has_null_total_and_empty_scores():
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 31))
    [row] = run(plan, ONE)
    assert row["score_total"] is None and row["scores"] == {}
    assert row["incidents_resolved_72h_rate"] is None


def test_scores_and_total():
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 31))
    [row] = run(plan, ONE, scores=[(1, "visits", 22.5, 25.0), (1, "patrol", 12.0, 15.0)])
    assert row["scores"] == {"patrol": 12.0, "visits": 22.5}
    assert row["score_total"] == 86.25


def test_worker_not_in_post_during_month_is_not_listed():
    gone = assignments(
        [(1, "王五", "grid_worker", D(2025, 1, 1), D(2026, 3, 1), 10, "G-10", D(2025, 1, 1), None)]
    )
    assert listed_workers(MonthPlan.for_month("2026-03", D(2026, 3, 31)), gone).is_empty()


def test_grids_only_from_days_in_post_and_assigned():
    rows = assignments(
        [
            # assigned to G-10 until 5 March, to G-11 from 20 March; as of 10 March only G-10 counts
            (
                1,
                "王五",
                "grid_worker",
                D(2026, 1, 1),
                None,
                10,
                "G-10",
                D(2026, 1, 1),
                D(2026, 3, 5),
            ),
            (1, "王五", "grid_worker", D(2026, 1, 1), None, 11, "G-11", D(2026, 3, 20), None),
        ]
    )
    listed = listed_workers(MonthPlan.for_month("2026-03", D(2026, 3, 10)), rows)
    assert listed["grids"].to_list() == [["G-10"]]


def test_as_of_before_the_month_lists_nobody():
    assert listed_workers(MonthPlan.for_month("2026-03", D(2026, 2, 28)), ONE).is_empty()
