"""Metric tiles: a value and its change since a week earlier, formatted for reading, in rows
that wrap rather than cut a number.

A row of tiles is a grid whose columns the browser chooses from the width it has: each tile is
at least as wide as its value, its change and (up to a cap) its label need, estimated from the
characters (``min_width``); when fewer tiles fit than the row holds, the row breaks into
balanced lines (six tiles as 3 + 3, not 5 + 1). A label longer than the cap wraps onto a second
line instead of ending in "…". A browser test checks that nothing inside a tile overflows at
1280 and 1920 px, in both languages.

On paper the tiles are smaller (``ui.printing``) and each row takes its columns from the sheet's
width by the same estimate (``print_grid_css``), so a printed value or change never wraps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from metrics.catalogue import Direction, Figure, Unit
from ui import printing
from ui.glossary import help_text
from ui.i18n import Labels, fmt_int, fmt_pct
from ui.text import md

#: st.metric's font sizes (px): value 2.25rem, label and change 0.875rem
VALUE_PX = 36
SMALL_PX = 14
#: a tile's padding and border (px) around its content; the help icon after a label; the
#: change's arrow and pill around its text
TILE_PADDING = 36
HELP_ICON = 26
DELTA_PILL = 28
#: a label wider than this (px) wraps onto a second line rather than widening every tile
LABEL_CAP = 170
#: no tile narrower than this (px), so a row of small numbers still reads as tiles
TILE_FLOOR = 150
GAP = 16  # px between tiles, as Streamlit's "small" gap


@dataclass(frozen=True)
class TileSizes:
    """A tile's sizes (px) that its width is estimated from."""

    value_px: int
    small_px: int
    padding: int
    help_icon: int
    delta_pill: int
    label_cap: int
    floor: int
    gap: int


SCREEN = TileSizes(
    VALUE_PX, SMALL_PX, TILE_PADDING, HELP_ICON, DELTA_PILL, LABEL_CAP, TILE_FLOOR, GAP
)
#: on paper: no help icon (not printed), a label capped narrower
PRINT = TileSizes(
    printing.PRINT_VALUE_PX,
    printing.PRINT_SMALL_PX,
    printing.PRINT_TILE_PADDING,
    0,
    printing.PRINT_DELTA_PILL,
    110,
    80,
    printing.PRINT_GAP,
)


@dataclass(frozen=True)
class Tile:
    label: str
    value: int | float | str | None
    previous: int | float | None
    kind: str = "count"  # count | ratio | score; a str value is shown as it is ("<5", "2 天")
    inverse: bool = False  # a rise is bad (open incidents)
    suffix: str = ""
    help: str | None = None  # the figure's definition, shown on hover

    def shown(self) -> str:
        if isinstance(self.value, str):
            return self.value
        if self.kind == "ratio":
            return fmt_pct(self.value)
        if self.kind == "score":
            return "—" if self.value is None else f"{self.value:.2f}"
        return fmt_int(self.value) + self.suffix

    def delta(self, labels: Labels) -> str | None:
        if self.value is None or self.previous is None or isinstance(self.value, str):
            return None
        change = self.value - self.previous
        if change == 0:
            return "±0"
        if self.kind == "ratio":
            return labels.plain("tile.points", change=f"{change * 100:+.1f}")
        if self.kind == "score":
            return f"{change:+.2f}"
        return f"{int(change):+,}"

    @property
    def unchanged(self) -> bool:
        return self.value is not None and self.value == self.previous


#: a tile's kind for each unit of the figure catalogue
TILE_KIND = {Unit.COUNT: "count", Unit.RATIO: "ratio", Unit.SCORE: "score"}


def figure_tile(
    figure: Figure,
    label: str,
    current: Mapping[str, Any],
    previous: Mapping[str, Any] | None,
    labels: Labels,
    *also: str,
    suffix: str = "",
    note: str | None = None,
) -> Tile:
    """The tile of a declared figure (``metrics.catalogue``): its value in ``current`` against
    ``previous``, shown as its unit, a rise coloured by its good direction, its term's definition
    (and ``also``'s terms, the page's ``note``) as help."""
    return Tile(
        label,
        figure.of(current),
        figure.of(previous) if previous is not None else None,
        kind=TILE_KIND[figure.unit],
        inverse=figure.direction is Direction.LOWER,
        suffix=suffix,
        help=help_text(labels, figure.term, *also, note=note),
    )


def text_width(text: str, size: int) -> float:
    """A generous estimate of ``text``'s width in px at font ``size`` (Source Sans, Noto CJK):
    CJK characters are square, digits half as wide, punctuation narrower."""
    em = 0.0
    for ch in text:
        if ord(ch) >= 0x2E80:
            em += 1.0
        elif ch.isdigit():
            em += 0.5
        elif ch in ",.:;'|! ":
            em += 0.25
        elif ch in "%—–":
            em += 0.85
        elif ch in "/()[]":
            em += 0.4
        elif ch.isupper():
            em += 0.62
        else:
            em += 0.52
    return em * size


