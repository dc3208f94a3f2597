"""The grid map (网格地图) through app.py: figures as the snapshot defines them per grid, the
map's click setting the grid filter, figure choice by key, undrawable boundaries, both languages."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

from commands.metrics_cli import run_snapshot
from data_access.config import ENV_VAR
from data_access.loaders import Registry, load_snapshot_inputs
from data_access.schema import community, grid
from data_access.scope import Scope
from metrics.geo import group_members_by_grid
from metrics.snapshot import SnapshotPlan
from tests.data_access.tiny import build_tiny
from tests.pages.conftest import no_exceptions
from ui.grid_map_view import LAYER_ID, count_classes, share_classes
from ui.i18n import fmt_pct

PAGE = "pages/grid_map.py"
DAY = "2026-03-10"
AS_OF = dt.date(2026, 3, 10)


# --- helpers: the map element and a click on it ---------------------------------------------


def deck_element(at: AppTest) -> Any:
    decks = [e for e in at._tree if getattr(e, "type", None) == "deck_gl_json_chart"]
    assert len(decks) == 1, "one map on the page"
    return decks[0]


def deck_rows(at: AppTest) -> list[dict[str, Any]]:
    spec = json.loads(deck_element(at).proto.json)
    layer = next(layer for layer in spec["layers"] if layer["id"] == LAYER_ID)
    return layer["data"]


def table_of(at: AppTest, column: str) -> Any:
    """The (pandas) data of the one table with ``column`` (AppTest does not key plain tables)."""
    tables = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(tables) == 1, [list(d.value.columns) for d in at.dataframe]
    return tables[0]


def click(at: AppTest, code: str | None) -> AppTest:
    """What the browser sends when a grid is clicked (``None``: a click that clears the selection).

    AppTest cannot interact with ``st.pydeck_chart``: the page's widget states are sent as they
    are, plus the map's selection state in the format the frontend sends.
    """
    deck = deck_element(at)
    rows = deck_rows(at)
    if code is None:
        selection: dict[str, Any] = {"indices": {}, "objects": {}}
    else:
        index = next(i for i, row in enumerate(rows) if row["code"] == code)
        selection = {"indices": {LAYER_ID: [index]}, "objects": {LAYER_ID: [rows[index]]}}
    states: WidgetStates = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = deck.proto.id
    state.string_value = json.dumps({"selection": selection})
    return at._run(states)


@pytest.fixture(scope="module")
def registry(demo_sqlite: Path) -> Registry:
    return Registry.open(str(demo_sqlite))


# --- the page -------------------------------------------------------------------------------


def test_map_of_a_community_with_figures_of_the_snapshot(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=DAY, community="AH")
    no_exceptions(at)
    assert at.title[0].value == "网格地图"
    rows = {row["code"]: row for row in deck_rows(at)}
    ah = registry.resolve(Scope(as_of=AS_OF, communities=("AH",)))
    assert set(rows) <= set(ah.grid_codes) and rows
    for code in sorted(rows)[:4]:
        one = run_snapshot(registry, Scope(as_of=AS_OF, grids=(code,)))
        row = rows[code]
        assert row["t_households"] == f"{one['households']:,}"
        assert row["t_residents"] == f"{one['residents']['total']:,}"
        assert row["t_coverage"] == fmt_pct(one["visits"]["coverage_90d"])
        assert row["t_open"] == f"{one['incidents']['open']:,}"
        assert row["t_value"] == row["t_residents"]  # coloured by residents by default
    table = table_of(at, "未办结事件")
    assert table["网格"].tolist() == list(ah.grid_codes)
    assert (
        int(table["总人口"].sum())
        == run_snapshot(registry, Scope(as_of=AS_OF, communities=("AH",)))["residents"]["total"]
    )
    caption = at.caption[0].value
    drawn = len({row["code"] for row in rows.values()})
    assert f"{len(ah.grid_codes)} 个网格" in caption and f"其中 {drawn} 个" in caption


def test_a_click_on_a_grid_sets_the_grid_filter(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=DAY, community="AH")
    assert at.session_state["f_grid"] == []
    code = sorted(row["code"] for row in deck_rows(at))[1]
    click(at, code)
    no_exceptions(at)
    assert at.session_state["f_grid"] == [code]
    assert at.multiselect(key="f_grid").value == [code]
    assert at.query_params["grid"] == code and at.query_params["community"] == "AH"
    # the map keeps every grid of the community and outlines the chosen one
    rows = deck_rows(at)
    assert {row["code"] for row in rows if row["line_width"] > 1} == {code}
    assert len({row["code"] for row in rows}) > 1
    table = table_of(at, "未办结事件")
    one = run_snapshot(registry, Scope(as_of=AS_OF, grids=(code,)))
    assert table["网格"].tolist() == [code]
    assert int(table["总人口"].iloc[0]) == one["residents"]["total"]
    assert at.subheader[0].value == "所选网格指标"


def test_clicking_the_chosen_grid_again_clears_the_filter(app_page) -> None:
    at = app_page(PAGE, as_of=DAY, community="AH")
    code = sorted(row["code"] for row in deck_rows(at))[0]
    click(at, code)
    assert at.session_state["f_grid"] == [code]
    click(at, None)
    no_exceptions(at)
    assert at.session_state["f_grid"] == []
    assert "grid" not in at.query_params


def test_the_grid_filter_from_the_sidebar_is_outlined_not_hidden(app_page) -> None:
    at = app_page(PAGE, as_of=DAY, community="AH", grid=["AH-01", "AH-02"])
    no_exceptions(at)
    rows = deck_rows(at)
    assert {row["code"] for row in rows if row["line_width"] > 1} == {"AH-01", "AH-02"}
    assert table_of(at, "未办结事件")["网格"].tolist() == ["AH-01", "AH-02"]


def test_colour_by_coverage_changes_legend_and_values(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=DAY, community="AH")
    at.selectbox(key="grid_map_figure").set_value("coverage_90d").run()
    no_exceptions(at)
    assert any("图例 · 90 天走访覆盖率" in m.value for m in at.markdown)
    rows = deck_rows(at)
    code = rows[0]["code"]
    one = run_snapshot(registry, Scope(as_of=AS_OF, grids=(code,)))
    assert rows[0]["t_value"] == fmt_pct(one["visits"]["coverage_90d"])


def test_last_weeks_rule_is_coloured_met_or_missed(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=DAY, community="AH")
    at.selectbox(key="grid_map_figure").set_value("days_with_visits").run()
    no_exceptions(at)
    for row in deck_rows(at)[:5]:
        week = run_snapshot(registry, Scope(as_of=AS_OF, grids=(row["code"],)))["visits"][
            "last_week"
        ]
        if week["grids"] == 0:
            assert row["t_value"] == "非居住网格（不适用）"
        else:
            met = week["grids_meeting_visit_days"] == 1
            assert row["fill"][:3] == ([39, 174, 96] if met else [192, 57, 43])


def test_a_sensitive_group_shows_small_counts_as_under_five(
    app_page, registry: Registry, township_office
) -> None:
    """To the township office (no personal-data access): "<5" in tooltip, table and legend."""
    rs = registry.resolve(Scope(as_of=AS_OF))
    plan = SnapshotPlan.for_day(AS_OF)
    with registry.connect() as conn:
        inputs = load_snapshot_inputs(conn, rs, plan)
    sensitive = inputs.special_groups.filter("sensitive")["code"].to_list()
    ids = list(rs.grid_ids)
    small = {
        code: members
        for code in sensitive
        if (members := group_members_by_grid(ids, inputs.special_group_counts, code))
        .filter((members["members"] > 0) & (members["members"] < 5))
        .height
    }
    assert small, "the demo has a sensitive group with 1-4 members in some grid"
    group, members = next(iter(small.items()))
    by_id = dict(members.rows())
    codes = dict(zip(rs.grids["id"].to_list(), rs.grids["code"].to_list(), strict=True))
    hidden = {codes[g] for g, n in by_id.items() if 0 < n < 5}

    at = app_page(PAGE, signed_in=township_office, as_of=DAY)
    at.selectbox(key="grid_map_figure").set_value("special_group").run()
    at.selectbox(key="grid_map_group").set_value(group).run()
    no_exceptions(at)
    # the tooltip is HTML: its value is escaped there, and reads "<5"
    values = {row["code"]: html.unescape(row["t_value"]) for row in deck_rows(at)}
    assert all(values[c] == "<5" for c in hidden if c in values)
    table = table_of(at, "未办结事件")
    column = table.columns[-1]
    shown = dict(zip(table["网格"], table[column], strict=True))
    assert {shown[c] for c in hidden} == {"<5"}
    legend = next(m.value for m in at.markdown if "图例" in m.value)
    assert "&lt;5" in legend or "<5" in legend


def test_english_labels(app_page) -> None:
    at = app_page(PAGE, as_of=DAY, community="AH", lang="en")
    no_exceptions(at)
    assert at.title[0].value == "Grid map"
    assert at.selectbox(key="grid_map_figure").value == "residents"
    assert any("Legend · Residents" in m.value for m in at.markdown)
    assert "Residents" in table_of(at, "Open incidents").columns
    spec = json.loads(deck_element(at).proto.json)
    assert spec["mapStyle"] == "__MAP_STYLE__"  # no base map: works without internet


def test_a_configured_style_url_becomes_the_base_map(app_page, monkeypatch) -> None:
    monkeypatch.setenv("GRID_MAP_STYLE_URL", "http://tiles.example/style.json")
    at = app_page(PAGE, as_of=DAY, community="AH")
    no_exceptions(at)
    assert json.loads(deck_element(at).proto.json)["mapStyle"] == "http://tiles.example/style.json"


# --- boundaries that cannot be drawn -----------------------------------------------------------


@pytest.fixture
def odd_boundaries(app_page, tmp_path: Path, monkeypatch) -> Any:
    """The tiny registry with a malformed, a non-polygon and a multi-polygon boundary; community
    EMPTY without grids and NEW with one grid without boundary or households."""
    path = tmp_path / "odd.sqlite"
    engine = sa.create_engine(f"sqlite:///{path}")
    build_tiny(engine)
    square = [[117.2, 31.7], [117.21, 31.7], [117.21, 31.71], [117.2, 31.7]]
    other = [[117.22, 31.7], [117.23, 31.7], [117.23, 31.71], [117.22, 31.7]]
    with engine.begin() as conn:
        conn.execute(
            grid.update().where(grid.c.id == 2).values(boundary='{"type": "Polygon", "coor')
        )
        conn.execute(
            grid.update()
            .where(grid.c.id == 3)
            .values(
                boundary=json.dumps({"type": "MultiPolygon", "coordinates": [[square], [other]]})
            )
        )
        conn.execute(
            grid.insert().values(
                id=4, community_id=2, code="JF-02", name="测试点", kind="scattered",
                inhabited=False, boundary='{"type": "Point", "coordinates": [117.2, 31.7]}',
            )
        )  # fmt: skip
        conn.execute(
            community.insert(),
            [
                {"id": 3, "code": "EMPTY", "name": "空社区", "township": "上派镇"},
                {"id": 4, "code": "NEW", "name": "新社区", "township": "上派镇"},
            ],
        )
        conn.execute(
            grid.insert().values(
                id=5, community_id=4, code="NEW-01", name="新网格", kind="scattered", inhabited=True
            )
        )
    engine.dispose()
    monkeypatch.setenv(ENV_VAR, f"sqlite:///{path}")
    return app_page


def test_malformed_boundaries_are_listed_never_a_crash(odd_boundaries) -> None:
    at = odd_boundaries(PAGE, as_of=DAY, community=["AH", "JF"])
    no_exceptions(at)
    rows = deck_rows(at)
    assert sorted(row["code"] for row in rows) == ["AH-01", "JF-01", "JF-01"]  # two parts of JF-01
    listed = table_of(at, "原因")
    reasons = dict(zip(listed["网格"], listed["原因"], strict=True))
    assert reasons == {
        "AH-02": "边界不是有效的 GeoJSON",
        "JF-02": "边界类型不是 Polygon/MultiPolygon（Point）",
    }
    assert "无法绘制的网格（2 个）" in [h.value for h in at.subheader]


def test_empty_scope_says_so(odd_boundaries) -> None:
    at = odd_boundaries(PAGE, as_of=DAY, community="EMPTY")
    no_exceptions(at)
    assert [i.value for i in at.info] == ["所选范围内没有网格：请调整社区、责任片或网格筛选。"]
    assert not [e for e in at._tree if getattr(e, "type", None) == "deck_gl_json_chart"]


def test_a_scope_without_any_boundary_says_so_and_lists_its_grids(odd_boundaries) -> None:
    at = odd_boundaries(PAGE, as_of=DAY, community="NEW", lang="en")
    no_exceptions(at)
    assert not [e for e in at._tree if getattr(e, "type", None) == "deck_gl_json_chart"]
    assert [i.value for i in at.info] == [
        "No grid in the selection has a boundary that can be drawn; see the list below."
    ]
    listed = table_of(at, "Reason")
    assert listed.to_dict("records") == [
        {
            "Grid": "NEW-01",
            "Grid name": "新网格",
            "Community": "新社区",
            "Reason": "No boundary recorded",
        }
    ]
    figures = table_of(at, "Open incidents")
    assert (int(figures["Households"].iloc[0]), int(figures["Residents"].iloc[0])) == (0, 0)


# --- colour classes --------------------------------------------------------------------------


def test_count_classes_are_round_and_cover_every_value() -> None:
    values = {1: 0, 2: 249, 3: 1200, 4: 4655}
    colors, classes = count_classes(values, ("a", "b", "c", "d", "e"))
    assert [c.label for c in classes] == [
        "0", "249–999", "1,000–1,999", "2,000–2,999", "3,000–3,999", "4,000–4,655",
    ]  # fmt: skip
    assert colors[2] == "a" and colors[3] == "b" and colors[4] == "e"


def test_counts_below_the_floor_are_left_to_the_caller() -> None:
    colors, classes = count_classes({1: 3, 2: 7, 3: 12}, ("a", "b", "c"), floor=5)
    assert 1 not in colors and [c.label for c in classes] == ["7–9", "10–12"]


def test_share_classes_in_whole_percent_steps() -> None:
    colors, classes = share_classes({1: 0.05, 2: 0.12, 3: 0.2667, 4: None}, ("a", "b", "c"))
    assert [c.label for c in classes] == ["0%–10%", "10%–20%", "20%–30%"]
    assert (colors[1], colors[2], colors[3]) == ("a", "b", "c") and 4 not in colors


def test_community_names_sit_between_their_grids_and_are_never_expressions() -> None:
    """The names layer: one label per community at the mean of its grids' label points; a name
    starting ``@@`` (deck.gl's JSON converter would evaluate it) is broken by a word joiner."""
    from ui.grid_map_view import community_label_rows
    from ui.text import JOINER

    grids = [
        {"code": "A-01", "community": "@@=alert(1)", "position": [117.0, 31.0]},
        {"code": "A-02", "community": "@@=alert(1)", "position": [117.2, 31.4]},
        {"code": "B-01", "community": "爱和社区", "position": [118.0, 32.0]},
        {"code": "C-01", "community": None, "position": [119.0, 33.0]},
    ]
    rows = community_label_rows(grids)
    assert [r["name"] for r in rows] == ["@" + JOINER + "@=alert(1)", "爱和社区"]
    assert rows[0]["position"] == pytest.approx([117.1, 31.2])
    assert rows[1]["position"] == [118.0, 32.0]
