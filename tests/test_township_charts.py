"""The township trend's small multiples are built as one figure spec (``ui.township_view``):
the figure must be the one plotly's own ``make_subplots`` + ``add_trace`` + ``add_hline`` draw,
for any number of communities (one, a part row, full rows, the city's 62), both kinds."""

from __future__ import annotations

import datetime as dt
import math

import plotly.graph_objects as go
import polars as pl
import pytest
from plotly.subplots import make_subplots

from metrics.township import TARGETS
from ui import charts
from ui.i18n import Labels
from ui.township_view import MAX_COLUMNS, _coverage_floor, _small_multiples

ZH = Labels("zh")
DAYS = [dt.date(2026, 3, 10) - dt.timedelta(days=7 * k) for k in range(3, -1, -1)]


def reference(trend: pl.DataFrame, labels: Labels, column: str, title: str, kind: str) -> go.Figure:
    """The figure as plotly's subplot API builds it (the page's code before it was written out)."""
    communities = trend.select("community_code", "community_name").unique(maintain_order=True)
    count = communities.height
    cols = min(count, MAX_COLUMNS)
    rows = math.ceil(count / cols)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=communities["community_name"].to_list(),
        shared_yaxes=True,
        horizontal_spacing=0.03,
        vertical_spacing=min(0.18, 0.9 / (rows - 1)) if rows > 1 else 0.1,
    )
    axis_label = labels(f"township.trend.{kind}")
    for index, (code, name) in enumerate(communities.iter_rows()):
        part = trend.filter(pl.col("community_code") == code).sort("day")
        row, col = index // cols + 1, index % cols + 1
        if kind == "coverage":
            trace: go.BaseTraceType = go.Scatter(
                x=part["day"].to_list(),
                y=part[column].to_list(),
                mode="lines+markers",
                line={"color": charts.PALETTE[1], "width": 2},
                marker={"size": 4},
                name=name,
                hovertemplate=f"%{{x|%Y-%m-%d}}<br>{axis_label}：%{{y:.1%}}<extra>{name}</extra>",
            )
        else:
            trace = go.Bar(
                x=part["day"].to_list(),
                y=part[column].to_list(),
                marker={"color": charts.PALETTE[0]},
                name=name,
                hovertemplate=f"%{{x|%Y-%m-%d}}<br>{axis_label}：%{{y:,}}<extra>{name}</extra>",
            )
        fig.add_trace(trace, row=row, col=col)
        if kind == "coverage":
            fig.add_hline(
                y=TARGETS["coverage_90d"],
                line={"dash": "dash", "color": "#7f8c8d", "width": 1},
                row=row,
                col=col,
            )
    if kind == "coverage":
        fig.update_yaxes(tickformat=".0%", range=[_coverage_floor(trend[column]), 1.02])
    else:
        fig.update_yaxes(tickformat=",d", rangemode="tozero")
    fig.update_yaxes(title_text=axis_label, col=1)
    fig.update_xaxes(tickformat="%m-%d", nticks=4)
    fig.update_layout(title={"text": title, "font": {"size": 15}}, showlegend=False)
    charts.layout(fig, 230 * rows + 90)
    fig.update_layout(
        margin={"l": 10, "r": 10, "t": 70, "b": 10}, title={"y": 0.98, "yanchor": "top"}
    )
    return fig


def trend_of(count: int) -> pl.DataFrame:
    """``count`` communities × 4 days; one name empty (no subplot title), a coverage gap."""
    rows = []
    for c in range(count):
        for i, day in enumerate(DAYS):
            rows.append(
                {
                    "community_code": f"C{c:02d}",
                    "community_name": "" if c == 1 else f"社区{c}",
                    "day": day,
                    "coverage_90d": None if (c + i) % 7 == 3 else 0.7 + 0.01 * ((c * 5 + i) % 30),
                    "open": (c * 3 + i) % 11,
                }
            )
    return pl.DataFrame(rows)


@pytest.mark.parametrize("count", [1, 2, 4, 5, 6, 7, 10, 13, 31, 62])
@pytest.mark.parametrize(("kind", "column"), [("coverage", "coverage_90d"), ("open", "open")])
def test_small_multiples_are_the_figure_plotly_subplots_draw(
    count: int, kind: str, column: str
) -> None:
    trend = trend_of(count)
    got = _small_multiples(trend, ZH, column, "标题", kind).to_dict()
    want = reference(trend, ZH, column, "标题", kind).to_dict()
    assert got == want
    assert len(got["data"]) == count
    assert len(got["layout"].get("shapes", ())) == (count if kind == "coverage" else 0)
