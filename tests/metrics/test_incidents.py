"""Incident-handling figures on tiny literal frames, one edge each."""

import datetime as dt

import polars as pl

from metrics import incidents as m

D = dt.date
T = dt.datetime
DAY = D(2026, 3, 10)  # a Tuesday; its end is 2026-03-11 00:00


def rows(*items: tuple) -> pl.DataFrame:
    """(id, grid_id, category, reported_at, accepted_at, resolved_at, escalated)."""
    return pl.DataFrame(list(items), schema=m.ROWS_SCHEMA, orient="row")


def test_stages_reached_by_their_own_timestamp() -> None:
    frame = rows(
        (1, 1, "other", T(2026, 3, 1, 10), T(2026, 3, 1, 12), T(2026, 3, 2, 10), False),
        (
            2,
            1,
            "other",
            T(2026, 3, 2, 10),
            None,
            T(2026, 3, 3, 10),
            False,
        ),  # resolved, never accepted
        (3, 1, "other", T(2026, 3, 9, 10), T(2026, 3, 9, 11), None, True),
    )
    got = m.stage_summary(frame, DAY)
    assert (got["reported"], got["accepted"], got["resolved"]) == (3, 2, 2)
    assert (got["escalated"], got["escalated_share"]) == (1, 0.3333)


def test_a_stage_after_the_end_of_the_day_is_not_reached_yet() -> None:
    frame = rows(
        (1, 1, "other", T(2026, 3, 10, 20), T(2026, 3, 11, 0, 0), T(2026, 3, 11, 1), False),
        (2, 1, "other", T(2026, 3, 10, 20), T(2026, 3, 10, 23, 59, 59), None, False),
    )
    got = m.stage_summary(frame, DAY)
    assert (got["accepted"], got["resolved"]) == (1, 0)
    assert got["median_hours_to_resolve"] is None and got["median_hours_total"] is None


def test_median_hours_even_count_is_the_mean_of_the_middle_two() -> None:
    frame = rows(
        (1, 1, "a", T(2026, 3, 1, 0), T(2026, 3, 1, 1), None, False),  # 1 h
        (2, 1, "a", T(2026, 3, 1, 0), T(2026, 3, 1, 2), None, False),  # 2 h
        (3, 1, "a", T(2026, 3, 1, 0), T(2026, 3, 1, 4, 15), None, False),  # 4.25 h
        (4, 1, "a", T(2026, 3, 1, 0), T(2026, 3, 2, 0), None, False),  # 24 h
    )
    # (2 + 4.25) / 2 = 3.125 → 3.1 half-up to 1 decimal
    assert m.stage_summary(frame, DAY)["median_hours_to_accept"] == 3.1


def test_median_hours_rounds_half_up() -> None:
    # 1 h 03 min = 1.05 h exactly: half-up gives 1.1 (binary floats would give 1.0)
    frame = rows((1, 1, "a", T(2026, 3, 1, 0), T(2026, 3, 1, 1, 3), None, False))
    assert m.stage_summary(frame, DAY)["median_hours_to_accept"] == 1.1


def test_a_pair_running_backwards_is_left_out_of_the_medians() -> None:
    frame = rows(
        (
            1,
            1,
            "a",
            T(2026, 3, 5, 10),
            T(2026, 3, 4, 10),
            T(2026, 3, 5, 12),
            False,
        ),  # accepted first
        (2, 1, "a", T(2026, 3, 5, 10), T(2026, 3, 5, 14), T(2026, 3, 5, 20), False),
    )
    got = m.stage_summary(frame, DAY)
    assert got["median_hours_to_accept"] == 4.0  # only incident 2
    assert got["median_hours_to_resolve"] == 16.0  # each pair on its own: (26 h + 6 h) / 2
    assert got["median_hours_total"] == 6.0  # (2 h + 10 h) / 2


def test_empty_window_gives_zeros_and_nulls() -> None:
    got = m.stage_summary(rows(), DAY)
    assert got["reported"] == got["accepted"] == got["resolved"] == got["escalated"] == 0
    assert got["resolved_within_72h_rate"] is None and got["escalated_share"] is None
    assert got["median_hours_to_accept"] is None


