"""Downloads: CSV (UTF-8 with BOM, so Excel opens Chinese correctly) and XLSX with formats.

Text cells come from the registry, so a spreadsheet must never read one as a formula (OWASP's
CSV injection): a text cell beginning with ``= + - @``, a tab or a carriage return gets a leading
``'`` in the CSV; in the XLSX every string is written as a string (never a formula or a link) and
those cells carry Excel's quote prefix. Numbers, negative ones too, stay numbers.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping

import polars as pl
import streamlit as st
import xlsxwriter
from streamlit.delta_generator import DeltaGenerator

from ui.i18n import Labels

HEADER_FORMAT = {
    "bold": True,
    "bg_color": "#f4f6f8",
    "border": 1,
    "text_wrap": True,
    "valign": "vcenter",
}


#: what a spreadsheet reads as the start of a formula (OWASP: = + - @, tab, carriage return)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_PATTERN = r"^[=+\-@\t\r]"


def formula_safe(text: str) -> str:
    """A text cell a spreadsheet shows as text: ``'`` before a formula's first character."""
    return "'" + text if text.startswith(FORMULA_START) else text


def formula_safe_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with its text cells and headers ``formula_safe``; other columns unchanged."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    safe = frame.with_columns(
        pl.when(pl.col(name).str.contains(_FORMULA_PATTERN))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text
    )
    return safe.rename({name: formula_safe(name) for name in frame.columns})


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """CSV with a byte-order mark, as Excel on Chinese Windows expects; text cells formula-safe."""
    return ("\ufeff" + formula_safe_frame(frame).write_csv()).encode("utf-8")


def xlsx_bytes(
    sheets: Mapping[str, pl.DataFrame], number_formats: Mapping[str, str] | None = None
) -> bytes:
    """One workbook, one sheet per frame: bold frozen header row, column widths, number formats.

    ``number_formats`` maps a column name to an Excel format (``"0.0%"``, ``"#,##0"``, ``"0.00"``);
    integer columns get ``#,##0`` unless named there.
    """
    number_formats = number_formats or {}
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "default_date_format": "yyyy-mm-dd",
            # registry text is text: never a formula, a number or a link
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    header = workbook.add_format(HEADER_FORMAT)
    quoted_header = workbook.add_format({**HEADER_FORMAT, "quote_prefix": True})
    quoted: dict[str | None, xlsxwriter.format.Format] = {}

    def quote(code: str | None) -> xlsxwriter.format.Format:
        """The cell format of a text cell that begins like a formula: Excel's quote prefix."""
        if code not in quoted:
            quoted[code] = workbook.add_format(
                {"quote_prefix": True, **({"num_format": code} if code else {})}
            )
        return quoted[code]

    formats: dict[str, xlsxwriter.format.Format] = {}

    def fmt(code: str) -> xlsxwriter.format.Format:
        if code not in formats:
            formats[code] = workbook.add_format({"num_format": code})
        return formats[code]

    for title, frame in sheets.items():
        sheet = workbook.add_worksheet(_sheet_name(title))
        sheet.freeze_panes(1, 0)
        for col, (name, dtype) in enumerate(frame.schema.items()):
            name = str(name)
            sheet.write_string(
                0, col, name, quoted_header if name.startswith(FORMULA_START) else header
            )
            code = number_formats.get(name)
            if code is None and dtype.is_integer():
                code = "#,##0"
            if code is None and dtype == pl.Date:
                code = "yyyy-mm-dd"
            if code is None and isinstance(dtype, pl.Datetime):
                code = "yyyy-mm-dd hh:mm"
            width = max(
                [len(str(name)) * 2, *(len(str(v)) for v in frame[name].head(200).to_list())],
                default=8,
            )
            sheet.set_column(col, col, min(max(width, 8), 40), fmt(code) if code else None)
            for row, value in enumerate(frame[name].to_list(), start=1):
                if value is None:
                    continue
                if isinstance(value, list | dict):
                    value = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
                if isinstance(value, str):
                    if value.startswith(FORMULA_START):
                        sheet.write_string(row, col, value, quote(code))
                    else:
                        sheet.write_string(row, col, value)
                else:
                    sheet.write(row, col, value)
        if frame.width:
            sheet.autofilter(0, 0, max(frame.height, 1), frame.width - 1)
    workbook.close()
    return buffer.getvalue()


def _sheet_name(title: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    for bad in "[]:*?/\\":
        title = title.replace(bad, "_")
    return title[:31] or "Sheet1"


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_buttons(
    labels: Labels,
    *,
    name: str,
    key: str,
    csv: Callable[[], bytes],
    xlsx: Callable[[], bytes],
) -> DeltaGenerator:
    """The CSV and Excel download buttons of a table, side by side; returns the column beside
    them for a note. The files are made only when a button is pressed, never on a page run."""
    left, right, note = st.columns([1, 1, 4])
    left.download_button(
        labels("export.csv"),
        data=csv,
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        labels("export.xlsx"),
        data=xlsx,
        file_name=f"{name}.xlsx",
        mime=XLSX_MIME,
        key=f"{key}_xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
    return note
