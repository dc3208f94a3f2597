"""The assessment sheet's own figures on tiny literal frames: one edge per test."""

import datetime as dt
from fractions import Fraction

import polars as pl

from metrics.assessment import (
    HIGH_SCORE_WEAK_EVIDENCE,
    LATE,
    LOW_SCORE_STRONG_EVIDENCE,
    MISSING,
    NOT_DUE,
    ON_TIME,
    Band,
    Thresholds,
    calendar_days,
    change,
    criterion_profile,
    default_month,
    evidence_flags,
    fixed_thresholds,
    month_options,
    month_over_month,
    quantile,
    quarter_band,
    quarter_thresholds,
    sheet,
    shift_month,
    trailing_months,
    visit_compliance,
    worker_grids,
    worker_trend,
)
from metrics.workers import MonthPlan

D = dt.date


def row(worker_id, total=None, *, role="grid_worker", scores=None, **figures):
    """One ``worker_indicators`` row with defaults."""
    base = {
        "id": worker_id,
        "name": f"网格员{worker_id}",
        "role": role,
        "grids": ["G-10"],
        "visits": 0,
        "visit_days": 0,
        "weeks": 4,
        "weeks_meeting_visit_days": 0,
        "visit_days_meeting_rate": 0,
        "patrol_rate": None,
        "log_on_time_rate": None,
        "incidents_reported": 0,
        "incidents_resolved_72h_rate": None,
        "score_total": total,
        "scores": scores or {},
    }
    return base | figures


# --- months -----------------------------------------------------------------


def test_shift_month_crosses_the_year():
    assert shift_month("2026-01", -1) == "2025-12"
    assert shift_month("2025-12", 1) == "2026-01"


def test_trailing_months_are_six_oldest_first():
    assert trailing_months("2026-02") == [
        "2025-09",
        "2025-10",
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
    ]


def test_month_options_run_from_first_activity_to_the_as_of_month_newest_first():
    assert month_options(D(2026, 2, 20), D(2026, 4, 1)) == ["2026-04", "2026-03", "2026-02"]


def test_month_options_without_activity_is_the_as_of_month():
    assert month_options(None, D(2026, 4, 1)) == ["2026-04"]


def test_month_options_with_activity_after_the_as_of_day():
    assert month_options(D(2026, 5, 1), D(2026, 4, 1)) == ["2026-04"]


def test_default_month_is_the_latest_complete_month():
    assert default_month(D(2026, 3, 10), ["2026-03", "2026-02"]) == "2026-02"


def test_default_month_on_the_last_day_is_that_month():
    assert default_month(D(2026, 3, 31), ["2026-03", "2026-02"]) == "2026-03"


def test_default_month_falls_back_to_the_newest_option():
    assert default_month(D(2026, 3, 10), ["2026-03"]) == "2026-03"


# --- the sheet --------------------------------------------------------------


def test_visit_compliance_without_a_counted_week_is_null():
    assert visit_compliance(0, 0) is None
    assert visit_compliance(2, 3) == 0.6667


def test_rank_shares_ties_and_leaves_the_unscored_last():
    frame = sheet([row(1, 80.0), row(2, None), row(3, 90.0), row(4, 80.0)], [])
    assert frame["id"].to_list() == [3, 1, 4, 2]
    assert frame["rank"].to_list() == [1, 2, 2, None]
    assert frame["scored"].to_list() == [True, True, True, False]


def test_role_filter_ranks_among_the_rows_kept():
    rows = [row(1, 95.0, role="grid_leader"), row(2, 90.0), row(3, 85.0)]
    frame = sheet(rows, [], roles=("grid_worker",))
    assert frame["id"].to_list() == [2, 3] and frame["rank"].to_list() == [1, 2]


def test_criterion_not_scored_is_null_in_its_column():
    frame = sheet([row(1, 88.0, scores={"visits": 22.0})], ["patrol", "visits"])
    assert frame["score.visits"].to_list() == [22.0]
    assert frame["score.patrol"].to_list() == [None]


def test_empty_sheet_keeps_its_columns():
    frame = sheet([], ["visits"])
    assert frame.is_empty() and "score.visits" in frame.columns and "rank" in frame.columns


# --- quantiles and thresholds -----------------------------------------------


