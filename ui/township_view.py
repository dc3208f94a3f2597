"""The township review's sections (镇级对比): ranked table coloured against the targets,
drill-through to a community's grids (grid map) or pages, and small multiples of the weekly trend.

The page keeps its own scope (``ui.township_data.township_key``): every community of the
township(s) in view, whatever the shared community, area and grid filters say; they stay in the
link for the other pages. So opening one community from here never turns this page into a
one-community page — not on Back, not through the menu link.
"""

from __future__ import annotations

import math
from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from metrics import catalogue as fc
from metrics.township import BELOW, MET, RANKINGS, TARGETS, TREND_WEEKS, ranked
from models.township import TownshipReview
from ui import charts, drill
from ui.export import About, download_buttons
from ui.glossary import help_text
from ui.i18n import Labels, fmt_pct
from ui.table import Column, Table, arrow, row_clicks
from ui.url_state import UrlControl

RANK_KEY = "township_rank_by"
DRILL_KEY = "township_drill"
OPEN_KEY = "township_open"
WEEKS_KEY = "township_weeks"
#: the page's controls in the link: ?rank=open_incidents&weeks=26
RANK = UrlControl("rank", RANK_KEY, "link.kind.ranking")
WEEKS = UrlControl("weeks", WEEKS_KEY, "link.kind.weeks", parse=int)
CONTROLS = (RANK, WEEKS)
#: where a community opens: (button key suffix, page, label key); a table row opens the first
OPENS = (
    ("grid_map", drill.GRID_MAP_PAGE, "township.open.grid_map"),
    ("visits", "pages/visits.py", "township.open.visits"),
    ("overview", drill.OVERVIEW_PAGE, "township.open"),
)

MET_STYLE = "background-color: #d5f5e3; color: #145a32"
BELOW_STYLE = "background-color: #fadbd8; color: #78281f"
#: columns after rank and community, in display order: (figure, kind); kind decides the format
COLUMNS = (
    ("targets_met", "count"),
    ("households", "count"),
    ("residents", "count"),
    ("resident", "count"),
    ("floating", "count"),
    ("nominal", "count"),
    ("floating_share", "ratio"),
    ("coverage_90d", "ratio"),
    ("three_day_compliance", "ratio"),
    ("daily_rate_compliance", "ratio"),
    ("open_incidents", "count"),
    ("resolved_within_72h", "ratio"),
    ("pledge_share", "ratio"),
    ("mean_assessment", "score"),
)
MAX_COLUMNS = 5
#: the declared figure (``metrics.catalogue``) behind each review column with header help
FIGURES = {
    "households": fc.HOUSEHOLDS,
    "residents": fc.RESIDENTS_TOTAL,
    **fc.RESIDENCY,
    **fc.TOWNSHIP,
    "open_incidents": fc.INCIDENTS_OPEN,
    "mean_assessment": fc.ASSESSMENT_MEAN,
}


def summary(review: TownshipReview, labels: Labels, filtered: bool) -> None:
    """The caption; ``filtered``: the shared filters name communities, areas or grids, which
    this page does not narrow to (say so)."""
    text = labels(
        "township.caption",
        township="、".join(review.townships),
        communities=review.table.height,
        day=review.as_of.isoformat(),
    )
    if filtered:
        text += " · " + labels("township.own_scope")
    st.caption(text)
    if review.scores_left_out:
        st.caption(labels("workers.scores_left_out", count=f"{review.scores_left_out:,}"))


def targets_text(labels: Labels) -> str:
    target = {key: fmt_pct(figure.target, 0) for key, figure in fc.TOWNSHIP.items()}
    return labels(
        "township.targets",
        coverage=target["coverage_90d"],
        three_day=target["three_day_compliance"],
        daily_share=target["daily_rate_compliance"],
        resolved=target["resolved_within_72h"],
        pledge=target["pledge_share"],
    )


def choose_ranking(labels: Labels) -> str:
    left, _ = st.columns([3, 7])
    choices = list(RANKINGS)
    with left:
        return RANK.selectbox(
            labels,
            labels("township.rank_by"),
            choices,
            choices[0],
            format_func=lambda k: labels(f"township.col.{k}"),
        )


