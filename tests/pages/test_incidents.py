"""The incident-handling page (事件处置) through app.py on the demo registry, widgets by key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from commands.metrics_cli import run_snapshot
from data_access import incidents as qi
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics import incidents as mi
from metrics.core import window_start
from metrics.snapshot import hours_open, overdue_reported_before
from tests.pages.conftest import metric_values, no_exceptions
from ui.i18n import Labels, fmt_pct

PAGE = "pages/incidents.py"
DAY = dt.date(2026, 3, 10)
LATE = dt.date(2026, 11, 27)


hours = Labels("zh").duration  # "2.4 小时", "1 天 7 小时"


def table_with(at, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.fixture(scope="module")
def registry(demo_sqlite: Path) -> Registry:
    return Registry.open(str(demo_sqlite))


def figures(registry: Registry, day: dt.date, days: int, **filters) -> dict:
    """The page's figures straight from data_access and metrics."""
    rs = registry.resolve(Scope(as_of=day, **filters), day)
    with registry.connect() as conn:
        rows = qi.incident_rows(conn, rs, window_start(day, days), day)
        backlog = mi.backlog(qi.backlog_counts(conn, rs, mi.backlog_bounds(day)))
        overdue, total = qi.overdue_page(conn, rs, overdue_reported_before(day), 0, 50)
    return {
        "summary": mi.stage_summary(rows, day),
        "backlog": backlog,
        "overdue": overdue,
        "overdue_total": total,
        "by_category": mi.stages_by(rows, day, "category"),
    }


def test_tiles_equal_the_snapshot_and_the_metrics(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=DAY.isoformat(), community="AH")
    no_exceptions(at)
    assert at.title[0].value == "事件处置"
    tiles = metric_values(at)
    snap = run_snapshot(registry, Scope(as_of=DAY, communities=("AH",)))["incidents"]
    assert tiles["发现（上报）"] == f"{snap['reported_30d']:,}"
    assert tiles["72 小时办结率"] == fmt_pct(snap["resolved_within_72h_30d"])
    assert tiles["未办结（日终）"] == f"{snap['open']:,}"
    mine = figures(registry, DAY, 30, communities=("AH",))
    s = mine["summary"]
    assert snap["reported_30d"] > 0
    assert (tiles["受理"], tiles["处置完毕"]) == (f"{s['accepted']:,}", f"{s['resolved']:,}")
    assert tiles["受理中位用时"] == hours(s["median_hours_to_accept"])
    assert tiles["处置中位用时"] == hours(s["median_hours_to_resolve"])
    assert tiles["全程中位用时"] == hours(s["median_hours_total"])
    assert tiles["上报镇级"] == f"{s['escalated']:,}"
    assert tiles["超 72 小时未办结"] == f"{mi.overdue(mine['backlog']):,}"


def test_category_table_equals_the_metrics(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=LATE.isoformat())
    no_exceptions(at)
    expected = figures(registry, LATE, 30)["by_category"]
    table = table_with(at, "发现→受理 中位小时")
    assert table["上报"].tolist() == expected["reported"].to_list()
    assert int(table["上报"].sum()) == int(metric_values(at)["发现（上报）"].replace(",", ""))


def test_window_widget_widens_the_window(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=DAY.isoformat(), community="AH")
    at.segmented_control(key="incidents_window").set_value(90).run()
    no_exceptions(at)
    s = figures(registry, DAY, 90, communities=("AH",))["summary"]
    assert metric_values(at)["发现（上报）"] == f"{s['reported']:,}"
    assert any(window_start(DAY, 90).isoformat() in c.value for c in at.caption)


def test_backlog_and_overdue_list_oldest_first(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=LATE.isoformat())
    no_exceptions(at)
    mine = figures(registry, LATE, 30)
    total = mine["overdue_total"]
    assert total == mi.overdue(mine["backlog"]) > 0
    assert any(f"共 {total:,} 件" in s.value for s in at.subheader)
    listed = table_with(at, "已用时")
    assert listed["事件编号"].tolist() == mine["overdue"]["id"].to_list()[: len(listed)]
    # hours open read as days and hours ("226 天 8 小时"), the oldest first
    open_for = mine["overdue"].with_columns(hours=hours_open(LATE))["hours"][: len(listed)]
    assert listed["已用时"].tolist() == [hours(h) for h in open_for]
    assert open_for.is_sorted(descending=True) and open_for[0] >= 72


def test_a_day_without_incidents_says_so(app_page) -> None:
    at = app_page(PAGE, as_of="2026-01-15", community="AH")
    no_exceptions(at)
    infos = [i.value for i in at.info]
    assert any("没有上报的事件" in text for text in infos)
    assert any("没有未办结事件" in text for text in infos)
    assert not at.get("plotly_chart")


def test_grid_filter_by_widget_narrows_the_page(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=LATE.isoformat(), community="AH")
    at.multiselect(key="f_grid").set_value(["AH-01"]).run()
    no_exceptions(at)
    s = figures(registry, LATE, 30, grids=("AH-01",))["summary"]
    assert metric_values(at)["发现（上报）"] == f"{s['reported']:,}"
    assert at.query_params["grid"] == "AH-01"


def test_english_labels(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=DAY.isoformat(), community="AH", lang="en")
    no_exceptions(at)
    assert at.title[0].value == "Incident handling"
    snap = run_snapshot(registry, Scope(as_of=DAY, communities=("AH",)))["incidents"]
    tiles = metric_values(at)
    assert tiles["Reported"] == f"{snap['reported_30d']:,}"
    assert tiles["Within 72 h"] == fmt_pct(snap["resolved_within_72h_30d"])
    assert "Open backlog by age" in [s.value for s in at.subheader]
