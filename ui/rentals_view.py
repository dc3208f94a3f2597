"""Sections of the rentals page (出租房屋): tiles, shares per grid, the list to follow up."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from ui import charts, drill, personal
from ui import rentals_data as data
from ui import table as tables
from ui.data import ScopeKey
from ui.export import About
from ui.glossary import help_text
from ui.i18n import Labels, fmt_int
from ui.lists import page_window
from ui.table import Column, Table
from ui.tiles import Tile, tiles
from ui.url_state import UrlControl, list_page

PROBLEM_KEY = "rentals_problem"
PAGE_KEY = "rentals_page"
#: the page's controls in the link: ?problem=no_pledge&page=2
PROBLEM = UrlControl("problem", PROBLEM_KEY, "link.kind.problem")
CONTROLS = (PROBLEM, list_page(PAGE_KEY))


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
        labels,
        help_text=help_text(labels, "rentals"),
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
        labels,
        help_text=help_text(labels, "floating_in_rentals"),
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


def by_grid(figures: data.RentalFigures, labels: Labels, about: About) -> None:
    st.subheader(labels("rentals.by_grid"))
    if figures.summary["rentals"] == 0:
        st.info(labels("rentals.none"))
        return
    charts.plotly_chart(
        st, _shares_chart(figures.by_grid, labels), width="stretch", key="rentals_shares_chart"
    )
    tables.show(
        grid_table(labels),
        figures.by_grid,
        about=about,
        what=labels.plain("rentals.export.by_grid"),
        key="rentals_grid_table",
        on_row=drill.to_grid(figures.by_grid["code"].to_list()),
    )
    st.caption(labels("drill.grid_hint"))


def grid_table(labels: Labels) -> Table:
    return Table(
        [
            Column("code", labels("col.grid")),
            Column("name", labels("col.grid_name")),
            Column("rentals", labels("rentals.col.rentals"), "int"),
            Column("pledge_signed", labels("rentals.col.pledge"), "int"),
            Column("pledge_share", labels("rentals.col.pledge_share"), "ratio"),
            Column("inspected_90d", labels("rentals.col.inspected"), "int"),
            Column("inspected_share", labels("rentals.col.inspected_share"), "ratio"),
            Column("rented_households", labels("rentals.col.households"), "int"),
            Column("floating", labels("rentals.col.floating"), "int"),
            Column("floating_in_rented", labels("rentals.col.floating_in_rented"), "int"),
            Column("floating_in_rented_share", labels("rentals.col.floating_share"), "ratio"),
        ]
    )


def problem_control(labels: Labels) -> str:
    return PROBLEM.selectbox(
        labels,
        labels("rentals.problem"),
        data.PROBLEMS,
        data.PROBLEMS[0],
        format_func=lambda p: labels(f"rentals.problem.{p}"),
    )


def list_table(labels: Labels) -> Table:
    never = labels.plain("rentals.never")
    no_pledge = labels("rentals.problem.no_pledge")
    not_inspected = labels("rentals.problem.not_inspected")
    return Table(
        [
            Column("id", labels("rentals.col.rental"), "id"),
            Column("grid_code", labels("col.grid")),
            Column("grid_name", labels("col.grid_name")),
            Column("address", labels("rentals.col.address")),
            Column("landlord_name", labels("rentals.col.landlord")),
            Column("pledge_signed_on", labels("rentals.col.pledge_signed_on"), "date", empty=never),
            Column(
                "last_inspected_on", labels("rentals.col.last_inspected_on"), "date", empty=never
            ),
            Column(
                "problem",
                labels("rentals.col.problem"),
                expr=pl.concat_str(
                    pl.when(pl.col("no_pledge")).then(pl.lit(no_pledge)),
                    pl.when(pl.col("not_inspected")).then(pl.lit(not_inspected)),
                    separator="；" if labels.lang == "zh" else "; ",
                    ignore_nulls=True,
                ),
            ),
        ]
    )


def follow_up_list(
    url: str, key: ScopeKey, about: About, figures: data.RentalFigures, labels: Labels
) -> None:
    as_of = about.as_of
    if figures.summary["rentals"] == 0:
        return
    problem = problem_control(labels)
    _, total = data.follow_up(url, key, as_of, problem, 0, 1)
    st.subheader(labels("rentals.list", count=fmt_int(total)))
    if total == 0:
        st.success(labels("rentals.list.none"))
        return
    if personal.lists_hidden(about, labels):
        return
    window = page_window(labels, PAGE_KEY, total)
    reveal = personal.unmask_control(about, labels, "rentals")
    rows, _ = data.follow_up(
        url, key, as_of, problem, window.offset, window.limit, masked=reveal is None
    )
    if reveal is not None:
        what = labels.plain("rentals.export_name")
        personal.record_unmask(about, labels, reveal, what, rows.height)
    else:
        st.caption(labels("list.masked"))

    def everything() -> pl.DataFrame:
        listed, _ = data.follow_up(url, key, as_of, problem, 0, data.EXPORT_LIMIT)
        return listed

    note = tables.show(
        list_table(labels),
        rows,
        about=about.with_filters(
            (labels.plain("rentals.problem"), labels.plain(f"rentals.problem.{problem}"))
        ).with_notes(labels.plain("export.note.masked")),
        what=labels.plain("rentals.export_name"),
        key="rentals_follow_up",
        export=everything,
    )
    if total > data.EXPORT_LIMIT:
        note.caption(labels("rentals.export_capped", limit=fmt_int(data.EXPORT_LIMIT)))