def _header(labels: Labels, figure: str) -> str:
    return labels(f"township.col.{figure}")


#: a review column's kind → its Column format
KIND_FORMATS = {"count": "int", "ratio": "ratio", "score": "score"}


def review_columns(labels: Labels) -> Table:
    """The ranked review's columns (the download's; the screen shows them styled)."""
    return Table(
        [
            Column("rank", labels("township.col.rank"), "int"),
            Column("community_code", labels("township.col.community_code")),
            Column("community_name", labels("col.community")),
            *[
                Column(figure, _header(labels, figure), KIND_FORMATS[kind])
                for figure, kind in COLUMNS
            ],
            Column("assessment_period", labels("township.col.assessment_period")),
        ]
    )


def export_frame(table: pl.DataFrame, labels: Labels) -> pl.DataFrame:
    """The ranked review with headers in the chosen language (ratios as 0–1)."""
    return review_columns(labels).frame(table)


def _styled(table: pl.DataFrame, labels: Labels) -> Any:
    """A pandas Styler of the ranked review: formats, and each target cell coloured met/below."""
    frame = export_frame(table, labels).drop(labels("township.col.community_code"))
    data = arrow(frame).to_pandas()  # not polars' to_pandas: ui.table.arrow says why
    status = {_header(labels, figure): table[f"{figure}_status"].to_list() for figure in TARGETS}

    def colours(df: Any) -> Any:
        css = df.copy().astype(object)
        css.loc[:, :] = ""
        for column, values in status.items():
            css[column] = [
                MET_STYLE if v == MET else BELOW_STYLE if v == BELOW else "" for v in values
            ]
        return css

    formats: dict[str, Any] = {labels("township.col.rank"): "{:,.0f}"}
    for figure, kind in COLUMNS:
        column = _header(labels, figure)
        formats[column] = {"count": "{:,.0f}", "ratio": "{:.1%}", "score": "{:.2f}"}[kind]
    return data.style.apply(colours, axis=None).format(formats, na_rep="—")


def review_table(review: TownshipReview, labels: Labels, by: str, about: About) -> pl.DataFrame:
    """The ranked table, coloured against the targets, with downloads; returns the ranked frame."""
    table = ranked(review.table, by)
    widget, clicks = row_clicks(
        "township_table", drill.to_community(table["community_code"].to_list(), OPENS[0][1])
    )
    st.dataframe(
        _styled(table, labels),
        hide_index=True,
        width="stretch",
        column_config={
            _header(labels, column): st.column_config.Column(help=help_text(labels, figure.term))
            for column, figure in FIGURES.items()
        },
        key=widget,
        **clicks,
    )
    st.caption(labels("township.drill_hint") + " " + targets_text(labels))
    what = labels.plain("township.export_name")
    download_buttons(
        about.with_filters(
            (labels.plain("township.rank_by"), labels.plain(f"township.col.{by}"))
        ).with_notes(targets_text(labels)),
        what=what,
        key="township",
        sheets=lambda: [review_columns(labels).sheet(labels.plain("township.title"), table)],
    )
    return table


def drill_down(table: pl.DataFrame, labels: Labels) -> None:
    """Choose a community and open its grid map, its visits or its weekly overview."""
    names = dict(
        zip(table["community_code"].to_list(), table["community_name"].to_list(), strict=True)
    )
    if not names:
        return
    left, *buttons, _ = st.columns([3, 2, 2, 2, 1], vertical_alignment="bottom")
    with left:
        st.selectbox(
            labels("township.drill"),
            list(names),
            format_func=lambda c: f"{names[c]}（{c}）",
            key=DRILL_KEY,
        )
    for column, (suffix, page, label) in zip(buttons, OPENS, strict=True):
        key = OPEN_KEY if suffix == "overview" else f"{OPEN_KEY}_{suffix}"
        column.button(
            labels(label),
            key=key,
            icon=":material/open_in_new:",
            on_click=_open_chosen,
            args=(page,),
        )


def _open_chosen(page: str) -> None:
    """Open ``page`` for the community chosen in the picker as it stands at the click."""
    drill.open_community(page, st.session_state[DRILL_KEY])


