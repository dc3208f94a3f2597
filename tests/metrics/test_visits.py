"""Figures of the visits page (metrics.visits) on tiny literal frames, one edge each."""

import datetime as dt
from fractions import Fraction

import polars as pl

from metrics import snapshot as s
from metrics import visits as v
from metrics.visits import lowest_weekly_coverage

D = dt.date
T = dt.datetime
TUESDAY = D(2026, 3, 10)
SUNDAY = D(2026, 3, 8)

GRIDS = pl.DataFrame(
    {
        "id": [1, 2, 3],
        "code": ["G-1", "G-2", "G-3"],
        "name": ["甲", "乙", "丙"],
        "inhabited": [True, True, False],
    }
)


def week_visits(rows):
    return pl.DataFrame(
        rows,
        schema={
            "grid_id": pl.Int64,
            "week_start": pl.Date,
            "households_visited": pl.Int64,
            "visit_days": pl.Int64,
        },
        orient="row",
    )


def day_counts(rows, column="households"):
    return pl.DataFrame(
        rows, schema={"grid_id": pl.Int64, "day": pl.Date, column: pl.Int64}, orient="row"
    )


def plan(day=TUESDAY, weeks=2):
    return v.VisitsPlan.for_day(day, weeks=weeks)


# --- weeks ----------------------------------------------------------------


def test_26_weeks_end_with_the_partial_week_of_the_day():
    p = v.VisitsPlan.for_day(TUESDAY)
    assert len(p.week_starts) == 26
    assert p.week_starts[-1] == D(2026, 3, 9) and p.week_starts[0] == D(2025, 9, 15)
    assert all(m.weekday() == 0 for m in p.week_starts)
    weeks = v.weeks_frame(p)
    assert weeks.row(-1) == (D(2026, 3, 9), TUESDAY, True)
    assert weeks.row(-2) == (D(2026, 3, 2), SUNDAY, False)
    assert p.last_week_start == D(2026, 3, 2)


def test_a_sunday_closes_its_own_week():
    p = plan(SUNDAY)
    assert v.weeks_frame(p).row(-1) == (D(2026, 3, 2), SUNDAY, False)
    assert p.last_week_start == D(2026, 3, 2)


def test_coverage_line_is_3_days_times_4_percent():
    assert Fraction(12, 100) == v.WEEKLY_COVERAGE_LINE
    assert v.weekly_line() == 0.12


# --- weekly coverage ------------------------------------------------------


def test_weekly_coverage_denominator_is_households_active_on_the_weeks_last_day():
    p = plan()
    visits = week_visits([(1, D(2026, 3, 2), 3, 2), (1, D(2026, 3, 9), 1, 1)])
    households = day_counts([(1, SUNDAY, 10), (1, TUESDAY, 8), (1, D(2026, 3, 9), 99)])
    frame = v.weekly_coverage(p, GRIDS.filter(pl.col("id") == 1), visits, households)
    assert frame.select("week_start", "households_visited", "households", "coverage").rows() == [
        (D(2026, 3, 2), 3, 10, 0.3),
        (D(2026, 3, 9), 1, 8, 0.125),
    ]


def test_weekly_coverage_of_a_grid_without_households_is_none_and_missing_visits_are_zero():
    p = plan()
    frame = v.weekly_coverage(p, GRIDS.filter(pl.col("id") == 2), week_visits([]), day_counts([]))
    assert frame["households_visited"].to_list() == [0, 0]
    assert frame["coverage"].to_list() == [None, None]


def test_weekly_coverage_counts_visited_households_that_closed_in_the_numerator():
    # 3 households visited during the week, only 2 still active on its Sunday
    p = plan(SUNDAY, weeks=1)
    frame = v.weekly_coverage(
        p,
        GRIDS.filter(pl.col("id") == 1),
        week_visits([(1, D(2026, 3, 2), 3, 3)]),
        day_counts([(1, SUNDAY, 2)]),
    )
    assert frame["coverage"].to_list() == [1.5]


def test_weekly_coverage_total_is_sum_over_sum_not_a_mean_of_ratios():
    p = plan(SUNDAY, weeks=1)
    visits = week_visits([(1, D(2026, 3, 2), 1, 1), (2, D(2026, 3, 2), 1, 1)])
    households = day_counts([(1, SUNDAY, 2), (2, SUNDAY, 10)])
    total = v.weekly_coverage_total(v.weekly_coverage(p, GRIDS, visits, households))
    assert total.select("households_visited", "households", "coverage").row(0) == (2, 12, 0.1667)


