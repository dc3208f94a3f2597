"""Plotly figures: labelled in the chosen language, numbers formatted for reading."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

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
