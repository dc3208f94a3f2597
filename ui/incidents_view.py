"""Sections of the incident-handling page (事件处置): stages, backlog, weekly rate, overdue list."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import polars as pl
import streamlit as st
from plotly.subplots import make_subplots

from metrics.incidents import BACKLOG_BUCKETS, STAGES
from metrics.snapshot import hours_open
from ui import charts, drill
from ui import incidents_data as data
from ui import table as tables
from ui.data import ScopeKey
from ui.export import About
from ui.glossary import help_text
from ui.i18n import Labels, fmt_int
from ui.lists import page_window
from ui.table import Column, Table, yes_no
from ui.tiles import Tile, tiles
from ui.url_state import UrlControl, list_page

WINDOW_KEY = "incidents_window"
PAGE_KEY = "incidents_page"
#: the page's controls in the link: ?window=90&page=2
WINDOW = UrlControl("window", WINDOW_KEY, "link.kind.window", parse=int)
CONTROLS = (WINDOW, list_page(PAGE_KEY))
BUCKET_COLORS = ("#58d68d", "#f5b041", "#eb984e", "#c0392b")


def window_control(labels: Labels) -> int:
    """The window picker (days); the 30-day window is the snapshot's."""
    return WINDOW.bind(
        labels,
        data.WINDOWS,
        data.DEFAULT_WINDOW,
        lambda: st.segmented_control(
            labels("incidents.window"),
            options=list(data.WINDOWS),
            format_func=lambda days: labels("incidents.window.days", days=days),
            key=WINDOW_KEY,
            required=True,
        ),
    )


def stage_tiles(stages: data.Stages, backlog: data.Backlog, labels: Labels) -> None:
    s = stages.summary
    st.subheader(labels("incidents.stages"))
    help_stages = help_text(
        labels, "incident_stages", "rule_72_hour", note=labels("incidents.stages.note")
    )
    tiles(
        [
            Tile(labels("incidents.stage.reported"), s["reported"], None),
            Tile(labels("incidents.stage.accepted"), s["accepted"], None),
            Tile(labels("incidents.stage.resolved"), s["resolved"], None),
            Tile(labels("incidents.tile.rate_72h"), s["resolved_within_72h_rate"], None, "ratio"),
            Tile(labels("incidents.tile.escalated"), s["escalated"], None),
            Tile(labels("incidents.tile.escalated_share"), s["escalated_share"], None, "ratio"),
        ],
        labels,
        help_text=help_stages,
    )
    help_backlog = help_text(labels, "open_incidents", note=labels("incidents.backlog.note"))
    tiles(
        [
            *[
                Tile(
                    labels(f"incidents.median.{which}"),
                    labels.duration(s[f"median_hours_{which}"]),
                    None,
                    help=help_stages,
                )
                for which in ("to_accept", "to_resolve", "total")
            ],
            Tile(labels("incidents.tile.open"), backlog.open, None, help=help_backlog),
            Tile(labels("incidents.tile.overdue"), backlog.overdue, None, help=help_backlog),
        ],
        labels,
    )


def _funnel(stages: data.Stages, labels: Labels) -> go.Figure:
    s = stages.summary
    names = [labels(f"incidents.stage.{stage}") for stage in STAGES]
    values = [s[stage] for stage in STAGES]
    fig = go.Figure(
        go.Funnel(
            y=names,
            x=values,
            textinfo="value+percent initial",
            texttemplate="%{value:,} (%{percentInitial:.1%})",
            marker={"color": [charts.PALETTE[1], charts.PALETTE[3], charts.PALETTE[2]]},
            hovertemplate="%{y}: %{x:,}<extra></extra>",
        )
    )
    fig.update_layout(title={"text": labels("incidents.funnel"), "font": {"size": 15}})
    return charts.layout(fig, 300)