def test_weekly_coverage_rounds_half_up():
    p = plan(SUNDAY, weeks=1)
    # 1/8 = 0.125 exactly; 1/16 = 0.0625; 1/32 = 0.03125 → 0.0313 (half-up)
    frame = v.weekly_coverage(
        p,
        GRIDS.filter(pl.col("id") == 1),
        week_visits([(1, D(2026, 3, 2), 1, 1)]),
        day_counts([(1, SUNDAY, 32)]),
    )
    assert frame["coverage"].to_list() == [0.0313]


# --- the 3-day rule -------------------------------------------------------


def test_visit_days_meet_the_rule_from_three():
    p = plan()
    visits = week_visits([(1, D(2026, 3, 2), 5, 3), (2, D(2026, 3, 2), 5, 2)])
    frame = v.week_visit_days(p, GRIDS, visits).filter(pl.col("week_start") == D(2026, 3, 2))
    assert frame.select("code", "visit_days", "meets_visit_days").rows() == [
        ("G-1", 3, True),
        ("G-2", 2, False),
    ]


def test_visit_days_leave_out_uninhabited_grids_and_fill_zero():
    p = plan()
    visits = week_visits([(3, D(2026, 3, 2), 5, 7)])  # an uninhabited grid's visits
    frame = v.week_visit_days(p, GRIDS, visits)
    assert set(frame["code"].to_list()) == {"G-1", "G-2"}
    assert frame["visit_days"].to_list() == [0, 0, 0, 0]
    assert v.grids_meeting_visit_days(frame, D(2026, 3, 2)) == (0, 2)


def test_grids_meeting_visit_days_of_a_week_not_shown_is_zero_of_zero():
    frame = v.week_visit_days(plan(), GRIDS, week_visits([]))
    assert v.grids_meeting_visit_days(frame, D(2020, 1, 6)) == (0, 0)


# --- the 4 % rule ---------------------------------------------------------


def day_visits(rows):
    return pl.DataFrame(
        rows,
        schema={
            "grid_id": pl.Int64,
            "day": pl.Date,
            "visits": pl.Int64,
            "households_visited": pl.Int64,
        },
        orient="row",
    )


DAYS = [D(2026, 3, 9), TUESDAY]


def test_daily_rate_of_exactly_4_percent_meets_the_rule():
    rates = v.daily_rates(
        DAYS,
        GRIDS.filter(pl.col("id") == 1),
        day_visits([(1, D(2026, 3, 9), 1, 1), (1, TUESDAY, 1, 1)]),
        day_counts([(1, D(2026, 3, 9), 25), (1, TUESDAY, 26)]),
    )
    assert rates.select("day", "rate", "visit_day", "meets_rate").rows() == [
        (D(2026, 3, 9), 0.04, True, True),
        (TUESDAY, 0.0385, True, False),
    ]


def test_daily_rate_without_active_households_is_none_and_not_a_visit_day():
    rates = v.daily_rates(
        DAYS[:1],
        GRIDS.filter(pl.col("id") == 1),
        day_visits([(1, D(2026, 3, 9), 2, 2)]),
        day_counts([]),
    )
    assert rates.select("visits", "households", "rate", "visit_day", "meets_rate").row(0) == (
        2,
        0,
        None,
        False,
        False,
    )


def test_a_day_without_visits_has_rate_zero_and_is_not_a_visit_day():
    rates = v.daily_rates(
        DAYS[:1],
        GRIDS.filter(pl.col("id") == 1),
        day_visits([]),
        day_counts([(1, D(2026, 3, 9), 10)]),
    )
    assert rates.select("rate", "visit_day", "meets_rate").row(0) == (0.0, False, False)


def test_daily_rates_only_for_inhabited_grids():
    rates = v.daily_rates(
        DAYS, GRIDS, day_visits([(3, TUESDAY, 1, 1)]), day_counts([(3, TUESDAY, 1)])
    )
    assert set(rates["code"].to_list()) == {"G-1", "G-2"}
    assert rates.height == 4


def test_month_summary_counts_visit_days_and_the_share_meeting_4_percent():
    rates = v.daily_rates(
        DAYS,
        GRIDS.filter(pl.col("id") == 1),
        day_visits([(1, D(2026, 3, 9), 1, 1), (1, TUESDAY, 1, 1)]),
        day_counts([(1, D(2026, 3, 9), 25), (1, TUESDAY, 26)]),
    )
    assert v.month_rule_summary(rates) == {
        "visit_days": 2,
        "visit_days_meeting_rate": 1,
        "share": 0.5,
    }