def test_quantile_interpolates_linearly_on_exact_decimals():
    assert quantile([0.1, 0.2, 0.3, 0.4], Fraction(1, 4)) == Fraction(175, 1000)
    assert quantile([5.0], Fraction(3, 4)) == 5


def test_quantile_of_nothing_is_null():
    assert quantile([], Fraction(1, 4)) is None


def test_quarter_band_needs_four_values():
    assert quarter_band([80.0, 90.0, None, 70.0], 2) == Band(None, None)


def test_quarter_band_without_spread_flags_nobody():
    assert quarter_band([1.0, 1.0, 1.0, 1.0, 0.5], 4) == Band(None, None)


def test_quarter_band_rounds_half_up():
    # type 7 over 70, 80, 90, 100.01: Q1 = 77.5, Q3 = 92.5025 → 92.50 (2 decimals)
    assert quarter_band([70.0, 80.0, 90.0, 100.01], 2) == Band(77.5, 92.5)


def test_thresholds_follow_the_share():
    frame = sheet([row(i, float(60 + 10 * i)) for i in range(5)], [])  # 60 … 100
    assert quarter_thresholds(frame).score == Band(70.0, 90.0)
    assert quarter_thresholds(frame, Fraction(1, 2)).score == Band(None, None)  # median = median


def _flags(rows, thresholds):
    return evidence_flags(sheet(rows, []), thresholds)


BANDS = Thresholds(
    score=Band(70.0, 90.0),
    compliance={"visit": Band(0.25, 0.75), "patrol": Band(0.5, 0.9), "log": Band(0.5, 0.9)},
)


def test_high_score_with_weak_patrol_is_flagged_at_the_threshold():
    flags = _flags(
        [row(1, 90.0, weeks_meeting_visit_days=2, patrol_rate=0.5, log_on_time_rate=0.8)], BANDS
    )
    assert flags["flag"].to_list() == [HIGH_SCORE_WEAK_EVIDENCE]
    assert flags["measures"].to_list() == [["patrol"]]


def test_low_score_with_strong_visits_is_flagged():
    rows = [
        row(1, 65.0, weeks=4, weeks_meeting_visit_days=4, patrol_rate=0.6, log_on_time_rate=0.6)
    ]
    flags = _flags(rows, BANDS)
    assert flags["flag"].to_list() == [LOW_SCORE_STRONG_EVIDENCE]
    assert flags["measures"].to_list() == [["visit"]]


def test_middle_score_is_never_flagged():
    assert _flags([row(1, 80.0, patrol_rate=0.0, log_on_time_rate=0.0)], BANDS).is_empty()


def test_unscored_worker_is_never_flagged():
    assert _flags([row(1, None, patrol_rate=0.0, log_on_time_rate=0.0)], BANDS).is_empty()


def test_null_compliance_does_not_flag():
    # no counted week, no duty day: every compliance is null
    assert _flags([row(1, 95.0, weeks=0)], BANDS).is_empty()


def test_fixed_thresholds_share_one_band_for_the_compliances():
    fixed = fixed_thresholds(60.0, 95.0, 0.3, 0.95)
    assert fixed.score == Band(60.0, 95.0)
    assert set(fixed.compliance.values()) == {Band(0.3, 0.95)}
    flags = _flags([row(1, 96.0, patrol_rate=0.3, log_on_time_rate=0.31)], fixed)
    assert flags["measures"].to_list() == [["visit", "patrol"]]  # 0 of 4 weeks met


# --- month over month -------------------------------------------------------


def test_change_of_ratios_is_exact():
    assert change(0.3, 0.1, 4) == 0.2  # 0.3 - 0.1 is 0.19999999999999998 in floats
    assert change(5, 7, None) == -2
    assert change(None, 0.1, 4) is None


def test_month_over_month_of_a_worker_new_this_month_is_null():
    now = sheet([row(1, 88.0, visits=10), row(2, 70.0, visits=3)], [])
    before = sheet([row(1, 90.5, visits=12)], [])
    mom = month_over_month(now, before)
    first, second = mom.iter_rows(named=True)
    assert (first["score_total.change"], first["visits.change"]) == (-2.5, -2)
    assert second["visits.previous"] is None and second["visits.change"] is None


