"""The snapshot of the tiny registry, computed through the data layer on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from commands.metrics_cli import run_snapshot, run_workers
from data_access.errors import UnknownCode
from data_access.loaders import Registry
from data_access.scope import Scope
from tests.data_access.tiny import AS_OF, EXPECTED_AH, EXPECTED_ALL


@pytest.fixture
def registry(tiny_url: str) -> Registry:
    return Registry.open(tiny_url)


def test_whole_registry(registry: Registry) -> None:
    assert run_snapshot(registry, Scope(as_of=AS_OF)) == EXPECTED_ALL


def test_one_community(registry: Registry) -> None:
    assert run_snapshot(registry, Scope(as_of=AS_OF, communities=("AH",))) == EXPECTED_AH


def test_community_and_grid_keep_the_intersection(registry: Registry) -> None:
    both = run_snapshot(registry, Scope(as_of=AS_OF, communities=("AH",), grids=("AH-01", "JF-01")))
    assert both["scope"] == {"communities": ["AH"], "grids": ["AH-01"]}


def test_empty_intersection_gives_zero_counts_and_null_ratios(registry: Registry) -> None:
    empty = run_snapshot(registry, Scope(as_of=AS_OF, communities=("AH",), grids=("JF-01",)))
    assert empty["scope"] == {"communities": [], "grids": []}
    assert empty["households"] == 0 and empty["residents"]["total"] == 0
    assert empty["visits"]["coverage_30d"] is None
    assert empty["incidents"]["resolved_within_72h_30d"] is None
    assert empty["assessment"] == {
        "period": None,
        "workers_scored": 0,
        "mean_total": None,
        "min_total": None,
        "max_total": None,
    }
    assert set(empty["special_groups"]) == {"disabled", "pregnant", "party_household"}


def test_unknown_code_is_an_error_naming_it(registry: Registry) -> None:
    with pytest.raises(UnknownCode, match="ah"):
        run_snapshot(registry, Scope(as_of=AS_OF, communities=("ah",)))


def test_default_as_of_is_the_latest_visit(registry: Registry) -> None:
    assert registry.default_as_of() == AS_OF


def test_workers_of_march(registry: Registry) -> None:
    result = run_workers(registry, Scope(as_of=AS_OF), "2026-03")
    assert result["as_of"] == "2026-03-10"
    by_id = {w["id"]: w for w in result["workers"]}
    assert list(by_id) == [1, 2, 3, 4]
    leader = by_id[1]
    assert leader["grids"] == ["AH-01", "AH-02"]
    assert (
        leader["visits"],
        leader["visit_days"],
        leader["weeks"],
        leader["weeks_meeting_visit_days"],
    ) == (5, 4, 1, 1)
    assert leader["visit_days_meeting_rate"] == 4
    assert leader["patrol_rate"] == 0.2857  # 2 of 7 duty days (two patrols on the 3rd count once)
    assert leader["log_on_time_rate"] == 0.1429  # the log of the 3rd came a day late
    assert leader["incidents_reported"] == 1 and leader["incidents_resolved_72h_rate"] == 1.0
    assert leader["score_total"] is None and leader["scores"] == {}
    assert by_id[3]["score_total"] == 80.0 and by_id[3]["scores"] == {"visits": 20.0}
    assert by_id[2]["grids"] == ["AH-01"]  # assigned until the 10th: listed for the days before
    assert set(result["workers"][0]) == {
        "id",
        "name",
        "role",
        "grids",
        "visits",
        "visit_days",
        "weeks",
        "weeks_meeting_visit_days",
        "visit_days_meeting_rate",
        "patrol_rate",
        "log_on_time_rate",
        "incidents_reported",
        "incidents_resolved_72h_rate",
        "score_total",
        "scores",
    }


def test_workers_scope_lists_only_workers_of_grids_in_scope(registry: Registry) -> None:
    result = run_workers(registry, Scope(as_of=AS_OF, grids=("JF-01",)), "2026-03")
    assert [w["id"] for w in result["workers"]] == [3]


def test_workers_default_as_of_is_the_registry_default_day(registry: Registry) -> None:
    # contract 1.1: no longer capped at the end of the month (1.0 gave 2026-02-28)
    assert run_workers(registry, Scope(), "2026-02")["as_of"] == "2026-03-10"
    assert run_workers(registry, Scope(), "2026-03")["as_of"] == "2026-03-10"


def test_as_of_before_the_month_lists_no_workers(registry: Registry) -> None:
    assert run_workers(registry, Scope(as_of=AS_OF), "2026-04")["workers"] == []
