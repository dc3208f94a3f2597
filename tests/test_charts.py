"""Charts that say what the figures say, checked on the figure objects (tiny literal frames): a
week that has not ended is drawn apart, one grid beside the scope instead of a dozen lines,
people and households on their own axes, a special group's trend on an axis that shows its
change, and a month without a score as a gap; a cached figure spec draws what the figure
draws."""

from __future__ import annotations

import datetime as dt
import json

import plotly.graph_objects as go
import polars as pl
from streamlit.testing.v1 import AppTest

from metrics.visits import VisitsPlan
from models.visits import MonthCalendar, WeeklyVisits
from ui import charts
from ui.i18n import Labels
from ui.incidents_view import weekly_figure
from ui.special_groups_data import GroupTrend
from ui.special_groups_view import count_range, since_first_member, trend_figure
from ui.visits_view import daily_rate_chart, visit_days_chart, weekly_coverage_figure
from ui.workers_view import trend_figures

ZH = Labels("zh")
D = dt.date
MONDAYS = [D(2026, 2, 16), D(2026, 2, 23), D(2026, 3, 2), D(2026, 3, 9)]


def test_a_running_week_is_dotted_to_a_hollow_marker() -> None:
    done, segment, point = charts.weekly_line(
        MONDAYS,
        [0.5, 0.6, 0.7, 0.2],
        True,
        "本周未结束",
        name="办结率",
        mode="lines+markers",
        line={"color": "#27ae60"},
        hovertext=["a", "b", "c", "d"],
    )
    assert list(done.x) == MONDAYS[:3] and list(done.hovertext) == ["a", "b", "c"]
    assert done.line.dash is None
    assert list(segment.x) == MONDAYS[2:] and segment.line.dash == "dot"
    assert segment.hoverinfo == "skip" and segment.showlegend is False
    assert list(point.x) == MONDAYS[3:] and point.marker.symbol == "circle-open"
    assert point.hovertext == ("本周未结束<br>d",)
    assert {done.legendgroup, segment.legendgroup, point.legendgroup} == {"办结率"}


def test_complete_weeks_are_one_line() -> None:
    (line,) = charts.weekly_line(MONDAYS, [1, 2, 3, 4], False, "本周未结束", name="x")
    assert list(line.x) == MONDAYS


def test_the_running_week_is_told_by_the_day() -> None:
    assert charts.week_running(D(2026, 3, 9), D(2026, 3, 10))  # a Tuesday
    assert not charts.week_running(D(2026, 3, 9), D(2026, 3, 15))  # its Sunday: ended
    assert not charts.week_running(D(2026, 3, 2), D(2026, 3, 10))


def _incident_weeks() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "week": MONDAYS,
            "reported": [4, 5, 6, 2],
            "resolved_within_72h": [2, 3, 4, 0],
            "rate": [0.5, 0.6, 0.6667, 0.0],
            "escalated": [1, 0, 1, 0],
        }
    )


def test_the_incidents_running_week_is_lighter_and_dotted() -> None:
    fig = weekly_figure(_incident_weeks(), D(2026, 3, 10), ZH)
    bars = [t for t in fig.data if t.type == "bar"]
    assert all(list(b.marker.opacity) == [1, 1, 1, charts.RUNNING_OPACITY] for b in bars)
    lines = [t for t in fig.data if t.type == "scatter"]
    assert [len(t.x) for t in lines] == [3, 2, 1]
    assert lines[1].line.dash == "dot"
    assert lines[2].hovertemplate.startswith("本周未结束（截至 2026-03-10）<br>")
    assert any(a.text == "本周未结束" for a in fig.layout.annotations)


def test_incident_weeks_that_have_all_ended_are_drawn_alike() -> None:
    fig = weekly_figure(_incident_weeks(), D(2026, 3, 15), ZH)
    assert [len(t.x) for t in fig.data if t.type == "scatter"] == [4]
    assert all(set(t.marker.opacity) == {1} for t in fig.data if t.type == "bar")
    assert not fig.layout.annotations


def _coverage(code: str, name: str, values: list[float | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "grid_id": [1] * 4,
            "code": [code] * 4,
            "name": [name] * 4,
            "week_start": MONDAYS,
            "week_end": [m + dt.timedelta(days=6) for m in MONDAYS[:3]] + [D(2026, 3, 10)],
            "partial": [False, False, False, True],
            "households_visited": [1, 2, 3, 1],
            "households": [10] * 4,
            "coverage": values,
        }
    )


