"""The weekly overview through app.py: the same figures as the snapshot command, filters by key."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from commands.metrics_cli import run_snapshot
from data_access.loaders import Registry
from data_access.scope import Scope
from tests.pages.conftest import metric_values, no_exceptions

DAY = "2026-03-10"


@pytest.fixture(scope="module")
def snapshot_ah(demo_sqlite: Path) -> dict:
    return run_snapshot(
        Registry.open(str(demo_sqlite)), Scope(as_of=dt.date(2026, 3, 10), communities=("AH",))
    )


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def test_tiles_equal_the_snapshot(app_page, snapshot_ah: dict) -> None:
    at = app_page(as_of=DAY, community="AH")
    no_exceptions(at)
    tiles = metric_values(at)
    s = snapshot_ah
    assert tiles["住户"] == f"{s['households']:,}" == "4,686"
    assert tiles["总人口"] == "16,074"
    assert (tiles["常住"], tiles["流入"], tiles["挂户"]) == ("9,074", "3,000", "4,000")
    assert (tiles["外县流入"], tiles["陪读"], tiles["经商务工"], tiles["其他"]) == (
        "703",
        "684",
        "1,254",
        "359",
    )
    assert tiles["60 岁及以上"] == f"{s['residents']['elderly_60_plus']:,}"
    assert tiles["本周走访（次）"] == f"{s['visits']['this_week']['visits']:,}"
    assert tiles["30 天覆盖率"] == pct(s["visits"]["coverage_30d"])
    assert tiles["90 天覆盖率"] == pct(s["visits"]["coverage_90d"])
    lw = s["visits"]["last_week"]
    assert tiles["3 天达标网格"] == f"{lw['grids_meeting_visit_days']:,} / {lw['grids']:,}"
    assert tiles["未办结事件"] == f"{s['incidents']['open']:,}"


def test_change_since_a_week_earlier(app_page, demo_sqlite: Path) -> None:
    at = app_page(as_of=DAY, community="AH")
    registry = Registry.open(str(demo_sqlite))
    before = run_snapshot(registry, Scope(as_of=dt.date(2026, 3, 3), communities=("AH",)))
    now = run_snapshot(registry, Scope(as_of=dt.date(2026, 3, 10), communities=("AH",)))
    tile = next(m for m in at.metric if m.label == "住户")
    change = now["households"] - before["households"]
    assert tile.delta == ("±0" if change == 0 else f"{change:+,}")


def test_english_labels(app_page) -> None:
    at = app_page(as_of=DAY, community="AH", lang="en")
    no_exceptions(at)
    assert metric_values(at)["Households"] == "4,686"
    assert at.title[0].value == "Weekly overview"


def test_grid_filter_by_widget_narrows_and_goes_to_the_url(app_page, demo_sqlite: Path) -> None:
    at = app_page(as_of=DAY, community="AH")
    at.multiselect(key="f_grid").set_value(["AH-01"]).run()
    no_exceptions(at)
    one = run_snapshot(
        Registry.open(str(demo_sqlite)), Scope(as_of=dt.date(2026, 3, 10), grids=("AH-01",))
    )
    assert metric_values(at)["住户"] == f"{one['households']:,}"
    # AppTest gives a single value as a string, repeated values as a list
    assert at.query_params["grid"] == "AH-01"
    assert at.query_params["community"] == "AH"


def test_unknown_code_in_the_link_is_named_and_ignored(app_page) -> None:
    at = app_page(as_of=DAY, community=["AH", "NOPE"])
    no_exceptions(at)
    assert any("NOPE" in w.value for w in at.warning)
    assert metric_values(at)["住户"] == "4,686"


def test_malformed_day_in_the_link_falls_back_to_the_default(app_page) -> None:
    at = app_page(as_of="2026-02-30", community="AH")
    no_exceptions(at)
    assert any("2026-02-30" in w.value for w in at.warning)
    assert at.date_input(key="f_as_of").value == dt.date(2026, 11, 27)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_day_outside_the_range_in_the_link_says_so(app_page, day: str) -> None:
    at = app_page(as_of=day, community="AH")
    no_exceptions(at)
    (warning,) = [w.value for w in at.warning if day in w.value]
    assert "超出可查询的范围" in warning and "2000-01-01" in warning and "2100-12-31" in warning
    assert "YYYY-MM-DD" not in warning  # the format is right: not called malformed
    assert at.date_input(key="f_as_of").value == dt.date(2026, 11, 27)


def test_grid_outside_the_chosen_community_is_named_and_ignored(app_page) -> None:
    at = app_page(as_of=DAY, community="AH", grid="JFL-01")
    no_exceptions(at)
    assert any("JFL-01" in w.value for w in at.warning)
    assert metric_values(at)["住户"] == "4,686"


def test_unreachable_registry_is_a_message(
    app_page, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("REGISTRY_DB_URL", f"sqlite:///{tmp_path / 'missing.sqlite'}")
    at = app_page(as_of=DAY)
    assert not at.exception
    # the problem is named, the path is not (it goes to the server log)
    assert [e.value for e in at.error] == [
        "「周例会总览」无法读取数据：登记库文件不存在（可能已被删除或移走）。"
        "请稍后按“重试”或侧栏的“刷新数据”。"
    ]
    assert not (tmp_path / "missing.sqlite").exists()


def test_rows_left_out_are_counted_under_their_tiles(
    app_page, demo_sqlite: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Orphans (a household of no grid, a resident of no household), a membership of no group
    and a score above its maximum: the tiles keep their figures, the captions say what was left
    out and how many."""
    copy = tmp_path / "registry.sqlite"
    copy.write_bytes(demo_sqlite.read_bytes())
    with sqlite3.connect(copy) as db:
        db.execute(
            "INSERT INTO household (id, grid_id, address, registered_on)"
            " VALUES (999001, 99999, '无网格1号', '2025-01-01')"
        )
        db.execute(
            "INSERT INTO resident (id, household_id, name, gender, birth_date, residency,"
            " registered_on) VALUES (999001, 999999, '无户', 'M', '1950-01-01', 'resident',"
            " '2025-01-01')"
        )
        db.execute(
            "INSERT INTO resident_group (resident_id, group_code, since)"
            " SELECT min(r.id), 'ghost', '2025-01-01' FROM resident r"
            " JOIN household h ON h.id = r.household_id JOIN grid g ON g.id = h.grid_id"
            " WHERE g.code = 'AH-01' AND r.left_on IS NULL"
        )
    monkeypatch.setenv("REGISTRY_DB_URL", f"sqlite:///{copy}")
    at = app_page(as_of=DAY)
    no_exceptions(at)
    whole = run_snapshot(Registry.open(str(demo_sqlite)), Scope(as_of=dt.date(2026, 3, 10)))
    assert metric_values(at)["住户"] == f"{whole['households']:,}"  # the orphan is not counted
    captions = " ".join(c.value for c in at.caption)
    assert "登记库中有 3 条记录指向不存在的" in captions  # household, resident, membership
    assert "另有 1 条成员记录未计入" in captions
