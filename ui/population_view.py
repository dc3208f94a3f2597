"""Sections of the 人口结构 page: tiles, per-grid charts and table, pyramid, sizes, movements."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from metrics.snapshot import FLOATING_ORIGINS, RESIDENCIES, UNKNOWN_ORIGIN
from models.population import GridPopulation, HouseholdSizes, Movements
from ui import charts
from ui import table as tables
from ui.export import About
from ui.glossary import help_text
from ui.i18n import Labels, fmt_int
from ui.table import Column, Table
from ui.tiles import Tile, tiles

RESIDENCY_COLOURS = {"resident": "#2e86de", "floating": "#f39c12", "nominal": "#7f8c8d"}
ORIGIN_COLOURS = {
    "out_of_county": "#c0392b",
    "study_companion": "#8e44ad",
    "business": "#16a085",
    "other": "#d35400",
    UNKNOWN_ORIGIN: "#bdc3c7",
}
SEX_COLOURS = {"male": "#2e86de", "female": "#e84393"}
ROW_HEIGHT = 26


def _grid_label(code: str, name: str) -> str:
    return f"{code} {name}"


def _bar_height(rows: int) -> int:
    return max(260, 110 + ROW_HEIGHT * rows)


def legend_below(fig: go.Figure, names: list[str], rows: int = 1) -> go.Figure:
    """A horizontal legend under the plot, in trace order, with room for each entry's text.

    Entry widths are set from the longest name (CJK characters count double), so legends
    never overlap whatever font the browser measures with.
    """
    longest = max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in n) for n in names), default=4)
    fig.update_layout(
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "x": 0,
            "xanchor": "left",
            "traceorder": "normal",
            "entrywidth": 44 + 7 * longest,
            "entrywidthmode": "pixels",
        },
    )
    fig.update_layout(margin={"b": 30 + 24 * rows})
    return fig


# --- tiles ----------------------------------------------------------------


def summary(gp: GridPopulation, sizes: HouseholdSizes, labels: Labels) -> None:
    res = gp.residents
    tiles(
        [
            Tile(
                labels("tile.households"), gp.households, None, help=help_text(labels, "household")
            ),
            Tile(labels("tile.residents"), res["total"], None, help=help_text(labels, "residents")),
            *[
                Tile(labels.code("residency", code), res[code], None, help=help_text(labels, code))
                for code in RESIDENCIES
            ],
            Tile(
                labels("tile.elderly"),
                res["elderly_60_plus"],
                None,
                help=help_text(labels, "elderly"),
            ),
        ],
        labels,
    )
    mean = "—" if sizes.mean is None else f"{sizes.mean:.2f}"
    st.caption(labels("population.mean_size", mean=mean, households=fmt_int(sizes.households)))


# --- per grid -------------------------------------------------------------


def residency_chart(table: pl.DataFrame, labels: Labels) -> go.Figure:
    """Stacked horizontal bars: resident / floating / nominal per grid (grids with residents)."""
    rows = table.filter(pl.col("total") > 0).sort("code", descending=True)
    names = [_grid_label(c, n) for c, n in zip(rows["code"], rows["name"], strict=True)]
    fig = go.Figure()
    for code in RESIDENCIES:
        label = labels.code("residency", code)
        fig.add_trace(
            go.Bar(
                y=names,
                x=rows[code].to_list(),
                name=label,
                orientation="h",
                marker={"color": RESIDENCY_COLOURS[code]},
                hovertemplate=f"%{{y}}<br>{label}: %{{x:,}}<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="stack", title={"text": labels("population.by_grid"), "font": {"size": 15}}
    )
    fig.update_xaxes(title_text=labels("chart.count"), tickformat=",d")
    charts.layout(fig, _bar_height(rows.height))
    return legend_below(fig, [t.name for t in fig.data], rows=2)


def origin_chart(gp: GridPopulation, labels: Labels) -> go.Figure:
    """Stacked horizontal bars: floating residents per grid by origin."""
    names = dict(zip(gp.table["code"], gp.table["name"], strict=True))
    codes = sorted(set(gp.origins["code"].to_list()), reverse=True)
    y = [_grid_label(c, names[c]) for c in codes]
    fig = go.Figure()
    for origin in (*FLOATING_ORIGINS, UNKNOWN_ORIGIN):
        part = gp.origins.filter(pl.col("origin") == origin)
        if part.is_empty():
            continue
        values = dict(zip(part["code"], part["residents"], strict=True))
        label = labels.code("floating_origin", origin)
        fig.add_trace(
            go.Bar(
                y=y,
                x=[values.get(c, 0) for c in codes],
                name=label,
                orientation="h",
                marker={"color": ORIGIN_COLOURS[origin]},
                hovertemplate=f"%{{y}}<br>{label}: %{{x:,}}<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="stack", title={"text": labels("population.origin_by_grid"), "font": {"size": 15}}
    )
    fig.update_xaxes(title_text=labels("chart.count"), tickformat=",d")
    charts.layout(fig, _bar_height(len(codes)))
    return legend_below(fig, [t.name for t in fig.data], rows=2)


def by_grid(gp: GridPopulation, labels: Labels) -> None:
    st.subheader(labels("population.section.grids"))
    left, right = st.columns(2)
    with left:
        if gp.residents["total"]:
            charts.plotly_chart(
                st, residency_chart(gp.table, labels), width="stretch", key="pop_residency_chart"
            )
        else:
            st.info(labels("population.no_residents"))
    with right:
        if gp.residents["floating"]:
            charts.plotly_chart(
                st, origin_chart(gp, labels), width="stretch", key="pop_origin_chart"
            )
        else:
            st.info(labels("population.no_floating"))


def grid_columns(labels: Labels) -> Table:
    """The per-grid table's columns (shown and exported alike)."""
    return Table(
        [
            Column("code", labels("col.grid")),
            Column("name", labels("col.grid_name")),
            Column("community_name", labels("col.community")),
            Column("households", labels("tile.households"), "int"),
            Column("total", labels("tile.residents"), "int"),
            *[Column(code, labels.code("residency", code), "int") for code in RESIDENCIES],
            Column("elderly_60_plus", labels("tile.elderly"), "int"),
        ]
    )