def stage_table(first: list[Column], labels: Labels) -> Table:
    """A stage breakdown's columns after ``first`` (category, or grid code and name)."""
    return Table(
        [
            *first,
            Column("reported", labels("incidents.col.reported"), "int"),
            Column("accepted", labels("incidents.col.accepted"), "int"),
            Column("resolved", labels("incidents.col.resolved"), "int"),
            Column("median_hours_to_accept", labels("incidents.col.to_accept"), "hours"),
            Column("median_hours_to_resolve", labels("incidents.col.to_resolve"), "hours"),
            Column("median_hours_total", labels("incidents.col.total"), "hours"),
            Column("resolved_within_72h_rate", labels("incidents.col.rate_72h"), "ratio"),
            Column("escalated", labels("incidents.col.escalated"), "int"),
        ]
    )


def stage_breakdown(stages: data.Stages, labels: Labels, about: About) -> None:
    if stages.summary["reported"] == 0:
        st.info(labels("incidents.none"))
        return
    about = about.with_filters(
        (
            labels.plain("incidents.window"),
            f"{stages.first.isoformat()} – {about.as_of.isoformat()}",
        )
    )
    left, right = st.columns([2, 3])
    with left:
        charts.plotly_chart(st, _funnel(stages, labels), width="stretch", key="incidents_funnel")
    name = "name_zh" if labels.lang == "zh" else "name_en"
    by_category = stage_table(
        [Column("category", labels("col.category"), expr=pl.coalesce(name, "category"))], labels
    )
    with right:
        st.markdown("**" + labels("incidents.by_category") + "**")
        tables.show(
            by_category,
            stages.by_category,
            about=about,
            what=labels.plain("incidents.export.by_category"),
            key="incidents_by_category",
        )
    st.markdown("**" + labels("incidents.by_grid") + "**")
    by_grid = stage_table(
        [Column("code", labels("col.grid")), Column("name", labels("col.grid_name"))], labels
    )
    tables.show(
        by_grid,
        stages.by_grid,
        about=about,
        what=labels.plain("incidents.export.by_grid"),
        key="incidents_by_grid",
        on_row=drill.to_grid(stages.by_grid["code"].to_list()),
    )
    st.caption(labels("drill.grid_hint"))


def backlog_chart(backlog: data.Backlog, labels: Labels) -> None:
    st.subheader(
        labels("incidents.backlog"),
        help=help_text(labels, "open_incidents", note=labels("incidents.backlog.note")),
    )
    if backlog.open == 0:
        st.info(labels("incidents.backlog.none"))
        return
    names = [labels(f"incidents.bucket.{b}") for b in BACKLOG_BUCKETS]
    values = [backlog.buckets[b] for b in BACKLOG_BUCKETS]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=values,
            marker={"color": list(BUCKET_COLORS)},
            text=[f"{v:,}" for v in values],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{y:,}<extra></extra>",
        )
    )
    fig.update_yaxes(
        title_text=labels("incidents.backlog.axis"), tickformat=",d", rangemode="tozero"
    )
    if max(values) < 5:  # whole incidents only: no fractional ticks
        fig.update_yaxes(dtick=1)
    charts.plotly_chart(st, charts.layout(fig, 300), width="stretch", key="incidents_backlog")


