"""The township review (镇级对比) through app.py: a row per community equal to the snapshot
command, ranking and drill-down by key, trend small multiples, empty scope, both languages."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from commands.metrics_cli import run_snapshot
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics.township import TARGETS, daily_rate_compliance, pledge_share, three_day_compliance
from tests.pages.conftest import no_exceptions

PAGE = "pages/township.py"
DAY = "2026-03-10"
AS_OF = dt.date(2026, 3, 10)


@pytest.fixture(scope="module")
def registry(demo_sqlite: Path) -> Registry:
    return Registry.open(str(demo_sqlite))


@pytest.fixture(scope="module")
def snapshots(registry: Registry) -> dict[str, dict]:
    """``python -m metrics snapshot --community X`` for every community of the demo."""
    communities, _ = registry.organisation()
    return {
        code: run_snapshot(registry, Scope(as_of=AS_OF, communities=(code,)))
        for code in communities["code"].to_list()
    }


@pytest.fixture(scope="module")
def codes(registry: Registry) -> dict[str, str]:
    """Community name → code (the table shows names)."""
    communities, _ = registry.organisation()
    return dict(zip(communities["name"].to_list(), communities["code"].to_list(), strict=True))


def review(at: AppTest, codes: dict[str, str]) -> Any:
    """The review table's data (pandas), one row per community, with a ``code`` column added."""
    tables = [d.value for d in at.dataframe]
    assert len(tables) == 1
    table = tables[0]
    name = "社区" if "社区" in table.columns else "Community"
    return table.assign(code=[codes[n] for n in table[name]])


def close(a: float | None, b: float | None) -> bool:
    """Equal figures; an empty table cell (None or NaN) stands for a null figure."""
    a = None if a is None or a != a else a  # NaN != NaN
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-9)


def test_every_community_equals_the_snapshot_command(
    app_page, codes: dict, snapshots: dict
) -> None:
    at = app_page(PAGE, as_of=DAY)
    no_exceptions(at)
    assert at.title[0].value == "镇级对比"
    table = review(at, codes)
    assert sorted(table["code"]) == sorted(snapshots)
    for row in table.to_dict("records"):
        s = snapshots[row["code"]]
        assert row["住户"] == s["households"]
        assert (row["总人口"], row["常住"], row["流入"], row["挂户"]) == (
            s["residents"]["total"],
            s["residents"]["resident"],
            s["residents"]["floating"],
            s["residents"]["nominal"],
        )
        assert close(row["90 天覆盖率"], s["visits"]["coverage_90d"])
        assert close(row["上周 3 天达标率"], three_day_compliance(s))
        assert close(row["上周 4% 达标率"], daily_rate_compliance(s))
        assert row["未办结事件"] == s["incidents"]["open"]
        assert close(row["72 小时办结率"], s["incidents"]["resolved_within_72h_30d"])
        assert close(row["责任书签订率"], pledge_share(s))
        assert close(row["考核平均分"], s["assessment"]["mean_total"])
        period = row["考核期"]
        assert (None if period != period else period) == s["assessment"]["period"]  # NaN: none
    ah = table[table["code"] == "AH"].iloc[0]
    assert (ah["住户"], ah["总人口"]) == (4686, 16074)  # the seed's figures


def test_ranked_by_targets_met_then_coverage(app_page, codes: dict, snapshots: dict) -> None:
    at = app_page(PAGE, as_of=DAY)
    table = review(at, codes)
    met = table["达标项数"].tolist()
    assert met == sorted(met, reverse=True)
    assert table["名次"].iloc[0] == 1
    assert "目标：90 天覆盖率 ≥ 90%" in " ".join(c.value for c in at.caption)


