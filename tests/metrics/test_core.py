"""The shared rules: rounding, ratios, calendar windows, age."""

import datetime as dt
from fractions import Fraction

import pytest

from metrics.core import (
    age_on,
    born_by_for_age,
    exact,
    last_complete_week,
    month_bounds,
    ratio,
    round_half_up,
    round_score,
    week_start,
    window_start,
)

D = dt.date


def test_ratio_rounds_half_up_on_the_exact_value():
    assert ratio(1, 8) == 0.125
    assert ratio(1, 20000) == 0.0001  # 0.00005 exactly: half goes up
    assert ratio(1, 20001) == 0.0  # just under half goes down
    assert ratio(2, 3) == 0.6667


def test_ratio_with_zero_denominator_is_none():
    assert ratio(0, 0) is None
    assert ratio(5, 0) is None


def test_ratio_of_zero_is_zero_not_none():
    assert ratio(0, 7) == 0.0


def test_scores_round_from_their_written_decimal():
    # 84.345 is not exactly representable in binary; written as 84.345 it rounds up
    assert round_score(exact(84.345)) == 84.35
    assert round_half_up(Fraction(-1, 8), 2) == -0.13


def test_week_start_is_monday():
    assert week_start(D(2026, 3, 10)) == D(2026, 3, 9)
    assert week_start(D(2026, 3, 9)) == D(2026, 3, 9)
    assert week_start(D(2026, 3, 15)) == D(2026, 3, 9)


def test_last_complete_week_before_a_tuesday():
    assert last_complete_week(D(2026, 3, 10)) == (D(2026, 3, 2), D(2026, 3, 8))


def test_last_complete_week_on_a_sunday_is_its_own_week():
    assert last_complete_week(D(2026, 3, 8)) == (D(2026, 3, 2), D(2026, 3, 8))


def test_last_complete_week_on_a_monday_is_the_week_before():
    assert last_complete_week(D(2026, 3, 9)) == (D(2026, 3, 2), D(2026, 3, 8))


def test_window_of_30_days_includes_both_ends():
    assert window_start(D(2026, 3, 10), 30) == D(2026, 2, 9)


def test_age_in_full_years():
    assert age_on(D(1966, 3, 10), D(2026, 3, 10)) == 60
    assert age_on(D(1966, 3, 11), D(2026, 3, 10)) == 59


def test_born_by_for_age_on_29_february():
    day = D(2028, 2, 29)
    cutoff = born_by_for_age(day, 60)
    assert cutoff == D(1968, 2, 29)  # 1968 is a leap year
    assert born_by_for_age(D(2024, 2, 29), 1) == D(2023, 2, 28)
    assert age_on(D(2023, 2, 28), D(2024, 2, 29)) == 1
    assert age_on(D(2023, 3, 1), D(2024, 2, 29)) == 0


def test_month_bounds():
    assert month_bounds("2026-02") == (D(2026, 2, 1), D(2026, 2, 28))
    assert month_bounds("2026-12") == (D(2026, 12, 1), D(2026, 12, 31))
    with pytest.raises(ValueError):
        month_bounds("2026-3")
    with pytest.raises(ValueError):
        month_bounds("2026-13")
