"""The brief (``brief.model.Brief``) as PDF, DOCX and XLSX — three renderings of one model.

- PDF: HTML from a Jinja2 template laid out by WeasyPrint: A4 portrait, the CJK font embedded
  (subset), page numbers in the footer, no page break inside a table row.
- DOCX: python-docx, editable, the same sections, tables with a header row that repeats.
- XLSX: xlsxwriter, one sheet per table, numbers kept numbers (the exports' formats).
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any

from brief.model import Brief, Col, Table
from brief.system import FONT_FAMILY, check
from ui.formats import FORMATS as COLUMN_FORMATS
from ui.i18n import Labels, fmt_int, fmt_pct, fmt_score
from ui.text import FORMULA_START

FORMATS = ("pdf", "docx", "xlsx")


def _row_fmt(col: Col, row: dict[str, Any]) -> str:
    """A column's format for one row: ``by_row`` columns take the row's own (``fmt``)."""
    if col.fmt == "by_row":
        return row.get("fmt", "int")
    if col.fmt == "change_by_row":
        return "change_" + row.get("fmt", "int")
    return col.fmt


def shown(value: Any, fmt: str, labels: Labels) -> str:
    """A value as the brief prints it; protected counts ("<5") and text as they are."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if fmt == "int":
        return fmt_int(value)
    if fmt == "ratio":
        return fmt_pct(value)
    if fmt == "score":
        return fmt_score(value)
    if fmt == "change_int":
        return "±0" if value == 0 else f"{value:+,}"
    if fmt == "change_ratio":
        return labels.plain("tile.points", change=f"{value * 100:+.1f}")
    if fmt == "change_score":
        return f"{value:+.2f}"
    if fmt == "date" and isinstance(value, dt.date):
        return value.isoformat()
    if fmt == "datetime" and isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def _cells(table: Table, labels: Labels) -> list[list[str]]:
    return [
        [shown(r.get(c.key), _row_fmt(c, r), labels) for c in table.columns] for r in table.rows
    ]


def _page_line(labels: Labels) -> tuple[str, str, str]:
    """The footer's words around the page number and the page count ("第 ", " 页，共 ", " 页")."""
    line = labels.plain("brief.page", page="\x00", pages="\x01")
    before, _, rest = line.partition("\x00")
    middle, _, after = rest.partition("\x01")
    return before, middle, after


def _numeric(col: Col) -> bool:
    return col.fmt not in ("text", "date", "datetime")


def _css_class(col: Col) -> str:
    return "num" if _numeric(col) else ("wrap" if col.wrap else "")


# --- PDF ----------------------------------------------------------------------------------

CSS = """
@page {
  size: A4 portrait;
  margin: 14mm 12mm 16mm 12mm;
  @bottom-center { content: %(page)s; font-size: 8pt; color: #666; }
}
html { font-family: "%(font)s", sans-serif; font-size: 8pt; color: #222; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 11pt; margin: 4mm 0 1.5mm; border-bottom: 0.4pt solid #999;
     break-after: avoid; }
h3 { font-size: 9pt; margin: 2mm 0 1mm; break-after: avoid; }
p { margin: 0.8mm 0; }
.cover p { color: #444; }
ul.attention { margin: 1mm 0 0 4mm; padding: 0; }
ul.attention li { margin: 0.4mm 0; }
table { border-collapse: collapse; width: 100%%; margin: 1mm 0 2mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.3pt solid #bbb; padding: 0.35mm 1.2mm; }
th { background: #eef2f7; font-weight: bold; text-align: left; vertical-align: bottom; }
td.num, th.num { text-align: right; }
td { white-space: nowrap; }
td.wrap { white-space: normal; }
.charts { display: flex; gap: 3mm; break-inside: avoid; }
.charts img { width: 84mm; }
"""

