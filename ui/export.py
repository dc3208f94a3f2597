"""Downloads: CSV (UTF-8 with BOM, so Excel opens Chinese correctly) and XLSX with formats.

Every download says what it holds: its file name carries the scope and the day or month
(``网格员考核-爱和社区-2026-06.xlsx``), and each workbook's first sheet ("说明 / About") states
the scope in words, the as-of day, every filter, when it was generated (Asia/Shanghai) and by
whom. Dates are written as Excel dates, ratios as numbers with a percentage format; the CSV
holds the same columns as the workbook's data sheet, ratios as ``12.34%`` (which Excel reads as
a percentage), dates as ISO text.

Text cells come from the registry, so a spreadsheet must never read one as a formula (OWASP's
CSV injection): a text cell beginning with ``= + - @``, a tab or a carriage return gets a leading
``'`` in the CSV; in the XLSX every string is written as a string (never a formula or a link) and
those cells carry Excel's quote prefix. Numbers, negative ones too, stay numbers.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import polars as pl
import streamlit as st
import xlsxwriter
from streamlit.delta_generator import DeltaGenerator

from data_access.loaders import LOCAL_TZ
from ui.audit import Audit
from ui.i18n import Labels
from ui.text import FORMULA_START

HEADER_FORMAT = {
    "bold": True,
    "bg_color": "#f4f6f8",
    "border": 1,
    "text_wrap": True,
    "valign": "vcenter",
}
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
GENERATED_FORMAT = "yyyy-mm-dd hh:mm:ss"


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


# --- sheets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One data sheet of a download: its frame (headers in the page's language, real dtypes),
    Excel number formats by header, and the text an empty cell stands for ("从未走访")."""

    title: str
    frame: pl.DataFrame
    formats: Mapping[str, str] = field(default_factory=dict)
    empty: Mapping[str, str] = field(default_factory=dict)


def _is_percent(code: str | None) -> bool:
    return bool(code) and "%" in str(code)


def _csv_frame(sheet: Sheet) -> pl.DataFrame:
    """The sheet as the CSV writes it: ratios as ``12.34%``, datetimes as ``YYYY-MM-DD HH:MM:SS``,
    empty cells as their text where they have one."""
    frame = sheet.frame
    columns = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if _is_percent(sheet.formats.get(name)) and dtype.is_numeric():
            column = pl.format("{}%", (column * 100).round(2))
        elif isinstance(dtype, pl.Datetime):
            column = column.dt.strftime("%Y-%m-%d %H:%M:%S")
        if name in sheet.empty:
            column = column.cast(pl.String).fill_null(sheet.empty[name])
        columns.append(column.alias(name))
    return frame.select(columns)


def csv_bytes(data: pl.DataFrame | Sheet) -> bytes:
    """CSV with a byte-order mark, as Excel on Chinese Windows expects; text cells formula-safe."""
    frame = _csv_frame(data) if isinstance(data, Sheet) else data
    return ("\ufeff" + formula_safe_frame(frame).write_csv()).encode("utf-8")


# --- what a download says about itself --------------------------------------------------------

#: characters no file name may hold on Windows, macOS or Linux, and control characters
_UNSAFE_FILE = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]+')
FILE_PART_CHARS = 60


def safe_file_part(text: str) -> str:
    """``text`` as part of a file name: no ``/ \\ : * ? " < > |`` or control characters,
    whitespace as ``-``, at most ``FILE_PART_CHARS`` characters, never empty."""
    text = _UNSAFE_FILE.sub("_", str(text))
    text = re.sub(r"\s+", "-", text.strip())
    text = text[:FILE_PART_CHARS].strip(" .-_")
    return text or "_"


def file_name(what: str, scope: str, period: str, ext: str) -> str:
    """``<what>-<scope>-<day or month>.<ext>``, safe for file systems."""
    return f"{safe_file_part(what)}-{safe_file_part(scope)}-{safe_file_part(period)}.{ext}"


def generated_by(labels: Labels, user: str | None = None) -> str:
    """Who generated a download: the signed-in user through the app, or the app alone (today
    the app has no sign-in; a later issue passes the user here)."""
    app = labels.plain("app.title")
    if user:
        return labels.plain("export.by.user", user=user, app=app)
    return labels.plain("export.by.nobody", app=app)


