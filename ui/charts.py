"""Plotly figures: labelled in the chosen language, numbers formatted for reading."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import plotly.graph_objects as go
from streamlit.delta_generator import DeltaGenerator

from ui.i18n import Labels

PALETTE = ("#c0392b", "#2e86de", "#27ae60", "#f39c12", "#8e44ad", "#16a085", "#7f8c8d", "#d35400")
FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"


def layout(fig: go.Figure, height: int = 320) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        font={"family": FONT, "size": 13},
        separators=".,",
        legend={"orientation": "h", "y": -0.1},
    )
    return fig


def donut(values: Mapping[str, int], labels: Labels, title: str) -> go.Figure:
    """A donut of counts keyed by display label."""
    fig = go.Figure(
        go.Pie(
            labels=list(values),
            values=list(values.values()),
            hole=0.55,
            sort=False,
            marker={"colors": PALETTE[: len(values)]},
            texttemplate="%{label}<br>%{value:,}",
            hovertemplate="%{label}: %{value:,} (%{percent})<extra></extra>",
        )
    )
    fig.update_layout(title={"text": title, "font": {"size": 15}}, showlegend=False)
    return layout(fig)


def hbar(
    values: Mapping[str, int], labels: Labels, title: str, axis_title: str, height: int = 320
) -> go.Figure:
    """Horizontal bars of counts keyed by display label, largest on top."""
    items = sorted(values.items(), key=lambda kv: kv[1])
    fig = go.Figure(
        go.Bar(
            x=[v for _, v in items],
            y=[k for k, _ in items],
            orientation="h",
            marker={"color": PALETTE[1]},
            text=[f"{v:,}" for _, v in items],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,}<extra></extra>",
        )
    )
    fig.update_layout(title={"text": title, "font": {"size": 15}})
    fig.update_xaxes(title_text=axis_title, tickformat=",d", rangemode="tozero")
    fig = layout(fig, height)
    fig.update_layout(margin={"r": 60})  # room for the value printed after the longest bar
    return fig


# The markup our own figures use (line breaks, bold, hover's <extra>, the calendar's red marks,
# a non-breaking space); plotly would draw any other tag it knows — <a href> as a link — so
# everything else is escaped and shows as the characters it is.
_OURS = re.compile(
    r"(<br\s*/?>|</?b>|</?extra>|<span style=\"color:#[0-9a-fA-F]{6}\">|</span>|&nbsp;)"
)


def plain_text(fig: go.Figure) -> go.Figure:
    """The figure with every string shown as text: names from the registry (grid, community,
    group and criterion names on axes, legends, hover labels and titles) cannot become links or
    tags. ``&`` and ``<`` become entities, which plotly shows as the characters; our own
    ``<br>``, ``<b>``, ``<extra>`` and red marks are kept. A figure with nothing to escape is
    returned as it is (rebuilding a figure costs more than reading it)."""
    changed: list[bool] = []
    spec = _plain(fig.to_dict(), changed)
    return go.Figure(spec) if changed else fig


def _plain_str(text: str) -> str:
    if "<" not in text and "&" not in text:
        return text
    parts = _OURS.split(text)  # odd positions hold our markup
    return "".join(p if i % 2 else html.escape(p, quote=False) for i, p in enumerate(parts))


def _plain(value: Any, changed: list[bool]) -> Any:
    if isinstance(value, str):
        shown = _plain_str(value)
        if shown != value:
            changed.append(True)
        return shown
    if isinstance(value, dict):
        return {k: _plain(v, changed) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, changed) for v in value]
    if isinstance(value, np.ndarray) and value.dtype.kind in "OUS":
        return [_plain(v, changed) for v in value.tolist()]
    return value


def plotly_chart(where: DeltaGenerator, fig: go.Figure, **kwargs: Any) -> Any:
    """``where.plotly_chart`` of the figure with its strings as text (``plain_text``); every
    chart of the dashboard is drawn through here."""
    return where.plotly_chart(plain_text(fig), **kwargs)


def shade_weeks(fig: go.Figure, mondays: list, label: str, color: str = "#f6c667") -> go.Figure:
    """Shade whole weeks (registration weeks) behind a weekly chart whose x values are the weeks'
    Mondays (bars centred on them), with one legend entry naming what the shading means."""
    if not mondays:
        return fig
    half_week = 3.5 * 86_400_000
    for monday in mondays:
        centre = np.datetime64(monday, "ms").astype("int64")
        fig.add_vrect(
            x0=int(centre - half_week),
            x1=int(centre + half_week),
            fillcolor=color,
            opacity=0.25,
            line_width=0,
            layer="below",
        )
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            marker={"size": 12, "color": color, "symbol": "square", "opacity": 0.5},
            name=label,
            hoverinfo="skip",
        )
    )
    return fig
