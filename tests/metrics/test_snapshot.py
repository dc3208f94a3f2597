"""Snapshot figures on tiny literal frames, one edge each."""

import datetime as dt

import polars as pl

from metrics import snapshot as s

D = dt.date
T = dt.datetime


def residents_frame(rows):
    return pl.DataFrame(
        rows,
        schema={
            "grid_id": pl.Int64,
            "residency": pl.String,
            "floating_origin": pl.String,
            "elderly": pl.Boolean,
            "residents": pl.Int64,
        },
        orient="row",
    )


def test_residents_split_and_elderly():
    frame = residents_frame(
        [
            (1, "resident", None, False, 5),
            (1, "resident", None, True, 2),
            (2, "floating", "business", False, 3),
        ]
    )
    assert s.residents(frame) == {
        "total": 10,
        "resident": 7,
        "floating": 3,
        "nominal": 0,
        "elderly_60_plus": 2,
    }


def test_residents_of_an_empty_scope_are_zero():
    assert s.residents(residents_frame([])) == {
        "total": 0,
        "resident": 0,
        "floating": 0,
        "nominal": 0,
        "elderly_60_plus": 0,
    }


def test_floating_origin_unknown_for_null_and_other_spellings():
    frame = residents_frame(
        [
            (1, "floating", None, False, 1),
            (1, "floating", "Business", False, 2),  # not the code: unknown
            (1, "floating", "business", False, 4),
            (1, "resident", "business", False, 8),  # a non-floating origin is ignored
        ]
    )
    assert s.floating_origin(frame) == {
        "out_of_county": 0,
        "study_companion": 0,
        "business": 4,
        "other": 0,
        "unknown": 3,
    }


def test_special_groups_every_code_present():
    groups = pl.DataFrame({"code": ["disabled", "pregnant"]})
    counts = pl.DataFrame(
        {"group_code": ["disabled", "disabled"], "grid_id": [1, 2], "members": [2, 3]},
        schema={"group_code": pl.String, "grid_id": pl.Int64, "members": pl.Int64},
    )
    assert s.special_group_totals(groups, counts) == {"disabled": 5, "pregnant": 0}


def test_workers_counted_once_across_grids():
    workers = pl.DataFrame(
        {
            "worker_id": [1, 1, 2],
            "role": ["grid_leader", "grid_leader", "grid_worker"],
            "grid_id": [1, 2, 1],
        }
    )
    assert s.worker_counts(workers) == {"grid_leader": 1, "grid_worker": 1}


def test_coverage_is_sum_over_sum_and_null_without_households():
    cov = pl.DataFrame(
        {"grid_id": [1, 2], "households": [3, 1], "covered_30d": [1, 1], "covered_90d": [3, 1]}
    )
    assert s.coverage(cov) == {"coverage_30d": 0.5, "coverage_90d": 1.0}
    empty = cov.clear()
    assert s.coverage(empty) == {"coverage_30d": None, "coverage_90d": None}


GRIDS = pl.DataFrame(
    {
        "id": [1, 2, 3],
        "code": ["G-1", "G-2", "G-3"],
        "community_code": ["C", "C", "C"],
        "inhabited": [True, True, False],
    }
)


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


def day_households(rows):
    return pl.DataFrame(
        rows, schema={"grid_id": pl.Int64, "day": pl.Date, "households": pl.Int64}, orient="row"
    )


def test_four_percent_is_met_exactly_at_the_threshold():
    visits = day_visits([(1, D(2026, 3, 2), 1, 1), (2, D(2026, 3, 2), 1, 1)])
    households = day_households([(1, D(2026, 3, 2), 25), (2, D(2026, 3, 2), 26)])
    rules = s.week_rules_by_grid(GRIDS, visits, households)
    assert rules.select("code", "visit_days", "visit_days_meeting_rate").rows() == [
        ("G-1", 1, 1),
        ("G-2", 1, 0),
    ]


def test_a_day_without_active_households_counts_for_three_days_but_not_for_visit_days():
    visits = day_visits([(1, D(2026, 3, d), 1, 1) for d in (2, 3, 4)])
    households = day_households(
        [(1, D(2026, 3, 2), 10), (1, D(2026, 3, 3), 10)]
    )  # none active on the 4th
    rules = s.week_rules_by_grid(GRIDS, visits, households)
    g1 = rules.filter(pl.col("code") == "G-1").row(0, named=True)
    assert g1["days_with_visits"] == 3 and g1["meets_visit_days"]
    assert g1["visit_days"] == 2 and g1["visit_days_meeting_rate"] == 2


def test_uninhabited_grids_are_left_out_of_last_week():
    visits = day_visits([(3, D(2026, 3, d), 1, 1) for d in (2, 3, 4)])
    rules = s.week_rules_by_grid(GRIDS, visits, day_households([]))
    plan = s.SnapshotPlan.for_day(D(2026, 3, 10))
    assert s.last_week(plan, rules) == {
        "start": "2026-03-02",
        "end": "2026-03-08",
        "grids": 2,
        "grids_meeting_visit_days": 0,
        "visit_days": 0,
        "visit_days_meeting_rate": 0,
    }


