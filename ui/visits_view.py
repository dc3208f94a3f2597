"""Sections of the visits and coverage page (走访覆盖): tiles, charts, the paged list, export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from metrics.visits import lowest_weekly_coverage, weekly_line
from models.visits import EXPORT_LIMIT, CoverageFigures, HouseholdList, MonthCalendar, WeeklyVisits
from ui import charts, drill, personal
from ui import table as tables
from ui.export import About
from ui.glossary import help_text
from ui.i18n import Labels, fmt_int, fmt_pct
from ui.lists import PageWindow, page_window
from ui.table import Column, Table
from ui.tiles import Tile, tiles
from ui.url_state import UrlControl, list_page

SCOPE_COLOR = "#2c3e50"
GRID_COLOR = "#2e86de"  # the grid compared with the scope
COMPARE_KEY = "visits_compare_grid"
GAP_PAGE_KEY = "visits_gap_page"
#: the page's controls in the link: ?compare=AH-03&month=2026-02&page=2
COMPARE = UrlControl("compare", COMPARE_KEY, "link.kind.compare", parse=int)
MONTH = UrlControl("month", "visits_month", "link.kind.calendar_month")
CONTROLS = (COMPARE, MONTH, list_page(GAP_PAGE_KEY))
MET, BELOW, NO_HOUSEHOLDS = "#58d68d", "#f1948a", "#d5d8dc"


def _week_label(start: dt.date, partial: bool) -> str:
    return start.strftime("%m-%d") + ("*" if partial else "")


def _grid_label(code: str, name: str) -> str:
    return f"{code} {name}"


def summary_tiles(weekly: WeeklyVisits, cov: CoverageFigures, labels: Labels) -> None:
    start = weekly.plan.last_week_start
    end = start + dt.timedelta(days=6)
    week = labels("visits.tile.last_week_note", start=start.isoformat(), end=end.isoformat())
    tiles(
        [
            Tile(
                labels("visits.tile.coverage_30d"),
                cov.coverage_30d,
                None,
                kind="ratio",
                help=help_text(labels, "coverage_30d"),
            ),
            Tile(
                labels("visits.tile.coverage_90d"),
                cov.coverage_90d,
                None,
                kind="ratio",
                help=help_text(labels, "coverage_90d"),
            ),
            Tile(
                labels("visits.tile.not_visited"),
                cov.not_visited,
                None,
                help=help_text(labels, "coverage_90d"),
            ),
            Tile(
                labels("visits.tile.last_week", start=start),
                weekly.last_week_coverage,
                None,
                kind="ratio",
                help=help_text(labels, "weekly_coverage", "last_week", note=week),
            ),
            Tile(
                labels("visits.tile.grids_3day"),
                weekly.grids_meeting_visit_days,
                None,
                suffix=f" / {weekly.inhabited_grids:,}",
                help=help_text(labels, "rule_3_day", "last_week", note=week),
            ),
        ],
        labels,
    )


# --- weekly coverage ------------------------------------------------------


def compare_grid(shown: pl.DataFrame, labels: Labels) -> int | None:
    """The grid drawn beside the scope's line, picked from the grids with households, lowest
    coverage in the last complete week first (the default); ``None`` for a single grid."""
    ranked = lowest_weekly_coverage(shown, shown["grid_id"].n_unique())
    if len(ranked) < 2:
        return None
    names = {
        grid_id: _grid_label(code, name)
        for grid_id, code, name in shown.select("grid_id", "code", "name").unique().iter_rows()
    }
    return COMPARE.selectbox(
        labels,
        labels("visits.weekly.compare"),
        ranked,
        ranked[0],
        format_func=names.get,
        help=labels("visits.weekly.compare.help"),
        width=360,
    )


def weekly_coverage(weekly: WeeklyVisits, labels: Labels) -> None:
    st.subheader(labels("visits.weekly.header"), help=help_text(labels, "weekly_coverage"))
    per_grid = weekly.coverage
    with_households = (
        per_grid.group_by("grid_id")
        .agg(pl.col("households").max())
        .filter(pl.col("households") > 0)
    )
    if with_households.is_empty():
        st.info(labels("visits.weekly.none"))
        return
    shown = per_grid.filter(pl.col("grid_id").is_in(with_households["grid_id"].to_list()))
    # one grid beside the scope, never dozens of lines on top of each other
    chosen = compare_grid(shown, labels)
    grid = None if chosen is None else shown.filter(pl.col("grid_id") == chosen)
    fig = weekly_coverage_figure(weekly.total, grid, labels)
    charts.plotly_chart(st, fig, width="stretch", key="visits_weekly_chart")


def weekly_coverage_figure(
    total: pl.DataFrame, grid: pl.DataFrame | None, labels: Labels
) -> go.Figure:
    """The scope's weekly coverage and, beside it, one grid's (rows of ``weekly.coverage``);
    the 12 % line; a week that has not ended dotted to a hollow marker."""
    fig = go.Figure()
    last = total.row(-1, named=True)
    running = bool(last["partial"])
    note = labels.plain("chart.week_running", day=last["week_end"].isoformat())
    if grid is not None and not grid.is_empty():
        rows = grid.sort("week_start")
        name = _grid_label(rows["code"][0], rows["name"][0])
        for trace in _coverage_traces(rows, name, labels, 2, GRID_COLOR, running, note):
            fig.add_trace(trace)
    scope = labels("visits.weekly.scope")
    for trace in _coverage_traces(total, scope, labels, 4, SCOPE_COLOR, running, note):
        fig.add_trace(trace)
    fig.add_hline(
        y=weekly_line(),
        line_dash="dash",
        line_color=charts.PALETTE[0],
        annotation_text=labels("visits.weekly.line"),
        annotation_position="top left",
    )
    if running:
        charts.mark_running_week(
            fig, last["week_start"], labels("visits.partial", day=last["week_end"].isoformat())
        )
    fig.update_xaxes(tickformat="%m-%d", dtick=7 * 24 * 3600 * 1000 * 2)
    fig.update_yaxes(title_text=labels("visits.weekly.axis"), tickformat=".0%", rangemode="tozero")
    fig.update_layout(hovermode="closest")
    return charts.layout(fig, 400)


def _coverage_traces(
    rows: pl.DataFrame,
    name: str,
    labels: Labels,
    width: float,
    color: str,
    running: bool,
    note: str,
) -> list[go.Scatter]:
    hover = [
        f"{name}<br>{s.isoformat()} – {e.isoformat()}<br>"
        + fmt_pct(c)
        + " · "
        + labels("visits.weekly.hover", visited=f"{v:,}", households=f"{h:,}")
        for s, e, c, v, h in rows.select(
            "week_start", "week_end", "coverage", "households_visited", "households"
        ).iter_rows()
    ]
    return charts.weekly_line(
        rows["week_start"].to_list(),
        rows["coverage"].to_list(),
        running,
        note,
        name=name,
        mode="lines+markers",
        line={"width": width, "color": color},
        marker={"size": 4 + width, "color": color},
        hovertext=hover,
        hoverinfo="text",
    )


# --- the 3-day rule -------------------------------------------------------


def _grid_rows(frame: pl.DataFrame, by: str, *columns: str) -> list[tuple[Any, ...]]:
    """(code, name, first row, one list per column) of each grid, in the order the grids first
    appear in ``frame``, each grid's values in the order of ``by``: one group-by instead of a
    filter and a sort per grid (834 grids at the city's scale)."""
    return (
        frame.with_row_index("_first")
        .sort(by, maintain_order=True)
        .group_by("code", "name")
        .agg(pl.col("_first").min(), *(pl.col(c) for c in columns))
        .sort("_first")
        .rows()
    )


def visit_days_chart(weekly: WeeklyVisits, labels: Labels) -> charts.Spec | None:
    """The 3-day rule's heatmap (a ``charts.spec``): grids × the 26 weeks, visit days per cell;
    ``None`` when no inhabited grid is in scope."""
    frame = weekly.visit_days
    if frame.is_empty():
        return None
    weeks = (
        frame.select("week_start", "week_end", "partial")
        .unique(maintain_order=True)
        .sort("week_start")
    )
    x = [_week_label(s, p) for s, p in weeks.select("week_start", "partial").iter_rows()]
    verdict = {True: labels("visits.days.met"), False: labels("visits.days.not_met")}
    axis = labels("visits.days.axis")
    y, z, text, hover = [], [], [], []
    for code, name, _, starts, ends, days, meets in _grid_rows(
        frame, "week_start", "week_start", "week_end", "visit_days", "meets_visit_days"
    ):
        grid = _grid_label(code, name)
        y.append(code)
        z.append(days)
        text.append([f"{n}✓" if met else str(n) for n, met in zip(days, meets, strict=True)])
        hover.append(
            [
                f"{grid}<br>{s.isoformat()} – {e.isoformat()}<br>{axis}: {n} · {verdict[met]}"
                for s, e, n, met in zip(starts, ends, days, meets, strict=True)
            ]
        )
    # stepped: 0 grey, 1–2 red (below the rule), 3–7 green (met)
    scale = [
        [0.0, "#f2f3f4"], [0.5 / 7, "#f2f3f4"], [0.5 / 7, "#f5b7b1"], [2.5 / 7, "#ec7063"],
        [2.5 / 7, "#abebc6"], [1.0, "#1e8449"],
    ]  # fmt: skip
    fig = go.Figure(
        go.Heatmap(
            x=x,
            zmin=0,
            zmax=7,
            colorscale=scale,
            texttemplate="%{text}",
            textfont={"size": 11},
            hoverinfo="text",
            xgap=2,
            ygap=2,
            colorbar={
                "title": {"text": labels("visits.days.axis")},
                "tickvals": list(range(8)),
                "thickness": 12,
            },
        )
    )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", title_text=labels("visits.weekly.week"))
    if weeks["partial"][-1]:
        # the current week is not over: veil its column so "not yet" does not read as "missed"
        fig.add_shape(
            type="rect",
            xref="x",
            yref="paper",
            x0=len(x) - 1.5,
            x1=len(x) - 0.5,
            y0=0,
            y1=1,
            line={"color": "#7f8c8d", "dash": "dot", "width": 1},
            fillcolor="rgba(255, 255, 255, 0.45)",
            layer="above",
        )
    fig = charts.layout(fig, 120 + 26 * len(y))
    return charts.spec_with_arrays(fig, y=y, z=z, text=text, hovertext=hover)


def visit_days_heatmap(chart: charts.Spec | None, labels: Labels, as_of: dt.date) -> None:
    """The 3-day rule's section: ``chart`` is ``visit_days_chart``'s spec (cached by
    ``ui.visits_data.visit_days_chart``)."""
    st.subheader(
        labels("visits.days.header"),
        help=help_text(
            labels, "rule_3_day", note=labels("visits.days.note", day=as_of.isoformat())
        ),
    )
    if chart is None:
        st.info(labels("visits.days.none"))
        return
    charts.plotly_spec(st, chart, width="stretch", key="visits_days_chart")


# --- the 4 % rule ---------------------------------------------------------


def month_picker(options: list[str], labels: Labels) -> str:
    return MONTH.selectbox(labels, labels("visits.rate.month"), options, options[0], width=200)


def daily_rate_chart(cal: MonthCalendar, labels: Labels) -> charts.Spec | None:
    """The 4 % rule's calendar (a ``charts.spec``): grids × the month's days, met / below / no
    households per cell; ``None`` when there is nothing to draw (``daily_rate_calendar`` says
    why)."""
    if not cal.days or cal.rates.is_empty() or cal.visits == 0:
        return None
    weekdays = labels("visits.weekdays").split(",")
    x = [f"{d.day}<br>{weekdays[d.weekday()]}" for d in cal.days]
    no_households = labels("visits.rate.no_households")
    y, z, text, hover = [], [], [], []
    for code, name, _, *columns in _grid_rows(
        cal.rates, "day", "day", "visits", "households_visited", "households", "rate", "meets_rate"
    ):
        grid = _grid_label(code, name)
        y.append(code)
        row_z, row_text, row_hover = [], [], []
        for day, visits, visited, households, rate, meets in zip(*columns, strict=True):
            head = f"{grid}<br>{day.isoformat()}<br>"
            if visits == 0:
                row_z.append(None)
                row_text.append("")
                row_hover.append(head + "—")
            elif households == 0:
                row_z.append(0)
                row_text.append("—")
                row_hover.append(head + no_households)
            else:
                row_z.append(2 if meets else 1)
                row_text.append(f"{rate * 100:.0f}")
                row_hover.append(
                    head
                    + fmt_pct(rate)
                    + " · "
                    + labels.plain(  # a plotly text, made plain by ``charts``
                        "visits.rate.hover",
                        visited=f"{visited:,}",
                        households=f"{households:,}",
                        visits=f"{visits:,}",
                    )
                )
            # rows keep their own order; the calendar's columns are the days
        z.append(row_z)
        text.append(row_text)
        hover.append(row_hover)
    scale = [
        [0.0, NO_HOUSEHOLDS],
        [1 / 3, NO_HOUSEHOLDS],
        [1 / 3, BELOW],
        [2 / 3, BELOW],
        [2 / 3, MET],
        [1.0, MET],
    ]
    fig = go.Figure(
        go.Heatmap(
            x=x,
            zmin=0,
            zmax=2,
            colorscale=scale,
            showscale=False,
            texttemplate="%{text}",
            textfont={"size": 10},
            hoverinfo="text",
            xgap=2,
            ygap=2,
        )
    )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", title_text=labels("visits.rate.axis"), tickfont={"size": 10})
    fig.update_layout(plot_bgcolor="#ffffff")
    fig = charts.layout(fig, 140 + 26 * len(y))
    return charts.spec_with_arrays(fig, y=y, z=z, text=text, hovertext=hover)


def daily_rate_calendar(cal: MonthCalendar, chart: charts.Spec | None, labels: Labels) -> None:
    """The month's summary and calendar: ``chart`` is ``daily_rate_chart``'s spec (cached by
    ``ui.visits_data.rate_calendar_chart``)."""
    if not cal.days:
        st.info(labels("visits.rate.future", month=cal.month))
        return
    if cal.rates.is_empty():
        st.info(labels("visits.days.none"))
        return
    if cal.visits == 0 or chart is None:
        st.info(labels("visits.rate.none", month=cal.month))
        return
    summary = cal.summary
    share = fmt_pct(summary["share"])
    st.markdown(
        "**"
        + labels(
            "visits.rate.summary",
            month=cal.month,
            day=cal.days[-1].isoformat(),
            visit_days=f"{summary['visit_days']:,}",
            meeting=f"{summary['visit_days_meeting_rate']:,}",
            share=share,
        )
        + "**"
    )
    charts.plotly_spec(st, chart, width="stretch", key="visits_rate_chart")


# --- coverage per grid ----------------------------------------------------


def rate_header(labels: Labels) -> None:
    st.subheader(
        labels("visits.rate.header"),
        help=help_text(labels, "rule_4_percent", note=labels("visits.rate.note")),
    )


def grid_table(labels: Labels) -> Table:
    return Table(
        [
            Column("code", labels("col.grid")),
            Column("name", labels("col.grid_name")),
            Column("households", labels("visits.col.households"), "int"),
            Column("covered_30d", labels("visits.col.covered_30d"), "int"),
            Column("coverage_30d", labels("visits.col.coverage_30d"), "ratio"),
            Column("covered_90d", labels("visits.col.covered_90d"), "int"),
            Column("coverage_90d", labels("visits.col.coverage_90d"), "ratio"),
            Column("not_visited_90d", labels("visits.col.not_visited"), "int"),
        ]
    )


def coverage_by_grid(cov: CoverageFigures, labels: Labels, about: About) -> None:
    """30/90-day coverage bars and households not visited in 90 days per grid, then the table."""
    as_of = about.as_of
    st.subheader(
        labels("visits.grid.header"), help=help_text(labels, "coverage_30d", "coverage_90d")
    )
    rows = cov.per_grid.filter(pl.col("households") > 0)
    if rows.is_empty():
        st.info(labels("visits.grid.none", day=as_of.isoformat()))
        return
    height = 120 + 44 * rows.height
    left, right = st.columns(2)
    with left:
        charts.plotly_chart(
            st, _coverage_bars(rows, labels, height), width="stretch", key="visits_grid_chart"
        )
    with right:
        values = {
            _grid_label(c, n): v
            for c, n, v in rows.select("code", "name", "not_visited_90d").iter_rows()
        }
        fig = charts.hbar(
            values, labels, labels("visits.gap.by_grid"), labels("visits.gap.count_axis"), height
        )
        # the same grid order as the coverage bars beside it
        fig.update_yaxes(categoryorder="array", categoryarray=list(values)[::-1])
        charts.plotly_chart(st, fig, width="stretch", key="visits_gap_chart")
    tables.show(
        grid_table(labels),
        rows,
        about=about,
        what=labels.plain("visits.grid.file"),
        key="visits_grid_table",
        on_row=drill.to_grid(rows["code"].to_list()),
    )
    st.caption(labels("drill.grid_hint"))


def _coverage_bars(rows: pl.DataFrame, labels: Labels, height: int) -> go.Figure:
    fig = go.Figure()
    names = [_grid_label(c, n) for c, n in rows.select("code", "name").iter_rows()]
    for column, covered, label, color in (
        ("coverage_30d", "covered_30d", labels("visits.grid.d30"), charts.PALETTE[3]),
        ("coverage_90d", "covered_90d", labels("visits.grid.d90"), charts.PALETTE[1]),
    ):
        values = rows[column].to_list()
        hover = [
            f"{n}<br>{label}: {fmt_pct(v)} ({c:,} / {h:,})"
            for n, v, c, h in zip(
                names, values, rows[covered].to_list(), rows["households"].to_list(), strict=True
            )
        ]
        fig.add_trace(
            go.Bar(
                y=names,
                x=values,
                name=label,
                orientation="h",
                marker={"color": color},
                text=[fmt_pct(v) for v in values],
                textposition="outside",
                cliponaxis=False,
                hovertext=hover,
                hoverinfo="text",
            )
        )
    # room on the right for the labels outside the bars
    fig.update_xaxes(
        tickformat=".0%", range=[0, 1.18], tickvals=[0, 0.25, 0.5, 0.75, 1.0],
        title_text=labels("visits.weekly.axis"),
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(
        barmode="group", title={"text": labels("visits.grid.chart"), "font": {"size": 15}}
    )
    return charts.layout(fig, height)


# --- households not visited in 90 days -------------------------------------


def not_visited_header(cov: CoverageFigures, labels: Labels, as_of: dt.date) -> PageWindow | None:
    """The section's heading and the page selector; ``None`` when no household is overdue."""
    note = labels("visits.gap.note", first=cov.not_visited_since.isoformat(), day=as_of.isoformat())
    st.subheader(
        labels("visits.gap.header"),
        help=help_text(labels, "coverage_90d", "masking", note=note),
    )
    if cov.not_visited == 0:
        if cov.households:
            st.success(labels("visits.gap.none"))
        else:
            st.info(labels("visits.grid.none", day=as_of.isoformat()))
        return None
    return page_window(labels, GAP_PAGE_KEY, cov.not_visited)


def list_table(labels: Labels) -> Table:
    """The list's columns: dates stay dates, a never-visited household says so."""
    return Table(
        [
            Column("grid_code", labels("col.grid")),
            Column("grid_name", labels("col.grid_name")),
            Column("address", labels("visits.col.address")),
            Column("contact", labels("visits.col.contact")),
            Column("phone", labels("visits.col.phone")),
            Column("registered_on", labels("visits.col.registered_on"), "date"),
            Column(
                "last_visit",
                labels("visits.col.last_visit"),
                "date",
                empty=labels.plain("visits.never"),
            ),
            Column("days_since", labels("visits.col.days_since"), "int"),
        ]
    )


def not_visited_list(
    page: HouseholdList,
    labels: Labels,
    about: About,
    export: Callable[[], HouseholdList],
    reveal: personal.Reveal | None = None,
) -> None:
    """The page of the list (masked unless ``reveal``: then its access-log row first), and
    CSV/XLSX downloads of the whole list, masked (built on click)."""
    if reveal is not None:
        what = labels.plain("visits.gap.file")
        personal.record_unmask(about, labels, reveal, what, page.rows.height)
    else:
        st.caption(labels("list.masked"))
    note = tables.show(
        list_table(labels),
        page.rows,
        about=about.with_notes(labels.plain("export.note.masked")),
        what=labels.plain("visits.gap.file"),
        key="visits_gap",
        export=lambda: export().rows,
    )
    if page.total > EXPORT_LIMIT:
        note.caption(
            labels("visits.gap.export_cap", limit=f"{EXPORT_LIMIT:,}", total=f"{page.total:,}")
        )


# --- purposes -------------------------------------------------------------


def purposes_chart(weekly: WeeklyVisits, labels: Labels) -> None:
    st.subheader(labels("visits.purpose.header"))
    frame = weekly.purposes
    if frame.is_empty() or frame["visits"].sum() == 0:
        st.info(labels("visits.purpose.none"))
        return
    fig = go.Figure()
    for i, ((code,), rows) in enumerate(frame.group_by("purpose", maintain_order=True)):
        name = labels.code("visit_purpose", code)
        fig.add_trace(
            go.Bar(
                x=rows["week_start"].to_list(),
                y=rows["visits"].to_list(),
                name=name,
                marker={"color": charts.PALETTE[(i + 1) % len(charts.PALETTE)]},
                hovertext=[
                    f"{name}<br>{s.isoformat()} – {e.isoformat()}: {fmt_int(v)}"
                    for s, e, v in rows.select("week_start", "week_end", "visits").iter_rows()
                ],
                hoverinfo="text",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickformat="%m-%d")
    fig.update_yaxes(title_text=labels("visits.purpose.axis"), tickformat=",d")
    charts.plotly_chart(st, charts.layout(fig, 380), width="stretch", key="visits_purpose_chart")