def weekly_figure(weekly: pl.DataFrame, as_of: dt.date, labels: Labels) -> go.Figure:
    """Reported and escalated incidents per week (bars) and the 72-hour rate (line); a week that
    has not ended is drawn apart: lighter bars, a dotted segment to a hollow marker."""
    weeks = weekly["week"].to_list()
    running = charts.week_running(weeks[-1], as_of)
    opacity = [1.0] * (len(weeks) - 1) + [charts.RUNNING_OPACITY if running else 1.0]
    note = labels.plain("chart.week_running", day=as_of.isoformat())
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    for column, color in (("reported", "#aed6f1"), ("escalated", charts.PALETTE[0])):
        fig.add_trace(
            go.Bar(
                x=weeks,
                y=weekly[column].to_list(),
                name=labels(f"incidents.weekly.{column}"),
                marker={"color": color, "opacity": opacity},
                hovertemplate="%{x|%Y-%m-%d}: %{y:,}<extra></extra>",
            ),
            secondary_y=True,
        )
    for trace in charts.weekly_line(
        weeks,
        weekly["rate"].to_list(),
        running,
        note,
        name=labels("incidents.weekly.rate"),
        mode="lines+markers",
        line={"color": charts.PALETTE[2], "width": 3},
        marker={"color": charts.PALETTE[2]},
        connectgaps=False,
        hovertemplate="%{x|%Y-%m-%d}: %{y:.1%}<extra></extra>",
    ):
        fig.add_trace(trace, secondary_y=False)
    if running:
        charts.mark_running_week(fig, weeks[-1], labels("incidents.weekly.running"))
    fig.update_layout(barmode="group")
    fig.update_xaxes(
        title_text=labels("incidents.weekly.week"), tickformat="%m-%d", tickvals=weeks[::2]
    )
    fig.update_yaxes(
        title_text=labels("incidents.weekly.rate"), tickformat=".0%", range=[0, 1.05],
        secondary_y=False,
    )  # fmt: skip
    fig.update_yaxes(
        title_text=labels("incidents.weekly.count_axis"), tickformat=",d", rangemode="tozero",
        secondary_y=True, showgrid=False,
    )  # fmt: skip
    charts.layout(fig, 360)
    # the legend above the plot: below it, it would sit on the week axis' title
    fig.update_layout(legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
    return fig


def weekly_chart(weekly: pl.DataFrame, as_of: dt.date, labels: Labels) -> None:
    title = labels("incidents.weekly", weeks=data.WEEKS)
    st.subheader(
        title, help=help_text(labels, "rule_72_hour", note=labels("incidents.weekly.note"))
    )
    if int(weekly["reported"].sum()) == 0:
        st.info(labels("incidents.weekly.none", weeks=data.WEEKS))
        return
    fig = weekly_figure(weekly, as_of, labels)
    charts.plotly_chart(st, fig, width="stretch", key="incidents_weekly")


def overdue_table(labels: Labels) -> Table:
    category = "category_zh" if labels.lang == "zh" else "category_en"
    return Table(
        [
            Column("id", labels("col.incident"), "id"),
            Column("grid_code", labels("col.grid")),
            Column("grid_name", labels("col.grid_name")),
            Column("category", labels("col.category"), expr=pl.coalesce(category, "category")),
            Column("reported_at", labels("col.reported_at"), "datetime"),
            Column("accepted_at", labels("incidents.col.accepted_at"), "datetime"),
            Column(
                "hours",
                labels("col.hours_open"),
                "duration",
                shown=labels.duration,
                export_label=labels("col.hours_open.export"),
            ),
            Column(
                "escalated",
                labels("col.escalated"),
                expr=yes_no("escalated", labels),
            ),
        ]
    )


def overdue_list(
    url: str, key: ScopeKey, about: About, backlog: data.Backlog, labels: Labels
) -> None:
    as_of = about.as_of
    st.subheader(labels("incidents.overdue", count=fmt_int(backlog.overdue)))
    if backlog.overdue == 0:
        st.success(labels("incidents.overdue.none"))
        return
    window = page_window(labels, PAGE_KEY, backlog.overdue)
    rows, _ = data.overdue_rows(url, key, as_of, window.offset, window.limit)

    def everything() -> pl.DataFrame:
        listed, _ = data.overdue_rows(url, key, as_of, 0, data.EXPORT_LIMIT)
        return listed.with_columns(hours=hours_open(as_of))

    note = tables.show(
        overdue_table(labels),
        rows.with_columns(hours=hours_open(as_of)),
        about=about,
        what=labels.plain("incidents.export_name"),
        key="incidents_overdue",
        export=everything,
    )
    if backlog.overdue > data.EXPORT_LIMIT:
        note.caption(labels("incidents.export_capped", limit=fmt_int(data.EXPORT_LIMIT)))
