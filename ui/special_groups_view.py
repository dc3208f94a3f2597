"""Sections of the 特殊人群 page: every group, the grid heatmap, a group's trend, the care gap.

Sensitive groups are shown as counts only ("<5" for 1–4, never a member list): the
figures arrive already suppressed (``shown``), and the care-gap list only ever
holds the care groups that are not sensitive.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from metrics.special_groups import LEVELS
from ui import charts, drill, personal
from ui import special_groups_data as data
from ui import table as tables
from ui.data import ScopeKey
from ui.export import About
from ui.glossary import help_text
from ui.i18n import Labels, fmt_int, fmt_pct
from ui.lists import page_window
from ui.population_view import legend_below
from ui.table import Column, Table
from ui.text import md
from ui.tiles import Tile, tiles
from ui.url_state import UrlControl, list_page

ROW_HEIGHT = 26
CARE_PAGE_KEY = "sg_care_page"
#: the page's controls in the link: ?trend_group=disabled&page=2
TREND_GROUP = UrlControl("trend_group", "sg_trend_group", "link.kind.group")
CONTROLS = (TREND_GROUP, list_page(CARE_PAGE_KEY))


def _group_label(row: dict[str, Any], labels: Labels) -> str:
    name = labels.name(row["name_zh"], row["name_en"])
    return f"{name} ※" if row["sensitive"] else name


# --- every group ----------------------------------------------------------


def group_blocks(groups: pl.DataFrame) -> list[tuple[str, pl.DataFrame]]:
    """Tiles in blocks: groups counted in residents, in households (another level under its own
    code), then every sensitive group together — in ``group_table`` order."""
    blocks = []
    plain = groups.filter(~pl.col("sensitive"))
    for (level,), frame in plain.group_by("applies_to", maintain_order=True):
        blocks.append((f"level.{level}" if level in LEVELS else f"code:{level}", frame))
    sensitive = groups.filter(pl.col("sensitive"))
    if sensitive.height:
        blocks.append(("sensitive", sensitive))
    return blocks


def all_groups(ov: data.GroupsOverview, labels: Labels) -> None:
    st.subheader(labels("special_groups.section.groups"))
    if ov.groups.is_empty():
        st.info(labels("special_groups.no_groups"))
        return
    for block, frame in group_blocks(ov.groups):
        title = (
            block.removeprefix("code:")
            if block.startswith("code:")
            else labels(f"special_groups.{block}")
        )
        st.markdown(f"**{md(title)}**")
        tiles(
            [
                Tile(
                    md(labels.name(row["name_zh"], row["name_en"])),
                    row["shown"],
                    None,
                    help=help_text(labels, "special_groups", "small_count")
                    if row["sensitive"]
                    else help_text(labels, "special_groups"),
                )
                for row in frame.iter_rows(named=True)
            ],
            labels,
        )
    if ov.left_out:
        st.caption(labels("special_groups.left_out", count=f"{ov.left_out:,}"))


# --- heatmap --------------------------------------------------------------


def heatmap_figure(ov: data.GroupsOverview, labels: Labels) -> go.Figure | None:
    """Grids (rows) × groups (columns): counts as text, shade relative to the group's top grid."""
    matrix = ov.matrix
    with_members = (
        matrix.group_by("grid_code").agg(pl.col("members").sum()).filter(pl.col("members") > 0)
    )
    keep = set(with_members["grid_code"].to_list())
    if not keep:
        return None
    matrix = matrix.filter(pl.col("grid_code").is_in(list(keep)))
    group_rows = {row["code"]: row for row in ov.groups.iter_rows(named=True)}
    codes = [c for c in ov.groups["code"].to_list()]
    grid_codes = sorted(keep, reverse=True)  # first grid on top
    grid_names = dict(zip(matrix["grid_code"], matrix["grid_name"], strict=False))
    cell = {(r["grid_code"], r["code"]): r for r in matrix.iter_rows(named=True)}
    z, text = [], []
    for g in grid_codes:
        z.append([cell[(g, c)]["intensity"] for c in codes])
        text.append([cell[(g, c)]["shown"] for c in codes])
    x = [_group_label(group_rows[c], labels) for c in codes]
    y = [f"{g} {grid_names[g]}" for g in grid_codes]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=x,
            y=y,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 11},
            colorscale="Blues",
            zmin=0,
            zmax=1,
            showscale=False,
            xgap=2,
            ygap=2,
            hoverongaps=False,
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
        )
    )
    fig.update_xaxes(side="top", tickangle=-45)
    fig.update_yaxes(type="category")
    # room above and to the right for the slanted group names
    slant = int(0.72 * 7 * max(_text_width(name) for name in x))
    charts.layout(fig, max(320, slant + 40 + ROW_HEIGHT * len(y)))
    fig.update_layout(margin={"l": 10, "r": max(10, slant - 40), "t": slant + 20, "b": 10})
    return fig