def choose_weeks(labels: Labels) -> int:
    left, _ = st.columns([3, 7])
    with left:
        return WEEKS.selectbox(
            labels,
            labels("township.weeks"),
            TREND_WEEKS,
            TREND_WEEKS[0],
            format_func=lambda n: labels("township.weeks.n", n=n),
        )


def _coverage_floor(values: pl.Series) -> float:
    """The coverage axis starts a little below the lowest value or the target, in 10 % steps."""
    lowest = min([v for v in values.to_list() if v is not None] + [TARGETS["coverage_90d"]])
    return max(0.0, math.floor((lowest - 0.05) * 10) / 10)


#: the subplot titles' font (what ``make_subplots`` gives them)
SUBPLOT_TITLE_FONT = {"size": 16}
TARGET_LINE = {"dash": "dash", "color": "#7f8c8d", "width": 1}


def _subplot_grid(
    titles: list[str], cols: int, horizontal: float, vertical: float
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The layout of plotly's ``make_subplots(rows, cols, subplot_titles=titles,
    shared_yaxes=True, horizontal_spacing=…, vertical_spacing=…)`` (rows enough for the titles)
    and each subplot's (x, y) axis references, in the titles' order (top-left first, by row).

    Written out as plain values because ``make_subplots`` validates every axis as it adds it
    (0.1 s for 62 subplots, twice a run); the figure is validated once when built. The same
    arithmetic as plotly's, so the same floats (a test compares it with ``make_subplots``)."""
    rows = math.ceil(len(titles) / cols)
    width = (1.0 - horizontal * (cols - 1)) / cols
    height = (1.0 - vertical * (rows - 1)) / rows
    x_starts = [sum([width] * c) + c * horizontal for c in range(cols)]
    y_starts = [sum([height] * r) + r * vertical for r in range(rows)]  # bottom row first
    layout: dict[str, Any] = {}
    refs: list[tuple[str, str]] = []
    annotations: list[dict[str, Any]] = []
    for r in range(rows):
        y_s = y_starts[rows - 1 - r]
        y_domain = [min(max(y_s, 0.0), 1.0), min(max(y_s + height, 0.0), 1.0)]
        for c in range(cols):
            x_domain = [x_starts[c], x_starts[c] + width]
            n = r * cols + c + 1
            suffix = str(n) if n > 1 else ""
            x_ref, y_ref = f"x{suffix}", f"y{suffix}"
            layout[f"xaxis{suffix}"] = {
                "domain": [max(0.0, x_domain[0]), min(1.0, x_domain[1])],
                "anchor": y_ref,
            }
            y_axis: dict[str, Any] = {
                "domain": [max(0.0, y_domain[0]), min(1.0, y_domain[1])],
                "anchor": x_ref,
            }
            if c > 0:  # shared y axes: each row's axes match its first, without tick labels
                y_axis |= {
                    "matches": "y" if r == 0 else f"y{r * cols + 1}",
                    "showticklabels": False,
                }
            layout[f"yaxis{suffix}"] = y_axis
            refs.append((x_ref, y_ref))
            if n <= len(titles) and titles[n - 1]:
                annotations.append(
                    {
                        "y": y_domain[1],
                        "xref": "paper",
                        "x": sum(x_domain) / 2.0,
                        "yref": "paper",
                        "text": titles[n - 1],
                        "showarrow": False,
                        "font": SUBPLOT_TITLE_FONT,
                        "xanchor": "center",
                        "yanchor": "bottom",
                    }
                )
    layout["annotations"] = annotations
    return layout, refs[: len(titles)]


def _target_line(x_ref: str, y_ref: str, y: float) -> dict[str, Any]:
    """The dashed target line across a subplot: the shape ``fig.add_hline`` draws there."""
    return {
        "type": "line",
        "line": TARGET_LINE,
        "x0": 0,
        "x1": 1,
        "xref": f"{x_ref} domain",
        "y0": y,
        "y1": y,
        "yref": y_ref,
    }


