"""Township review: per-community snapshots, the review's ratios, targets, ranking and trend."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, replace

import polars as pl
import pytest

from metrics import township as t
from metrics.snapshot import SnapshotInputs, SnapshotPlan, snapshot
from tests.metrics.test_geo import frame, inputs

D = dt.date
AS_OF = D(2026, 3, 10)


def snap(**parts) -> dict:
    """A snapshot-shaped dict with only what the review reads."""
    base = {
        "households": 10,
        "residents": {"total": 20, "resident": 10, "floating": 5, "nominal": 5},
        "visits": {
            "coverage_90d": 0.9,
            "last_week": {"grids": 4, "grids_meeting_visit_days": 4, "visit_days": 10,
                          "visit_days_meeting_rate": 10},
        },
        "incidents": {"open": 1, "resolved_within_72h_30d": 0.8},
        "rentals": {"total": 10, "pledge_signed": 9},
        "assessment": {"period": "2026-02", "mean_total": 88.5},
    }  # fmt: skip
    for key, value in parts.items():
        base[key] = value if not isinstance(value, dict) else base[key] | value
    return base


# --- the review's ratios ----------------------------------------------------------


def test_three_day_compliance_is_grids_meeting_over_inhabited_grids():
    week = {
        "grids": 3,
        "grids_meeting_visit_days": 2,
        "visit_days": 0,
        "visit_days_meeting_rate": 0,
    }
    assert t.three_day_compliance(snap(visits={"last_week": week})) == 0.6667


def test_three_day_compliance_without_inhabited_grids_is_null():
    week = {
        "grids": 0,
        "grids_meeting_visit_days": 0,
        "visit_days": 0,
        "visit_days_meeting_rate": 0,
    }
    assert t.three_day_compliance(snap(visits={"last_week": week})) is None


def test_daily_rate_compliance_is_days_meeting_over_visit_days_and_null_without_days():
    week = {
        "grids": 1,
        "grids_meeting_visit_days": 0,
        "visit_days": 8,
        "visit_days_meeting_rate": 7,
    }
    assert t.daily_rate_compliance(snap(visits={"last_week": week})) == 0.875
    assert t.daily_rate_compliance(snap(visits={"last_week": week | {"visit_days": 0}})) is None


def test_pledge_share_without_rentals_is_null():
    assert t.pledge_share(snap(rentals={"total": 0, "pledge_signed": 0})) is None
    assert t.pledge_share(snap(rentals={"total": 3, "pledge_signed": 2})) == 0.6667


def test_review_figures_carry_the_snapshot_values():
    figures = t.review_figures(snap())
    assert figures["coverage_90d"] == 0.9
    assert figures["floating_share"] == 0.25
    assert figures["resolved_within_72h"] == 0.8
    assert figures["mean_assessment"] == 88.5
    assert figures["open_incidents"] == 1


# --- targets --------------------------------------------------------------------


def test_a_value_equal_to_its_target_meets_it():
    assert t.target_status(0.9, t.COVERAGE_90D_TARGET) == t.MET
    assert t.target_status(0.8999, t.COVERAGE_90D_TARGET) == t.BELOW


def test_a_missing_value_has_no_status():
    assert t.target_status(None, t.PLEDGE_SHARE_TARGET) == t.NO_DATA


def test_review_table_counts_the_targets_met_and_assessed():
    missed = snap(
        rentals={"total": 0, "pledge_signed": 0}, incidents={"resolved_within_72h_30d": 0.5}
    )
    table = t.review_table({"A": snap(), "B": missed}, {"A": "甲社区"})
    rows = {r["community_code"]: r for r in table.iter_rows(named=True)}
    assert (rows["A"]["targets_met"], rows["A"]["targets_assessed"]) == (5, 5)
    assert (rows["B"]["targets_met"], rows["B"]["targets_assessed"]) == (3, 4)
    assert rows["B"]["pledge_share_status"] == t.NO_DATA
    assert rows["B"]["resolved_within_72h_status"] == t.BELOW
    assert (rows["A"]["community_name"], rows["B"]["community_name"]) == ("甲社区", "B")


def test_review_table_of_no_community_is_empty_with_its_columns():
    table = t.review_table({}, {})
    assert table.is_empty() and "targets_met" in table.columns


# --- ranking --------------------------------------------------------------------


def review(rows: list[tuple]) -> pl.DataFrame:
    table = pl.DataFrame(
        rows,
        schema=["community_code", "coverage_90d", "open_incidents", "targets_met"],
        orient="row",
    )
    return table


def test_equal_values_share_a_rank_and_the_next_rank_skips():
    ranked = t.ranked(
        review([("A", 0.9, 1, 2), ("B", 0.95, 2, 2), ("C", 0.9, 0, 1)]), "coverage_90d"
    )
    assert ranked.select("community_code", "rank").rows() == [("B", 1), ("A", 2), ("C", 2)]


def test_a_community_without_a_value_comes_last_without_a_rank():
    ranked = t.ranked(review([("A", None, 1, 0), ("B", 0.5, 2, 0)]), "coverage_90d")
    assert ranked.select("community_code", "rank").rows() == [("B", 1), ("A", None)]


def test_fewer_open_incidents_rank_first():
    ranked = t.ranked(review([("A", 0.9, 3, 2), ("B", 0.9, 0, 2)]), "open_incidents")
    assert ranked["community_code"].to_list() == ["B", "A"]


def test_targets_met_ties_are_broken_by_coverage():
    ranked = t.ranked(
        review([("A", 0.91, 0, 3), ("B", 0.95, 0, 3), ("C", 0.99, 0, 2)]), "targets_met"
    )
    assert ranked.select("community_code", "rank").rows() == [("B", 1), ("A", 2), ("C", 3)]


# --- one snapshot per community -------------------------------------------------


def test_a_communitys_period_is_the_latest_of_its_own_workers_and_none_without():
    grids = frame([(1, "A"), (2, "B"), (3, "C")], {"id": pl.Int64, "community_code": pl.String})
    workers = frame([(1, 1), (2, 1), (3, 2), (4, 3)], {"worker_id": pl.Int64, "grid_id": pl.Int64})
    periods = frame(
        [(1, "2026-01"), (2, "2026-02"), (3, "2026-03"), (4, None)],
        {"worker_id": pl.Int64, "period": pl.String},
    )
    scopes = t.community_scopes(grids, workers, periods, SCORES.head(0))
    assert scopes.keys == ("A", "B", "C")
    assert {key: scopes.periods.get(key) for key in scopes.keys} == {
        "A": "2026-02",
        "B": "2026-03",
        "C": None,
    }


def slice_inputs(
    inputs: SnapshotInputs, grid_ids: list[int], period: str | None, scores: pl.DataFrame
) -> SnapshotInputs:
    """``inputs`` cut down to ``grid_ids`` by hand, with that scope's assessment period and
    scores: the single-scope snapshot a community's row must equal."""
    cut = {
        f.name: value.filter(pl.col("grid_id").is_in(grid_ids))
        for f in fields(inputs)
        if isinstance(value := getattr(inputs, f.name), pl.DataFrame) and "grid_id" in value.columns
    }
    return replace(
        inputs,
        grids=inputs.grids.filter(pl.col("id").is_in(grid_ids)),
        **cut,
        assessment_period=period,
        assessment_scores=scores,
    )