def _text_width(text: str) -> int:
    """Width in half-width characters (a CJK character counts two)."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def heatmap(ov: data.GroupsOverview, labels: Labels) -> None:
    st.subheader(labels("special_groups.section.heatmap"))
    fig = heatmap_figure(ov, labels)
    if fig is None:
        st.info(labels("special_groups.no_members"))
        return
    charts.plotly_chart(st, fig, width="stretch", key="sg_heatmap")
    hidden = ov.matrix["grid_code"].n_unique() - (len(fig.data[0].y) if fig.data else 0)
    st.caption(labels("special_groups.heatmap_hint", hidden=fmt_int(hidden)))


# --- trend ----------------------------------------------------------------


def default_trend_group(ov: data.GroupsOverview) -> int:
    """The first group that is not sensitive (the first of all when every group is)."""
    flags = ov.groups["sensitive"].to_list()
    return next((i for i, sensitive in enumerate(flags) if not sensitive), 0)


def choose_trend_group(ov: data.GroupsOverview, labels: Labels) -> str | None:
    st.subheader(labels("special_groups.section.trend"))
    if ov.groups.is_empty():
        st.info(labels("special_groups.no_groups"))
        return None
    rows = {row["code"]: row for row in ov.groups.iter_rows(named=True)}
    codes = list(rows)
    return TREND_GROUP.selectbox(
        labels,
        labels("special_groups.trend_group"),
        codes,
        codes[default_trend_group(ov)],
        format_func=lambda c: _group_label(rows[c], labels),
        width=320,
    )


def trend_figure(trend: data.GroupTrend, labels: Labels) -> go.Figure:
    name = labels.name(trend.name_zh, trend.name_en)
    unit = (
        labels(f"special_groups.unit.{trend.applies_to}")
        if trend.applies_to
        in (
            "resident",
            "household",
        )
        else labels("chart.members")
    )
    points = since_first_member(trend.points)
    fig = go.Figure(
        go.Scatter(
            x=points["day"].to_list(),
            y=points["plotted"].to_list(),
            customdata=points["shown"].to_list(),
            mode="lines+markers",
            name=name,
            line={"color": charts.PALETTE[1], "width": 2},
            connectgaps=False,
            hovertemplate=f"%{{x|%Y-%m-%d}}<br>{name}: %{{customdata}}<extra></extra>",
        )
    )
    fig.update_layout(
        title={
            "text": labels.plain("special_groups.trend_title", group=name),
            "font": {"size": 15},
        },
        showlegend=False,
    )
    fig.update_xaxes(title_text=labels("special_groups.week_end"), tickformat="%m-%d")
    # the axis spans the counts (with a margin), not 0 to the count: a group of 1,400 that
    # changed by 20 shows its change instead of a flat line at the top
    low, high = count_range(points["plotted"])
    fig.update_yaxes(title_text=unit, tickformat=",d", range=[low, high])
    return charts.layout(fig, 360)


def since_first_member(points: pl.DataFrame) -> pl.DataFrame:
    """The trend from its first week with a member (the weeks before it are the registry's
    time before the group, not a count of nobody); every week when none has one."""
    counted = points.with_row_index("i").filter(pl.col("shown") != "0")
    return points if counted.is_empty() else points.slice(int(counted["i"][0]))


def count_range(values: pl.Series) -> tuple[float, float]:
    """A y range around the counts: a margin of a tenth of their spread (at least 2 and 1 % of
    the largest) each side, never below 0."""
    known = values.drop_nulls()
    if known.is_empty():
        return 0.0, 5.0
    low, high = float(known.min()), float(known.max())
    margin = max((high - low) / 10, 2.0, high / 100)
    return max(0.0, low - margin), high + margin


def trend(tr: data.GroupTrend | None, labels: Labels) -> None:
    if tr is None:
        return
    if not tr.has_members:
        st.info(labels("special_groups.trend_empty"))
        return
    if tr.sensitive and all(v is None for v in tr.points["plotted"].to_list()):
        st.info(labels("special_groups.trend_suppressed"))
        return
    charts.plotly_chart(st, trend_figure(tr, labels), width="stretch", key="sg_trend")
    first = since_first_member(tr.points)["day"][0]
    hint = labels("special_groups.trend_hint", first=first.isoformat())
    if tr.sensitive:
        hint += " " + labels("special_groups.trend_sensitive")
    st.caption(hint)


# --- care gap -------------------------------------------------------------


def _group_names(codes: tuple[str, ...], ov: data.GroupsOverview, labels: Labels) -> str:
    rows = {row["code"]: row for row in ov.groups.iter_rows(named=True)}
    sep = "、" if labels.lang == "zh" else ", "
    return sep.join(labels.name(rows[c]["name_zh"], rows[c]["name_en"]) for c in codes if c in rows)


def care_gap_chart(by_grid: pl.DataFrame, labels: Labels) -> go.Figure:
    rows = by_grid.filter(pl.col("members") > 0).sort("grid_code", descending=True)
    y = [f"{c} {n}" for c, n in zip(rows["grid_code"], rows["grid_name"], strict=True)]
    gap = rows["without_visit"].to_list()
    visited = [m - g for m, g in zip(rows["members"].to_list(), gap, strict=True)]
    shares = [fmt_pct(s) for s in rows["share"].to_list()]
    gap_label, visited_label = (
        labels("special_groups.care_gap"),
        labels("special_groups.care_visited"),
    )
    fig = go.Figure(
        [
            go.Bar(
                y=y,
                x=gap,
                name=gap_label,
                orientation="h",
                marker={"color": charts.PALETTE[0]},
                customdata=shares,
                hovertemplate=f"%{{y}}<br>{gap_label}: %{{x:,}} (%{{customdata}})<extra></extra>",
            ),
            go.Bar(
                y=y,
                x=visited,
                name=visited_label,
                orientation="h",
                marker={"color": "#d5dbdb"},
                hovertemplate=f"%{{y}}<br>{visited_label}: %{{x:,}}<extra></extra>",
            ),
        ]
    )
    fig.update_layout(
        barmode="stack", title={"text": labels("special_groups.care_by_grid"), "font": {"size": 15}}
    )
    fig.update_xaxes(title_text=labels("chart.count"), tickformat=",d")
    charts.layout(fig, max(260, 110 + ROW_HEIGHT * len(y)))
    return legend_below(fig, [t.name for t in fig.data])


def care_gap_summary(
    cg: data.CareGap, ov: data.GroupsOverview, labels: Labels, about: About
) -> bool:
    """The care gap's tiles and per-grid chart; ``False`` when there is nothing to list."""
    as_of = about.as_of
    st.subheader(labels("special_groups.section.care"), help=help_text(labels, "care_gap"))
    if not cg.codes:
        st.info(labels("special_groups.care_no_groups"))
        return False
    st.caption(
        labels(
            "special_groups.care_hint",
            groups=_group_names(cg.codes, ov, labels),
            first=cg.window_from.isoformat(),
            last=as_of.isoformat(),
        )
    )
    if cg.withheld:
        st.caption(
            labels("special_groups.care_withheld", groups=_group_names(cg.withheld, ov, labels))
        )
    totals = cg.totals
    if not totals["members"]:
        st.info(labels("special_groups.care_no_members"))
        return False
    tiles(
        [
            Tile(labels("special_groups.care_members"), totals["members"], None),
            Tile(labels("special_groups.care_gap"), totals["without_visit"], None),
            Tile(labels("special_groups.care_share"), totals["share"], None, kind="ratio"),
        ],
        labels,
    )
    if not totals["without_visit"]:
        st.success(labels("special_groups.care_none"))
        return False
    left, right = st.columns([3, 2])
    charts.plotly_chart(
        left, care_gap_chart(cg.by_grid, labels), width="stretch", key="sg_care_chart"
    )
    rows = cg.by_grid.filter(pl.col("members") > 0)
    tables.show(
        grid_table(labels),
        rows,
        about=about,
        what=labels.plain("special_groups.care_grids_file"),
        key="sg_care_grids",
        on_row=drill.to_grid(rows["grid_code"].to_list()),
        where=right,
        height=min(35 * (rows.height + 1) + 3, 738),
    )
    right.caption(labels("drill.grid_hint"))
    return True


