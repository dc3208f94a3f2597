"""特殊人群 in headless Chromium on the demo: counts (exact to a secretary, "<5" and multiples of 5
to the township office), the masked list and its download."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
from playwright.sync_api import Browser, Page, expect

from auth.roles import Role
from commands.metrics_cli import run_snapshot
from data_access.loaders import Registry
from data_access.scope import Scope
from tests.e2e.helpers import (
    SCRIPT_TIMEOUT_MS,
    new_context,
    screenshot,
    tile_values,
    wait_for_script,
)
from tests.support.accounts import Accounts

AS_OF = dt.date(2026, 3, 10)
#: heatmap, trend, care gap per grid
CHARTS = 3


def _open(page: Page, base: str, query: str, heading: str) -> None:
    page.goto(f"{base}/special_groups?{query}")
    wait_for_script(page, heading)
    charts = page.locator('[data-testid="stPlotlyChart"]')
    expect(charts).to_have_count(CHARTS, timeout=SCRIPT_TIMEOUT_MS)
    for chart in charts.all():
        chart.scroll_into_view_if_needed()
        expect(chart.locator(".main-svg").first).to_be_visible(timeout=SCRIPT_TIMEOUT_MS)


def test_special_groups_in_chinese_with_download(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    _open(browser_page, base, f"community=AH&as_of={AS_OF}", "关爱缺口：近 30 天未走访")
    snapshot = run_snapshot(
        Registry.open(str(demo_sqlite)), Scope(as_of=AS_OF, communities=("AH",))
    )
    tiles = tile_values(browser_page)
    assert tiles["残疾人"] == f"{snapshot['special_groups']['disabled']:,}"
    assert tiles["党员家庭"] == f"{snapshot['special_groups']['party_household']:,}"
    # the tester is a secretary (personal-data access): a sensitive group's count is exact
    assert tiles["稳控对象"] == f"{snapshot['special_groups']['stability_watch']:,}"

    # every table has its buttons: the care-gap list's are found by their widget keys
    with browser_page.expect_download() as csv_download:
        browser_page.locator(".st-key-sg_care_list_csv button").click()
    assert csv_download.value.suggested_filename == f"关爱缺口名单-爱和社区-{AS_OF}.csv"
    text = Path(csv_download.value.path()).read_text(encoding="utf-8-sig")
    header, first = text.splitlines()[:2]
    assert header.split(",")[:4] == ["姓名", "年龄", "住址", "距上次走访（天）"]
    assert "*" in first.split(",")[0], "names are masked in the export"

    with browser_page.expect_download() as xlsx_download:
        browser_page.locator(".st-key-sg_care_list_xlsx button").click()
    assert xlsx_download.value.suggested_filename == f"关爱缺口名单-爱和社区-{AS_OF}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
    assert book.sheetnames[0] == "说明", "the workbook opens on its About sheet"
    sheet = book.worksheets[1]
    assert [c.value for c in sheet[1]][:2] == ["姓名", "年龄"]
    assert sheet.max_row - 1 == len(text.splitlines()) - 1, "CSV and Excel hold the same rows"
    screenshot(browser_page, artifacts_dir / "special_groups.png")


def test_special_groups_in_english(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    _open(
        browser_page, base, f"community=AH&as_of={AS_OF}&lang=en", "Every group (on the chosen day)"
    )
    expect(browser_page.get_by_text("Care gap: no visit in 30 days").first).to_be_visible()
    screenshot(browser_page, artifacts_dir / "special_groups-en.png")


def test_the_township_office_sees_small_counts_suppressed_and_the_rest_rounded(
    streamlit_app, chromium_browser: Browser, demo_sqlite: Path, test_accounts: Accounts
) -> None:
    """稳控对象 on 2026-02-18: 爱和社区 has 3 ("<5"); on 2026-02-25 the township has 26 (25)."""
    office = test_accounts.user(Role.TOWNSHIP_OFFICE, [("township", "上派镇")])
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    context = new_context(chromium_browser, cookies=[test_accounts.browser_cookie(office)])
    page = context.new_page()
    try:
        _open(page, base, "community=AH&as_of=2026-02-18", "关爱缺口：近 30 天未走访")
        assert tile_values(page)["稳控对象"] == "<5"
        _open(page, base, "as_of=2026-02-25", "关爱缺口：近 30 天未走访")
        assert tile_values(page)["稳控对象"] == "25"
    finally:
        context.close()
