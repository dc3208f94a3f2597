"""Sections of the rentals page (出租房屋): tiles, shares per grid, the list to follow up."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from ui import charts
from ui import rentals_data as data
from ui.data import ScopeKey
from ui.export import csv_bytes, download_buttons, xlsx_bytes
from ui.i18n import Labels, fmt_int, fmt_pct
from ui.lists import page_window
from ui.tiles import Tile, tiles

PROBLEM_KEY = "rentals_problem"
PAGE_KEY = "rentals_page"


def _pct(column: str) -> pl.Expr:
    """A share as shown: 43.1%, or — without a denominator."""
    return pl.col(column).map_elements(fmt_pct, return_dtype=pl.String, skip_nulls=False)


def summary_tiles(figures: data.RentalFigures, labels: Labels) -> None:
    s = figures.summary
    tiles(
        [
            Tile(labels("rentals.tile.rentals"), s["rentals"], None),
            Tile(labels("rentals.tile.pledge"), s["pledge_signed"], None),
            Tile(labels("rentals.tile.pledge_share"), s["pledge_share"], None, "ratio"),
            Tile(labels("rentals.tile.inspected"), s["inspected_90d"], None),
            Tile(labels("rentals.tile.inspected_share"), s["inspected_share"], None, "ratio"),
        ],
        help_text=labels("rentals.help"),
    )
    tiles(
        [
            Tile(labels("rentals.tile.households"), s["rented_households"], None),
            Tile(labels("rentals.tile.floating"), s["floating_in_rented"], None),
            Tile(
                labels("rentals.tile.floating_share"),
                s["floating_in_rented_share"],
                None,
                "ratio",
            ),
            Tile(labels("rentals.col.floating"), s["floating"], None),
        ],
        help_text=labels("rentals.help"),
    )


def _shares_chart(table: pl.DataFrame, labels: Labels) -> go.Figure:
    rows = table.filter(pl.col("rentals") > 0)
    names = [f"{c} {n}" for c, n in rows.select("code", "name").iter_rows()]
    fig = go.Figure()
    series = (
        ("pledge_share", "pledge_signed", "rentals.col.pledge_share", charts.PALETTE[1]),
        ("inspected_share", "inspected_90d", "rentals.col.inspected_share", charts.PALETTE[2]),
    )
    for column, count, label_key, color in series:
        label = labels(label_key)
        fig.add_trace(
            go.Bar(
                x=rows[column].to_list(),
                y=names,
                orientation="h",
                name=label,
                marker={"color": color},
                customdata=list(zip(rows[count].to_list(), rows["rentals"].to_list(), strict=True)),
                text=[f"{v:.0%}" for v in rows[column].to_list()],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{y}: %{x:.1%} (%{customdata[0]:,} / %{customdata[1]:,})"
                "<extra>" + label + "</extra>",
            )
        )
    fig.update_layout(
        barmode="group", title={"text": labels("rentals.chart.shares"), "font": {"size": 15}}
    )
    fig.update_xaxes(title_text=labels("rentals.chart.axis"), tickformat=".0%", range=[0, 1.12])
    fig.update_yaxes(autorange="reversed")
    return charts.layout(fig, max(260, 60 + 44 * len(names)))


def by_grid(figures: data.RentalFigures, labels: Labels) -> None:
    st.subheader(labels("rentals.by_grid"))
    if figures.summary["rentals"] == 0:
        st.info(labels("rentals.none"))
        return
    charts.plotly_chart(
        st, _shares_chart(figures.by_grid, labels), width="stretch", key="rentals_shares_chart"
    )
    table = figures.by_grid.select(
        pl.col("code").alias(labels("col.grid")),
        pl.col("name").alias(labels("col.grid_name")),
        pl.col("rentals").alias(labels("rentals.col.rentals")),
        pl.col("pledge_signed").alias(labels("rentals.col.pledge")),
        _pct("pledge_share").alias(labels("rentals.col.pledge_share")),
        pl.col("inspected_90d").alias(labels("rentals.col.inspected")),
        _pct("inspected_share").alias(labels("rentals.col.inspected_share")),
        pl.col("rented_households").alias(labels("rentals.col.households")),
        pl.col("floating").alias(labels("rentals.col.floating")),
        pl.col("floating_in_rented").alias(labels("rentals.col.floating_in_rented")),
        _pct("floating_in_rented_share").alias(labels("rentals.col.floating_share")),
    )
    counts = ("rentals", "pledge", "inspected", "households", "floating", "floating_in_rented")
    config = {
        labels(f"rentals.col.{k}"): st.column_config.NumberColumn(format="localized")
        for k in counts
    }
    st.dataframe(
        table, hide_index=True, width="stretch", column_config=config, key="rentals_grid_table"
    )


def problem_control(labels: Labels) -> str:
    if st.session_state.get(PROBLEM_KEY) not in data.PROBLEMS:
        st.session_state[PROBLEM_KEY] = data.PROBLEMS[0]
    return st.selectbox(
        labels("rentals.problem"),
        options=list(data.PROBLEMS),
        format_func=lambda p: labels(f"rentals.problem.{p}"),
        key=PROBLEM_KEY,
    )


def _list_table(rows: pl.DataFrame, labels: Labels) -> pl.DataFrame:
    never = labels("rentals.never")
    no_pledge = labels("rentals.problem.no_pledge")
    not_inspected = labels("rentals.problem.not_inspected")
    return rows.select(
        pl.col("id").alias(labels("rentals.col.rental")),
        pl.col("grid_code").alias(labels("col.grid")),
        pl.col("grid_name").alias(labels("col.grid_name")),
        pl.col("address").alias(labels("rentals.col.address")),
        pl.col("landlord_name").fill_null("—").alias(labels("rentals.col.landlord")),
        pl.col("pledge_signed_on")
        .dt.strftime("%Y-%m-%d")
        .fill_null(never)
        .alias(labels("rentals.col.pledge_signed_on")),
        pl.col("last_inspected_on")
        .dt.strftime("%Y-%m-%d")
        .fill_null(never)
        .alias(labels("rentals.col.last_inspected_on")),
        pl.concat_str(
            pl.when(pl.col("no_pledge")).then(pl.lit(no_pledge)),
            pl.when(pl.col("not_inspected")).then(pl.lit(not_inspected)),
            separator="；" if labels.lang == "zh" else "; ",
            ignore_nulls=True,
        ).alias(labels("rentals.col.problem")),
    )


def follow_up_list(
    url: str, key: ScopeKey, as_of: dt.date, figures: data.RentalFigures, labels: Labels
) -> None:
    if figures.summary["rentals"] == 0:
        return
    problem = problem_control(labels)
    _, total = data.follow_up(url, key, as_of, problem, 0, 1)
    st.subheader(labels("rentals.list", count=fmt_int(total)))
    if total == 0:
        st.success(labels("rentals.list.none"))
        return
    window = page_window(labels, PAGE_KEY, total)
    rows, _ = data.follow_up(url, key, as_of, problem, window.offset, window.limit)
    st.dataframe(
        _list_table(rows, labels), hide_index=True, width="stretch", key="rentals_follow_up"
    )
    st.caption(labels("list.masked"))
    name = f"{labels('rentals.export_name')}_{as_of.isoformat()}"

    def frame() -> pl.DataFrame:
        everything, _ = data.follow_up(url, key, as_of, problem, 0, data.EXPORT_LIMIT)
        return _list_table(everything, labels)

    note = download_buttons(
        labels,
        name=name,
        key="rentals",
        csv=lambda: csv_bytes(frame()),
        xlsx=lambda: xlsx_bytes({labels("nav.rentals"): frame()}),
    )
    if total > data.EXPORT_LIMIT:
        note.caption(labels("rentals.export_capped", limit=fmt_int(data.EXPORT_LIMIT)))