def grid_table(labels: Labels) -> Table:
    """The care gap per grid with members (grids without members are left out by the caller)."""
    return Table(
        [
            Column(
                "grid_code",
                labels("col.grid"),
                expr=pl.concat_str("grid_code", "grid_name", separator=" "),
            ),
            Column("members", labels("special_groups.col.members"), "int"),
            Column("without_visit", labels("special_groups.col.gap"), "int"),
            Column("share", labels("special_groups.col.share"), "ratio"),
        ]
    )


def list_table(ov: data.GroupsOverview, labels: Labels) -> Table:
    """The masked care-gap list's columns (shown and exported alike)."""
    names = {
        row["code"]: labels.name(row["name_zh"], row["name_en"])
        for row in ov.groups.iter_rows(named=True)
    }
    sep = "、" if labels.lang == "zh" else ", "
    return Table(
        [
            Column("name", labels("special_groups.col.name")),
            Column("age", labels("special_groups.col.age"), "int"),
            Column("address", labels("special_groups.col.address")),
            Column("days_since_visit", labels("special_groups.col.days"), "int"),
            Column(
                "last_visit_day",
                labels("special_groups.col.last_visit"),
                "date",
                empty=labels.plain("special_groups.never"),
            ),
            Column("grid_code", labels("col.grid")),
            Column("grid_name", labels("col.grid_name")),
            Column(
                "groups",
                labels("special_groups.col.groups"),
                expr=pl.col("groups")
                .list.eval(pl.element().replace_strict(names, default=pl.element()))
                .list.join(sep),
            ),
        ]
    )


