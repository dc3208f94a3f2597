"""The brief's charts as static PNG images, drawn offline with matplotlib (no browser).

A chart is drawn in the CJK font that ``brief.system`` found, so Chinese labels show; the same
image goes into the PDF and the DOCX.
"""

from __future__ import annotations

import io
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")  # no display, no GUI toolkit

from matplotlib import font_manager  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from brief.model import Chart  # noqa: E402
from brief.system import cjk_font_file  # noqa: E402

#: the dashboard's colours (ui.charts): blue, orange, green, red
COLOURS = ("#1f6fd1", "#f08c2b", "#2e9e5b", "#c8423b")
WIDTH_IN, HEIGHT_IN, DPI = 3.6, 2.1, 200


@lru_cache(maxsize=1)
def _font() -> font_manager.FontProperties:
    path = cjk_font_file()
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path)


def png(chart: Chart) -> bytes:
    """The chart as a PNG (about 720 × 420 pixels). Drawn on a figure of its own, never
    through pyplot's global state: Streamlit serves several sessions in threads."""
    font = _font()
    small = font.copy()
    small.set_size(6)
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    x = list(range(len(chart.categories)))
    if chart.kind == "bars":
        values = [v or 0 for v in chart.series[0][1]]
        bars = ax.barh(x, values, color=COLOURS[0])
        ax.set_yticks(x, chart.categories, fontproperties=small)
        ax.invert_yaxis()
        for bar, value in zip(bars, values, strict=True):
            ax.text(
                bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {value:,.0f}",
                va="center", fontsize=6,
            )  # fmt: skip
        ax.set_xlim(0, max(values or [1]) * 1.25 or 1)
        ax.tick_params(axis="x", labelsize=6)
    else:
        for n, (name, values) in enumerate(chart.series):
            points = [float("nan") if v is None else v for v in values]
            ax.plot(x, points, marker="o", markersize=3, color=COLOURS[n % 4], label=name)
        ax.set_xticks(x, chart.categories, fontproperties=small)
        ax.tick_params(axis="y", labelsize=6)
        if chart.percent:
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0%}"))
        else:
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        if len(chart.series) > 1:
            ax.legend(prop=small, frameon=False)
    title = font.copy()
    title.set_size(8)
    ax.set_title(chart.title, fontproperties=title)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()