@dataclass(frozen=True)
class About:
    """The page's scope, day and filters as a download states them (its first sheet and its
    file name). Built by ``ui.setup.page_setup``; a page adds its own filters."""

    labels: Labels
    #: the scope in words ("爱和社区（AH）：1 个社区，14 个网格")
    scope: str
    #: the scope in a file name ("爱和社区", "AH-01_AH-02", "上派镇")
    file_scope: str
    as_of: dt.date
    #: (filter, value) in the page's language: community, area, grid, then the page's own
    filters: tuple[tuple[str, str], ...] = ()
    generated_by: str = ""
    notes: tuple[str, ...] = ()
    #: who downloads: each file made is one access-log row (``ui.audit``)
    audit: Audit | None = field(default=None, compare=False, repr=False)

    def with_filters(self, *pairs: tuple[str, str]) -> About:
        return replace(self, filters=(*self.filters, *pairs))

    def with_notes(self, *notes: str) -> About:
        return replace(self, notes=(*self.notes, *notes))

    def file_name(self, what: str, ext: str, period: str | None = None) -> str:
        return file_name(what, self.file_scope, period or self.as_of.isoformat(), ext)

    def rows(
        self, what: str, sheets: Sequence[str], generated_at: dt.datetime
    ) -> list[tuple[str, object]]:
        """The About sheet's rows: (item, value); the day and the time are real date cells."""
        plain = self.labels.plain
        rows: list[tuple[str, object]] = [
            (plain("export.about.what"), what),
            (plain("export.about.scope"), self.scope),
            (plain("export.about.as_of"), self.as_of),
        ]
        rows += [(plain("export.about.filter", name=name), value) for name, value in self.filters]
        rows += [
            (plain("export.about.generated_at"), generated_at),
            (plain("export.about.generated_by"), self.generated_by),
            (plain("export.about.sheets"), self.labels.join(list(sheets))),
        ]
        rows += [(plain("export.about.note"), note) for note in self.notes]
        return rows


def now_local() -> dt.datetime:
    """Now in Asia/Shanghai, without zone (Excel has none), to the second."""
    return dt.datetime.now(LOCAL_TZ).replace(tzinfo=None, microsecond=0)


def _names_of(labels: Labels, items: Sequence[str], more_key: str, sep: str) -> str:
    """At most three names joined by ``sep``, else the first three and how many in all."""
    if len(items) <= 3:
        return sep.join(items)
    return labels.plain(more_key, names=sep.join(items[:3]), count=len(items))


def describe_scope(
    labels: Labels,
    communities: pl.DataFrame,
    grids: pl.DataFrame,
    *,
    chosen_communities: Sequence[str],
    chosen_areas: Sequence[int],
    chosen_grids: Sequence[str],
    in_scope: Sequence[str],
) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """(scope in words, scope for a file name, the filters as (name, value)).

    The scope is named by the grid code(s) when grids are chosen, the area(s) when areas are,
    the community's name when the scope lies in one community, the communities' names when a
    few are chosen, else the township (all communities of one township) or "全部社区".
    ``in_scope`` holds the codes of the grids in scope.
    """
    plain = labels.plain
    community_names = dict(
        zip(communities["code"].to_list(), communities["name"].to_list(), strict=True)
    )
    grid_rows = {row["code"]: row for row in grids.iter_rows(named=True)}
    area_rows = {
        row["area_id"]: row
        for row in grids.filter(pl.col("area_id").is_not_null()).iter_rows(named=True)
    }
    scope_communities = sorted({grid_rows[c]["community_code"] for c in in_scope if c in grid_rows})
    everything = plain("export.scope.all")
    area_names = [
        f"{area_rows[a]['community_name']}{area_rows[a]['area_name']}" for a in chosen_areas
    ]

    if len(chosen_grids) == 1:
        code = chosen_grids[0]
        names, more, file_names = (
            [f"{code} {grid_rows[code]['name']}"],
            "",
            [f"{code}_{grid_rows[code]['name']}"],
        )
    elif chosen_grids:
        names, more, file_names = list(chosen_grids), "export.scope.more_grids", list(chosen_grids)
    elif chosen_areas:
        names, more, file_names = area_names, "export.scope.more_areas", area_names
    elif len(scope_communities) == 1:
        names = file_names = [community_names[scope_communities[0]]]
        more = ""
    elif chosen_communities:
        names = file_names = [community_names[c] for c in chosen_communities]
        more = "export.scope.more_communities"
    else:
        townships = sorted(set(communities["township"].drop_nulls().to_list()))
        names = file_names = [townships[0] if len(townships) == 1 else everything]
        more = ""
    sep = "、" if labels.lang == "zh" else ", "
    place = _names_of(labels, names, more, sep)
    file_scope = _names_of(labels, file_names, more, "_")
    words = plain(
        "export.scope.words",
        place=place,
        communities=len(scope_communities),
        grids=len(in_scope),
    )
    anything = plain("filter.all")
    filters = (
        (
            plain("filter.community"),
            labels.join([f"{community_names[c]}（{c}）" for c in chosen_communities]) or anything,
        ),
        (
            plain("filter.area"),
            labels.join(
                [
                    f"{area_rows[a]['community_name']} · {area_rows[a]['area_name']}"
                    for a in chosen_areas
                ]
            )
            or anything,
        ),
        (
            plain("filter.grid"),
            labels.join([f"{c} {grid_rows[c]['name']}" for c in chosen_grids]) or anything,
        ),
    )
    return words, file_scope, filters


