"""Downloads: CSV (UTF-8 with BOM, so Excel opens Chinese correctly) and XLSX with formats."""

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


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """CSV with a byte-order mark, as Excel on Chinese Windows expects."""
    return ("\ufeff" + frame.write_csv()).encode("utf-8")


def xlsx_bytes(
    sheets: Mapping[str, pl.DataFrame], number_formats: Mapping[str, str] | None = None
) -> bytes:
    """One workbook, one sheet per frame: bold frozen header row, column widths, number formats.

    ``number_formats`` maps a column name to an Excel format (``"0.0%"``, ``"#,##0"``, ``"0.00"``);
    integer columns get ``#,##0`` unless named there.
    """
    number_formats = number_formats or {}
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "default_date_format": "yyyy-mm-dd"})
    header = workbook.add_format(HEADER_FORMAT)
    formats: dict[str, xlsxwriter.format.Format] = {}

    def fmt(code: str) -> xlsxwriter.format.Format:
        if code not in formats:
            formats[code] = workbook.add_format({"num_format": code})
        return formats[code]

    for title, frame in sheets.items():
        sheet = workbook.add_worksheet(_sheet_name(title))
        sheet.freeze_panes(1, 0)
        for col, (name, dtype) in enumerate(frame.schema.items()):
            sheet.write(0, col, name, header)
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
