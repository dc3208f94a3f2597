"""The visits and coverage page (走访覆盖) through app.py on the demo registry, widgets by key."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from commands.metrics_cli import run_snapshot
from data_access import queries as q
from data_access import visits as dv
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics import visits as mv
from metrics.workers import MonthPlan
from tests.pages.conftest import metric_values, no_exceptions
from ui.i18n import fmt_pct

PAGE = "pages/visits.py"
DAY = dt.date(2026, 3, 10)


def table_with(at, column: str):
    """The shown table that has ``column`` (AppTest finds dataframes by position, not by key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.fixture(scope="module")
def registry(demo_sqlite: Path) -> Registry:
    return Registry.open(str(demo_sqlite))


@pytest.fixture(scope="module")
def snapshot_ah(registry: Registry) -> dict:
    return run_snapshot(registry, Scope(as_of=DAY, communities=("AH",)))


@pytest.fixture(scope="module")
def figures_ah(registry: Registry) -> dict:
    """The page's own figures for AH on DAY, computed straight from data_access and metrics."""
    rs = registry.resolve(Scope(as_of=DAY, communities=("AH",)))
    plan = mv.VisitsPlan.for_day(DAY)
    february = MonthPlan.for_month("2026-02", DAY).days
    inhabited = rs.grids.filter(rs.grids["inhabited"])["id"].to_list()
    with registry.connect() as conn:
        cov = q.coverage_by_grid(
            conn, rs, {"covered_30d": plan.coverage_30d_from, "covered_90d": plan.coverage_90d_from}
        )
        weeks = dv.grid_week_visits(conn, rs, plan.week_starts, DAY)
        week_households = q.active_households_on_days(conn, list(rs.grid_ids), plan.week_ends)
        feb_visits = q.grid_day_visits(conn, rs, february[0], february[-1])
        feb_households = q.active_households_on_days(conn, inhabited, february)
    total = mv.weekly_coverage_total(mv.weekly_coverage(plan, rs.grids, weeks, week_households))
    last_week = total.filter(total["week_start"] == plan.last_week_start)["coverage"][0]
    return {
        "not_visited": mv.not_visited_total(mv.coverage_per_grid(rs.grids, cov)),
        "last_week_coverage": last_week,
        "february": mv.month_rule_summary(
            mv.daily_rates(february, rs.grids, feb_visits, feb_households)
        ),
    }


def test_tiles_equal_the_snapshot_and_the_metrics(
    app_page, snapshot_ah: dict, figures_ah: dict
) -> None:
    at = app_page(PAGE, as_of=DAY.isoformat(), community="AH")
    no_exceptions(at)
    assert at.title[0].value == "走访覆盖"
    tiles = metric_values(at)
    visits = snapshot_ah["visits"]
    assert tiles["30 天走访覆盖率"] == fmt_pct(visits["coverage_30d"])
    assert tiles["90 天走访覆盖率"] == fmt_pct(visits["coverage_90d"])
    lw = visits["last_week"]
    assert tiles["上周 3 天达标网格"] == f"{lw['grids_meeting_visit_days']:,} / {lw['grids']:,}"
    assert tiles["90 天未走访住户"] == f"{figures_ah['not_visited']:,}"
    assert figures_ah["not_visited"] > 0
    assert tiles["上周覆盖率"] == fmt_pct(figures_ah["last_week_coverage"])
    # weekly coverage, visit days, daily rate, coverage and not visited by grid, purposes
    assert len(at.get("plotly_chart")) == 6


def test_month_picker_redraws_the_daily_rate_calendar(app_page, figures_ah: dict) -> None:
    at = app_page(PAGE, as_of=DAY.isoformat(), community="AH")
    picker = at.selectbox(key="visits_month")
    assert picker.options == ["2026-03", "2026-02"] and picker.value == "2026-03"
    picker.set_value("2026-02").run()
    no_exceptions(at)
    february = figures_ah["february"]
    summary = next(m.value for m in at.markdown if m.value.startswith("**2026-02"))
    assert f"走访日 {february['visit_days']:,} 个" in summary
    assert f"达到 4% 的 {february['visit_days_meeting_rate']:,} 个" in summary
    assert fmt_pct(february["share"]) in summary
    assert february["visit_days"] > 0


def test_not_visited_list_is_paged_masked_and_says_its_total(app_page, figures_ah: dict) -> None:
    at = app_page(PAGE, as_of=DAY.isoformat(), community="AH")
    total = figures_ah["not_visited"]
    assert any(f"共 {total:,} 条" in c.value for c in at.caption)
    at.number_input(key="visits_gap_page").set_value(2).run()
    no_exceptions(at)
    assert any(c.value.startswith(f"第 51–100 条，共 {total:,} 条") for c in at.caption)
    table = table_with(at, "联系人")
    assert len(table) == 50
    assert all("*" in name for name in table["联系人"] if name)
    assert all(address.endswith("**") for address in table["地址"])
    assert all(re.fullmatch(r"\d{3}\*+\d{4}", phone) for phone in table["联系电话"] if phone)
    buttons = {b.key for b in at.get("download_button")}
    assert {"visits_gap_csv", "visits_gap_xlsx", "visits_grid_table_csv"} <= buttons


def test_english_labels(app_page, snapshot_ah: dict) -> None:
    at = app_page(PAGE, as_of=DAY.isoformat(), community="AH", lang="en")
    no_exceptions(at)
    assert at.title[0].value == "Visits and coverage"
    tiles = metric_values(at)
    assert tiles["90-day coverage"] == fmt_pct(snapshot_ah["visits"]["coverage_90d"])
    assert at.selectbox(key="visits_month").label == "Month"
    assert "Grid" in table_with(at, "30-day coverage").columns
    assert any(c.value.startswith("Rows 1–50 of") for c in at.caption)


def test_grid_filter_by_widget_narrows_the_page(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=DAY.isoformat(), community="AH")
    at.multiselect(key="f_grid").set_value(["AH-01"]).run()
    no_exceptions(at)
    one = run_snapshot(registry, Scope(as_of=DAY, grids=("AH-01",)))
    assert metric_values(at)["90 天走访覆盖率"] == fmt_pct(one["visits"]["coverage_90d"])
    assert at.query_params["grid"] == "AH-01"


def test_grids_without_households_say_so(app_page) -> None:
    # AH-03 and AH-06 are uninhabited: no household, no visit
    at = app_page(PAGE, as_of=DAY.isoformat(), community="AH", grid=["AH-03", "AH-06"])
    no_exceptions(at)
    infos = [i.value for i in at.info]
    assert any("没有在册住户" in i for i in infos)  # weekly coverage and coverage by grid
    assert any("没有有住户的网格" in i for i in infos)  # the 3-day and 4 % rules
    assert any("没有走访记录" in i for i in infos)  # purposes
    assert not at.get("plotly_chart")
    assert metric_values(at)["30 天走访覆盖率"] == "—"


def test_a_day_before_any_visit_says_so(app_page) -> None:
    at = app_page(PAGE, as_of="2025-06-01", community="AH")
    no_exceptions(at)
    assert at.selectbox(key="visits_month").options == ["2025-06"]
    infos = [i.value for i in at.info]
    assert any("2025-06 所选网格没有走访记录" in i for i in infos)
    assert any("近 26 周没有走访记录" in i for i in infos)
    assert metric_values(at)["90 天走访覆盖率"] == "0.0%"


def _lines(at) -> list[str]:
    """The legend of the weekly coverage chart (the first figure of the page)."""
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return [t["name"] for t in spec["data"] if t.get("showlegend") is not False]


def test_the_weekly_chart_sets_one_grid_beside_the_scope(tiny_page) -> None:
    at = tiny_page(PAGE, as_of=DAY.isoformat())
    no_exceptions(at)
    pick = at.selectbox(key="visits_compare_grid")
    # lowest coverage in the last complete week first: JF-01 visited nobody, AH-01 half
    assert pick.options == ["JF-01 解放一组", "AH-01 建新小区"]
    assert _lines(at) == ["JF-01 解放一组", "全部所选网格"]
    pick.set_value(1).run()  # AH-01's id
    no_exceptions(at)
    assert _lines(at) == ["AH-01 建新小区", "全部所选网格"]


def test_one_grid_is_the_scope_alone(tiny_page) -> None:
    at = tiny_page(PAGE, as_of=DAY.isoformat(), grid="AH-01")
    no_exceptions(at)
    assert not [s for s in at.selectbox if s.key == "visits_compare_grid"]
    assert _lines(at) == ["全部所选网格"]
