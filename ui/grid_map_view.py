"""The grid map's sections (网格地图): figure chooser, pydeck map with legend and tooltip, lists.

Colour classes are presentation only: the values behind them are ``metrics.geo``'s figures.
A click on a grid sets the shared grid filter (``ui.setup.set_grid_filter``) in the map's
selection callback, which runs before ``page_setup`` draws the filters on the rerun.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
import pydeck as pdk
import streamlit as st

from metrics.geo import (
    BAD_COORDINATES,
    UNSUPPORTED,
    bounds,
    fit_view,
    group_members_by_grid,
    label_point,
)
from metrics.privacy import SUPPRESSED, Disclosure, drawn_count, shown_text
from models.grid_map import GridMap
from ui import drill
from ui import table as tables
from ui.export import About
from ui.glossary import help_text
from ui.grid_map_data import map_style_url
from ui.i18n import Labels, fmt_int, fmt_pct
from ui.lists import page_window
from ui.setup import set_grid_filter
from ui.table import Column, Table, yes_no
from ui.text import JOINER, html
from ui.url_state import UrlControl, list_page

FIGURES = (
    "residents",
    "floating_share",
    "coverage_90d",
    "days_with_visits",
    "open_incidents",
    "special_group",
)
FIGURE_KEY = "grid_map_figure"
GROUP_KEY = "grid_map_group"
MAP_KEY = "grid_map_deck"
COMMUNITY_LAYER_ID = "community_names"
LAYER_ID = "grids"
LABEL_LAYER_ID = "grid_codes"
CLICKED_KEY = "_grid_map_clicked"
UNDRAWABLE_PAGE_KEY = "grid_map_undrawable_page"
#: the page's controls in the link: ?figure=special_group&group=disabled&page=2
FIGURE = UrlControl("figure", FIGURE_KEY, "link.kind.figure")
GROUP = UrlControl("group", GROUP_KEY, "link.kind.group")
CONTROLS = (FIGURE, GROUP, list_page(UNDRAWABLE_PAGE_KEY))
MAP_HEIGHT = 560
MAP_WIDTH_GUESS = 1000
FILL_ALPHA = 210

NO_DATA_COLOR = "#d5d8dc"
ZERO_COLOR = "#f4f6f8"
SEQUENTIAL = {
    "residents": ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"),
    "floating_share": ("#f2e6f7", "#d7b5e6", "#b77fd0", "#8e44ad", "#5b2c6f"),
    "special_group": ("#fdebd0", "#f8c471", "#f39c12", "#ca6f1e", "#873600"),
    "open_incidents": ("#fadbd8", "#f1948a", "#e74c3c", "#b03a2e", "#78281f"),
}
SUPPRESSED_COLOR = "#fdf2e9"
#: 90-day coverage in basis points against the township's target (90 %): fixed classes, red to green
COVERAGE_CLASSES = (
    (0, 6000, "#c0392b"),
    (6000, 8000, "#e67e22"),
    (8000, 9000, "#f4d03f"),
    (9000, 9500, "#82e0aa"),
    (9500, 10001, "#1e8449"),
)
RULE_MET_COLOR, RULE_MISSED_COLOR = "#27ae60", "#c0392b"
LINE_COLOR = [90, 90, 90, 220]
SELECTED_LINE_COLOR = [17, 24, 39, 255]


@dataclass(frozen=True)
class ColorClass:
    label: str
    color: str


@dataclass(frozen=True)
class Coloured:
    """Per grid id: the hex colour and the value as shown; and the legend's classes in order."""

    colors: dict[int, str]
    shown: dict[int, str]
    classes: tuple[ColorClass, ...]


# --- colour classes (pure) --------------------------------------------------


def _nice_steps() -> Iterator[int]:
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            yield factor * magnitude
        magnitude *= 10


