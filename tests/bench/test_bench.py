"""The benchmark's correctness path: the floor's SQL and the naive peer give the snapshot's figures.

No timings are asserted here (the benchmark's numbers live in BENCHMARKS.md); these tests
only keep ``bench/floor.py`` and ``bench/naive.py`` from drifting away from ``metrics/``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

import bench.floor as floor
from bench.items import FiguresDiffer, check_figures, differences, floor_item, snapshot_item
from bench.run import main
from data_access.loaders import Registry
from tests.data_access.tiny import AS_OF, build_tiny

#: Days around the tiny registry's edges: the day itself, a Sunday (its own last week), the
#: Monday after, a day before most rows, and a day long after.
TINY_DAYS = (
    AS_OF,
    dt.date(2026, 3, 8),
    dt.date(2026, 3, 9),
    dt.date(2026, 3, 11),
    dt.date(2025, 12, 31),
    dt.date(2026, 6, 1),
)


def _tiny(url: str) -> str:
    engine = sa.create_engine(url)
    try:
        build_tiny(engine)
    finally:
        engine.dispose()
    return url


@pytest.fixture(scope="module")
def tiny_sqlite(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _tiny(f"sqlite:///{tmp_path_factory.mktemp('bench-tiny') / 'tiny.sqlite'}")


@pytest.fixture(scope="module")
def tiny_pg(pg_server) -> str:  # noqa: ANN001 - the session fixture of tests/conftest.py
    return _tiny(pg_server.create_database("bench_tiny"))


@pytest.fixture(params=["sqlite", "postgres"])
def tiny(request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue("tiny_sqlite" if request.param == "sqlite" else "tiny_pg")


def test_the_command_checks_the_tiny_registry(
    tiny: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", tiny, "--runs", "1", "--check-only"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"calibration \d+\.\d{3} s \(a pure-Python loop", out)
    assert "figures equal (snapshot = floor = naive) for the whole registry as of 2026-03-10" in out
    assert "figures equal (snapshot = floor = naive) for AH as of 2026-03-10" in out


@pytest.mark.parametrize("day", TINY_DAYS, ids=str)
@pytest.mark.parametrize("community", [None, "AH", "JF"])
def test_floor_and_naive_equal_the_snapshot_on_every_edge(
    tiny: str, day: dt.date, community: str | None
) -> None:
    registry = Registry.open(tiny)
    try:
        figures = check_figures(registry, community, day)
    finally:
        registry.engine.dispose()
    assert figures["as_of"] == day.isoformat()


def test_the_command_checks_the_demo(demo_sqlite: Path, tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    assert main(["--db", str(demo_sqlite), "--runs", "1", "--check-only", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert '"community": "AH"' in text and '"as_of": "2026-11-27"' in text


@pytest.mark.parametrize("community", [None, "AH", "JFL"])
def test_floor_and_naive_equal_the_snapshot_on_the_demo_seed_day(
    demo_sqlite: Path, community: str | None
) -> None:
    registry = Registry.open(str(demo_sqlite))
    try:
        figures = check_figures(registry, community, dt.date(2026, 3, 10))
    finally:
        registry.engine.dispose()
    if community == "AH":  # the seed's figures, for good measure
        assert figures["households"] == 4686
        assert figures["residents"]["total"] == 16074


def test_a_drifting_floor_is_caught(tiny_sqlite: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check really compares: a floor statement counting one rental too many fails it."""
    broken = floor.STATEMENTS["rentals"].replace("SELECT COUNT(*),", "SELECT COUNT(*) + 1,")
    assert broken != floor.STATEMENTS["rentals"]
    monkeypatch.setitem(floor.STATEMENTS, "rentals", broken)
    registry = Registry.open(tiny_sqlite)
    try:
        with pytest.raises(FiguresDiffer, match=r"floor ≠ snapshot .*rentals\.total"):
            check_figures(registry, None, AS_OF)
    finally:
        registry.engine.dispose()


def test_differences_names_the_keys_and_types() -> None:
    a = {"x": 1, "y": {"z": 0.5, "w": None}}
    assert differences(a, {"x": 1, "y": {"z": 0.5, "w": None}}) == []
    assert differences(a, {"x": 2, "y": {"z": 0.5, "w": None}}) == ["x: 1 != 2"]
    assert differences(a, {"x": 1, "y": {"z": 0.5, "w": 0}}) == ["y.w: None != 0"]
    assert differences(a, {"x": 1.0, "y": {"z": 0.5, "w": None}}) == ["x: 1 != 1.0"]
    assert differences(a, {"x": 1, "y": {"z": 0.5}}) == ["y.w: None != (missing)"]


def test_floor_and_snapshot_take_the_same_default_day(tiny_sqlite: str) -> None:
    registry = Registry.open(tiny_sqlite)
    try:
        assert floor_item(registry, None)["as_of"] == snapshot_item(registry, None)["as_of"]
    finally:
        registry.engine.dispose()


def test_the_bench_builds_the_store_and_times_the_pages_on_it(
    tiny_sqlite: str, tmp_path: Path
) -> None:
    """``--store both``: the pages live, the store's full build and one day's refresh (each in
    a fresh process, with its peak memory and the store's size), the pages again on the store."""
    import json

    out = tmp_path / "bench.json"
    app_db = f"sqlite:///{tmp_path / 'app.sqlite'}"
    argv = ["--db", tiny_sqlite, "--no-figures", "--no-memory", "--page-runs", "1"]
    argv += [
        "--pages",
        "overview",
        "visits",
        "--store",
        "both",
        "--app-db",
        app_db,
        "--out",
        str(out),
    ]
    assert main(argv) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["machine"]["calibration_s"] > 0
    full, day = result["store"]["full"], result["store"]["one_day"]
    assert full["days"] >= 1 and full["rows"] > 0 and full["peak_mib"] > 0 and full["size_mib"] > 0
    assert day["days"] == 1 and day["seconds"] >= 0
    assert set(result["pages"]) == set(result["pages_stored"]) == {"overview", "visits"}
    assert all("error" not in p for p in result["pages_stored"].values())
