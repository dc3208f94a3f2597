"""The data-quality page (数据质量) through app.py on the demo registry, widgets by key."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

import polars as pl
import pytest

from data_access import quality as dq
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics import quality as mq
from metrics.privacy import Disclosure, shown_text
from tests.pages.conftest import metric_values, no_exceptions
from tests.pages.test_disclosure import allowed
from ui.i18n import Labels

PAGE = "pages/data_quality.py"
DAY = dt.date(2026, 3, 10)
LATE = dt.date(2026, 11, 27)
ZH = Labels("zh")


def table_with(at, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.fixture(scope="module")
def registry(demo_sqlite: Path) -> Registry:
    return Registry.open(str(demo_sqlite))


def totals(registry: Registry, day: dt.date, **filters) -> dict[str, int]:
    """Every check's total straight from data_access and metrics."""
    rs = registry.resolve(Scope(as_of=day, **filters), day)
    with registry.connect() as conn:
        counts = [
            dq.check_counts(conn, rs, code).with_columns(check=pl.lit(code))
            for code in mq.SQL_CHECKS
        ]
        faults = pl.concat(
            [mq.EMPTY_FAULTS, *map(mq.id_number_faults, dq.identity_chunks(conn, rs))]
        )
    long = pl.concat([*(c.select(list(mq.COUNT_SCHEMA)) for c in counts), mq.fault_counts(faults)])
    return mq.totals(long)


@pytest.fixture(scope="module")
def late_totals(registry: Registry) -> dict[str, int]:
    """Every check's total on the whole demo on LATE (computed once for the module)."""
    return totals(registry, LATE)


def listed(registry: Registry, day: dt.date, code: str, offset: int, **filters):
    rs = registry.resolve(Scope(as_of=day, **filters), day)
    with registry.connect() as conn:
        return dq.check_list(conn, rs, code, offset, 50)


def copy_of(registry: Path, tmp_path: Path, *statements: str) -> str:
    copy = tmp_path / "registry.sqlite"
    copy.write_bytes(registry.read_bytes())
    with sqlite3.connect(copy) as db:
        for statement in statements:
            db.execute(statement)
    return f"sqlite:///{copy}"


def test_counts_equal_the_checks(app_page, late_totals: dict[str, int]) -> None:
    at = app_page(PAGE, as_of=LATE.isoformat())
    no_exceptions(at)
    assert at.title[0].value == "数据质量"
    expected = late_totals
    failing = sum(1 for n in expected.values() if n)
    assert failing > 0
    tiles = metric_values(at)
    assert tiles["发现问题的规则"] == f"{failing} / {len(mq.CHECKS)}"
    assert tiles["问题记录（条）"] == f"{sum(expected.values()):,}"
    checks = table_with(at, "说明")
    assert dict(zip(checks["编号"], checks["问题记录"], strict=True)) == expected
    per_grid = table_with(at, "网格名称")
    for code, n in expected.items():
        if n:  # a check's column is headed by its title, not its code
            assert int(per_grid[ZH.plain(f"quality.check.{code.lower()}")].sum()) == n
    assert not any(re.fullmatch(r"DQ\d\d", str(header)) for header in per_grid.columns)


def test_drill_down_by_check_is_paged_and_masked(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=LATE.isoformat())
    at.selectbox(key="dq_check").set_value("DQ16").run()
    no_exceptions(at)
    first, total = listed(registry, LATE, "DQ16", 0)
    assert total > 50
    assert any(f"DQ16 问题记录：共 {total:,} 条" in m.value for m in at.markdown)
    shown = table_with(at, "记录编号")
    assert shown["记录编号"].tolist() == first["record_id"].to_list()
    assert all("*" in a for a in shown["地址"])  # addresses below the building are masked
    at.number_input(key="dq_page").set_value(2).run()
    second, _ = listed(registry, LATE, "DQ16", 50)
    assert table_with(at, "记录编号")["记录编号"].tolist() == second["record_id"].to_list()


def test_choosing_another_check_starts_at_its_first_page(app_page) -> None:
    at = app_page(PAGE, as_of=LATE.isoformat())
    at.selectbox(key="dq_check").set_value("DQ16").run()
    at.number_input(key="dq_page").set_value(3).run()
    at.selectbox(key="dq_check").set_value("DQ18").run()
    no_exceptions(at)
    assert at.number_input(key="dq_page").value == 1


def test_sensitive_memberships_are_counted_not_listed(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=DAY.isoformat(), community="AH")
    at.selectbox(key="dq_check").set_value("DQ20").run()
    no_exceptions(at)
    _, shown_total = listed(registry, DAY, "DQ20", 0, communities=("AH",))
    total = totals(registry, DAY, communities=("AH",))["DQ20"]
    assert total > shown_total  # pregnancies and the like started after the day
    assert any(f"另有 {total - shown_total:,} 条" in c.value for c in at.caption)
    tables = set(table_with(at, "记录编号")["表"])
    assert tables and "人员人群身份" not in tables and "resident_group" not in tables