def community_inputs():
    """Community A: grids 1 and 2, worker 10 (scored 2026-02); B: grid 3, worker 20 (2026-03)."""
    base = inputs()
    return inputs(
        households=frame([(1, 3), (2, 1), (3, 4)], base.households.schema),
        coverage=frame([(1, 3, 1, 3), (2, 1, 0, 0), (3, 4, 2, 2)], base.coverage.schema),
        open_incidents=frame([(2, 1), (3, 2)], base.open_incidents.schema),
        workers=frame(
            [
                (10, "甲", "grid_worker", 1),
                (10, "甲", "grid_worker", 2),
                (20, "乙", "grid_leader", 3),
            ],
            base.workers.schema,
        ),
        rentals=frame([(1, 2, 2, 1), (3, 1, 0, 0)], base.rentals.schema),
    )


SCORES = frame(
    [
        (10, "2026-02", "visits", 20.0, 25.0),
        (10, "2026-02", "patrol", 15.0, 15.0),
        (20, "2026-03", "visits", 25.0, 25.0),
        (20, "2026-02", "visits", 5.0, 25.0),  # an older period of B's worker: not B's period
    ],
    {"worker_id": pl.Int64, "period": pl.String, "criterion_code": pl.String, "score": pl.Float64,
     "max_score": pl.Float64},
)  # fmt: skip
PERIODS = frame([(10, "2026-02"), (20, "2026-03")], {"worker_id": pl.Int64, "period": pl.String})