def test_targets_are_coloured(app_page, snapshots: dict) -> None:
    at = app_page(PAGE, as_of=DAY)
    styles = json.dumps([str(d.proto) for d in at.dataframe])
    coverages = [s["visits"]["coverage_90d"] for s in snapshots.values()]
    if any(c is not None and c >= TARGETS["coverage_90d"] for c in coverages):
        assert "#d5f5e3" in styles  # met
    if any(c is not None and c < TARGETS["coverage_90d"] for c in coverages):
        assert "#fadbd8" in styles  # below


def test_rank_by_open_incidents_puts_the_fewest_first(
    app_page, codes: dict, snapshots: dict
) -> None:
    at = app_page(PAGE, as_of=DAY)
    at.selectbox(key="township_rank_by").set_value("open_incidents").run()
    no_exceptions(at)
    table = review(at, codes)
    fewest = min(s["incidents"]["open"] for s in snapshots.values())
    assert table["未办结事件"].iloc[0] == fewest
    assert table["未办结事件"].tolist() == sorted(table["未办结事件"].tolist())


def test_choosing_a_community_opens_its_overview(app_page, snapshots: dict) -> None:
    at = app_page(PAGE, as_of=DAY, lang="zh")
    at.selectbox(key="township_drill").set_value("SH")
    at.button(key="township_open").click().run()
    no_exceptions(at)
    assert at.title[0].value == "周例会总览"
    assert at.query_params["community"] == "SH"
    assert at.query_params["as_of"] == DAY
    assert at.session_state["f_community"] == ["SH"]
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["住户"] == f"{snapshots['SH']['households']:,}"


def test_drill_down_drops_the_grid_and_area_filters(app_page) -> None:
    at = app_page(PAGE, as_of=DAY, community=["AH", "SH"], grid=["AH-01", "SH-01"])
    at.selectbox(key="township_drill").set_value("SH")
    at.button(key="township_open").click().run()
    no_exceptions(at)
    assert at.query_params["community"] == "SH"
    assert "grid" not in at.query_params
    assert at.session_state["f_grid"] == []


def test_the_page_keeps_its_own_scope(app_page, codes: dict, snapshots: dict) -> None:
    """Community, area and grid filters (left by another page) do not narrow the review: every
    community of the township is compared, each equal to its own snapshot; the filters stay in
    the link for the other pages and the caption says so."""
    at = app_page(PAGE, as_of=DAY, community="AH", grid=["AH-01", "AH-02"])
    no_exceptions(at)
    table = review(at, codes)
    assert sorted(table["code"]) == sorted(snapshots)
    for code, snapshot in snapshots.items():
        row = table[table["code"] == code].iloc[0]
        assert (row["住户"], row["总人口"]) == (
            snapshot["households"],
            snapshot["residents"]["total"],
        )
    assert any("不按社区、责任片、网格筛选缩小" in c.value for c in at.caption)
    assert at.query_params["grid"] == ["AH-01", "AH-02"]
    assert at.session_state["f_community"] == ["AH"]


def test_back_from_a_community_shows_the_township_again(app_page, codes: dict) -> None:
    """The Back trap: open one community from here, then come back (the menu link carries the
    community filter, as Back does): the township page still compares every community."""
    at = app_page(PAGE, as_of=DAY)
    everyone = sorted(review(at, codes)["code"])
    at.selectbox(key="township_drill").set_value("SH")
    at.button(key="township_open").click().run()
    assert at.title[0].value == "周例会总览"
    assert at.query_params["community"] == "SH"
    at.switch_page(PAGE).run()  # the menu link keeps the shared filters: community=SH
    no_exceptions(at)
    assert at.session_state["f_community"] == ["SH"]
    assert sorted(review(at, codes)["code"]) == everyone