def incidents_frame(rows):
    return pl.DataFrame(
        rows,
        schema={
            "id": pl.Int64,
            "grid_id": pl.Int64,
            "reported_at": pl.Datetime("us"),
            "resolved_at": pl.Datetime("us"),
        },
        orient="row",
    )


def test_resolution_at_exactly_72_hours_counts():
    plan = s.SnapshotPlan.for_day(D(2026, 3, 10))
    reported = incidents_frame(
        [
            (1, 1, T(2026, 3, 1, 10), T(2026, 3, 4, 10)),  # exactly 72 h
            (2, 1, T(2026, 3, 1, 10), T(2026, 3, 4, 10, 0, 1)),  # one second late
            (3, 1, T(2026, 3, 9, 10), None),  # still open
            (4, 1, T(2026, 3, 10, 10), T(2026, 3, 11, 0, 0)),  # resolved after the end of the day
        ]
    )
    figures = s.incidents(plan, pl.DataFrame({"grid_id": [1], "open": [2]}), reported)
    assert figures == {"open": 2, "reported_30d": 4, "resolved_within_72h_30d": 0.25}


def test_no_incident_reported_gives_null_share():
    plan = s.SnapshotPlan.for_day(D(2026, 3, 10))
    assert (
        s.incidents(plan, pl.DataFrame({"grid_id": [], "open": []}), incidents_frame([]))[
            "resolved_within_72h_30d"
        ]
        is None
    )


def scores_frame(rows):
    return pl.DataFrame(
        rows,
        schema={
            "worker_id": pl.Int64,
            "criterion_code": pl.String,
            "score": pl.Float64,
            "max_score": pl.Float64,
        },
        orient="row",
    )


def test_worker_total_is_over_the_criteria_scored():
    scores = scores_frame([(1, "visits", 20.0, 25.0), (1, "patrol", 15.0, 15.0)])
    assert s.worker_totals(scores) == {1: 87.5}


def test_mean_of_totals_is_taken_before_rounding():
    # totals 1/3*100 and 2/3*100 → mean 50 exactly; rounding each first would give 50.0 too,
    # so use three workers: 100/3, 100/3, 100/3 + … mean of exact values
    scores = scores_frame([(1, "a", 1.0, 3.0), (2, "a", 1.0, 3.0), (3, "a", 1.0, 6.0)])
    figures = s.assessment("2026-02", scores)
    # exact totals 33.333…, 33.333…, 16.666… → mean 27.777… → 27.78; min 16.67; max 33.33
    assert figures == {
        "period": "2026-02",
        "workers_scored": 3,
        "mean_total": 27.78,
        "min_total": 16.67,
        "max_total": 33.33,
    }


def test_assessment_without_period():
    assert s.assessment(None, scores_frame([])) == {
        "period": None,
        "workers_scored": 0,
        "mean_total": None,
        "min_total": None,
        "max_total": None,
    }


def test_rentals_sum_per_grid():
    counts = pl.DataFrame(
        {"grid_id": [1, 2], "rentals": [3, 2], "pledge_signed": [2, 2], "inspected": [0, 1]}
    )
    assert s.rentals(counts) == {"total": 5, "pledge_signed": 4, "inspected_90d": 1}


def test_overdue_cutoff_is_72_hours_before_the_end_of_the_day():
    assert s.overdue_reported_before(D(2026, 3, 10)) == T(2026, 3, 8, 0, 0)


def test_rows_of_a_grid_not_in_scope_are_left_out():
    """A household whose grid the registry does not hold (grid 99) is in no scope."""
    grids = pl.DataFrame(
        {"id": [1], "code": ["G-01"], "community_code": ["AH"], "inhabited": [True]}
    )
    empty = pl.DataFrame()
    inputs = s.SnapshotInputs(
        grids=grids,
        households=pl.DataFrame({"grid_id": [1, 99], "households": [3, 1]}),
        residents=empty,
        special_groups=empty,
        special_group_counts=pl.DataFrame(
            {"group_code": ["a", "a"], "grid_id": [1, 99], "members": [1, 1]}
        ),
        workers=pl.DataFrame(
            {"worker_id": [1, 2], "role": ["grid_worker"] * 2, "grid_id": [1, 99]}
        ),
        visits_this_week=empty,
        coverage=empty,
        last_week_visits=empty,
        last_week_households=empty,
        open_incidents=empty,
        incidents_reported=empty,
        rentals=empty,
        assessment_period=None,
        assessment_scores=empty,
    )
    kept = s.within_grids(inputs)
    assert s.households(kept.households) == 3
    assert kept.special_group_counts["members"].sum() == 1
    assert s.worker_counts(kept.workers) == {"grid_leader": 0, "grid_worker": 1}
