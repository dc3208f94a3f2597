"""Edges of the worker indicators named in issue 4 that tests/metrics/test_workers.py leaves out.

Duty days end the day the post ends; a week whose Monday is in the previous month is not the
month's; a week counts from the day its Sunday is the as-of day; the 4 % rule looks at the grids
assigned that very day and is met at exactly 4 %; a log counts only on a duty day and only once;
an incident resolved at exactly 72 hours but after the as-of day is not resolved yet.
"""

import datetime as dt

from metrics.workers import MonthPlan
from tests.metrics.test_workers import ONE, assignments, run

D = dt.date
T = dt.datetime


def test_duty_days_stop_on_the_day_the_post_ends():
    # in post until 5 March (half-open): duty days 2, 3, 4 March; the patrol on the 5th is outside
    leaving = assignments(
        [(1, "王五", "grid_worker", D(2026, 1, 1), D(2026, 3, 5), 10, "G-10", D(2026, 1, 1), None)]
    )
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 10))
    patrols = [(1, D(2026, 3, d)) for d in (2, 3, 4, 5)]
    [row] = run(plan, leaving, patrols=patrols)
    assert row["patrol_rate"] == 1.0


def test_duty_days_are_monday_to_friday_only():
    # 1 March 2026 is a Sunday; as of Saturday 7 March the duty days are 2–6 March
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 7))
    patrols = [(1, D(2026, 3, 1)), (1, D(2026, 3, 2)), (1, D(2026, 3, 7))]
    [row] = run(plan, ONE, patrols=patrols)
    assert row["patrol_rate"] == 0.2  # 1 of 5


def test_week_with_its_monday_in_the_previous_month_is_not_counted():
    # the week of Monday 23 February ends on Sunday 1 March: not one of March's weeks
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 31))
    visits = [(1, D(2026, 2, 24), 1, 1), (1, D(2026, 2, 25), 1, 1), (1, D(2026, 3, 1), 1, 1)]
    [row] = run(plan, ONE, visits=visits)
    assert row["weeks"] == 4 and row["weeks_meeting_visit_days"] == 0
    assert row["visit_days"] == 1  # 1 March is still a day of March


def test_week_counts_once_its_sunday_is_the_as_of_day():
    visits = [(1, D(2026, 3, 5), 1, 1), (1, D(2026, 3, 7), 1, 1), (1, D(2026, 3, 8), 1, 1)]
    [on_sunday] = run(MonthPlan.for_month("2026-03", D(2026, 3, 8)), ONE, visits=visits)
    assert (on_sunday["weeks"], on_sunday["weeks_meeting_visit_days"]) == (1, 1)
    [on_saturday] = run(MonthPlan.for_month("2026-03", D(2026, 3, 7)), ONE, visits=visits)
    assert (on_saturday["weeks"], on_saturday["weeks_meeting_visit_days"]) == (0, 0)


def test_four_percent_uses_the_grids_assigned_that_day():
    # the second grid is assigned from 3 March: on the 2nd only G-10's 50 households count
    two = assignments(
        [
            (1, "王五", "grid_worker", D(2026, 1, 1), None, 10, "G-10", D(2026, 1, 1), None),
            (1, "王五", "grid_worker", D(2026, 1, 1), None, 11, "G-11", D(2026, 3, 3), None),
        ]
    )
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 10))
    households = [(g, D(2026, 3, d), 50) for g in (10, 11) for d in (2, 3)]
    visits = [(1, D(2026, 3, 2), 2, 2), (1, D(2026, 3, 3), 3, 3)]  # 2/50 = 4 %; 3/100 = 3 %
    [row] = run(plan, two, visits=visits, households=households)
    assert row["visit_days"] == 2 and row["visit_days_meeting_rate"] == 1


def test_four_percent_is_met_at_exactly_four_percent():
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 10))
    households = [(10, D(2026, 3, 2), 25), (10, D(2026, 3, 3), 26)]
    visits = [(1, D(2026, 3, 2), 1, 1), (1, D(2026, 3, 3), 1, 1)]  # 1/25 = 4 %; 1/26 < 4 %
    [row] = run(plan, ONE, visits=visits, households=households)
    assert row["visit_days_meeting_rate"] == 1


def test_four_percent_counts_distinct_households_not_visits():
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 10))
    visits = [(1, D(2026, 3, 2), 3, 1)]  # three visits to one household of 50
    [row] = run(plan, ONE, visits=visits, households=[(10, D(2026, 3, 2), 50)])
    assert row["visits"] == 3 and row["visit_days_meeting_rate"] == 0


def test_log_submitted_before_its_day_is_not_on_time():
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 2))  # one duty day
    [row] = run(plan, ONE, logs=[(1, D(2026, 3, 2), D(2026, 3, 1))])
    assert row["log_on_time_rate"] == 0.0


def test_two_logs_about_one_day_count_once():
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 3))  # duty days: 2nd and 3rd
    logs = [(1, D(2026, 3, 2), D(2026, 3, 2)), (1, D(2026, 3, 2), D(2026, 3, 3))]
    [row] = run(plan, ONE, logs=logs)
    assert row["log_on_time_rate"] == 0.5


def test_log_about_a_weekend_day_does_not_count():
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 9))  # duty days 2–6 and 9: six
    logs = [(1, D(2026, 3, 7), D(2026, 3, 7)), (1, D(2026, 3, 9), D(2026, 3, 9))]
    [row] = run(plan, ONE, logs=logs)
    assert row["log_on_time_rate"] == 0.1667  # 1 of 6


def test_resolved_at_72_hours_but_after_the_as_of_day_is_not_yet_resolved():
    incidents = [(1, 1, T(2026, 3, 8, 9), T(2026, 3, 11, 9))]  # exactly 72 h, on the 11th
    [before] = run(MonthPlan.for_month("2026-03", D(2026, 3, 10)), ONE, incidents=incidents)
    assert before["incidents_reported"] == 1 and before["incidents_resolved_72h_rate"] == 0.0
    [after] = run(MonthPlan.for_month("2026-03", D(2026, 3, 11)), ONE, incidents=incidents)
    assert after["incidents_resolved_72h_rate"] == 1.0


def test_unresolved_incident_counts_as_reported_not_resolved():
    incidents = [(1, 1, T(2026, 3, 2, 9), None), (2, 1, T(2026, 3, 2, 10), T(2026, 3, 2, 11))]
    [row] = run(MonthPlan.for_month("2026-03", D(2026, 3, 31)), ONE, incidents=incidents)
    assert row["incidents_reported"] == 2 and row["incidents_resolved_72h_rate"] == 0.5
