"""Township review and grid map queries on the tiny registry, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from commands.metrics_cli import run_snapshot
from data_access import queries as q
from data_access.geo import grid_boundaries
from data_access.loaders import Registry, load_snapshot_inputs
from data_access.queries import scores_in_periods
from data_access.scope import ResolvedScope, Scope
from data_access.township import (
    coverage_on_days,
    latest_period_by_worker,
    open_incidents_on_days,
)
from metrics.geo import parse_boundary
from metrics.snapshot import SnapshotPlan
from metrics.township import community_snapshots, coverage_windows
from tests.data_access.tiny import AS_OF, EXPECTED_AH

D = dt.date


@pytest.fixture
def registry(tiny_url: str) -> Registry:
    return Registry.open(tiny_url)


def resolve(registry: Registry, day: dt.date = AS_OF, **filters: tuple[str, ...]) -> ResolvedScope:
    return registry.resolve(Scope(as_of=day, **filters))


# --- assessment periods -----------------------------------------------------------


def test_latest_period_per_worker_is_not_after_the_month(registry: Registry) -> None:
    with registry.connect() as conn:
        march = latest_period_by_worker(conn, [1, 2, 3, 4], "2026-03", AS_OF)
        february = latest_period_by_worker(conn, [1, 2, 3, 4], "2026-02", AS_OF)
        nobody = latest_period_by_worker(conn, [], "2026-03", AS_OF)
    assert sorted(march.rows()) == [(1, "2026-02"), (3, "2026-03")]
    assert february.rows() == [(1, "2026-02")]
    assert nobody.is_empty() and nobody.columns == ["worker_id", "period"]


def test_scores_of_the_periods_asked_for_only(registry: Registry) -> None:
    with registry.connect() as conn:
        scores = scores_in_periods(conn, [1, 3], ["2026-02", "2026-03"], AS_OF)
        none = scores_in_periods(conn, [1, 3], [], AS_OF)
    assert sorted(
        scores.select("worker_id", "period", "criterion_code", "score", "max_score").rows()
    ) == [
        (1, "2026-02", "patrol", 12.0, 15.0),
        (1, "2026-02", "visits", 21.35, 25.0),
        (3, "2026-03", "visits", 20.0, 25.0),
    ]
    assert none.is_empty()


# --- one snapshot per community ---------------------------------------------------


def test_community_snapshots_equal_the_snapshot_command(registry: Registry) -> None:
    rs = resolve(registry)
    plan = SnapshotPlan.for_day(AS_OF)
    with registry.connect() as conn:
        inputs = load_snapshot_inputs(conn, rs, plan)
        workers = sorted(set(inputs.workers["worker_id"].to_list()))
        periods = latest_period_by_worker(conn, workers, plan.month, AS_OF)
        scores = scores_in_periods(conn, workers, periods["period"].unique().to_list(), AS_OF)
    result = community_snapshots(plan, inputs, periods, scores)
    assert result["AH"] == EXPECTED_AH
    assert result["JF"] == run_snapshot(registry, Scope(as_of=AS_OF, communities=("JF",)))
    # the scope-wide period (2026-03, JF's worker 3) is not AH's: AH's were scored in 2026-02
    assert (result["AH"]["assessment"]["period"], result["JF"]["assessment"]["period"]) == (
        "2026-02",
        "2026-03",
    )


# --- the trend's grouped queries ----------------------------------------------------


def test_coverage_on_days_follows_active_households_and_windows(registry: Registry) -> None:
    rs = resolve(registry)
    windows = [
        (D(2025, 12, 11), AS_OF),  # the 90-day window of the as-of day
        (D(2025, 12, 10), D(2026, 3, 9)),  # the day before: household 2 not yet, 3 still active
        (D(2026, 2, 8), D(2026, 2, 8)),  # a one-day window: the visit at 23:59:59 counts
        (D(2026, 2, 9), D(2026, 2, 9)),
    ]
    with registry.connect() as conn:
        frame = coverage_on_days(conn, rs, windows)
    assert sorted(frame.rows()) == [
        (1, D(2026, 2, 8), 2, 0),
        (1, D(2026, 2, 9), 2, 0),
        (1, D(2026, 3, 9), 2, 1),
        (1, AS_OF, 2, 2),
        (3, D(2026, 2, 8), 1, 1),
        (3, D(2026, 2, 9), 1, 0),
        (3, D(2026, 3, 9), 1, 1),
        (3, AS_OF, 1, 1),
    ]


def test_coverage_on_days_agrees_with_the_snapshot_query(registry: Registry) -> None:
    days = [D(2026, 3, 2), D(2026, 3, 9), AS_OF]
    rs = resolve(registry, communities=("AH",))
    with registry.connect() as conn:
        frame = coverage_on_days(conn, rs, coverage_windows(days))
        for first, day in coverage_windows(days):
            one = q.coverage_by_grid(
                conn, resolve(registry, day, communities=("AH",)), {"c": first}
            )
            expected = sorted((g, h, c) for g, h, c in one.rows())
            got = sorted((g, h, c) for g, d, h, c in frame.rows() if d == day)
            assert got == expected, day


def test_open_incidents_on_days_at_the_end_of_each_day(registry: Registry) -> None:
    days = [D(2026, 3, 3), D(2026, 3, 4), AS_OF, D(2026, 3, 11)]
    with registry.connect() as conn:
        everything = open_incidents_on_days(conn, resolve(registry), days)
        ah = open_incidents_on_days(conn, resolve(registry, communities=("AH",)), days)
    assert sorted(everything.rows()) == [
        (1, D(2026, 3, 3), 1),  # incident 1: resolved on the 4th at 10:00
        (1, AS_OF, 1),  # incident 2: reported at 23:00 on the day
        (1, D(2026, 3, 11), 1),
        (3, D(2026, 3, 3), 1),
        (3, D(2026, 3, 4), 1),
        (3, AS_OF, 1),  # incident 3: resolved at the very end of the day, still open
    ]
    assert {row[0] for row in ah.rows()} == {1}


def test_trend_queries_of_an_empty_scope_are_empty(registry: Registry) -> None:
    rs = resolve(registry, communities=("AH",), grids=("JF-01",))
    with registry.connect() as conn:
        assert coverage_on_days(conn, rs, coverage_windows([AS_OF])).is_empty()
        assert open_incidents_on_days(conn, rs, [AS_OF]).is_empty()


# --- the grid map's boundaries -----------------------------------------------------


def test_grid_boundaries_of_the_scope_as_stored(registry: Registry) -> None:
    with registry.connect() as conn:
        ah = grid_boundaries(conn, resolve(registry, communities=("AH",)))
        empty = grid_boundaries(conn, resolve(registry, communities=("AH",), grids=("JF-01",)))
    assert ah["grid_id"].to_list() == [1, 2]
    first, second = (parse_boundary(text) for text in ah["boundary"].to_list())
    assert first.drawable and second.problem == "missing"
    assert empty.is_empty()