# --- the workbook -----------------------------------------------------------------------------


def xlsx_bytes(
    sheets: Mapping[str, pl.DataFrame] | Sequence[Sheet],
    number_formats: Mapping[str, str] | None = None,
    *,
    about: About | None = None,
    what: str = "",
    generated_at: dt.datetime | None = None,
) -> bytes:
    """One workbook: the About sheet first (when ``about`` is given), then one sheet per frame
    with a bold frozen header row, column widths and number formats.

    ``sheets`` is a list of ``Sheet``s or a mapping title → frame (whose formats are
    ``number_formats``: a column name → an Excel format such as ``"0.0%"``). Integer columns get
    ``#,##0``, dates ``yyyy-mm-dd`` and datetimes ``yyyy-mm-dd hh:mm`` unless named there.
    """
    if isinstance(sheets, Mapping):
        sheets = [Sheet(title, frame, number_formats or {}) for title, frame in sheets.items()]
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "default_date_format": DATE_FORMAT,
            # registry text is text: never a formula, a number or a link
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    writer = _Writer(workbook)
    names: list[str] = []
    titles = [_unique_sheet_name(s.title, names) for s in sheets]
    if about is not None:
        writer.about(about, what, titles, generated_at or now_local())
    for title, sheet in zip(titles, sheets, strict=True):
        writer.data(title, sheet)
    workbook.close()
    return buffer.getvalue()


class _Writer:
    """Cell formats shared by the sheets of one workbook."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.workbook = workbook
        self.header = workbook.add_format(HEADER_FORMAT)
        self.quoted_header = workbook.add_format({**HEADER_FORMAT, "quote_prefix": True})
        self.formats: dict[tuple[str | None, bool], xlsxwriter.format.Format] = {}

    def fmt(self, code: str | None, quoted: bool = False) -> xlsxwriter.format.Format | None:
        """The cell format of number format ``code``; ``quoted``: a text cell that begins like a
        formula, with Excel's quote prefix."""
        if code is None and not quoted:
            return None
        if (code, quoted) not in self.formats:
            props: dict[str, object] = {"num_format": code} if code else {}
            if quoted:
                props["quote_prefix"] = True
            self.formats[(code, quoted)] = self.workbook.add_format(props)
        return self.formats[(code, quoted)]

    def cell(self, sheet, row: int, col: int, value: object, code: str | None) -> None:
        if isinstance(value, list | dict):
            value = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        if isinstance(value, str):
            quoted = value.startswith(FORMULA_START)
            sheet.write_string(row, col, value, self.fmt(code if quoted else None, quoted))
        elif isinstance(value, dt.datetime):
            sheet.write_datetime(row, col, value, self.fmt(code or DATETIME_FORMAT))
        elif isinstance(value, dt.date):
            sheet.write_datetime(row, col, value, self.fmt(code or DATE_FORMAT))
        else:
            sheet.write(row, col, value, self.fmt(code))

    def head(self, sheet, col: int, name: str) -> None:
        quoted = name.startswith(FORMULA_START)
        sheet.write_string(0, col, name, self.quoted_header if quoted else self.header)

    def about(
        self, about: About, what: str, titles: Sequence[str], generated_at: dt.datetime
    ) -> None:
        sheet = self.workbook.add_worksheet(_sheet_name(about.labels.plain("export.about.sheet")))
        sheet.freeze_panes(1, 0)
        self.head(sheet, 0, about.labels.plain("export.about.item"))
        self.head(sheet, 1, about.labels.plain("export.about.value"))
        rows = about.rows(what, titles, generated_at)
        for row, (item, value) in enumerate(rows, start=1):
            self.cell(sheet, row, 0, item, None)
            code = GENERATED_FORMAT if isinstance(value, dt.datetime) else None
            self.cell(sheet, row, 1, value, code)
        sheet.set_column(0, 0, max(12, *(len(str(i)) * 2 for i, _ in rows)))
        sheet.set_column(1, 1, 60)

    def data(self, title: str, data: Sheet) -> None:
        frame = data.frame
        sheet = self.workbook.add_worksheet(title)
        sheet.freeze_panes(1, 0)
        for col, (name, dtype) in enumerate(frame.schema.items()):
            name = str(name)
            self.head(sheet, col, name)
            code = data.formats.get(name)
            if code is None and dtype.is_integer():
                code = "#,##0"
            if code is None and dtype == pl.Date:
                code = DATE_FORMAT
            if code is None and isinstance(dtype, pl.Datetime):
                code = DATETIME_FORMAT
            width = max(
                [len(name) * 2, *(len(str(v)) for v in frame[name].head(200).to_list())],
                default=8,
            )
            sheet.set_column(col, col, min(max(width, 8), 40), self.fmt(code))
            empty = data.empty.get(name)
            for row, value in enumerate(frame[name].to_list(), start=1):
                if value is None:
                    if empty is not None:
                        self.cell(sheet, row, col, empty, None)
                    continue
                self.cell(sheet, row, col, value, code)
        if frame.width:
            sheet.autofilter(0, 0, max(frame.height, 1), frame.width - 1)