def test_within_72_hours_is_the_snapshot_rule() -> None:
    frame = rows(
        (1, 1, "a", T(2026, 3, 1, 10), None, T(2026, 3, 4, 10), False),  # exactly 72 h: within
        (2, 1, "a", T(2026, 3, 1, 10), None, T(2026, 3, 4, 10, 0, 1), False),  # one second more
    )
    got = m.stage_summary(frame, DAY)
    assert (got["resolved_within_72h"], got["resolved_within_72h_rate"]) == (1, 0.5)


def test_stages_by_category_and_grid() -> None:
    frame = rows(
        (1, 2, "b", T(2026, 3, 1, 10), T(2026, 3, 1, 11), None, False),
        (2, 1, "a", T(2026, 3, 1, 10), None, None, True),
        (3, 1, "b", T(2026, 3, 1, 10), T(2026, 3, 1, 13), None, False),
    )
    by_category = m.stages_by(frame, DAY, "category")
    assert by_category["category"].to_list() == ["a", "b"]
    assert by_category["reported"].to_list() == [1, 2]
    assert by_category["median_hours_to_accept"].to_list() == [None, 2.0]
    by_grid = m.stages_by(frame, DAY, "grid_id")
    assert by_grid["grid_id"].to_list() == [1, 2]
    assert by_grid["escalated"].to_list() == [1, 0]


def test_stages_by_of_nothing_is_an_empty_frame_with_the_columns() -> None:
    out = m.stages_by(rows(), DAY, "category")
    assert out.is_empty() and "median_hours_total" in out.columns


def test_backlog_bounds_put_the_exact_boundary_in_the_younger_bucket() -> None:
    bounds = dict(m.backlog_bounds(DAY))
    end = T(2026, 3, 11)
    assert bounds == {
        "le_1d": end - dt.timedelta(hours=24),
        "d1_3": end - dt.timedelta(hours=72),
        "d3_7": end - dt.timedelta(hours=168),
        "gt_7d": None,
    }


def test_backlog_has_every_bucket_and_overdue_is_the_two_oldest() -> None:
    counts = pl.DataFrame(
        {"grid_id": [1, 2, 1], "bucket": ["le_1d", "le_1d", "gt_7d"], "open": [2, 1, 4]},
        schema={"grid_id": pl.Int64, "bucket": pl.String, "open": pl.Int64},
    )
    got = m.backlog(counts)
    assert got == {"le_1d": 3, "d1_3": 0, "d3_7": 0, "gt_7d": 4}
    assert m.overdue(got) == 4


def test_weekly_resolution_has_every_week_and_cuts_at_the_day() -> None:
    frame = rows(
        (
            1,
            1,
            "a",
            T(2026, 3, 2, 0),
            None,
            T(2026, 3, 3, 0),
            False,
        ),  # Monday of the last full week
        (2, 1, "a", T(2026, 3, 8, 23, 59, 59), None, None, True),  # Sunday, same week
        (3, 1, "a", T(2026, 3, 9, 8), None, T(2026, 3, 9, 9), False),  # this week
        (4, 1, "a", T(2026, 3, 11, 8), None, None, False),  # after the day: left out
        (5, 1, "a", T(2026, 2, 15, 8), None, None, False),  # before the window
    )
    weekly = m.weekly_resolution(frame, DAY, 3)
    assert weekly["week"].to_list() == [D(2026, 2, 23), D(2026, 3, 2), D(2026, 3, 9)]
    assert weekly["reported"].to_list() == [0, 2, 1]
    assert weekly["resolved_within_72h"].to_list() == [0, 1, 1]
    assert weekly["rate"].to_list() == [None, 0.5, 1.0]
    assert weekly["escalated"].to_list() == [0, 1, 0]


def test_weeks_window_starts_on_a_monday() -> None:
    assert m.weeks_window(DAY, 12) == (D(2025, 12, 22), DAY)


def test_median_hours_ignores_nulls_and_is_none_when_empty() -> None:
    assert m.median_hours(pl.Series([None, 7_200_000_000], dtype=pl.Int64)) == 2.0
    assert m.median_hours(pl.Series([], dtype=pl.Int64)) is None
