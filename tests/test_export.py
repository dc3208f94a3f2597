"""Downloads say what they hold: file names with scope and day, the About sheet, real dates,
percentage formats, the same columns in the CSV; registry text stays text (no formula)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import polars as pl
import pytest

from ui.export import (
    About,
    Sheet,
    csv_bytes,
    describe_scope,
    file_name,
    generated_by,
    safe_file_part,
    xlsx_bytes,
)
from ui.i18n import Labels
from ui.table import Column, Table

ZH, EN = Labels("zh"), Labels("en")
DAY = dt.date(2026, 3, 10)
AT = dt.datetime(2026, 3, 11, 9, 30, 5)

COMMUNITIES = pl.DataFrame(
    {
        "code": ["AH", "JF", "SH", "FL"],
        "name": ["爱和社区", "解放社区", "三河社区", "丰乐社区"],
        "township": ["上派镇"] * 4,
    }
)
GRIDS = pl.DataFrame(
    {
        "code": ["AH-01", "AH-02", "AH-03", "AH-04", "JF-01", "SH-01", "FL-01"],
        "name": ["建新小区", "商业街", "站前", "人民", "解放一组", "三河一组", "丰乐一组"],
        "community_code": ["AH", "AH", "AH", "AH", "JF", "SH", "FL"],
        "community_name": ["爱和社区"] * 4 + ["解放社区", "三河社区", "丰乐社区"],
        "area_id": [1, 1, 2, None, None, None, None],
        "area_name": ["建新片", "建新片", "站前片", None, None, None, None],
    },
    schema_overrides={"area_id": pl.Int64},
)


def scope(labels: Labels = ZH, communities=(), areas=(), grids=(), in_scope=None, frame=GRIDS):
    if in_scope is None:
        chosen = frame
        if communities:
            chosen = chosen.filter(pl.col("community_code").is_in(list(communities)))
        if areas:
            chosen = chosen.filter(pl.col("area_id").is_in(list(areas)))
        if grids:
            chosen = chosen.filter(pl.col("code").is_in(list(grids)))
        in_scope = chosen["code"].to_list()
    communities_frame = COMMUNITIES.filter(
        pl.col("code").is_in(frame["community_code"].unique().to_list())
    )
    return describe_scope(
        labels,
        communities_frame,
        frame,
        chosen_communities=communities,
        chosen_areas=areas,
        chosen_grids=grids,
        in_scope=in_scope,
    )


# --- file names ---------------------------------------------------------------------------


def test_one_community_names_the_file_by_community_and_month() -> None:
    words, file_scope, filters = scope(communities=("AH",))
    about = About(ZH, words, file_scope, DAY, filters, generated_by(ZH))
    assert about.file_name("网格员考核", "xlsx", "2026-06") == "网格员考核-爱和社区-2026-06.xlsx"
    assert about.file_name("90天未走访住户", "csv") == "90天未走访住户-爱和社区-2026-03-10.csv"
    assert words == "爱和社区：1 个社区，4 个网格"
    assert dict(filters)["社区"] == "爱和社区（AH）" and dict(filters)["网格"] == "全部"


def test_a_registry_of_one_community_is_named_by_it_without_a_filter() -> None:
    frame = GRIDS.filter(pl.col("community_code") == "JF")
    _, file_scope, _ = scope(frame=frame)
    assert file_scope == "解放社区"


def test_chosen_grids_name_the_file_by_their_codes() -> None:
    _, one, _ = scope(grids=("AH-01",))
    assert one == "AH-01_建新小区"
    words, two, filters = scope(communities=("AH",), grids=("AH-01", "AH-02"))
    assert two == "AH-01_AH-02"
    assert words == "AH-01、AH-02：1 个社区，2 个网格"
    assert dict(filters)["网格"] == "AH-01 建新小区、AH-02 商业街"
    _, many, _ = scope(grids=("AH-01", "AH-02", "AH-03", "JF-01", "SH-01"))
    assert many == "AH-01_AH-02_AH-03等5个网格"
    _, many_en, _ = scope(EN, grids=("AH-01", "AH-02", "AH-03", "JF-01", "SH-01"))
    assert file_name("x", many_en, "2026-03-10", "csv") == (
        "x-AH-01_AH-02_AH-03-etc.-(5-grids)-2026-03-10.csv"
    )


def test_areas_name_the_file_by_community_and_area() -> None:
    _, file_scope, filters = scope(areas=(1,))
    assert file_scope == "爱和社区建新片"
    assert dict(filters)["责任片"] == "爱和社区 · 建新片"


def test_all_communities_of_one_township_are_the_township() -> None:
    words, file_scope, filters = scope()
    assert file_scope == "上派镇"
    assert words == "上派镇：4 个社区，7 个网格"
    assert dict(filters) == {"社区": "全部", "责任片": "全部", "网格": "全部"}


def test_communities_of_several_townships_are_all_communities() -> None:
    several = COMMUNITIES.with_columns(township=pl.Series(["上派镇", "桃花镇", "上派镇", "桃花镇"]))
    for labels, expected in ((ZH, "全部社区"), (EN, "all communities")):
        _, file_scope, _ = describe_scope(
            labels,
            several,
            GRIDS,
            chosen_communities=(),
            chosen_areas=(),
            chosen_grids=(),
            in_scope=GRIDS["code"].to_list(),
        )
        assert file_scope == expected
    assert file_name("Grid figures", "all communities", "2026-03-10", "csv") == (
        "Grid-figures-all-communities-2026-03-10.csv"
    )


def test_several_chosen_communities_are_named() -> None:
    _, two, _ = scope(communities=("AH", "JF"))
    assert two == "爱和社区_解放社区"
    _, four, _ = scope(communities=("AH", "JF", "SH", "FL"))
    assert four == "爱和社区_解放社区_三河社区等4个社区"


@pytest.mark.parametrize("bad", ["/", "\\", ":", "*", "?", '"', "<", ">", "|", "\n", "\x00"])
def test_file_names_hold_nothing_a_file_system_refuses(bad: str) -> None:
    name = file_name(f"名{bad}单", f"社{bad}区", "2026-03-10", "xlsx")
    assert bad not in name
    assert name.endswith("-2026-03-10.xlsx")


def test_a_blank_or_endless_name_still_makes_a_file_name() -> None:
    assert safe_file_part("  ..  ") == "_"
    assert len(safe_file_part("网" * 500)) == 60


def test_generated_by_names_the_app_until_a_user_signs_in() -> None:
    assert generated_by(ZH) == "社区网格化管理看板（未登录，无用户信息）"
    assert generated_by(EN) == "Community Grid Dashboard (no user signed in)"
    assert generated_by(ZH, "张三") == "张三（经社区网格化管理看板）"


# --- the workbook ---------------------------------------------------------------------------


def _table(labels: Labels = ZH) -> Table:
    return Table(
        [
            Column("grid", labels("col.grid")),
            Column("households", labels("visits.col.households"), "int"),
            Column("coverage", labels("visits.col.coverage_90d"), "ratio"),
            Column("registered_on", labels("visits.col.registered_on"), "date"),
            Column(
                "last_visit",
                labels("visits.col.last_visit"),
                "date",
                empty=labels.plain("visits.never"),
            ),
            Column("reported_at", labels("col.reported_at"), "datetime"),
            Column("score", labels("workers.col.total"), "score"),
        ]
    )


ROWS = pl.DataFrame(
    {
        "grid": ["AH-01", '=HYPERLINK("http://x")'],
        "households": [120, 0],
        "coverage": [0.9812, None],
        "registered_on": [dt.date(2026, 1, 2), dt.date(2026, 2, 3)],
        "last_visit": [dt.date(2026, 3, 1), None],
        "reported_at": [dt.datetime(2026, 3, 9, 14, 5), dt.datetime(2026, 3, 10, 8, 0)],
        "score": [84.35, -1.5],
    }
)


def _about() -> About:
    words, file_scope, filters = scope(communities=("AH",))
    about = About(ZH, words, file_scope, DAY, filters, generated_by(ZH))
    return about.with_filters(("考核月份", "2026-02")).with_notes("个人信息已脱敏。")


def _book(about: About | None = None) -> openpyxl.Workbook:
    sheet = _table().sheet("未走访住户", ROWS)
    data = xlsx_bytes([sheet], about=about or _about(), what="90天未走访住户", generated_at=AT)
    return openpyxl.load_workbook(io.BytesIO(data))


def test_the_first_sheet_says_scope_day_filters_and_who_made_it_when() -> None:
    book = _book()
    assert book.sheetnames == ["说明", "未走访住户"]
    about = {row[0]: row[1] for row in book["说明"].iter_rows(min_row=2, values_only=True)}
    assert about["导出内容"] == "90天未走访住户"
    assert about["范围"] == "爱和社区：1 个社区，4 个网格"
    assert about["截至日期"] == dt.datetime(2026, 3, 10)
    assert book["说明"]["B4"].is_date
    assert about["筛选：社区"] == "爱和社区（AH）"
    assert about["筛选：责任片"] == "全部" and about["筛选：网格"] == "全部"
    assert about["筛选：考核月份"] == "2026-02"
    assert about["生成时间（北京时间）"] == AT
    assert about["生成者"] == "社区网格化管理看板（未登录，无用户信息）"
    assert about["工作表"] == "未走访住户"
    assert about["备注"] == "个人信息已脱敏。"


def test_the_about_sheet_speaks_english_in_english() -> None:
    words, file_scope, filters = scope(EN, communities=("AH",))
    about = About(EN, words, file_scope, DAY, filters, generated_by(EN))
    data = xlsx_bytes([_table(EN).sheet("List", ROWS)], about=about, what="List")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["About", "List"]
    items = [row[0] for row in book["About"].iter_rows(values_only=True)]
    assert items[:4] == ["Item", "Contents", "Scope", "As of"]
    assert "Filter: Community" in items and "Generated at (Asia/Shanghai)" in items


def test_dates_are_dates_ratios_percentages_and_numbers_numbers() -> None:
    sheet = _book()["未走访住户"]
    header = [c.value for c in sheet[1]]
    cells = {name: (sheet.cell(2, i + 1), sheet.cell(3, i + 1)) for i, name in enumerate(header)}
    first, _ = cells["登记日期"]
    assert first.is_date and first.value == dt.datetime(2026, 1, 2)
    assert first.number_format == "yyyy-mm-dd"
    reported, _ = cells["上报时间"]
    assert reported.is_date and reported.value == dt.datetime(2026, 3, 9, 14, 5)
    assert reported.number_format == "yyyy-mm-dd hh:mm"
    coverage, empty = cells["90 天覆盖率"]
    assert coverage.value == 0.9812 and coverage.number_format == "0.0%"
    assert empty.value is None
    visited, never = cells["最近走访"]
    assert visited.is_date and never.value == "从未走访"
    assert cells["在册住户"][0].value == 120 and cells["在册住户"][0].number_format == "#,##0"
    assert cells["总分"][1].value == -1.5 and cells["总分"][1].number_format == "0.00"


def test_registry_text_is_never_a_formula_in_the_workbook() -> None:
    book = _book()
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" and c.hyperlink is None for c in cells)
    link = next(c for c in cells if isinstance(c.value, str) and c.value.startswith("=HYPER"))
    assert link.data_type == "s" and link.quotePrefix


def test_formula_text_in_the_scope_is_text_on_the_about_sheet() -> None:
    about = About(ZH, "=1+1", "x", DAY, (("社区", "@SUM(A1)"),), "+me")
    book = _book(about)
    values = {c.value: c for row in book["说明"].iter_rows() for c in row}
    for text in ("=1+1", "@SUM(A1)", "+me"):
        assert values[text].data_type == "s" and values[text].quotePrefix


def test_the_csv_holds_the_data_sheet_columns_with_percentages_and_iso_dates() -> None:
    sheet = _table().sheet("未走访住户", ROWS)
    rows = list(csv.reader(io.StringIO(csv_bytes(sheet).decode("utf-8-sig"))))
    book = _book()["未走访住户"]
    assert rows[0] == [c.value for c in book[1]]
    assert rows[1] == [
        "AH-01",
        "120",
        "98.12%",
        "2026-01-02",
        "2026-03-01",
        "2026-03-09 14:05:00",
        "84.35",
    ]
    assert rows[2] == [
        '\'=HYPERLINK("http://x")',
        "0",
        "",
        "2026-02-03",
        "从未走访",
        "2026-03-10 08:00:00",
        "-1.5",
    ]


def test_a_repeated_or_long_sheet_title_still_makes_a_workbook() -> None:
    frame = pl.DataFrame({"a": [1]})
    data = xlsx_bytes([Sheet("同名" * 20, frame), Sheet("同名" * 20, frame), Sheet("a/b", frame)])
    names = openpyxl.load_workbook(io.BytesIO(data)).sheetnames
    assert len(set(names)) == 3 and all(len(n) <= 31 for n in names) and "a_b" in names


def test_an_unknown_column_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown column format"):
        Column("x", "X", "percentage")
