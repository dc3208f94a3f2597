"""Tables as column specs: one ``Column(key, label, fmt)`` list drives the on-screen table, the
CSV and the XLSX, so a column has one header, one format and one meaning of an empty cell.

``show`` draws a table with our own CSV / Excel buttons beneath it: Streamlit's dataframe
toolbar (search, download, fullscreen) has no locale and speaks English (README, "Known
limits"), so every table of the app offers these, labelled in the page's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
import pyarrow as pa
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from metrics.catalogue import Figure, Unit
from ui.export import About, Sheet, download_buttons
from ui.formats import FORMATS
from ui.glossary import help_text
from ui.i18n import Labels

#: a declared figure's unit → its column format (``metrics.catalogue``: decimals per unit)
UNIT_FORMATS: dict[Unit, str] = {
    Unit.COUNT: "int",
    Unit.RATIO: "ratio",
    Unit.SCORE: "score",
    Unit.DAY: "date",
    Unit.PERIOD: "text",
    Unit.CODES: "text",
}


def arrow(frame: pl.DataFrame) -> pa.Table:
    """``frame`` as Streamlit should be handed it, an Arrow table, which it sends as it is.

    Given a polars frame, Streamlit converts it with ``DataFrame.to_pandas``, and in polars 2.1
    that call deadlocks the whole process when two threads convert the same frame at once
    (pola-rs/polars#27396: ten threads, one frame, never returns): with 20 sessions opening
    pages on one server, every script thread stopped for good (BENCHMARKS.md, seventh pass).
    ``to_arrow`` has no such lock (pola-rs/polars#27472). The oldest compatibility level gives
    plain (large) strings, no string views, which every Arrow reader takes."""
    return frame.to_arrow(compat_level=pl.CompatLevel.oldest())


def yes_no(column: str, labels: Labels) -> pl.Expr:
    """A true/false column as 是/否 (yes/no); empty stays empty."""
    return (
        pl.when(pl.col(column).is_null())
        .then(pl.lit(None, dtype=pl.String))
        .when(pl.col(column))
        .then(pl.lit(labels.plain("yes")))
        .otherwise(pl.lit(labels.plain("no")))
    )


@dataclass(frozen=True)
class Column:
    """One column: where its values come from, its header in the page's language, its format.

    ``key`` is a column of the rows (or ``expr`` computes it); ``empty`` is what an empty cell
    means ("从未走访"): the screen and the CSV show it, the XLSX writes it as text in a column
    whose other cells stay dates or numbers. ``shown`` turns a cell into the text the screen
    shows (hours as "3 天 5 小时") while downloads keep the value, under ``export_label`` (the
    header with the value's unit) when the two differ.
    """

    key: str
    label: str
    fmt: str = "text"
    empty: str | None = None
    expr: pl.Expr | None = None
    pinned: bool = False
    width: str | None = None
    help: str | None = None
    shown: Callable[[Any], str] | None = None
    export_label: str | None = None

    def __post_init__(self) -> None:
        if self.fmt not in FORMATS:
            raise ValueError(f"unknown column format {self.fmt!r}")

    @classmethod
    def of(cls, figure: Figure, label: str, labels: Labels, **options: Any) -> Column:
        """The column of a declared figure (``metrics.catalogue``): its format from the figure's
        unit, its header help from the figure's term (``key`` is the figure's key)."""
        return cls(
            figure.key,
            label,
            UNIT_FORMATS[figure.unit],
            help=help_text(labels, figure.term),
            **options,
        )

    @property
    def header(self) -> str:
        """The header in downloads."""
        return self.export_label or self.label

    @property
    def values(self) -> pl.Expr:
        return self.expr if self.expr is not None else pl.col(self.key)

    @property
    def source(self) -> pl.Expr:
        return self.values.alias(self.header)

    @property
    def on_screen(self) -> pl.Expr:
        if self.shown is None:
            return self.values.alias(self.label)
        return self.values.map_elements(self.shown, return_dtype=pl.String).alias(self.label)

    def config(self) -> Any:
        """The column's ``st.column_config`` entry."""
        screen = FORMATS[self.fmt][0]
        common: dict[str, Any] = {"pinned": self.pinned or None, "help": self.help}
        if self.width:
            common["width"] = self.width
        if self.fmt == "date" and self.empty is None:
            return st.column_config.DateColumn(format=screen, **common)
        if self.fmt == "datetime" and self.empty is None:
            return st.column_config.DatetimeColumn(format=screen, **common)
        if screen is None or self.fmt in ("date", "datetime"):
            return st.column_config.TextColumn(**common)
        return st.column_config.NumberColumn(format=screen, **common)


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]

    def __init__(self, columns: Sequence[Column]) -> None:
        object.__setattr__(self, "columns", tuple(columns))

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.columns]

    def frame(self, rows: pl.DataFrame) -> pl.DataFrame:
        """The rows as the downloads hold them: headers in the page's language, real dtypes."""
        return rows.select([c.source for c in self.columns])

    def screen(self, rows: pl.DataFrame) -> pl.DataFrame:
        """The on-screen form: cells as their ``shown`` text, and a date column whose empty cells
        mean something shows them as text."""
        frame = rows.select([c.on_screen for c in self.columns])
        text = []
        for c in self.columns:
            if c.empty is None or c.fmt not in ("date", "datetime"):
                continue
            pattern = "%Y-%m-%d" if c.fmt == "date" else "%Y-%m-%d %H:%M"
            text.append(pl.col(c.label).dt.strftime(pattern).fill_null(c.empty))
        return frame.with_columns(text) if text else frame

    def column_config(self) -> dict[str, Any]:
        return {c.label: c.config() for c in self.columns}

    def sheet(self, title: str, rows: pl.DataFrame) -> Sheet:
        return Sheet(
            title,
            self.frame(rows),
            formats={c.header: FORMATS[c.fmt][1] for c in self.columns if FORMATS[c.fmt][1]},
            empty={c.header: c.empty for c in self.columns if c.empty is not None},
        )


