"""Metric tiles: a value and its change since a week earlier, formatted for reading."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from ui.i18n import Labels, fmt_int, fmt_pct
from ui.text import md


@dataclass(frozen=True)
class Tile:
    label: str
    value: int | float | None
    previous: int | float | None
    kind: str = "count"  # count | ratio | score
    inverse: bool = False  # a rise is bad (open incidents)
    suffix: str = ""
    help: str | None = None  # the figure's definition, shown on hover

    def shown(self) -> str:
        if self.kind == "ratio":
            return fmt_pct(self.value)
        if self.kind == "score":
            return "—" if self.value is None else f"{self.value:.2f}"
        return fmt_int(self.value) + self.suffix

    def delta(self) -> str | None:
        if self.value is None or self.previous is None:
            return None
        change = self.value - self.previous
        if change == 0:
            return "±0"
        if self.kind == "ratio":
            return f"{change * 100:+.1f} pp"
        if self.kind == "score":
            return f"{change:+.2f}"
        return f"{int(change):+,}"

    @property
    def unchanged(self) -> bool:
        return self.value is not None and self.value == self.previous


def tiles(row: list[Tile], help_text: str | None = None, registration: bool = False) -> None:
    """One row of tiles; ``registration``: their changes rest on a registration week, so they
    are shown neutral (grey), never as growth or loss."""
    for column, tile in zip(st.columns(len(row)), row, strict=True):
        column.metric(
            md(tile.label),
            tile.shown(),
            delta=tile.delta(),
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