def test_the_coverage_chart_draws_the_scope_and_one_grid() -> None:
    total = _coverage("", "", [0.1, 0.2, 0.3, 0.1]).drop("grid_id", "code", "name")
    grid = _coverage("AH-01", "建新小区", [0.05, None, 0.1, 0.0])
    fig = weekly_coverage_figure(total, grid, ZH)
    named = [t.name for t in fig.data if t.showlegend is not False]
    assert named == ["AH-01 建新小区", "全部所选网格"]
    # each line: complete weeks, the dotted segment, the hollow running week
    assert len(fig.data) == 6
    assert [t.marker.symbol for t in fig.data[2::3]] == ["circle-open", "circle-open"]
    assert fig.data[0].y == (0.05, None, 0.1)  # a week without a ratio is a gap, not 0
    assert fig.layout.annotations[-1].text == "本周截至 2026-03-10"


def test_the_coverage_chart_of_one_grid_is_the_scope_alone() -> None:
    total = _coverage("", "", [0.1, 0.2, 0.3, 0.1]).with_columns(partial=pl.lit(False))
    fig = weekly_coverage_figure(total, None, ZH)
    assert [t.name for t in fig.data] == ["全部所选网格"]


def test_people_and_households_have_axes_of_their_own() -> None:
    fig = charts.hbar_panels(
        [({"残疾人": 1401, "党员": 3298}, "人数"), ({"买房户": 2888}, "户数")], "特殊人群"
    )
    assert [t.type for t in fig.data] == ["bar", "bar"]
    assert (fig.data[0].xaxis, fig.data[1].xaxis) == ("x", "x2")
    assert (fig.layout.xaxis.title.text, fig.layout.xaxis2.title.text) == ("人数", "户数")
    assert list(fig.data[1].y) == ["买房户"]


def test_a_unit_without_bars_has_no_panel() -> None:
    fig = charts.hbar_panels([({}, "人数"), ({"买房户": 2888}, "户数")], "特殊人群")
    assert len(fig.data) == 1 and fig.layout.xaxis.title.text == "户数"


def _trend(shown: list[str], plotted: list[int | None]) -> GroupTrend:
    days = [D(2026, 1, 4) + dt.timedelta(weeks=i) for i in range(len(shown))]
    points = pl.DataFrame(
        {"day": days, "shown": shown, "plotted": plotted},
        schema={"day": pl.Date, "shown": pl.String, "plotted": pl.Int64},
    )
    return GroupTrend("disabled", "残疾人", "Disabled", "resident", False, points, True)


def test_a_groups_trend_shows_its_change_not_a_flat_line_from_zero() -> None:
    tr = _trend(["0", "0", "1,401", "1,405", "1,398"], [0, 0, 1401, 1405, 1398])
    fig = trend_figure(tr, ZH)
    (line,) = fig.data
    assert list(line.y) == [1401, 1405, 1398]  # from the first week with a member
    low, high = fig.layout.yaxis.range
    assert 1300 < low < 1398 and 1405 < high < 1500


def test_a_trend_with_no_member_yet_keeps_every_week() -> None:
    points = _trend(["0", "0"], [0, 0]).points
    assert since_first_member(points).height == 2
    assert count_range(points["plotted"]) == (0.0, 2.0)
    assert count_range(pl.Series([None], dtype=pl.Int64)) == (0.0, 5.0)


def test_a_small_sensitive_count_starts_the_trend_but_is_not_drawn() -> None:
    points = _trend(["0", "<5", "6"], [0, None, 6]).points
    assert since_first_member(points)["plotted"].to_list() == [None, 6]


def test_a_month_without_a_score_is_a_gap_with_its_reason() -> None:
    trend = pl.DataFrame(
        {
            "month": ["2026-01", "2026-02", "2026-03"],
            "listed": [True, True, False],
            "score_total": [96.5, None, None],
            "visits": [10, 12, None],
            "visit_compliance": [0.5, 0.75, None],
            "patrol_rate": [0.9, None, None],
            "log_on_time_rate": [1.0, 0.8, None],
            "incidents_resolved_72h_rate": [None, 1.0, None],
        }
    )
    bars, lines = trend_figures(trend, ZH)
    assert bars.data[0].y == (96.5, None, None)
    notes = {(a.x, a.text) for a in bars.layout.annotations}
    assert notes == {("2026-02", "未评分"), ("2026-03", "未列入")}
    # rates: a month without one is a gap as well
    assert lines.data[1].y == (0.9, None, None)


def _drawn_both_ways() -> None:
    import plotly.graph_objects as go
    import streamlit as st

    from ui import charts

    fig = go.Figure(go.Bar(x=[1, 2], y=['<a href="https://x.test">AH-01</a> & 建新', "AH-02"]))
    fig.update_layout(title={"text": "<b>走访</b> <img src=x>"}, height=300)
    charts.plotly_chart(st, fig, key="as_figure")
    charts.plotly_spec(st, charts.spec(fig), key="as_spec")