def list_frame(rows: pl.DataFrame, ov: data.GroupsOverview, labels: Labels) -> pl.DataFrame:
    """The masked care-gap rows with headers in the chosen language (as exported)."""
    return list_table(ov, labels).frame(rows)


def care_gap_list(
    url: str, key: ScopeKey, about: About, total: int, ov: data.GroupsOverview, labels: Labels
) -> None:
    as_of = about.as_of
    st.markdown("**" + labels("special_groups.care_list", total=fmt_int(total)) + "**")
    if personal.lists_hidden(about, labels):
        return
    window = page_window(labels, CARE_PAGE_KEY, total)
    reveal = personal.unmask_control(about, labels, "sg_care")
    page = data.care_gap_rows(url, key, as_of, window.offset, window.limit, masked=reveal is None)
    if reveal is not None:
        what = labels.plain("special_groups.export_name")
        personal.record_unmask(about, labels, reveal, what, page.rows.height)
    else:
        st.caption(labels("list.masked") + " " + labels("special_groups.never_hint"))
    note = tables.show(
        list_table(ov, labels),
        page.rows,
        about=about.with_notes(labels.plain("export.note.masked")),
        what=labels.plain("special_groups.export_name"),
        key="sg_care_list",
        sheet=labels.plain("special_groups.care_list_sheet"),
        export=lambda: data.care_gap_export(url, key, as_of).rows,
    )
    if total > data.EXPORT_LIMIT:
        note.caption(labels("special_groups.export_capped", limit=fmt_int(data.EXPORT_LIMIT)))