def test_a_faulty_identity_number_is_listed_masked(
    tiny_page, tiny_sqlite: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a copy of the tiny registry, whose residents carry no identity number, resident 1
    (张三, active) gets GB 11643's own example number with its check digit changed: DQ01 lists
    that one row, the number and the name masked."""
    valid = "11010519491231002X"
    wrong = valid[:17] + "0"
    url = copy_of(tiny_sqlite, tmp_path, f"UPDATE resident SET id_number = '{wrong}' WHERE id = 1")
    monkeypatch.setenv("REGISTRY_DB_URL", url)
    at = tiny_page(PAGE, as_of=LATE.isoformat())
    at.selectbox(key="dq_check").set_value("DQ01").run()
    no_exceptions(at)
    shown = table_with(at, "身份证号")
    assert shown["记录编号"].tolist() == [1]
    assert shown["身份证号"].tolist() == [wrong[:4] + "*" * 12 + wrong[-2:]]
    assert "*" in shown["姓名"][0]


def test_a_check_without_findings_says_so(app_page) -> None:
    at = app_page(PAGE, as_of=LATE.isoformat())
    at.selectbox(key="dq_check").set_value("DQ05").run()
    no_exceptions(at)
    assert any("未发现问题记录" in s.value for s in at.success)


def test_english_labels(app_page, late_totals: dict[str, int]) -> None:
    at = app_page(PAGE, as_of=LATE.isoformat(), lang="en")
    no_exceptions(at)
    assert at.title[0].value == "Data quality"
    checks = table_with(at, "Description")
    assert checks["Check"].tolist()[0] == "ID number fails the check digit"
    assert metric_values(at)["Rows reported"] == f"{sum(late_totals.values()):,}"


def test_the_township_office_cannot_subtract_the_rows_held_back(
    app_page, registry: Registry, township_office
) -> None:
    """Issue 11's subtraction on this page: a check's total minus the rows listed would tell a
    role without personal-data access how many rows about a sensitive group's membership were
    held back. Its exact figures count only the rows it may list; those held back are shown
    apart, "<5" or rounded (``metrics.privacy``)."""
    code = "DQ20"
    rs = registry.resolve(Scope(as_of=DAY, communities=("AH",)), DAY)
    with registry.connect() as conn:
        counts = dq.check_counts(conn, rs, code)
    small = counts.filter(pl.col("sensitive").is_between(1, 4)).sort("grid_id")
    assert small.height, "the demo has a grid with 1 to 4 rows held back that day"
    grid_code = rs.grids.filter(pl.col("id") == small["grid_id"][0])["code"][0]
    exact = totals(registry, DAY, grids=(grid_code,))
    _, may_list = listed(registry, DAY, code, 0, grids=(grid_code,))
    hidden = exact[code] - may_list
    assert 1 <= hidden <= 4

    at = app_page(PAGE, signed_in=township_office, as_of=DAY.isoformat(), grid=grid_code)
    at.selectbox(key="dq_check").set_value(code).run()
    no_exceptions(at)
    checks = table_with(at, "说明")
    row = checks[checks["编号"] == code].iloc[0]
    # the count is the rows it may list, and the list says as many: nothing to subtract
    assert int(row["问题记录"]) == may_list
    assert any(f"{code} 问题记录：共 {may_list:,} 条" in m.value for m in at.markdown)
    assert row["另有敏感人群类别记录（不列出）"] == "<5"
    assert hidden in allowed(row["另有敏感人群类别记录（不列出）"])
    per_grid = table_with(at, "网格名称")
    assert int(per_grid[ZH.plain(f"quality.check.{code.lower()}")].sum()) == may_list
    captions = [c.value.replace("\\<", "<") for c in at.caption]  # markdown escapes "<"
    assert any("各网格数字不含" in c and "共 <5 条" in c for c in captions)
    assert any(c.startswith("另有 <5 条") for c in captions)
    held_back_total = sum(
        exact[c]
        - (listed(registry, DAY, c, 0, grids=(grid_code,))[1] if c in dq.SQL_CHECKS else exact[c])
        for c in exact
    )
    assert metric_values(at)["问题记录（条）"] == f"{sum(exact.values()) - held_back_total:,}"
    # the same figures to the secretary: exact, the rows held back included
    at = app_page(PAGE, as_of=DAY.isoformat(), grid=grid_code)
    at.selectbox(key="dq_check").set_value(code).run()
    checks = table_with(at, "说明")
    row = checks[checks["编号"] == code].iloc[0]
    assert int(row["问题记录"]) == exact[code]
    assert row["其中敏感人群类别记录（不列出）"] == shown_text(hidden, True, Disclosure.EXACT)
    assert any(f"另有 {hidden} 条" in c.value for c in at.caption)