# --- one worker -------------------------------------------------------------


def test_trend_marks_months_the_worker_was_not_listed():
    sheets = {"2026-02": sheet([row(1, 80.0)], []), "2026-01": sheet([row(2, 70.0)], [])}
    trend = worker_trend(sheets, 1)
    assert trend["month"].to_list() == ["2026-01", "2026-02"]
    assert trend["listed"].to_list() == [False, True]
    assert trend["score_total"].to_list() == [None, 80.0]


CRITERIA = pl.DataFrame(
    {
        "code": ["patrol", "visits", "zero"],
        "name_zh": ["巡查", "入户走访", "零"],
        "name_en": ["Patrol", "Visits", "Zero"],
        "max_score": [15.0, 25.0, 0.0],
    }
)


def test_community_mean_counts_only_workers_scored_on_the_criterion():
    community = [
        row(1, scores={"visits": 20.0, "patrol": 12.0}),
        row(2, scores={"visits": 25.0}),
        row(3),
    ]
    profile = criterion_profile({"visits": 20.0, "patrol": 12.0}, community, CRITERIA)
    by_code = {r["code"]: r for r in profile.iter_rows(named=True)}
    assert by_code["visits"]["community_mean"] == 22.5 and by_code["visits"]["scored_workers"] == 2
    assert by_code["visits"]["score_share"] == 0.8 and by_code["visits"]["mean_share"] == 0.9
    assert by_code["patrol"]["community_mean"] == 12.0


def test_profile_with_a_zero_maximum_has_no_share():
    profile = criterion_profile({"zero": 0.0}, [row(1, scores={"zero": 0.0})], CRITERIA)
    zero = profile.filter(pl.col("code") == "zero").row(0, named=True)
    assert zero["score_share"] is None and zero["mean_share"] is None


def test_profile_of_a_criterion_nobody_scored_is_null():
    profile = criterion_profile({}, [row(1)], CRITERIA)
    assert profile["community_mean"].to_list() == [None, None, None]
    assert profile["scored_workers"].to_list() == [0, 0, 0]


DAY_SCHEMA = {
    "day": pl.Date,
    "visits": pl.Int64,
    "households_visited": pl.Int64,
    "patrols": pl.Int64,
    "logs": pl.Int64,
    "logs_on_time": pl.Int64,
}


def post(started_on, ended_on=None):
    return pl.DataFrame(
        {"started_on": [started_on], "ended_on": [ended_on]},
        schema={"started_on": pl.Date, "ended_on": pl.Date},
    )


def days(rows):
    return pl.DataFrame(rows, schema=DAY_SCHEMA, orient="row")


def test_calendar_has_every_day_and_nulls_after_the_as_of_day():
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 10))
    cal = calendar_days(plan, post(D(2026, 1, 1)), days([]))
    assert cal.height == 31 and cal["day"][0] == D(2026, 3, 1)
    after = cal.filter(pl.col("day") == D(2026, 3, 11)).row(0, named=True)
    assert after["counted"] is False and after["visits"] is None and after["log"] is None
    assert cal.filter(pl.col("day") == D(2026, 3, 10))["visits"].to_list() == [0]


def test_calendar_log_status_per_day():
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 10))
    rows = [
        (D(2026, 3, 2), 0, 0, 0, 1, 1),  # Monday: on time
        (D(2026, 3, 3), 0, 0, 0, 2, 0),  # Tuesday: two logs, both late
        (D(2026, 3, 7), 0, 0, 0, 1, 1),  # Saturday: on time, though not a duty day
    ]
    cal = calendar_days(plan, post(D(2026, 1, 1)), days(rows))
    status = dict(zip(cal["day"].to_list(), cal["log"].to_list(), strict=True))
    assert status[D(2026, 3, 2)] == ON_TIME
    assert status[D(2026, 3, 3)] == LATE
    assert status[D(2026, 3, 4)] == MISSING
    assert status[D(2026, 3, 7)] == ON_TIME
    assert status[D(2026, 3, 8)] == NOT_DUE


