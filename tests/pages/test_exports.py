"""Every download of every page, on the tiny registry: a table never comes without our own
CSV / Excel buttons; each file is named ``<what>-<scope>-<day or month>``; each workbook opens on
the About sheet (scope, day, filters, generated at and by); the CSV holds the data sheet's
columns; the committee workbook has the flags sheet; the data-quality list names tables and
fields by their labels."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from data_access import schema
from tests.data_access.tiny import AS_OF
from tests.pages.conftest import no_exceptions
from tests.support.downloads import Download
from ui.i18n import TEXT, Labels
from ui.nav import FIGURE_PAGES

ZH = Labels("zh")
DAY = AS_OF.isoformat()
MONTH = re.compile(r"\d{4}-\d{2}")


def about_of(download: Download) -> dict[str, object]:
    book = download.book()
    assert book.sheetnames[0] == "说明", book.sheetnames
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == ["项目", "内容"]
    return {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}


def check_pair(downloads: dict[str, Download], table: str, scope: str, day: str = DAY) -> None:
    """The CSV and the workbook of one table: names, About sheet, the same columns."""
    csv_file, xlsx_file = downloads[f"{table}_csv"], downloads[f"{table}_xlsx"]
    stem = csv_file.file_name.removesuffix(".csv")
    assert xlsx_file.file_name == stem + ".xlsx"
    what, period = stem.split(f"-{scope}-")
    assert what and (period == day or MONTH.fullmatch(period)), stem
    about = about_of(xlsx_file)
    assert about["范围"].startswith(scope.replace("_", " ")) or scope == "上派镇", about["范围"]
    assert about["截至日期"] == dt.datetime.fromisoformat(day)
    for name in ("社区", "责任片", "网格"):
        assert f"筛选：{name}" in about
    generated = about["生成时间（北京时间）"]
    assert isinstance(generated, dt.datetime)
    assert abs(generated - dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=8)) < (
        dt.timedelta(minutes=10)
    )
    assert about["生成者"] == "测试书记（tester）（经社区网格化管理看板）"
    header = next(csv.reader(io.StringIO(csv_file.text())))
    first_data = xlsx_file.book().worksheets[1]
    assert header == [c.value for c in first_data[1]], (table, header)


SCOPES = {
    "community": ({"community": "AH"}, "爱和社区"),
    "grid": ({"grid": "AH-01"}, "AH-01_建新小区"),
    "all": ({}, "上派镇"),
}


#: where a page's tables have rows on the tiny registry: the overview's needs-attention lists
#: with JF in scope, the care gap once the disabled resident's 30 days without a visit are up
WHERE = {"overview": ("all", DAY), "special_groups": ("community", "2026-06-30")}


@pytest.mark.parametrize("page", FIGURE_PAGES, ids=[p.key for p in FIGURE_PAGES])
def test_every_table_has_downloads_named_by_scope_and_day(tiny_page, downloads, page) -> None:
    where, day = WHERE.get(page.key, ("community", DAY))
    query, scope = SCOPES[where]
    at = tiny_page(page.path, as_of=day, **query)
    no_exceptions(at)
    # a table's buttons (the overview's brief button is tests/pages/test_brief_button.py's)
    found = {k: d for k, d in downloads.of(at).items() if k.endswith(("_csv", "_xlsx"))}
    tables = {key.rsplit("_", 1)[0] for key in found}
    assert at.dataframe, "the page shows a table on the tiny registry"
    # every table its two buttons
    assert len(found) >= 2 * len(at.dataframe), (page.key, sorted(found))
    for table in tables:
        check_pair(found, table, scope, day)


@pytest.mark.parametrize("where", ["grid", "all"])
@pytest.mark.parametrize("page", ["pages/visits.py", "pages/incidents.py"])
def test_the_file_name_says_the_grids_or_the_township(tiny_page, downloads, page, where) -> None:
    query, scope = SCOPES[where]
    at = tiny_page(page, as_of=DAY, **query)
    no_exceptions(at)
    found = downloads.of(at)
    assert found
    for table in {key.rsplit("_", 1)[0] for key in found}:
        check_pair(found, table, scope)


def test_the_committee_workbook_has_every_month_and_the_flags(tiny_page, downloads) -> None:
    at = tiny_page("pages/workers.py", as_of=DAY, community="AH")
    no_exceptions(at)
    month = at.selectbox(key="workers_month").value
    found = downloads.of(at)
    workbook = found["workers_xlsx"]
    assert workbook.file_name == f"网格员考核-爱和社区-{month}.xlsx"
    book = workbook.book()
    assert book.sheetnames[0] == "说明" and book.sheetnames[1] == month
    assert book.sheetnames[-1] == "评分与证据不一致"
    about = about_of(workbook)
    assert about["筛选：考核月份"] == month and about["筛选：角色"] == "全部"
    assert about["筛选：阈值"].startswith("按本表四分位")
    sheet = book[month]
    header = [c.value for c in sheet[1]]
    rate = header.index("巡查率") + 1
    assert sheet.cell(2, rate).number_format == "0.0%"
    csv_file = found["workers_csv"]
    assert csv_file.file_name == f"网格员考核-爱和社区-{month}.csv"
    assert next(csv.reader(io.StringIO(csv_file.text()))) == header


def test_the_role_and_fixed_thresholds_are_stated(tiny_page, downloads) -> None:
    at = tiny_page("pages/workers.py", as_of=DAY, community="AH")
    at.radio(key="workers_role").set_value("grid_worker").run()
    at.radio(key="workers_threshold_mode").set_value("fixed").run()
    no_exceptions(at)
    about = about_of(downloads.of(at)["workers_xlsx"])
    assert about["筛选：角色"] == "网格员"
    assert about["筛选：阈值"].startswith("自定义")


def test_a_masked_list_says_so_and_keeps_dates_as_dates(tiny_page, downloads) -> None:
    at = tiny_page("pages/rentals.py", as_of=DAY, community="AH")
    no_exceptions(at)
    workbook = downloads.of(at)["rentals_follow_up_xlsx"]
    about = about_of(workbook)
    assert about["备注"] == "个人信息已脱敏。"
    assert about["筛选：列出"] == "未签责任书或 90 天未检查"
    sheet = workbook.book().worksheets[1]
    header = [c.value for c in sheet[1]]
    signed = sheet.cell(2, header.index("责任书签订日期") + 1)
    assert signed.is_date and signed.number_format == "yyyy-mm-dd"


SCHEMA_TABLES = {t.name for t in schema.metadata.sorted_tables}
SCHEMA_COLUMNS = {c.name for t in schema.metadata.sorted_tables for c in t.columns}
TABLE_LABELS = {v[0] for k, v in TEXT.items() if k.startswith("quality.table.")}
FIELD_LABELS = {v[0] for k, v in TEXT.items() if k.startswith("quality.field.")}


@pytest.mark.parametrize("code", ["DQ07", "DQ08", "DQ14", "DQ16", "DQ20", "DQ22"])
def test_the_data_quality_list_names_tables_and_fields_by_their_labels(
    tiny_page, downloads, code: str
) -> None:
    at = tiny_page("pages/data_quality.py", as_of=DAY)
    at.selectbox(key="dq_check").set_value(code).run()
    no_exceptions(at)
    found = downloads.of(at)
    shown = next(d.value for d in at.dataframe if "记录编号" in d.value.columns)
    rows = list(csv.DictReader(io.StringIO(found["dq_list_csv"].text())))
    assert rows and len(rows) == len(shown)
    for table in (shown["表"].tolist(), [r["表"] for r in rows]):
        assert set(table) <= TABLE_LABELS and not set(table) & SCHEMA_TABLES, table
    if "字段" in shown.columns:
        for fields in (shown["字段"].tolist(), [r["字段"] for r in rows]):
            parts = {p for f in fields for p in re.split(r" → |、", f)}
            assert parts <= FIELD_LABELS and not parts & SCHEMA_COLUMNS, fields
    assert found["dq_list_xlsx"].book().sheetnames[1].startswith(code)
    assert found["dq_list_csv"].file_name == f"数据质量{code}-上派镇-{DAY}.csv"