def show(
    table: Table,
    rows: pl.DataFrame,
    *,
    about: About,
    what: str,
    key: str,
    export: Callable[[], pl.DataFrame] | None = None,
    where: DeltaGenerator | None = None,
    period: str | None = None,
    sheet: str | None = None,
    height: int | str | None = None,
    config: Mapping[str, Any] | None = None,
    on_row: Callable[[int], None] | None = None,
) -> DeltaGenerator:
    """The table (``rows`` on screen) and its CSV / Excel buttons; the downloads hold ``export()``
    (the whole list of a paged one) or ``rows``. Returns the column beside the buttons.

    ``on_row(i)``: a click on row ``i`` of ``rows`` (whatever the user sorted by) drills through
    (``ui.drill``)."""
    where = where if where is not None else st
    options: dict[str, Any] = {"height": height} if height is not None else {}
    widget_key = key
    if on_row is not None:
        widget_key, clicks = row_clicks(key, on_row)
        options |= clicks
    where.dataframe(
        arrow(table.screen(rows)),
        hide_index=True,
        width="stretch",
        placeholder="—",
        column_config={**table.column_config(), **(config or {})},
        key=widget_key,
        **options,
    )

    def sheets() -> list[Sheet]:
        return [table.sheet(sheet or what, export() if export is not None else rows)]

    return download_buttons(about, what=what, key=key, sheets=sheets, period=period, where=where)


def row_clicks(key: str, on_row: Callable[[int], None]) -> tuple[str, dict[str, Any]]:
    """The widget key and ``st.dataframe`` options of a table whose row click calls
    ``on_row(i)`` (``i``: the row's position in the data given, however it is sorted on screen).

    The click is an action, not a state: the callback runs before the next run, then the table
    gets a new key, so it is drawn with nothing selected (a selection left standing would show a
    checked row that no longer means anything). The first key is ``key`` itself."""
    turns = f"{key}__turn"
    turn = st.session_state.get(turns, 0)
    widget = key if turn == 0 else f"{key}__{turn}"

    def clicked() -> None:
        rows = st.session_state[widget]["selection"]["rows"]
        st.session_state[turns] = turn + 1
        if rows:
            on_row(int(rows[0]))

    return widget, {"on_select": clicked, "selection_mode": "single-row"}