def _small_multiples(
    trend: pl.DataFrame, labels: Labels, column: str, title: str, kind: str
) -> go.Figure:
    """One subplot per community (``MAX_COLUMNS`` a row, y axes shared by row): coverage as
    lines with the target dashed, or open incidents as bars.

    Built as one figure spec, validated once: through ``make_subplots``, ``add_trace`` and
    ``add_hline`` plotly re-validated the figure's traces and shapes on every call, which took
    seconds for 62 communities."""
    communities = trend.select("community_code", "community_name").unique(maintain_order=True)
    count = communities.height
    cols = min(count, MAX_COLUMNS)
    rows = math.ceil(count / cols)
    grid, refs = _subplot_grid(
        communities["community_name"].to_list(),
        cols,
        horizontal=0.03,
        # plotly refuses a spacing above 1 / (rows - 1): 0.18 up to six rows, less beyond
        vertical=min(0.18, 0.9 / (rows - 1)) if rows > 1 else 0.1,
    )
    axis_label = labels(f"township.trend.{kind}")
    parts = trend.sort("day").partition_by("community_code", as_dict=True)
    traces: list[dict[str, Any]] = []
    shapes: list[dict[str, Any]] = []
    for (code, name), (x_ref, y_ref) in zip(communities.iter_rows(), refs, strict=True):
        part = parts[(code,)]
        place = {"x": part["day"].to_list(), "y": part[column].to_list(), "name": name}
        place |= {"xaxis": x_ref, "yaxis": y_ref}
        if kind == "coverage":
            traces.append(
                {
                    "type": "scatter",
                    **place,
                    "mode": "lines+markers",
                    "line": {"color": charts.PALETTE[1], "width": 2},
                    "marker": {"size": 4},
                    "hovertemplate": f"%{{x|%Y-%m-%d}}<br>{axis_label}：%{{y:.1%}}<extra>{name}</extra>",
                }
            )
            shapes.append(_target_line(x_ref, y_ref, TARGETS["coverage_90d"]))
        else:
            traces.append(
                {
                    "type": "bar",
                    **place,
                    "marker": {"color": charts.PALETTE[0]},
                    "hovertemplate": f"%{{x|%Y-%m-%d}}<br>{axis_label}：%{{y:,}}<extra>{name}</extra>",
                }
            )
    if kind == "coverage":
        y_axes = {"tickformat": ".0%", "range": [_coverage_floor(trend[column]), 1.02]}
    else:
        y_axes = {"tickformat": ",d", "rangemode": "tozero"}
    for n in range(1, rows * cols + 1):
        suffix = str(n) if n > 1 else ""
        grid[f"xaxis{suffix}"] |= {"tickformat": "%m-%d", "nticks": 4}
        grid[f"yaxis{suffix}"] |= y_axes
        if (n - 1) % cols == 0:  # the first column's axes carry the title
            grid[f"yaxis{suffix}"]["title"] = {"text": axis_label}
    if shapes:
        grid["shapes"] = shapes
    fig = go.Figure(
        {
            "data": traces,
            "layout": grid | {"title": {"text": title, "font": {"size": 15}}, "showlegend": False},
        }
    )
    charts.layout(fig, 230 * rows + 90)
    fig.update_layout(
        margin={"l": 10, "r": 10, "t": 70, "b": 10}, title={"y": 0.98, "yanchor": "top"}
    )
    return fig


def trends(trend: pl.DataFrame, labels: Labels, weeks: int) -> None:
    """Small multiples of 90-day coverage (target dashed) and open incidents per community."""
    if trend.is_empty() or (trend["coverage_90d"].is_null().all() and trend["open"].sum() == 0):
        st.info(labels("township.trend.empty"))
        return
    first, last = trend["day"].min(), trend["day"].max()
    st.caption(labels("township.trend.caption", weeks=weeks, first=str(first), last=str(last)))
    charts.plotly_chart(
        st,
        _small_multiples(
            trend, labels, "coverage_90d", labels("township.trend.coverage_title"), "coverage"
        ),
        width="stretch",
        key="township_trend_coverage",
    )
    charts.plotly_chart(
        st,
        _small_multiples(trend, labels, "open", labels("township.trend.open_title"), "open"),
        width="stretch",
        key="township_trend_open",
    )
