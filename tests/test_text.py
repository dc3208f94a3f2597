"""Registry and URL text is text: the escaping helpers, the label catalogue, charts and exports."""

from __future__ import annotations

import ast
import csv
import io
import re

import openpyxl
import plotly.graph_objects as go
import polars as pl
import pytest

from data_access.config import PROJECT_ROOT
from ui.charts import plain_text
from ui.export import csv_bytes, formula_safe, xlsx_bytes
from ui.i18n import Labels
from ui.text import JOINER, Markdown, html, md

ZH = Labels("zh")
LINK = "[点此](http://203.0.113.9/x)"
IMAGE = "![x](http://203.0.113.9/x.png)"
TAG = "<img src=http://203.0.113.9/y onerror=alert(1)>"
ANCHOR = "<a href=http://203.0.113.9>a</a>"
FORMULA = '=HYPERLINK("http://203.0.113.9","x")'


# --- md: Markdown that shows its characters ------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        (LINK, rf"\[点此\](http:{JOINER}//203.0.113.9/x)"),
        (IMAGE, rf"\!\[x\](http:{JOINER}//203.0.113.9/x.png)"),
        (TAG, rf"\<img src=http:{JOINER}//203.0.113.9/y onerror=alert(1)\>"),
        (
            "**b** _i_ `c` ~~s~~ $x$ a|b &amp; \\",
            r"\*\*b\*\* \_i\_ \`c\` \~\~s\~\~ \$x\$ a\|b \&amp; \\",
        ),
        (
            ":red[红] :material/home: :smile:",
            f":{JOINER}red\\[红\\] :{JOINER}material/home: :{JOINER}smile:",
        ),
        ("www.example.org a@b.org", f"www{JOINER}.example.org a@{JOINER}b.org"),
        ("# 标题", r"\# 标题"),
        ("- 项", r"\- 项"),
        ("1. 项", r"1\. 项"),
        ("上\n# 下", "上 # 下"),
    ],
)
def test_md_escapes_markdown_and_streamlit_extensions(raw: str, escaped: str) -> None:
    assert md(raw) == escaped
    assert isinstance(md(raw), Markdown)


@pytest.mark.parametrize(
    "benign",
    [
        "爱和社区",
        "AH-01 · 建新小区(北)",
        "2026-03-10",
        "10:30",
        "1,234",
        "12.5%",
        "-3",
        "6+",
        "备注: 无",
    ],
)
def test_md_leaves_ordinary_names_numbers_and_days_alone(benign: str) -> None:
    assert md(benign) == benign


def test_md_escapes_once() -> None:
    assert md(md(LINK)) == md(LINK)


def test_html_escapes_tags_and_ampersands() -> None:
    assert html(ANCHOR + " & 'x'") == (
        "&lt;a href=http://203.0.113.9&gt;a&lt;/a&gt; &amp; &#x27;x&#x27;"
    )


# --- the label catalogue: values escaped by default, plain on request ----------------------


def test_labels_escape_interpolated_values() -> None:
    text = ZH("filter.bad_code", kind=ZH("filter.community"), code=LINK)
    assert md(LINK) in text
    assert ZH("filter.community") in text, "a label given as a value is not escaped again"
    assert isinstance(text, Markdown)


def test_labels_leave_numbers_and_days_as_they_are() -> None:
    assert ZH("filter.default_day", day="2026-03-10") == ZH.plain(
        "filter.default_day", day="2026-03-10"
    )


def test_plain_labels_keep_values_as_they_are() -> None:
    assert LINK in ZH.plain("filter.bad_code", kind=ZH("filter.community"), code=LINK)


# --- plotly: strings shown as text, our own markup kept --------------------------------------


