"""The shared rules: rounding, ratios, calendar windows, age."""

import datetime as dt
import random
from fractions import Fraction

import pytest

from metrics.core import (
    age_on,
    born_by_for_age,
    exact,
    exact_difference,
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


def _numbers(seed: int) -> list[float]:
    """Scores, ratios and counts as a sheet holds them, ties at every place, and the far ends."""
    r = random.Random(seed)
    found = [round(r.uniform(-1, 1), r.randrange(6)) for _ in range(400)]
    found += [round(r.uniform(0, 100), 2) for _ in range(400)]  # scores
    found += [r.randrange(60) + 0.5 * r.randrange(2) for _ in range(100)]  # counts, halves
    found += [0.00005, -0.00005, 0.005, 0.125, 84.345, 84.35, 0.0, -0.0, 1e-12, 1e15, 1e300]
    found += [-1e300, 5e-324, 0.1 + 0.2, 2.0**-60, 123456789.98765432, float(2**62)]
    return found


@pytest.mark.parametrize("places", [0, 2, 4])
def test_an_exact_difference_is_the_rounded_difference_of_the_written_decimals(places):
    """``exact_difference`` (integers) is ``round_half_up(exact(a) − exact(b))`` (fractions) for
    every pair, ties and far magnitudes included."""
    numbers = _numbers(places)
    r = random.Random(places)
    pairs = [(r.choice(numbers), r.choice(numbers)) for _ in range(3000)]
    pairs += [(a, a) for a in numbers] + [(a, -a) for a in numbers]
    for a, b in pairs:
        assert exact_difference(a, b, places) == round_half_up(exact(a) - exact(b), places), (a, b)
    assert exact_difference(0.3, 0.1, 4) == 0.2  # 0.19999999999999998 in floats
    assert exact_difference(0.00015, 0.0001, 4) == 0.0001  # 0.00005: half goes away from zero
    assert exact_difference(0.0001, 0.00015, 4) == -0.0001


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
