"""Sections of the incident-handling page (事件处置): stages, backlog, weekly rate, overdue list."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import polars as pl
import streamlit as st
from plotly.subplots import make_subplots

from metrics.incidents import BACKLOG_BUCKETS, STAGES
from metrics.snapshot import hours_open
from ui import charts
from ui import incidents_data as data
from ui.data import ScopeKey
from ui.export import csv_bytes, download_buttons, xlsx_bytes
from ui.i18n import Labels, fmt_int, fmt_pct
from ui.lists import page_window
from ui.tiles import Tile, tiles

WINDOW_KEY = "incidents_window"
PAGE_KEY = "incidents_page"
BUCKET_COLORS = ("#58d68d", "#f5b041", "#eb984e", "#c0392b")


def _hours(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f}"


def window_control(labels: Labels) -> int:
    """The window picker (days); the 30-day window is the snapshot's."""
    if st.session_state.get(WINDOW_KEY) not in data.WINDOWS:
        st.session_state[WINDOW_KEY] = data.DEFAULT_WINDOW
    return st.segmented_control(
        labels("incidents.window"),
        options=list(data.WINDOWS),
        format_func=lambda days: labels("incidents.window.days", days=days),
        key=WINDOW_KEY,
        required=True,
    )


def stage_tiles(stages: data.Stages, backlog: data.Backlog, labels: Labels) -> None:
    s = stages.summary
    st.subheader(labels("incidents.stages"))
    help_text = labels("incidents.stages.help")
    tiles(
        [
            Tile(labels("incidents.stage.reported"), s["reported"], None),
            Tile(labels("incidents.stage.accepted"), s["accepted"], None),
            Tile(labels("incidents.stage.resolved"), s["resolved"], None),
            Tile(labels("incidents.tile.rate_72h"), s["resolved_within_72h_rate"], None, "ratio"),
            Tile(labels("incidents.tile.escalated"), s["escalated"], None),
            Tile(labels("incidents.tile.escalated_share"), s["escalated_share"], None, "ratio"),
        ],
        help_text=help_text,
    )
    row = [
        (labels("incidents.median.to_accept"), s["median_hours_to_accept"]),
        (labels("incidents.median.to_resolve"), s["median_hours_to_resolve"]),
        (labels("incidents.median.total"), s["median_hours_total"]),
    ]
    columns = st.columns(5)
    for column, (label, value) in zip(columns[:3], row, strict=True):
        shown = "—" if value is None else labels("incidents.hours", value=_hours(value))
        column.metric(label, shown, help=help_text, border=True)
    help_backlog = labels("incidents.backlog.help")
    columns[3].metric(
        labels("incidents.tile.open"), fmt_int(backlog.open), help=help_backlog, border=True
    )
    columns[4].metric(
        labels("incidents.tile.overdue"), fmt_int(backlog.overdue), help=help_backlog, border=True
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


def _stage_table(frame: pl.DataFrame, first: list[pl.Expr], labels: Labels) -> pl.DataFrame:
    return frame.select(
        *first,
        pl.col("reported").alias(labels("incidents.col.reported")),
        pl.col("accepted").alias(labels("incidents.col.accepted")),
        pl.col("resolved").alias(labels("incidents.col.resolved")),
        pl.col("median_hours_to_accept")
        .map_elements(_hours, return_dtype=pl.String, skip_nulls=False)
        .alias(labels("incidents.col.to_accept")),
        pl.col("median_hours_to_resolve")
        .map_elements(_hours, return_dtype=pl.String, skip_nulls=False)
        .alias(labels("incidents.col.to_resolve")),
        pl.col("median_hours_total")
        .map_elements(_hours, return_dtype=pl.String, skip_nulls=False)
        .alias(labels("incidents.col.total")),
        pl.col("resolved_within_72h_rate")
        .map_elements(fmt_pct, return_dtype=pl.String, skip_nulls=False)
        .alias(labels("incidents.col.rate_72h")),
        pl.col("escalated").alias(labels("incidents.col.escalated")),
    )


def _table_config(labels: Labels) -> dict:
    config = {
        labels(f"incidents.col.{k}"): st.column_config.NumberColumn(format="localized")
        for k in ("reported", "accepted", "resolved", "escalated")
    }
    return config


def stage_breakdown(stages: data.Stages, labels: Labels) -> None:
    if stages.summary["reported"] == 0:
        st.info(labels("incidents.none"))
        return
    left, right = st.columns([2, 3])
    with left:
        charts.plotly_chart(st, _funnel(stages, labels), width="stretch", key="incidents_funnel")
    name = "name_zh" if labels.lang == "zh" else "name_en"
    by_category = _stage_table(
        stages.by_category,
        [pl.coalesce(name, "category").alias(labels("col.category"))],
        labels,
    )
    with right:
        st.markdown("**" + labels("incidents.by_category") + "**")
        st.dataframe(
            by_category,
            hide_index=True,
            width="stretch",
            column_config=_table_config(labels),
            key="incidents_by_category",
        )
    st.markdown("**" + labels("incidents.by_grid") + "**")
    by_grid = _stage_table(
        stages.by_grid,
        [
            pl.col("code").alias(labels("col.grid")),
            pl.col("name").alias(labels("col.grid_name")),
        ],
        labels,
    )
    st.dataframe(
        by_grid,
        hide_index=True,
        width="stretch",
        column_config=_table_config(labels),
        key="incidents_by_grid",
    )


def backlog_chart(backlog: data.Backlog, labels: Labels) -> None:
    st.subheader(labels("incidents.backlog"), help=labels("incidents.backlog.help"))
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


def weekly_chart(weekly: pl.DataFrame, labels: Labels) -> None:
    title = labels("incidents.weekly", weeks=data.WEEKS)
    st.subheader(title, help=labels("incidents.weekly.help"))
    if int(weekly["reported"].sum()) == 0:
        st.info(labels("incidents.weekly.none", weeks=data.WEEKS))
        return
    weeks = weekly["week"].to_list()
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Bar(
            x=weeks,
            y=weekly["reported"].to_list(),
            name=labels("incidents.weekly.reported"),
            marker={"color": "#aed6f1"},
            hovertemplate="%{x|%Y-%m-%d}: %{y:,}<extra></extra>",
        ),
        secondary_y=True,
    )
    fig.add_trace(
        go.Bar(
            x=weeks,
            y=weekly["escalated"].to_list(),
            name=labels("incidents.weekly.escalated"),
            marker={"color": charts.PALETTE[0]},
            hovertemplate="%{x|%Y-%m-%d}: %{y:,}<extra></extra>",
        ),
        secondary_y=True,
    )
    fig.add_trace(
        go.Scatter(
            x=weeks,
            y=weekly["rate"].to_list(),
            name=labels("incidents.weekly.rate"),
            mode="lines+markers",
            line={"color": charts.PALETTE[2], "width": 3},
            connectgaps=False,
            hovertemplate="%{x|%Y-%m-%d}: %{y:.1%}<extra></extra>",
        ),
        secondary_y=False,
    )
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
    charts.plotly_chart(st, fig, width="stretch", key="incidents_weekly")