def test_each_community_snapshot_equals_the_snapshot_of_its_own_inputs():
    plan = SnapshotPlan.for_day(AS_OF)
    given = community_inputs()
    result = t.community_snapshots(plan, given, PERIODS, SCORES)
    assert sorted(result) == ["A", "B"]
    own_a = slice_inputs(
        given, [1, 2], "2026-02", SCORES.filter(pl.col("worker_id") == 10).drop("period")
    )
    assert result["A"] == snapshot(plan, own_a)
    own_b = slice_inputs(
        given,
        [3],
        "2026-03",
        SCORES.filter((pl.col("worker_id") == 20) & (pl.col("period") == "2026-03")).drop("period"),
    )
    assert result["B"] == snapshot(plan, own_b)
    assert result["A"]["households"] == 4
    assert result["A"]["visits"]["coverage_90d"] == 0.75
    assert result["A"]["incidents"]["open"] == 1
    assert result["A"]["assessment"] == {
        "period": "2026-02", "workers_scored": 1,
        "mean_total": 87.5, "min_total": 87.5, "max_total": 87.5,
    }  # fmt: skip
    assert result["B"]["assessment"]["period"] == "2026-03"
    assert result["B"]["assessment"]["mean_total"] == 100.0
    assert result["B"]["rentals"] == {"total": 1, "pledge_signed": 0, "inspected_90d": 0}
    assert result["B"]["workers"] == {"grid_leader": 1, "grid_worker": 0}


def test_a_community_without_scored_workers_has_no_assessment():
    plan = SnapshotPlan.for_day(AS_OF)
    result = t.community_snapshots(plan, community_inputs(), PERIODS.head(0), SCORES.head(0))
    assert result["A"]["assessment"] == {
        "period": None, "workers_scored": 0,
        "mean_total": None, "min_total": None, "max_total": None,
    }  # fmt: skip


# --- weekly trend ---------------------------------------------------------------


def test_trend_days_end_on_the_day_a_week_apart():
    assert t.trend_days(AS_OF, 3) == [D(2026, 2, 24), D(2026, 3, 3), AS_OF]


def test_coverage_windows_are_ninety_days_ending_on_each_day():
    assert t.coverage_windows([AS_OF]) == [(D(2025, 12, 11), AS_OF)]


def test_weekly_trend_has_every_community_and_day_and_nulls_without_households():
    grids = frame(
        [(1, "A", "甲"), (2, "A", "甲"), (3, "B", "乙")],
        {"id": pl.Int64, "community_code": pl.String, "community_name": pl.String},
    )
    days = [D(2026, 3, 3), AS_OF]
    coverage = frame(
        [(1, AS_OF, 3, 2), (2, AS_OF, 1, 1), (1, D(2026, 3, 3), 2, 0)],
        {"grid_id": pl.Int64, "day": pl.Date, "households": pl.Int64, "covered": pl.Int64},
    )
    open_counts = frame([(3, AS_OF, 2)], {"grid_id": pl.Int64, "day": pl.Date, "open": pl.Int64})
    trend = t.weekly_trend(grids, days, coverage, open_counts)
    assert trend.select("community_code", "day", "coverage_90d", "open").rows() == [
        ("A", D(2026, 3, 3), 0.0, 0),
        ("A", AS_OF, 0.75, 0),
        ("B", D(2026, 3, 3), None, 0),
        ("B", AS_OF, None, 2),
    ]


@pytest.mark.parametrize("weeks", t.TREND_WEEKS)
def test_the_trend_spans_twelve_to_twenty_six_weeks(weeks):
    assert 12 <= weeks <= 26 and len(t.trend_days(AS_OF, weeks)) == weeks


def test_a_worker_of_two_communities_counts_in_both_with_each_ones_own_period():
    """Worker 30 works in A (grid 2) and B (grid 3), scored in 2026-03: A's period becomes
    2026-03 (its latest), so A's total is worker 30's alone; B counts two leaders."""
    plan = SnapshotPlan.for_day(AS_OF)
    base = community_inputs()
    given = replace(
        base,
        workers=pl.concat(
            [
                base.workers,
                frame([(30, "丙", "grid_leader", 2), (30, "丙", "grid_leader", 3)],
                      base.workers.schema),
            ]
        ),
    )  # fmt: skip
    scores = pl.concat([SCORES, frame([(30, "2026-03", "visits", 10.0, 25.0)], SCORES.schema)])
    periods = pl.concat([PERIODS, frame([(30, "2026-03")], PERIODS.schema)])
    result = t.community_snapshots(plan, given, periods, scores)
    of = scores.filter(pl.col("period") == "2026-03")
    own = {
        "A": slice_inputs(given, [1, 2], "2026-03", of.filter(pl.col("worker_id") == 30)),
        "B": slice_inputs(given, [3], "2026-03", of.filter(pl.col("worker_id").is_in([20, 30]))),
    }
    for code, inputs_of in own.items():
        assert result[code] == snapshot(plan, replace(
            inputs_of, assessment_scores=inputs_of.assessment_scores.drop("period")
        ))  # fmt: skip
    assert result["A"]["workers"] == {"grid_leader": 1, "grid_worker": 1}
    assert result["B"]["workers"] == {"grid_leader": 2, "grid_worker": 0}
    assert result["A"]["assessment"]["mean_total"] == 40.0
    assert result["B"]["assessment"]["workers_scored"] == 2