def test_a_cached_spec_draws_what_the_figure_draws() -> None:
    at = AppTest.from_function(_drawn_both_ways, default_timeout=60).run()
    assert not at.exception
    figure, spec = (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
    assert figure == spec
    # registry text stays text, our own markup stays markup
    assert spec["data"][0]["y"][0] == '&lt;a href="https://x.test"&gt;AH-01&lt;/a&gt; &amp; 建新'
    assert spec["layout"]["title"]["text"] == "<b>走访</b> &lt;img src=x&gt;"


def test_no_figure_has_no_spec() -> None:
    assert charts.spec(None) is None


def _visit_days(rows: list[tuple[str, str, dt.date, int]]) -> WeeklyVisits:
    frame = pl.DataFrame(
        [(code, name, monday, monday + dt.timedelta(days=6), False, n, n >= 3)
         for code, name, monday, n in rows],
        schema=["code", "name", "week_start", "week_end", "partial", "visit_days",
                "meets_visit_days"],
        orient="row",
    )  # fmt: skip
    empty = pl.DataFrame()
    plan = VisitsPlan.for_day(MONDAYS[-1] + dt.timedelta(days=6), weeks=2)
    return WeeklyVisits(plan, empty, empty, frame, empty, None, 0, 0)


def test_the_visit_days_heatmap_keeps_the_grids_order_and_sorts_their_weeks() -> None:
    early, late = MONDAYS[-2], MONDAYS[-1]
    weekly = _visit_days(
        [("JF-01", "解放一组", late, 1), ("AH-01", "建新小区", late, 4),
         ("AH-01", "建新小区", early, 0), ("JF-01", "解放一组", early, 3)]
    )  # fmt: skip
    (heatmap,) = visit_days_chart(weekly, ZH)["data"]
    assert heatmap["y"] == ["JF-01", "AH-01"]  # as the grids first come
    assert heatmap["x"] == ["03-02", "03-09"]
    assert heatmap["z"] == [[3, 1], [0, 4]]
    assert heatmap["text"] == [["3✓", "1"], ["0", "4✓"]]
    assert heatmap["hovertext"][1][1].startswith("AH-01 建新小区<br>2026-03-09 – 2026-03-15<br>")
    assert heatmap["hovertext"][1][1].endswith("走访天数: 4 · 已达标")


def test_no_inhabited_grid_has_no_heatmap() -> None:
    assert visit_days_chart(_visit_days([]), ZH) is None


def _calendar(rows: list[tuple[str, str, dt.date, int, int, int]]) -> MonthCalendar:
    """grid code, name, day, visits, households visited, households."""
    frame = pl.DataFrame(
        [(code, name, day, visits, visited, households,
          visited / households if households else None,
          bool(households) and visited / households >= 0.04)
         for code, name, day, visits, visited, households in rows],
        schema=["code", "name", "day", "visits", "households_visited", "households", "rate",
                "meets_rate"],
        orient="row",
    )  # fmt: skip
    days = tuple(sorted(set(frame["day"])))
    return MonthCalendar("2026-03", days, frame, int(frame["visits"].sum()), {})


#: a grid name written to become a link and a tag, and an ``&``
HOSTILE = '<a href="https://x.test">建新</a> & <img src=x>'


def test_the_heatmaps_are_specs_plotly_keeps_as_they_are() -> None:
    """Their big arrays are set on the spec without plotly's validation: validating the spec
    again changes nothing, and registry text stays text."""
    first, second = MONDAYS[-2], MONDAYS[-1]
    weekly = _visit_days(
        [("AH-01", HOSTILE, first, 3), ("AH-01", HOSTILE, second, 1), ("JF-01", "解放", first, 0),
         ("JF-01", "解放", second, 5)]
    )  # fmt: skip
    calendar = _calendar(
        [("AH-01", HOSTILE, first, 4, 4, 50), ("AH-01", HOSTILE, second, 0, 0, 50),
         ("JF-01", "解放", first, 1, 1, 0), ("JF-01", "解放", second, 3, 1, 100)]
    )  # fmt: skip
    for chart in (visit_days_chart(weekly, ZH), daily_rate_chart(calendar, ZH)):
        assert go.Figure(chart).to_dict() == chart
        hover = json.dumps(chart["data"][0]["hovertext"], ensure_ascii=False)
        assert "&lt;a href" in hover and "&amp;" in hover and "<img" not in hover
    (cells,) = daily_rate_chart(calendar, ZH)["data"]
    # met, no visit; no households, below 4 %
    assert cells["z"] == [[2, None], [0, 1]] and cells["text"] == [["8", ""], ["—", "1"]]
