"""Registration weeks on tiny literal frames: the surge rule at its edges, the baseline that
leaves earlier registration weeks out, configured campaigns, and a change's window."""

from __future__ import annotations

import datetime as dt

import polars as pl

from metrics.registration import (
    BASELINE_WEEKS,
    MIN_BASELINE,
    MIN_REGISTERED,
    SURGE_FACTOR,
    judged_weeks,
    registration_weeks,
    touches_registration,
)

MON = dt.date(2026, 1, 5)  # a Monday


def mondays(n: int) -> list[dt.date]:
    return [MON + dt.timedelta(weeks=i) for i in range(n)]


def weekly(counts: list[int]) -> pl.DataFrame:
    days = mondays(len(counts))
    return pl.DataFrame(
        {"week_start": days, "registered": counts},
        schema={"week_start": pl.Date, "registered": pl.Int64},
    )


def flags(counts: list[int], campaigns=()) -> list[str | None]:
    weeks = registration_weeks(weekly(counts), mondays(len(counts)), campaigns)
    return weeks["reason"].to_list()


def test_a_surge_over_the_factor_of_the_median_is_a_registration_week() -> None:
    usual = [10] * MIN_BASELINE
    assert flags([*usual, SURGE_FACTOR * 10 + 1])[-1] == "surge"
    assert flags([*usual, SURGE_FACTOR * 10])[-1] is None  # "more than", not "at least"


def test_small_counts_are_never_a_surge() -> None:
    usual = [1] * MIN_BASELINE
    assert flags([*usual, MIN_REGISTERED - 1])[-1] is None
    assert flags([*usual, MIN_REGISTERED])[-1] == "surge"


def test_not_judged_before_the_baseline_has_enough_weeks() -> None:
    assert flags([0] * (MIN_BASELINE - 1) + [500]) == [None] * (MIN_BASELINE - 1) + [None]
    weeks = registration_weeks(weekly([5] * MIN_BASELINE), mondays(MIN_BASELINE))
    assert weeks["baseline"].to_list() == [None] * MIN_BASELINE


def test_a_campaign_of_several_weeks_keeps_its_baseline_from_ordinary_weeks() -> None:
    counts = [100] * BASELINE_WEEKS + [5000, 9000, 9000, 9000, 9000, 9000, 120]
    found = flags(counts)
    assert found[BASELINE_WEEKS:] == ["surge"] * 6 + [None]
    weeks = registration_weeks(weekly(counts), mondays(len(counts)))
    assert weeks["baseline"][-1] == 100


def test_weeks_without_registrations_count_as_zero() -> None:
    only_some = weekly([0, 0, 0, 0, 40]).filter(pl.col("registered") > 0)
    weeks = registration_weeks(only_some, mondays(5))
    assert weeks["registered"].to_list() == [0, 0, 0, 0, 40]
    assert weeks["reason"].to_list()[-1] == "surge"  # 40 ≥ 20 and > 3 × 0


def test_a_configured_campaign_marks_every_week_it_overlaps() -> None:
    sunday_before = MON + dt.timedelta(days=6)  # week 0's Sunday
    campaigns = [
        (sunday_before, MON + dt.timedelta(weeks=1))
    ]  # Sunday of week 0 to Monday of week 1
    assert flags([1, 1, 1], campaigns) == ["campaign", "campaign", None]


def test_the_change_window_touches_a_registration_week() -> None:
    weeks = registration_weeks(weekly([10, 10, 10, 10, 500, 10]), mondays(6))
    campaign_monday = MON + dt.timedelta(weeks=4)
    sunday = campaign_monday + dt.timedelta(days=6)
    assert touches_registration(weeks, campaign_monday - dt.timedelta(days=6), campaign_monday)
    assert touches_registration(weeks, sunday, sunday + dt.timedelta(days=6))
    after = sunday + dt.timedelta(days=1)
    assert not touches_registration(weeks, after, after + dt.timedelta(days=6))


def test_judged_weeks_reach_back_twice_the_baseline() -> None:
    days = judged_weeks(dt.date(2026, 3, 10), shown_weeks=2)
    assert len(days) == 2 + 2 * BASELINE_WEEKS
    assert days[-1] == dt.date(2026, 3, 9) and all(d.weekday() == 0 for d in days)