def test_calendar_duty_ends_the_day_the_post_ends():
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 10))
    cal = calendar_days(plan, post(D(2026, 1, 1), D(2026, 3, 4)), days([]))
    duty = cal.filter(pl.col("duty"))["day"].to_list()
    assert duty == [D(2026, 3, 2), D(2026, 3, 3)]  # the 4th is the first day out of post
    assert cal.filter(pl.col("day") == D(2026, 3, 4))["log"].to_list() == [NOT_DUE]


def test_calendar_weeks_start_on_monday():
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 31))
    cal = calendar_days(plan, post(D(2026, 1, 1)), days([]))
    first = cal.row(0, named=True)  # Sunday 1 March belongs to the week of 23 February
    assert (first["week"], first["weekday"]) == (D(2026, 2, 23), 6)


def test_calendar_visits_and_patrol_marks():
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 10))
    cal = calendar_days(plan, post(D(2026, 1, 1)), days([(D(2026, 3, 2), 3, 2, 1, 0, 0)]))
    monday = cal.filter(pl.col("day") == D(2026, 3, 2)).row(0, named=True)
    assert (monday["visits"], monday["households_visited"], monday["patrolled"]) == (3, 2, True)
    assert cal.filter(pl.col("day") == D(2026, 3, 3))["patrolled"].to_list() == [False]


ASSIGN_SCHEMA = {
    "worker_id": pl.Int64,
    "started_on": pl.Date,
    "ended_on": pl.Date,
    "grid_id": pl.Int64,
    "grid_code": pl.String,
    "since": pl.Date,
    "until": pl.Date,
}


def test_worker_grids_drop_an_assignment_ending_on_the_first_day():
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 31))
    rows = [
        (1, D(2025, 1, 1), None, 11, "G-11", D(2025, 1, 1), D(2026, 3, 1)),  # ended on the 1st
        (1, D(2025, 1, 1), None, 10, "G-10", D(2025, 1, 1), None),
    ]
    grids = worker_grids(plan, pl.DataFrame(rows, schema=ASSIGN_SCHEMA, orient="row"))
    assert grids["grid_code"].to_list() == ["G-10"]


def test_worker_grids_need_the_worker_in_post():
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 31))
    # assigned from the 20th, but out of post from the 20th
    rows = [(1, D(2025, 1, 1), D(2026, 3, 20), 10, "G-10", D(2026, 3, 20), None)]
    assert worker_grids(plan, pl.DataFrame(rows, schema=ASSIGN_SCHEMA, orient="row")).is_empty()


def test_calendar_shares_equal_the_indicator_rates():
    from tests.metrics.test_workers import ONE, run

    plan = MonthPlan.for_month("2026-03", D(2026, 3, 10))  # duty days 2–6, 9, 10
    patrols = [(1, D(2026, 3, d)) for d in (2, 3, 7, 9)]
    logs = [(1, D(2026, 3, 2), D(2026, 3, 2)), (1, D(2026, 3, 4), D(2026, 3, 5))]
    [indicators] = run(plan, ONE, patrols=patrols, logs=logs)
    day_rows = {d: [D(2026, 3, d), 0, 0, 0, 0, 0] for d in (2, 3, 4, 7, 9)}
    for _, day in patrols:
        day_rows[day.day][3] = 1
    day_rows[2][4:] = [1, 1]
    day_rows[4][4:] = [1, 0]
    cal = calendar_days(plan, post(D(2026, 1, 1)), days([tuple(r) for r in day_rows.values()]))
    duty = cal.filter(pl.col("duty"))
    assert round(duty["patrolled"].sum() / duty.height, 4) == indicators["patrol_rate"] == 0.4286
    on_time = duty.filter(pl.col("log") == ON_TIME).height
    assert round(on_time / duty.height, 4) == indicators["log_on_time_rate"] == 0.1429


def test_profile_of_a_criterion_without_a_maximum_has_no_share():
    """A criterion that scores nothing (repeated code: the lookup gives no maximum)."""
    criteria = pl.DataFrame(
        {"code": ["x"], "name_zh": ["某项"], "name_en": ["X"], "max_score": [None]},
        schema={
            "code": pl.String,
            "name_zh": pl.String,
            "name_en": pl.String,
            "max_score": pl.Float64,
        },
    )
    profile = criterion_profile({}, [row(1)], criteria)
    assert profile.row(0, named=True)["score_share"] is None