def min_width(tile: Tile, labels: Labels, with_help: bool, sizes: TileSizes = SCREEN) -> int:
    """The width (px) a tile needs so that its value and change show whole."""
    value = text_width(tile.shown(), sizes.value_px) * 1.05
    delta = tile.delta(labels)
    change = text_width(delta, sizes.small_px) + sizes.delta_pill if delta else 0
    label = text_width(str(tile.label).replace("\\", ""), sizes.small_px) + (
        sizes.help_icon if with_help else 0
    )
    return math.ceil(max(value, change, min(label, sizes.label_cap)) + sizes.padding)


def columns_for(count: int, fit: int) -> int:
    """Columns for ``count`` tiles when ``fit`` fit side by side: as many lines as needed, the
    tiles spread evenly over them."""
    fit = max(1, min(fit, count))
    return math.ceil(count / math.ceil(count / fit))


def grid_css(key: str, count: int, width: int) -> str:
    """The stylesheet of one row of ``count`` tiles at least ``width`` px wide: a grid whose
    column count follows the width of the row's container (a container query)."""
    grid = f".st-key-{key}-grid"
    rules = [
        f".st-key-{key} {{ container-type: inline-size; }}",
        f"{grid} {{ display: grid; grid-template-columns: minmax(0, 1fr); gap: {GAP}px;"
        " align-items: stretch; }",
        f'{grid} [data-testid="stMetric"] {{ height: 100%; }}',
        # a long label wraps; the value and the change never need to
        f'{grid} [data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"],'
        f' {grid} [data-testid="stMetricLabel"] p {{ white-space: normal; overflow: visible; }}',
    ]
    rules += _column_queries(grid, count, width, GAP)
    return "\n".join(rules)


def _column_queries(grid: str, count: int, width: int, gap: int, important: str = "") -> list[str]:
    """One container query per column count a row of ``count`` tiles of ``width`` px takes as
    its container widens (``columns_for``)."""
    rules = []
    for fit in range(2, count + 1):
        columns = columns_for(count, fit)
        if columns == columns_for(count, fit - 1):
            continue
        rules.append(
            f"@container (min-width: {fit * width + (fit - 1) * gap}px) {{ {grid} "
            f"{{ grid-template-columns: repeat({columns}, minmax(0, 1fr)){important}; }} }}"
        )
    return rules


def print_grid_css(key: str, count: int, width: int, gap: int = PRINT.gap) -> str:
    """The print rules of one row of ``count`` tiles at least ``width`` px wide on paper: the
    same container queries as on screen, at the printed sizes (they win over the screen's)."""
    grid = f".st-key-{key}-grid"
    rules = [f"{grid} {{ gap: {gap}px !important; }}"]
    rules += _column_queries(grid, count, width, gap, " !important")
    return "@media print {\n" + "\n".join(rules) + "\n}"


def tiles(
    row: Sequence[Tile],
    labels: Labels,
    help_text: str | None = None,
    registration: bool = False,
) -> None:
    """One row of tiles, wrapping into balanced lines where the page is too narrow for all;
    ``registration``: their changes rest on a registration week, so they are shown neutral
    (grey), never as growth or loss."""
    if not row:
        return
    with_help = help_text is not None or any(tile.help for tile in row)
    width = max(TILE_FLOOR, *(min_width(tile, labels, with_help) for tile in row))
    on_paper = max(PRINT.floor, *(min_width(tile, labels, False, PRINT) for tile in row))
    # the key names the row (its labels) so the stylesheet applies to this row alone
    key = "tiles-" + hashlib.sha1("|".join(t.label for t in row).encode()).hexdigest()[:12]
    outer = st.container(key=key)
    css = grid_css(key, len(row), width) + "\n" + print_grid_css(key, len(row), on_paper)
    outer.html(f"<style>{css}</style>")
    grid = outer.container(key=f"{key}-grid", horizontal=True)
    for tile in row:
        grid.metric(
            md(tile.label),
            tile.shown(),
            delta=tile.delta(labels),
            delta_color="off"
            if tile.unchanged or registration
            else ("inverse" if tile.inverse else "normal"),
            delta_arrow="off" if tile.unchanged else "auto",
            help=tile.help or help_text,
            border=True,
        )


def week_in_progress(labels: Labels, as_of: dt.date) -> None:
    """Under "this week" figures: the week has not ended (unless ``as_of`` is its Sunday), and the
    comparison is with the same weekday a week earlier — a fair one."""
    if as_of.weekday() == 6:
        return
    st.caption(
        labels(
            "week.in_progress",
            weekday=labels.plain(f"week.day.{as_of.weekday()}"),
            n=as_of.weekday() + 1,
            prev=(as_of - dt.timedelta(days=7)).isoformat(),
        )
    )