def grid_table(gp: GridPopulation, labels: Labels, about: About) -> None:
    st.subheader(labels("population.section.table"))
    tables.show(
        grid_columns(labels),
        gp.table,
        about=about,
        what=labels.plain("population.export_name"),
        key="pop_grid_table",
        height=min(35 * (gp.table.height + 1) + 3, 738),
    )
    st.caption(labels("population.table_hint", grids=fmt_int(gp.table.height)))


# --- age, sex and household size -----------------------------------------


def pyramid_chart(pyramid: pl.DataFrame, labels: Labels) -> go.Figure:
    """Men to the left, women to the right, youngest band at the bottom."""
    bands = pyramid["label"].to_list()
    male, female = pyramid["male"].to_list(), pyramid["female"].to_list()
    top = max([*male, *female, 1])
    step = _nice_step(top)
    ticks = list(range(-((top // step) * step), (top // step) * step + 1, step))
    years = labels("population.years")
    fig = go.Figure()
    for sex, values, sign in (("male", male, -1), ("female", female, 1)):
        label = labels(f"population.sex.{sex}")
        fig.add_trace(
            go.Bar(
                y=bands,
                x=[sign * v for v in values],
                customdata=values,
                name=label,
                orientation="h",
                marker={"color": SEX_COLOURS[sex]},
                hovertemplate=f"{label} %{{y}}{years}: %{{customdata:,}}<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="relative",
        bargap=0.08,
        title={"text": labels("population.pyramid"), "font": {"size": 15}},
    )
    fig.update_xaxes(
        title_text=labels("chart.count"),
        tickvals=ticks,
        ticktext=[f"{abs(t):,}" for t in ticks],
    )
    fig.update_yaxes(title_text=labels("population.age"), type="category")
    charts.layout(fig, 540)
    return legend_below(fig, [t.name for t in fig.data])


def _nice_step(top: int) -> int:
    """A round tick step giving about three ticks on each side."""
    raw = max(1, top // 3)
    magnitude = 10 ** (len(str(raw)) - 1)
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def sizes_chart(sizes: HouseholdSizes, labels: Labels) -> go.Figure:
    dist = sizes.distribution
    fig = go.Figure(
        go.Bar(
            x=[labels("population.size_label", size=s) for s in dist["label"].to_list()],
            y=dist["households"].to_list(),
            marker={"color": charts.PALETTE[2]},
            text=[f"{v:,}" for v in dist["households"].to_list()],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{y:,}<extra></extra>",
        )
    )
    fig.update_layout(title={"text": labels("population.sizes"), "font": {"size": 15}})
    fig.update_xaxes(title_text=labels("population.size_axis"), type="category")
    fig.update_yaxes(title_text=labels("tile.households"), tickformat=",d", rangemode="tozero")
    return charts.layout(fig, 520)


def structure(pyramid: pl.DataFrame, sizes: HouseholdSizes, labels: Labels) -> None:
    st.subheader(labels("population.section.structure"))
    left, right = st.columns(2)
    with left:
        total = int(pyramid["male"].sum() + pyramid["female"].sum())
        if total:
            charts.plotly_chart(
                st, pyramid_chart(pyramid, labels), width="stretch", key="pop_pyramid"
            )
            other = int(pyramid["other"].sum())
            if other:
                st.caption(labels("population.other_gender", count=fmt_int(other)))
        else:
            st.info(labels("population.no_residents"))
    with right:
        if sizes.households:
            charts.plotly_chart(st, sizes_chart(sizes, labels), width="stretch", key="pop_sizes")
            st.caption(labels("population.sizes_hint"))
        else:
            st.info(labels("population.no_households"))


# --- arrivals and departures ---------------------------------------------


def movements_chart(mv: Movements, labels: Labels) -> go.Figure:
    """Arrivals above the axis, departures below, stacked by residency; the net change as a line."""
    weeks = mv.net["week_start"].to_list()
    ends = mv.net["week_end"].to_list()
    spans = [f"{s:%m-%d}–{e:%m-%d}" for s, e in zip(weeks, ends, strict=True)]
    fig = go.Figure()
    residencies = list(dict.fromkeys(mv.weeks["residency"].to_list()))
    for kind, sign in (("arrivals", 1), ("departures", -1)):
        kind_label = labels(f"population.{kind}")
        for code in residencies:
            part = mv.weeks.filter(pl.col("residency") == code).sort("week_start")
            values = part[kind].to_list()
            if not any(values):
                continue
            label = labels.code("residency", code)
            fig.add_trace(
                go.Bar(
                    x=weeks,
                    y=[sign * v for v in values],
                    customdata=list(zip(values, spans, strict=True)),
                    name=f"{kind_label} · {label}",
                    legendgroup=kind,
                    marker={
                        "color": RESIDENCY_COLOURS.get(code, charts.PALETTE[6]),
                        "pattern": {"shape": "" if sign > 0 else "/"},
                    },
                    hovertemplate=(
                        f"%{{customdata[1]}}<br>{kind_label} · {label}: "
                        "%{customdata[0]:,}<extra></extra>"
                    ),
                )
            )
    net_label = labels("population.net")
    fig.add_trace(
        go.Scatter(
            x=weeks,
            y=mv.net["net"].to_list(),
            customdata=spans,
            name=net_label,
            mode="lines+markers",
            line={"color": "#2d3436", "width": 2},
            hovertemplate=f"%{{customdata}}<br>{net_label}: %{{y:+,}}<extra></extra>",
        )
    )
    fig.update_layout(
        barmode="relative",
        title={"text": labels("population.movements_chart"), "font": {"size": 15}},
    )
    fig.update_xaxes(
        title_text=labels("population.week_of"),
        tickformat="%m-%d",
        tick0=weeks[0],
        dtick=14 * 86_400_000,
    )
    fig.update_yaxes(
        title_text=labels("chart.count"), tickformat=",d", zeroline=True, zerolinewidth=2
    )
    charts.shade_weeks(fig, list(mv.registration_weeks), labels.plain("registration.shade"))
    charts.layout(fig, 480)
    return legend_below(fig, [t.name for t in fig.data], rows=3)


def movements(mv: Movements, labels: Labels) -> None:
    st.subheader(labels("population.section.movements"))
    st.caption(
        labels("population.movements_hint", first=mv.first.isoformat(), last=mv.last.isoformat())
    )
    if mv.registration_weeks:
        st.caption(
            labels(
                "population.registration_weeks",
                weeks=labels.join([d.isoformat() for d in mv.registration_weeks]),
            )
        )
    totals = mv.totals
    if not (totals["arrivals"] or totals["departures"]):
        st.info(labels("population.no_movements"))
        return
    net = totals["net"]
    tiles(
        [
            Tile(labels("population.arrivals_26w"), totals["arrivals"], None),
            Tile(labels("population.departures_26w"), totals["departures"], None),
            Tile(labels("population.net_26w"), net, None),
        ],
        labels,
    )
    charts.plotly_chart(st, movements_chart(mv, labels), width="stretch", key="pop_movements")