def test_a_township_wide_filter_of_another_township_compares_only_it(
    app_page, demo_sqlite: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two townships in one registry: a community of one makes the page compare that township's
    communities, not the other's."""
    copy = tmp_path / "registry.sqlite"
    copy.write_bytes(demo_sqlite.read_bytes())
    with sqlite3.connect(copy) as db:
        db.execute("UPDATE community SET township = '新镇' WHERE code IN ('SH', 'TH')")
    monkeypatch.setenv("REGISTRY_DB_URL", f"sqlite:///{copy}")
    at = app_page(PAGE, as_of=DAY, community="SH")
    no_exceptions(at)
    shown = [d.value for d in at.dataframe][0]
    assert sorted(shown["社区"]) == ["三河社区", "桃花社区"]


def test_trend_small_multiples_and_weeks_by_key(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=DAY)
    charts = at.get("plotly_chart")
    assert len(charts) == 2
    coverage = json.loads(charts[0].proto.spec)
    assert len(coverage["data"]) == 5  # one panel per community
    ah = next(trace for trace in coverage["data"] if trace["name"] == "爱和社区")
    assert len(ah["x"]) == 12
    snapshot = run_snapshot(registry, Scope(as_of=AS_OF, communities=("AH",)))
    assert close(ah["y"][-1], snapshot["visits"]["coverage_90d"])
    at.selectbox(key="township_weeks").set_value(26).run()
    no_exceptions(at)
    coverage = json.loads(at.get("plotly_chart")[0].proto.spec)
    ah = next(trace for trace in coverage["data"] if trace["name"] == "爱和社区")
    assert len(ah["x"]) == 26
    open_chart = json.loads(at.get("plotly_chart")[1].proto.spec)
    week_ago = run_snapshot(
        registry, Scope(as_of=AS_OF - dt.timedelta(days=7), communities=("AH",))
    )
    ah_open = next(trace for trace in open_chart["data"] if trace["name"] == "爱和社区")
    assert ah_open["y"][-2:] == [week_ago["incidents"]["open"], snapshot["incidents"]["open"]]


def test_empty_scope_says_so(app_page, demo_sqlite: Path, tmp_path: Path, monkeypatch) -> None:
    copy = tmp_path / "registry.sqlite"
    copy.write_bytes(demo_sqlite.read_bytes())
    with sqlite3.connect(copy) as db:
        db.execute(
            "INSERT INTO community (id, code, name, township)"
            " VALUES (999, 'EMPTY', '空社区', '空镇')"
        )
    monkeypatch.setenv("REGISTRY_DB_URL", f"sqlite:///{copy}")
    at = app_page(PAGE, as_of=DAY, community="EMPTY")
    no_exceptions(at)
    assert [i.value for i in at.info] == ["所选范围内没有网格：请调整社区、责任片或网格筛选。"]
    assert not at.dataframe and not at.get("plotly_chart")


def test_english_labels(app_page, codes: dict, snapshots: dict) -> None:
    at = app_page(PAGE, as_of=DAY, lang="en")
    no_exceptions(at)
    assert at.title[0].value == "Township review"
    table = review(at, codes)
    assert {"Rank", "Community", "90-day coverage", "Targets met"} <= set(table.columns)
    ah = table[table["code"] == "AH"].iloc[0]
    assert ah["Households"] == snapshots["AH"]["households"]
    assert at.button(key="township_open").label == "Open its overview"


def test_a_score_out_of_range_is_left_out_and_counted(
    app_page, demo_sqlite: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A negative score in the latest period: no mean counts it, the caption says so."""
    copy = tmp_path / "registry.sqlite"
    copy.write_bytes(demo_sqlite.read_bytes())
    with sqlite3.connect(copy) as db:
        db.execute(
            "UPDATE assessment SET score = -1 WHERE period = '2026-10' AND criterion_code = 'patrol'"
            " AND worker_id = (SELECT min(worker_id) FROM assessment WHERE period = '2026-10')"
        )
    monkeypatch.setenv("REGISTRY_DB_URL", f"sqlite:///{copy}")
    at = app_page(PAGE, as_of="2026-11-27")
    no_exceptions(at)
    assert "另有 1 条评分未计入总分" in " ".join(c.value for c in at.caption)