def test_figures_show_registry_names_as_text() -> None:
    fig = go.Figure(
        go.Bar(
            x=[1],
            y=[ANCHOR],
            name=TAG,
            hovertemplate="%{y}<br><b>x</b>: %{x}<extra>" + ANCHOR + "</extra>",
        )
    )
    fig.update_layout(title={"text": "A & B " + ANCHOR})
    safe = plain_text(fig)
    trace = safe.data[0]
    assert list(trace.y) == ["&lt;a href=http://203.0.113.9&gt;a&lt;/a&gt;"]
    assert trace.name == "&lt;img src=http://203.0.113.9/y onerror=alert(1)&gt;"
    assert trace.hovertemplate == (
        "%{y}<br><b>x</b>: %{x}<extra>&lt;a href=http://203.0.113.9&gt;a&lt;/a&gt;</extra>"
    )
    assert safe.layout.title.text == "A &amp; B &lt;a href=http://203.0.113.9&gt;a&lt;/a&gt;"


def test_every_chart_is_drawn_through_ui_charts() -> None:
    direct = [
        f"{path.relative_to(PROJECT_ROOT)}:{number}"
        for folder in ("pages", "ui")
        for path in (PROJECT_ROOT / folder).rglob("*.py")
        if path.name != "charts.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"(?<!charts)\.plotly_chart\(", line)
    ]
    assert not direct, direct


# --- exports: no formula in a spreadsheet ----------------------------------------------------


@pytest.mark.parametrize("text", [FORMULA, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_starts_are_neutralised(text: str) -> None:
    assert formula_safe(text) == "'" + text


def test_ordinary_text_is_kept() -> None:
    assert formula_safe("爱和社区 = 1") == "爱和社区 = 1"


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "姓名": [FORMULA, "+1+1", "张*明"],
            "变化": [-3, 2, 0],
            "得分": [-1.5, None, 2.0],
            "=表头": ["@SUM(A1)", "http://203.0.113.9", "ok"],
        }
    )


def test_csv_neutralises_text_cells_and_keeps_numbers() -> None:
    rows = list(csv.reader(io.StringIO(csv_bytes(_frame()).decode("utf-8-sig"))))
    assert rows == [
        ["姓名", "变化", "得分", "'=表头"],
        ["'" + FORMULA, "-3", "-1.5", "'@SUM(A1)"],
        ["'+1+1", "2", "", "http://203.0.113.9"],
        ["张*明", "0", "2.0", "ok"],
    ]


def test_xlsx_writes_strings_as_strings_and_numbers_as_numbers() -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"表": _frame()})))
    cells = [[c for c in row] for row in book.active.iter_rows()]
    assert [c.value for c in cells[0]] == ["姓名", "变化", "得分", "=表头"]
    assert all(c.data_type != "f" and c.hyperlink is None for row in cells for c in row)
    assert (cells[1][0].value, cells[1][0].data_type, cells[1][0].quotePrefix) == (
        FORMULA,
        "s",
        True,
    )
    assert cells[0][3].quotePrefix and cells[1][3].quotePrefix and cells[2][0].quotePrefix
    assert not cells[3][0].quotePrefix and not cells[2][3].quotePrefix
    assert [cells[r][1].value for r in (1, 2, 3)] == [-3, 2, 0]
    assert cells[1][2].value == -1.5 and cells[1][2].data_type == "n"


def test_no_page_icon_becomes_a_favicon_fetched_from_outside() -> None:
    """A ``:material/…:`` icon on ``st.Page`` is the tab's favicon, which the browser fetches from
    fonts.gstatic.com (seen in Chromium, depending on timing): app.py gives its pages none."""
    tree = ast.parse((PROJECT_ROOT / "app.py").read_text(encoding="utf-8"))
    pages = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "Page"
    ]
    assert pages, "app.py builds its pages with st.Page"
    assert not [k.arg for p in pages for k in p.keywords if k.arg == "icon"]


def test_html_is_one_line_so_markdown_never_reads_the_rest() -> None:
    from ui.grid_map_view import ColorClass, legend_html

    name = "北区\n\n[点此](http://203.0.113.9/x) <b>x</b>"
    assert html(name) == "北区 [点此](http://203.0.113.9/x) &lt;b&gt;x&lt;/b&gt;"
    legend = legend_html(name, [ColorClass("<5", "#ffffff"), ColorClass(name, "#000000")])
    # one HTML block: a blank line inside st.markdown would end it and let Markdown make a link
    assert "\n" not in legend and "<b>x</b>" not in legend and "&lt;5" in legend