def count_classes(
    values: dict[int, int], palette: Sequence[str], floor: int = 1
) -> tuple[dict[int, str], list[ColorClass]]:
    """Equal-interval classes of whole numbers ≥ ``floor`` with a round step, at most one per
    colour of ``palette``; 0 has a class of its own. Values between 0 and ``floor`` are left out."""
    colors: dict[int, str] = {}
    classes: list[ColorClass] = []
    if any(v == 0 for v in values.values()):
        classes.append(ColorClass("0", ZERO_COLOR))
        colors.update({g: ZERO_COLOR for g, v in values.items() if v == 0})
    counted = [v for v in values.values() if v >= floor]
    if not counted:
        return colors, classes
    low, high = min(counted), max(counted)
    for step in _nice_steps():
        start = (low // step) * step
        count = (high - start) // step + 1
        if count <= len(palette):
            break
    shades = list(palette[len(palette) - count :])
    for index in range(count):
        lo = max(start + index * step, low)
        hi = min(start + (index + 1) * step - 1, high)
        classes.append(ColorClass(f"{lo:,}" if lo == hi else f"{lo:,}–{hi:,}", shades[index]))
    colors.update({g: shades[(v - start) // step] for g, v in values.items() if v >= floor})
    return colors, classes


def _bps(value: float) -> int:
    return int(round(value * 10000))


def share_classes(
    values: dict[int, float | None], palette: Sequence[str]
) -> tuple[dict[int, str], list[ColorClass]]:
    """Equal-interval classes of a share (whole-percent steps), at most one per colour."""
    present = {g: _bps(v) for g, v in values.items() if v is not None}
    if not present:
        return {}, []
    low, high = min(present.values()), max(present.values())
    for step in (100, 200, 500, 1000, 2000, 2500, 5000, 10000, 20000):
        count = high // step - low // step + 1
        if count <= len(palette):
            break
    first = low // step
    shades = list(palette[len(palette) - count :])
    classes = [
        ColorClass(
            f"{(first + i) * step / 100:.0f}%–{(first + i + 1) * step / 100:.0f}%", shades[i]
        )
        for i in range(count)
    ]
    colors = {g: shades[v // step - first] for g, v in present.items()}
    return colors, classes


def coverage_classes(values: dict[int, float | None]) -> tuple[dict[int, str], list[ColorClass]]:
    """Fixed classes of 90-day coverage around the target (90 %)."""
    colors = {}
    classes = []
    for lo, hi, color in COVERAGE_CLASSES:
        label = f"≥ {lo / 100:.0f}%" if hi > 10000 else f"{lo / 100:.0f}%–{hi / 100:.0f}%"
        classes.append(ColorClass(label, color))
        colors.update({g: color for g, v in values.items() if v is not None and lo <= _bps(v) < hi})
    return colors, classes


def _sensitive(gm: GridMap, group: str) -> bool:
    """The group is sensitive (an empty flag counts as sensitive: it fails closed)."""
    return bool(
        gm.special_groups.filter(pl.col("code") == group)["sensitive"].fill_null(True).any()
    )


def colour(
    gm: GridMap, figure: str, group: str | None, labels: Labels, disclosure: Disclosure
) -> Coloured:
    """Colour every grid of the map by ``figure`` (for a special group: ``group``'s members —
    a sensitive group's shown counts, for a protected role "<5" and multiples of 5, so neither
    the tooltip nor the colour class tells more than the table)."""
    frame = gm.figures
    ids = frame["grid_id"].to_list()
    colors: dict[int, str] = {}
    classes: list[ColorClass] = []
    shown: dict[int, str] = {}
    missing_label = labels("grid_map.no_data")
    if figure in ("residents", "open_incidents"):
        values = dict(zip(ids, frame[figure].to_list(), strict=True))
        colors, classes = count_classes(values, SEQUENTIAL[figure])
        shown = {g: fmt_int(v) for g, v in values.items()}
    elif figure == "floating_share":
        values = dict(zip(ids, frame["floating_share"].to_list(), strict=True))
        colors, classes = share_classes(values, SEQUENTIAL["floating_share"])
        shown = {g: fmt_pct(v) for g, v in values.items()}
    elif figure == "coverage_90d":
        values = dict(zip(ids, frame["coverage_90d"].to_list(), strict=True))
        colors, classes = coverage_classes(values)
        shown = {g: fmt_pct(v) for g, v in values.items()}
    elif figure == "days_with_visits":
        missing_label = labels("grid_map.not_inhabited")
        for grid_id, inhabited, days, meets in frame.select(
            "grid_id", "inhabited", "days_with_visits", "meets_visit_days"
        ).iter_rows():
            if inhabited:
                colors[grid_id] = RULE_MET_COLOR if meets else RULE_MISSED_COLOR
                shown[grid_id] = labels("grid_map.days", n=days)
            else:
                shown[grid_id] = missing_label
        classes = [
            ColorClass(labels("grid_map.rule_met"), RULE_MET_COLOR),
            ColorClass(labels("grid_map.rule_missed"), RULE_MISSED_COLOR),
        ]
    elif figure == "special_group" and group is not None:
        sensitive = _sensitive(gm, group)
        members = group_members_by_grid(ids, gm.group_counts, group)
        exact = dict(zip(members["grid_id"].to_list(), members["members"].to_list(), strict=True))
        drawn = {g: drawn_count(v, sensitive, disclosure) for g, v in exact.items()}
        values = {g: v for g, v in drawn.items() if v is not None}
        colors, classes = count_classes(values, SEQUENTIAL["special_group"])
        shown = {g: shown_text(v, sensitive, disclosure) for g, v in exact.items()}
        small = {g for g, v in drawn.items() if v is None}
        if small:
            at = 1 if classes and classes[0].label == "0" else 0
            classes.insert(at, ColorClass(SUPPRESSED, SUPPRESSED_COLOR))
            colors.update({g: SUPPRESSED_COLOR for g in small})
    if any(g not in colors for g in ids):
        classes.append(ColorClass(missing_label, NO_DATA_COLOR))
    return Coloured(
        colors=colors, shown={g: shown.get(g, "—") for g in ids}, classes=tuple(classes)
    )


# --- the figure chooser -----------------------------------------------------


def _group_names(gm: GridMap, labels: Labels) -> dict[str, str]:
    return {
        row["code"]: labels.name(row["name_zh"], row["name_en"])
        + (labels("grid_map.sensitive_mark") if row["sensitive"] else "")
        for row in gm.special_groups.iter_rows(named=True)
    }


def choose_figure(gm: GridMap, labels: Labels) -> tuple[str, str | None]:
    """The figure to colour by and, for a special group, the group's code."""
    left, right, _ = st.columns([3, 3, 4])
    with left:
        figure = FIGURE.selectbox(
            labels,
            labels("grid_map.figure"),
            FIGURES,
            FIGURES[0],
            format_func=lambda f: labels(f"grid_map.figure.{f}"),
        )
    group = None
    names = _group_names(gm, labels) if figure == "special_group" else {}
    if names:
        codes = list(names)
        with right:
            group = GROUP.selectbox(
                labels, labels("grid_map.group"), codes, codes[0], format_func=names.get
            )
    else:
        GROUP.drop()
        if figure == "special_group":
            with right:
                st.info(labels("grid_map.no_groups"))
    return figure, group


def figure_title(gm: GridMap, figure: str, group: str | None, labels: Labels) -> str:
    if figure == "special_group" and group is not None:
        return _group_names(gm, labels).get(group, group)
    return labels(f"grid_map.figure.{figure}")


# --- the map ----------------------------------------------------------------


def _rgba(hex_color: str, alpha: int = FILL_ALPHA) -> list[int]:
    text = hex_color.lstrip("#")
    return [int(text[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def _not_an_expression(text: str) -> str:
    """Registry text in a deck's data: a leading ``@@`` (deck.gl's JSON converter reads such
    strings as expressions) gets a word joiner between its two ``@``."""
    return "@" + JOINER + text[1:] if text.startswith("@@") else text


def _tip_text(text: str) -> str:
    """Registry text for the tooltip, which is HTML: escaped, and never an expression."""
    return _not_an_expression(html(text))


def _tooltip_rows(gm: GridMap, labels: Labels) -> dict[int, dict[str, str]]:
    rows = {}
    for row in gm.figures.iter_rows(named=True):
        days = (  # for an HTML sink: plain labels, escaped below
            labels.plain("grid_map.days", n=row["days_with_visits"])
            + " · "
            + labels.plain(
                "grid_map.rule_met" if row["meets_visit_days"] else "grid_map.rule_missed"
            )
            if row["inhabited"]
            else labels.plain("grid_map.not_inhabited")
        )
        rows[row["grid_id"]] = {
            "code": row["code"],  # the selection's key
            "t_code": _tip_text(row["code"]),
            "t_name": _tip_text(row["name"]),
            "t_community": _tip_text(row["community_name"] or ""),
            "t_households": fmt_int(row["households"]),
            "t_residents": fmt_int(row["residents"]),
            "t_floating_share": fmt_pct(row["floating_share"]),
            "t_coverage": fmt_pct(row["coverage_90d"]),
            "t_days": html(days),
            "t_open": fmt_int(row["open_incidents"]),
        }
    return rows


#: the tooltip's lines: (label key, field, the figure whose line it is)
TOOLTIP_LINES = (
    ("grid_map.col.households", "t_households", None),
    ("grid_map.col.residents", "t_residents", "residents"),
    ("grid_map.col.floating_share", "t_floating_share", "floating_share"),
    ("grid_map.col.coverage_90d", "t_coverage", "coverage_90d"),
    ("grid_map.col.days_with_visits", "t_days", "days_with_visits"),
    ("grid_map.col.open_incidents", "t_open", "open_incidents"),
)


def _tooltip(labels: Labels, figure: str, value_title: str) -> dict[str, Any]:
    """The tooltip: the grid, then its figures; the chosen figure in bold."""
    lines = ["<b>{t_name}</b>（{t_code}）· {t_community}"]
    if figure == "special_group":
        lines.append(f"<b>{html(value_title)}：{{t_value}}</b>")
    for key, field, owner in TOOLTIP_LINES:
        line = f"{html(labels.plain(key))}：{{{field}}}"
        lines.append(f"<b>{line}</b>" if owner == figure else line)
    return {
        "html": "<br/>".join(lines),
        "style": {"backgroundColor": "#1f2933", "color": "#ffffff", "fontSize": "12px"},
    }


def deck_rows(
    gm: GridMap, coloured: Coloured, labels: Labels, selected: Sequence[str]
) -> list[dict[str, Any]]:
    """One row per drawable polygon (a MultiPolygon gives several rows with the same grid)."""
    tips = _tooltip_rows(gm, labels)
    chosen = set(selected)
    rows = []
    for grid_id in gm.figures["grid_id"].to_list():
        boundary = gm.boundaries.get(grid_id)
        if boundary is None or not boundary.drawable:
            continue
        tip = tips[grid_id]
        on = tip["code"] in chosen
        for polygon in boundary.polygons:
            rows.append(
                {
                    **tip,
                    # our figures only, but HTML all the same: "<5" is escaped like any text
                    "t_value": html(coloured.shown[grid_id]),
                    "polygon": [[list(p) for p in ring] for ring in polygon],
                    "fill": _rgba(coloured.colors.get(grid_id, NO_DATA_COLOR)),
                    "line": SELECTED_LINE_COLOR if on else LINE_COLOR,
                    "line_width": 4 if on else 1,
                }
            )
    return rows


def label_rows(gm: GridMap) -> list[dict[str, Any]]:
    """The grid code at the largest polygon of each drawable grid (with the grid's community)."""
    rows = []
    for grid_id, code, community in gm.figures.select(
        "grid_id", "code", "community_name"
    ).iter_rows():
        boundary = gm.boundaries.get(grid_id)
        if boundary is not None and boundary.drawable:
            largest = max(boundary.polygons, key=lambda p: len(p[0]))
            rows.append(
                {
                    "code": _not_an_expression(code),
                    "community": community,
                    "position": list(label_point(largest)),
                }
            )
    return rows


def community_label_rows(grid_labels: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each community's name at the middle of its drawn grids' labels (the mean of their label
    points, ``label_rows``), so a map of several communities says which is which."""
    points: dict[str, list[list[float]]] = {}
    for row in grid_labels:
        if row["community"] is not None:
            points.setdefault(row["community"], []).append(row["position"])
    return [
        {
            "name": _not_an_expression(name),
            "position": [sum(p[0] for p in at) / len(at), sum(p[1] for p in at) / len(at)],
        }
        for name, at in sorted(points.items())
    ]


def _text_layer(layer_id: str, rows: list[dict[str, Any]], field: str, **style: Any) -> pdk.Layer:
    """Text drawn as glyphs on the canvas (never HTML), sized in pixels, not pickable."""
    return pdk.Layer(
        "TextLayer",
        id=layer_id,
        data=rows,
        get_position="position",
        get_text=field,
        size_units="'pixels'",
        pickable=False,
        **style,
    )


def build_deck(
    gm: GridMap, rows: list[dict[str, Any]], labels: Labels, figure: str, value_title: str
) -> pdk.Deck:
    """The pydeck map: no base map unless one is configured (see ``ui.grid_map_data``)."""
    box = bounds([b for b in gm.boundaries.values() if b.drawable])
    view = (
        fit_view(box, MAP_WIDTH_GUESS, MAP_HEIGHT)
        if box
        else {"longitude": 117.16, "latitude": 31.71, "zoom": 12}
    )
    layer = pdk.Layer(
        "PolygonLayer",
        id=LAYER_ID,
        data=rows,
        get_polygon="polygon",
        get_fill_color="fill",
        get_line_color="line",
        get_line_width="line_width",
        line_width_units="'pixels'",  # quoted: pydeck turns a bare string into an expression
        stroked=True,
        filled=True,
        pickable=True,
        auto_highlight=True,
        highlight_color=[255, 255, 255, 90],
    )
    grid_labels = label_rows(gm)
    labels_layer = _text_layer(
        LABEL_LAYER_ID, grid_labels, "code", get_size=11, get_color=[31, 41, 51, 230]
    )
    # "auto" builds the glyph atlas from the names' own characters, Chinese included
    communities_layer = _text_layer(
        COMMUNITY_LAYER_ID,
        community_label_rows(grid_labels),
        "name",
        get_size=16,
        get_color=[120, 40, 31, 240],
        character_set="'auto'",
        font_weight="'bold'",
        outline_width=3,
        outline_color=[255, 255, 255, 220],
        font_settings={"sdf": True},
    )
    style = map_style_url()
    base = {"map_provider": "carto", "map_style": style} if style else {"map_provider": None}
    return pdk.Deck(
        layers=[layer, labels_layer, communities_layer],
        initial_view_state=pdk.ViewState(**view, pitch=0, bearing=0),
        tooltip=_tooltip(labels, figure, value_title),
        **base,
    )


def selected_codes(state: Any) -> list[str]:
    """Grid codes in a pydeck selection state: ``{"selection": {"objects": {layer: [row]}}}``."""
    try:
        objects = state["selection"]["objects"].get(LAYER_ID, [])
    except (KeyError, TypeError, AttributeError):
        return []
    return list(dict.fromkeys(o["code"] for o in objects if isinstance(o, dict) and o.get("code")))


def on_map_select() -> None:
    """Selection callback: a clicked grid becomes the grid filter; un-clicking it clears it."""
    codes = selected_codes(st.session_state.get(MAP_KEY))
    if codes:
        set_grid_filter(codes[:1])
        st.session_state[CLICKED_KEY] = codes[0]
        return
    clicked = st.session_state.pop(CLICKED_KEY, None)
    if clicked is not None and st.session_state.get("f_grid") == [clicked]:
        set_grid_filter([])


def legend_html(title: str, classes: Sequence[ColorClass]) -> str:
    swatches = "".join(
        '<span style="display:inline-flex;align-items:center;gap:4px;margin-right:12px">'
        f'<span style="display:inline-block;width:16px;height:12px;background:{c.color};'
        'border:1px solid #7f8c8d"></span>'
        f"{html(c.label)}</span>"
        for c in classes
    )
    return (
        '<div style="display:flex;flex-wrap:wrap;align-items:center;font-size:0.85rem;gap:2px">'
        f'<span style="margin-right:10px"><b>{html(title)}</b></span>{swatches}</div>'
    )


def draw_map(
    gm: GridMap,
    figure: str,
    group: str | None,
    labels: Labels,
    selected: Sequence[str],
    disclosure: Disclosure,
) -> None:
    """The map, its legend and how to use it."""
    title = figure_title(gm, figure, group, labels)
    coloured = colour(gm, figure, group, labels, disclosure)
    rows = deck_rows(gm, coloured, labels, selected)
    if not rows:
        st.info(labels("grid_map.none_drawable"))
        return
    st.pydeck_chart(
        build_deck(gm, rows, labels, figure, title),
        on_select=on_map_select,
        selection_mode="single-object",
        key=MAP_KEY,
        height=MAP_HEIGHT,
        width="stretch",
        alt=labels.plain("grid_map.alt", figure=title),
    )
    st.markdown(
        legend_html(labels.plain("grid_map.legend", figure=title), coloured.classes),
        unsafe_allow_html=True,
    )
    hint = labels("grid_map.click_hint")
    if selected:
        hint += " " + labels("grid_map.highlighted", grids="、".join(selected))
    base = (
        labels("grid_map.base_map.none")
        if map_style_url() is None
        else labels("grid_map.base_map.configured")
    )
    st.caption(hint + " " + base)


# --- lists ------------------------------------------------------------------


def _problem_text(problem: str | None, detail: str, labels: Labels) -> str:
    if problem in (UNSUPPORTED, BAD_COORDINATES):
        return labels(f"grid_map.problem.{problem}", detail=detail)
    return labels(f"grid_map.problem.{problem}")


def undrawable(gm: GridMap, labels: Labels, about: About) -> None:
    """Grids whose boundary is missing or cannot be drawn, with the reason."""
    rows = pl.DataFrame(
        [
            {
                "code": row["code"],
                "name": row["name"],
                "community_name": row["community_name"],
                "problem": _problem_text(
                    gm.boundaries[row["grid_id"]].problem,
                    gm.boundaries[row["grid_id"]].detail,
                    labels,
                ),
            }
            for row in gm.figures.iter_rows(named=True)
            if row["grid_id"] in gm.boundaries and not gm.boundaries[row["grid_id"]].drawable
        ],
        schema={
            "code": pl.String,
            "name": pl.String,
            "community_name": pl.String,
            "problem": pl.String,
        },
    )
    st.subheader(labels("grid_map.undrawable", n=rows.height))
    if rows.is_empty():
        st.success(labels("grid_map.undrawable.none"))
        return
    window = page_window(labels, UNDRAWABLE_PAGE_KEY, rows.height)
    table = Table(
        [
            Column("code", labels("col.grid")),
            Column("name", labels("col.grid_name")),
            Column("community_name", labels("col.community")),
            Column("problem", labels("grid_map.col.problem")),
        ]
    )
    tables.show(
        table,
        rows.slice(window.offset, window.limit),
        about=about,
        what=labels.plain("grid_map.export.undrawable"),
        key="grid_map_undrawable",
        export=lambda: rows,
    )


#: the special-group column of the figures table (its header is the group's name)
GROUP_COLUMN = "group_members"


def _rows(
    gm: GridMap, figure: str, group: str | None, selected: Sequence[str], disclosure: Disclosure
) -> tuple[pl.DataFrame, bool | None]:
    """The per-grid figures (only the selected grids' with a grid filter), with the chosen
    special group's members per grid; the group's sensitivity (``None``: no group column)."""
    frame = gm.figures
    if selected:
        frame = frame.filter(pl.col("code").is_in(list(selected)))
    if figure != "special_group" or group is None:
        return frame, None
    sensitive = _sensitive(gm, group)
    members = group_members_by_grid(frame["grid_id"].to_list(), gm.group_counts, group)["members"]
    if sensitive:
        shown = [shown_text(v, True, disclosure) for v in members]
        column = pl.Series(GROUP_COLUMN, shown, pl.String)
    else:
        column = pl.Series(GROUP_COLUMN, members.to_list(), dtype=pl.Int64)
    return frame.with_columns(column), sensitive


def figures_columns(labels: Labels, group_title: str | None, sensitive: bool | None) -> Table:
    columns = [
        Column("code", labels("col.grid")),
        Column("name", labels("col.grid_name")),
        Column("community_name", labels("col.community")),
        Column(
            "households",
            labels("grid_map.col.households"),
            "int",
            help=help_text(labels, "household"),
        ),
        Column(
            "residents",
            labels("grid_map.col.residents"),
            "int",
            help=help_text(labels, "residents"),
        ),
        Column(
            "floating_share",
            labels("grid_map.col.floating_share"),
            "ratio",
            help=help_text(labels, "floating", "ratios"),
        ),
        Column(
            "coverage_90d",
            labels("grid_map.col.coverage_90d"),
            "ratio",
            help=help_text(labels, "coverage_90d"),
        ),
        Column(
            "days_with_visits",
            labels("grid_map.col.days_with_visits"),
            "int",
            help=help_text(labels, "rule_3_day", "last_week"),
        ),
        Column(
            "meets_visit_days",
            labels("grid_map.col.meets_visit_days"),
            help=help_text(labels, "rule_3_day"),
            expr=yes_no("meets_visit_days", labels),
        ),
        Column(
            "open_incidents",
            labels("grid_map.col.open_incidents"),
            "int",
            help=help_text(labels, "open_incidents"),
        ),
    ]
    if group_title is not None:
        columns.append(Column(GROUP_COLUMN, group_title, "text" if sensitive else "int"))
    return Table(columns)


def figures_table(
    gm: GridMap,
    figure: str,
    group: str | None,
    labels: Labels,
    selected: Sequence[str],
    about: About,
    disclosure: Disclosure,
) -> None:
    """Every grid's figures (only the selected grids' with a grid filter), and downloads."""
    st.subheader(labels("grid_map.table.selected") if selected else labels("grid_map.table"))
    rows, sensitive = _rows(gm, figure, group, selected, disclosure)
    title = figure_title(gm, figure, group, labels) if sensitive is not None else None
    tables.show(
        figures_columns(labels, title, sensitive),
        rows,
        about=about.with_filters(
            (labels.plain("grid_map.export.figure"), figure_title(gm, figure, group, labels))
        ),
        what=labels.plain("grid_map.export_name"),
        key="grid_map_table",
        on_row=drill.to_grid(rows["code"].to_list()),
    )
    st.caption(labels("drill.grid_hint"))


def summary(gm: GridMap, labels: Labels) -> None:
    st.caption(
        labels(
            "grid_map.caption",
            grids=f"{gm.figures.height:,}",
            drawn=f"{len(gm.drawable):,}",
            day=gm.as_of.isoformat(),
        )
    )