TEMPLATE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>{{ css|safe }}</style></head><body>
<h1>{{ title }}</h1>
<div class="cover">{% for line in cover %}<p>{{ line }}</p>{% endfor %}</div>
{% for section in sections %}
<h2>{{ section.title }}</h2>
{% for line in section.lines %}<p>{{ line }}</p>{% endfor %}
{% if section.bullets %}<ul class="attention">{% for b in section.bullets %}<li>{{ b }}</li>
{% endfor %}</ul>{% endif %}
{% if section.charts %}<div class="charts">{% for c in section.charts %}
<img src="data:image/png;base64,{{ c }}">{% endfor %}</div>{% endif %}
{% for t in section.tables %}
{% if t.title != section.title %}<h3>{{ t.title }}</h3>{% endif %}
<table><thead><tr>{% for h, num in t.headers %}<th class="{{ 'num' if num }}">{{ h }}</th>
{% endfor %}</tr></thead><tbody>
{% for row in t.rows %}<tr>{% for v, cls in row %}<td class="{{ cls }}">{{ v }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>
{% endfor %}
{% endfor %}
</body></html>"""


def html(brief: Brief, with_charts: bool = True) -> str:
    """The brief as one self-contained HTML page (its charts inline), the PDF's source."""
    from jinja2 import Environment

    from brief import charts  # matplotlib: loaded when a brief is drawn, not with the page

    labels = Labels(brief.lang)
    before, middle, after = _page_line(labels)
    counter = f'"{before}" counter(page) "{middle}" counter(pages) "{after}"'
    css = CSS % {"font": FONT_FAMILY, "page": counter}

    def section(s: Any, bullets: bool = False) -> dict[str, Any]:
        return {
            "title": s.title,
            "lines": () if bullets else s.lines,
            "bullets": s.lines if bullets else (),
            "charts": [base64.b64encode(charts.png(c)).decode("ascii") for c in s.charts]
            if with_charts
            else [],
            "tables": [
                {
                    "title": t.title,
                    "headers": [(c.label, _numeric(c)) for c in t.columns],
                    "rows": [
                        list(zip(cells, [_css_class(c) for c in t.columns], strict=True))
                        for cells in _cells(t, labels)
                    ],
                }
                for t in s.tables
                if t.in_pdf
            ],
        }

    env = Environment(autoescape=True)
    return env.from_string(TEMPLATE).render(
        lang=brief.lang,
        title=brief.title,
        css=css,
        cover=brief.cover,
        sections=[section(brief.attention, bullets=True), *map(section, brief.sections)],
    )


def pdf(brief: Brief) -> bytes:
    check("pdf")
    from weasyprint import HTML

    return HTML(string=html(brief)).write_pdf()


# --- DOCX ---------------------------------------------------------------------------------


def docx(brief: Brief) -> bytes:
    check("docx")
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    from brief import charts

    labels = Labels(brief.lang)
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Mm(14))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(9)
    normal.font.name = FONT_FAMILY
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT_FAMILY)
    # page numbers in the footer: PAGE / NUMPAGES fields, which Word fills in
    footer = sec.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def field(paragraph: Any, code: str) -> None:
        run = paragraph.add_run()
        for kind, text in (("begin", None), (None, code), ("end", None)):
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            else:
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = text
            run._r.append(el)

    before, middle, after = _page_line(labels)
    footer.add_run(before)
    field(footer, "PAGE")
    footer.add_run(middle)
    field(footer, "NUMPAGES")
    footer.add_run(after)

    doc.add_heading(brief.title, level=0)
    for line in brief.cover:
        doc.add_paragraph(line)

    def add_table(t: Table) -> None:
        if t.title and t.title not in (s.title for s in brief.sections):
            doc.add_paragraph(t.title, style="Heading 3")
        cells = _cells(t, labels)
        table = doc.add_table(rows=1 + len(cells), cols=len(t.columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = table.rows[0]
        header_props = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
        repeat.set(qn("w:val"), "true")
        header_props.append(repeat)
        for n, col in enumerate(t.columns):
            header.cells[n].text = col.label
            header.cells[n].paragraphs[0].runs[0].bold = True
        for r, values in enumerate(cells, start=1):
            row = table.rows[r]
            keep = OxmlElement("w:cantSplit")  # a row is not broken across pages
            row._tr.get_or_add_trPr().append(keep)
            for n, value in enumerate(values):
                para = row.cells[n].paragraphs[0]
                para.text = value
                if _numeric(t.columns[n]):
                    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for row in table.rows:
            for cell in row.cells:
                for para in cell.paragraphs:
                    for run in para.runs:
                        run.font.size = Pt(8)

    for s in (brief.attention, *brief.sections):
        doc.add_heading(s.title, level=1)
        for line in s.lines:
            doc.add_paragraph(line, style="List Bullet" if s is brief.attention else None)
        for c in s.charts:
            doc.add_picture(io.BytesIO(charts.png(c)), width=Mm(85))
        for t in s.tables:
            add_table(t)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- XLSX ---------------------------------------------------------------------------------

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(title: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the book."""
    base = _SHEET_BAD.sub(" ", title).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def xlsx(brief: Brief) -> bytes:
    check("xlsx")
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "remove_timezone": True})
    bold = book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1})
    # a registry text that a spreadsheet would read as a formula stays text
    quoted = book.add_format({"quote_prefix": True})
    formats: dict[str, Any] = {
        fmt: book.add_format({"num_format": excel})
        for fmt, (_, excel) in COLUMN_FORMATS.items()
        if excel is not None
    }
    taken: set[str] = set()
    about = book.add_worksheet(_sheet_name(brief.title, taken))
    about.write(0, 0, brief.title, book.add_format({"bold": True, "font_size": 14}))
    for n, line in enumerate(brief.cover, start=1):
        about.write(n, 0, line)
    row = len(brief.cover) + 2
    about.write(row, 0, brief.attention.title, book.add_format({"bold": True}))
    for n, line in enumerate(brief.attention.lines, start=row + 1):
        about.write(n, 0, line)
    about.set_column(0, 0, 100)
    for table in brief.tables:
        sheet = book.add_worksheet(_sheet_name(table.title, taken))
        for n, col in enumerate(table.columns):
            sheet.write(0, n, col.label, bold)
            sheet.set_column(n, n, max(10, min(40, 2 * len(col.label) + 4)))
        for r, values in enumerate(table.rows, start=1):
            for n, col in enumerate(table.columns):
                value = values.get(col.key)
                fmt = _row_fmt(col, values)
                if value is None:
                    sheet.write_blank(r, n, None)
                elif isinstance(value, dt.datetime):
                    sheet.write_datetime(r, n, value, formats["datetime"])
                elif isinstance(value, dt.date):
                    sheet.write_datetime(
                        r, n, dt.datetime.combine(value, dt.time()), formats["date"]
                    )
                elif isinstance(value, bool | str):
                    text = str(value)
                    if text.startswith(FORMULA_START):
                        sheet.write_string(r, n, text, quoted)
                    else:
                        sheet.write_string(r, n, text)
                elif isinstance(value, int | float):
                    sheet.write_number(r, n, value, formats.get(fmt))
                else:
                    sheet.write_string(r, n, str(value))
        sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue()


RENDERERS: dict[str, Callable[[Brief], bytes]] = {"pdf": pdf, "docx": docx, "xlsx": xlsx}
MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(brief: Brief, fmt: str) -> bytes:
    """The brief in format ``fmt`` (``FORMATS``)."""
    return RENDERERS[fmt](brief)