def _overdue_table(rows: pl.DataFrame, as_of: dt.date, labels: Labels) -> pl.DataFrame:
    category = "category_zh" if labels.lang == "zh" else "category_en"
    return rows.with_columns(hours=hours_open(as_of)).select(
        pl.col("id").alias(labels("col.incident")),
        pl.col("grid_code").alias(labels("col.grid")),
        pl.col("grid_name").alias(labels("col.grid_name")),
        pl.coalesce(category, "category").alias(labels("col.category")),
        pl.col("reported_at").dt.strftime("%Y-%m-%d %H:%M").alias(labels("col.reported_at")),
        pl.col("accepted_at")
        .dt.strftime("%Y-%m-%d %H:%M")
        .fill_null("—")
        .alias(labels("incidents.col.accepted_at")),
        pl.col("hours").alias(labels("col.hours_open")),
        pl.when(pl.col("escalated"))
        .then(pl.lit(labels("yes")))
        .otherwise(pl.lit(labels("no")))
        .alias(labels("col.escalated")),
    )


def overdue_list(
    url: str, key: ScopeKey, as_of: dt.date, backlog: data.Backlog, labels: Labels
) -> None:
    st.subheader(labels("incidents.overdue", count=fmt_int(backlog.overdue)))
    if backlog.overdue == 0:
        st.success(labels("incidents.overdue.none"))
        return
    window = page_window(labels, PAGE_KEY, backlog.overdue)
    rows, _ = data.overdue_rows(url, key, as_of, window.offset, window.limit)
    st.dataframe(
        _overdue_table(rows, as_of, labels),
        hide_index=True,
        width="stretch",
        column_config={labels("col.hours_open"): st.column_config.NumberColumn(format="localized")},
        key="incidents_overdue",
    )
    name = f"{labels('incidents.export_name')}_{as_of.isoformat()}"

    def frame() -> pl.DataFrame:
        everything, _ = data.overdue_rows(url, key, as_of, 0, data.EXPORT_LIMIT)
        return _overdue_table(everything, as_of, labels)

    note = download_buttons(
        labels,
        name=name,
        key="incidents",
        csv=lambda: csv_bytes(frame()),
        xlsx=lambda: xlsx_bytes({labels("nav.incidents"): frame()}),
    )
    if backlog.overdue > data.EXPORT_LIMIT:
        note.caption(labels("incidents.export_capped", limit=fmt_int(data.EXPORT_LIMIT)))