def test_month_summary_of_nothing_is_zero_and_a_null_share():
    rates = v.daily_rates([], GRIDS, day_visits([]), day_counts([]))
    assert rates.is_empty()
    assert v.month_rule_summary(rates) == {
        "visit_days": 0,
        "visit_days_meeting_rate": 0,
        "share": None,
    }


def test_month_options_run_from_the_first_visit_to_the_day_newest_first():
    assert v.month_options(D(2025, 11, 30), D(2026, 2, 1)) == [
        "2026-02",
        "2026-01",
        "2025-12",
        "2025-11",
    ]


def test_month_options_without_a_visit_offer_the_days_month_only():
    assert v.month_options(None, TUESDAY) == ["2026-03"]
    assert v.month_options(D(2026, 4, 1), TUESDAY) == ["2026-03"]  # first visit after the day


def test_month_options_are_bounded():
    assert len(v.month_options(D(2000, 1, 1), TUESDAY, limit=3)) == 3


# --- coverage per grid ----------------------------------------------------


def coverage_frame(rows):
    return pl.DataFrame(
        rows,
        schema={
            "grid_id": pl.Int64,
            "households": pl.Int64,
            "covered_30d": pl.Int64,
            "covered_90d": pl.Int64,
        },
        orient="row",
    )


def test_coverage_per_grid_sums_to_the_snapshots_figures():
    cov = coverage_frame([(1, 3, 1, 3), (2, 1, 1, 1)])
    per_grid = v.coverage_per_grid(GRIDS, cov)
    assert per_grid.select("code", "coverage_30d", "coverage_90d", "not_visited_90d").rows() == [
        ("G-1", 0.3333, 1.0, 0),
        ("G-2", 1.0, 1.0, 0),
        ("G-3", None, None, 0),
    ]
    totals = s.coverage(cov)
    assert totals == {"coverage_30d": 0.5, "coverage_90d": 1.0}


def test_households_not_visited_are_households_minus_covered_90d():
    per_grid = v.coverage_per_grid(GRIDS, coverage_frame([(1, 10, 2, 7), (2, 5, 0, 0)]))
    assert per_grid["not_visited_90d"].to_list() == [3, 5, 0]
    assert v.not_visited_total(per_grid) == 8


def test_not_visited_total_of_an_empty_scope_is_zero():
    assert v.not_visited_total(v.coverage_per_grid(GRIDS.clear(), coverage_frame([]))) == 0


def test_days_since_last_visit_uses_the_visits_date_and_is_null_when_never():
    frame = pl.DataFrame(
        {"last_visit": [T(2025, 12, 10, 23, 59, 59), T(2026, 3, 10, 0, 0), None]},
        schema={"last_visit": pl.Datetime("us")},
    )
    assert frame.select(v.days_since_last_visit(TUESDAY))["days_since"].to_list() == [90, 0, None]


# --- purposes -------------------------------------------------------------


def week_purposes(rows):
    return pl.DataFrame(
        rows, schema={"week_start": pl.Date, "purpose": pl.String, "visits": pl.Int64}, orient="row"
    )


def test_purposes_every_code_present_with_zero():
    frame = v.purposes_by_week(plan(weeks=1), week_purposes([(D(2026, 3, 9), "service", 4)]))
    assert frame.select("purpose", "visits").rows() == [
        ("collection", 0),
        ("follow_up", 0),
        ("service", 4),
        ("verification", 0),
    ]


def test_purposes_keep_an_unknown_code_after_the_schemas():
    frame = v.purposes_by_week(plan(weeks=1), week_purposes([(D(2026, 3, 9), "Service", 1)]))
    assert frame["purpose"].to_list() == [
        "collection",
        "follow_up",
        "service",
        "verification",
        "Service",
    ]
    assert frame.filter(pl.col("purpose") == "Service")["visits"].to_list() == [1]


def test_lowest_weekly_coverage_uses_the_last_complete_week() -> None:
    D = dt.date
    per_grid = pl.DataFrame(
        {
            "grid_id": [1, 2, 3, 1, 2, 3],
            "code": ["G-1", "G-2", "G-3", "G-1", "G-2", "G-3"],
            "week_start": [D(2026, 3, 2)] * 3 + [D(2026, 3, 9)] * 3,
            "partial": [False] * 3 + [True] * 3,
            "coverage": [0.30, 0.10, None, 0.0, 0.0, 0.0],
        }
    )
    # the running week (all 0 so far) is not used; G-3 had no ratio and ranks last
    assert lowest_weekly_coverage(per_grid, 2) == [2, 1]
    assert lowest_weekly_coverage(per_grid, 5) == [2, 1, 3]
    assert lowest_weekly_coverage(per_grid.clear(), 3) == []