def _sheet_name(title: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    for bad in "[]:*?/\\":
        title = title.replace(bad, "_")
    return title[:31] or "Sheet1"


def _unique_sheet_name(title: str, taken: list[str]) -> str:
    """A valid sheet name not yet in ``taken`` (Excel compares them case-insensitively)."""
    name, n = _sheet_name(title), 1
    while name.lower() in (t.lower() for t in taken):
        n += 1
        name = f"{_sheet_name(title)[: 31 - len(str(n)) - 1]}~{n}"
    taken.append(name)
    return name


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_buttons(
    about: About,
    *,
    what: str,
    key: str,
    sheets: Callable[[], Sequence[Sheet]],
    period: str | None = None,
    where: DeltaGenerator | None = None,
    xlsx_first: bool = False,
) -> DeltaGenerator:
    """The CSV and Excel download buttons of a table, side by side at their natural width (also
    in a narrow column); returns the row, for a note after them. The files are made only when a button is pressed, never on a page run: the
    CSV holds the first sheet, the workbook the About sheet and every sheet.

    ``what`` names the download (its file name and its About sheet); ``period`` is the day or
    month in its file name (default: the as-of day).
    """
    where = where if where is not None else st
    labels = about.labels
    # the key names the row for the print stylesheet (``ui.printing``), which leaves it out
    row = where.container(horizontal=True, vertical_alignment="center", key=f"downloads-{key}")

    def logged(kind: str, made: Sequence[Sheet]) -> Sequence[Sheet]:
        """The sheets of a file being made, its access-log row written first."""
        if about.audit is not None:
            about.audit.record(
                "export",
                rows=sum(sheet.frame.height for sheet in made),
                detail={"what": what, "format": kind, "sheets": [s.title for s in made]},
                filters=about.filters,
            )
        return made

    csv_button = {
        "label": labels("export.csv"),
        "data": lambda: csv_bytes(logged("csv", sheets()[:1])[0]),
        "file_name": about.file_name(what, "csv", period),
        "mime": "text/csv",
        "key": f"{key}_csv",
    }
    xlsx_button = {
        "label": labels("export.xlsx"),
        "data": lambda: xlsx_bytes(logged("xlsx", sheets()), about=about, what=what),
        "file_name": about.file_name(what, "xlsx", period),
        "mime": XLSX_MIME,
        "key": f"{key}_xlsx",
    }
    first, second = (xlsx_button, csv_button) if xlsx_first else (csv_button, xlsx_button)
    for button in (first, second):
        row.download_button(**button, on_click="ignore", icon=":material/download:")
    return row
