"""Plotly figures: labelled in the chosen language, numbers formatted for reading."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots
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


def _bars(values: Mapping[str, int]) -> go.Bar:
    """Horizontal bars of counts keyed by display label, largest on top."""
    items = sorted(values.items(), key=lambda kv: kv[1])
    return go.Bar(
        x=[v for _, v in items],
        y=[k for k, _ in items],
        orientation="h",
        marker={"color": PALETTE[1]},
        text=[f"{v:,}" for _, v in items],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{x:,}<extra></extra>",
    )


def hbar(
    values: Mapping[str, int], labels: Labels, title: str, axis_title: str, height: int = 320
) -> go.Figure:
    """Horizontal bars of counts keyed by display label, largest on top."""
    fig = go.Figure(_bars(values))
    fig.update_layout(title={"text": title, "font": {"size": 15}})
    fig.update_xaxes(title_text=axis_title, tickformat=",d", rangemode="tozero")
    fig = layout(fig, height)
    fig.update_layout(margin={"r": 60})  # room for the value printed after the longest bar
    return fig


def hbar_panels(
    panels: Sequence[tuple[Mapping[str, int], str]], title: str, height: int = 320
) -> go.Figure:
    """Bars of counts in different units (people, households), one panel per unit, each with
    its own axis and axis title, so two units never share a scale. Panels with no bar are left
    out; a panel's height follows its number of bars."""
    shown = [(values, unit) for values, unit in panels if values]
    fig = make_subplots(
        rows=max(1, len(shown)),
        cols=1,
        row_heights=[len(values) for values, _ in shown] or None,
        vertical_spacing=0.16 if len(shown) > 1 else 0.1,
    )
    for row, (values, unit) in enumerate(shown, start=1):
        fig.add_trace(_bars(values), row=row, col=1)
        fig.update_xaxes(
            title_text=unit,
            tickformat=",d",
            rangemode="tozero",
            title_standoff=4,
            nticks=4,
            tickangle=0,
            row=row,
            col=1,
        )
    fig.update_layout(title={"text": title, "font": {"size": 15}}, showlegend=False)
    fig = layout(fig, height)
    fig.update_layout(margin={"r": 60})
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
    breaks = text.count("<br>")  # a hover text's only markup, most often: nothing to escape
    if breaks and "&" not in text and text.count("<") == breaks == text.count(">"):
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


#: a figure as a plain dict (``spec``): what a cached chart keeps
Spec = dict[str, Any]


def spec(fig: go.Figure | None) -> Spec | None:
    """The figure as a dict, every string as text (as ``plain_text``): what a loader caches for
    a big figure (a dict pickles and loads in milliseconds; a ``go.Figure`` would be validated
    again on every load). Drawn by ``plotly_spec``."""
    return None if fig is None else _plain(fig.to_dict(), [])


def spec_with_arrays(fig: go.Figure, **arrays: Any) -> Spec:
    """``spec(fig)`` with its first trace's big arrays (``arrays``: property → values) set on the
    spec, not on the figure: plotly validates and copies every cell of a 2-D array (a heatmap of
    834 grids × 31 days, its texts and hover texts: ~0.5 s), while these hold only numbers,
    ``None`` and texts, made plain here as ``spec`` makes every string. Validating such a spec
    again changes nothing (``tests/test_charts.py``)."""
    out = spec(fig)
    assert out is not None
    out["data"][0].update({name: _plain(values, []) for name, values in arrays.items()})
    return out


class _Built(go.Figure):
    """A figure whose dict is known (a ``spec``): ``st.plotly_chart`` reads a figure through
    ``to_dict``, which here returns the spec as it is — no validation, no copy. Only
    ``plotly_spec`` makes one; nothing else of ``go.Figure`` is used."""

    def __init__(self, chart: Spec) -> None:
        super().__init__()
        self._spec = chart

    def to_dict(self) -> Spec:
        return self._spec


def plotly_spec(where: DeltaGenerator, chart: Spec, **kwargs: Any) -> Any:
    """``where.plotly_chart`` of a ``spec``: the figure was validated and made plain when it was
    built, so it is neither validated nor copied again (for a heatmap of 834 grids × 26 weeks,
    ~0.1 s a rerun)."""
    return where.plotly_chart(_Built(chart), **kwargs)


def plotly_chart(where: DeltaGenerator, fig: go.Figure, **kwargs: Any) -> Any:
    """``where.plotly_chart`` of the figure with its strings as text (``plain_text``); every
    chart of the dashboard is drawn through here (or, built and cached, through
    ``plotly_spec``)."""
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


#: how a week that has not ended is drawn: a dotted segment to a hollow marker, lighter bars
RUNNING_DASH = "dot"
RUNNING_OPACITY = 0.4


def week_running(monday: dt.date, as_of: dt.date) -> bool:
    """The week starting ``monday`` has not ended on ``as_of`` (its Sunday is after the day)."""
    return monday <= as_of < monday + dt.timedelta(days=6)


def weekly_line(
    x: Sequence[Any], y: Sequence[Any], running: bool, note: str, **trace: Any
) -> list[go.Scatter]:
    """A weekly line whose last week may still be running: the complete weeks solid, the
    running week dotted to a hollow marker, its hover led by ``note`` ("本周未结束…"), so a
    part of a week is never read as a whole one. ``trace`` holds the Scatter's properties;
    per-point lists (hovertext, customdata) are split with the points."""
    x, y = list(x), list(y)
    if not running or not x:
        return [go.Scatter(x=x, y=y, **trace)]
    n = len(x)
    per_point = {
        k: list(v) for k, v in trace.items() if isinstance(v, list | tuple) and len(v) == n
    }
    common = {k: v for k, v in trace.items() if k not in per_point}
    group = common.pop("legendgroup", None) or common.get("name")
    done = go.Scatter(
        x=x[:-1], y=y[:-1], legendgroup=group, **common, **{k: v[:-1] for k, v in per_point.items()}
    )
    segment = go.Scatter(
        x=x[-2:],
        y=y[-2:],
        mode="lines",
        line={**common.get("line", {}), "dash": RUNNING_DASH},
        legendgroup=group,
        showlegend=False,
        hoverinfo="skip",
    )
    last = {k: v[-1:] for k, v in per_point.items()}
    if "hovertext" in last:
        last["hovertext"] = [f"{note}<br>{last['hovertext'][0]}"]
    if "hovertemplate" in common:
        common["hovertemplate"] = f"{note}<br>{common['hovertemplate']}"
    marker = {**common.pop("marker", {}), "symbol": "circle-open"}
    marker["size"] = max(8, marker.get("size", 6))
    point = go.Scatter(
        x=x[-1:],
        y=y[-1:],
        **{**common, "mode": "markers", "marker": marker, "showlegend": False},
        legendgroup=group,
        **last,
    )
    return [done, segment, point]


def mark_running_week(fig: go.Figure, monday: dt.date, text: str) -> go.Figure:
    """A dotted line at the running week's start, labelled (本周截至 …)."""
    fig.add_vline(x=monday, line_dash=RUNNING_DASH, line_color="#95a5a6")
    fig.add_annotation(
        x=monday,
        y=1,
        yref="paper",
        text=text,
        showarrow=False,
        xanchor="right",
        font={"size": 11, "color": "#7f8c8d"},
    )
    return fig
