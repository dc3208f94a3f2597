"""The worker-assessment page in real headless Chromium against `streamlit run` on the demo."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from commands.metrics_cli import run_workers
from data_access.loaders import Registry
from data_access.scope import Scope
from tests.e2e.helpers import SCRIPT_TIMEOUT_MS, click_row, screenshot, wait_for_script


def _scored_line(workers: list[dict], zh: bool = True) -> str:
    scored = sum(1 for w in workers if w["score_total"] is not None)
    if zh:
        return f"共 {len(workers):,} 人，其中 {scored:,} 人已评分"
    return f"{len(workers):,} people, {scored:,} scored"


def test_workers_page_shows_the_month_sheet(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    browser_page.goto(f"{base}/workers?as_of=2026-03-10")
    wait_for_script(browser_page, "2026-02 每日工作日历")  # the last section of the page
    registry = Registry.open(str(demo_sqlite))
    february = run_workers(registry, Scope(as_of=dt.date(2026, 3, 10)), "2026-02")["workers"]
    expect(browser_page.get_by_text(_scored_line(february), exact=False)).to_be_visible()
    expect(browser_page.get_by_role("heading", name="月度考核表")).to_be_visible()
    expect(browser_page.get_by_role("heading", name="个人详情")).to_be_visible()
    expect(browser_page.locator('[data-testid="stPlotlyChart"]')).to_have_count(3)
    expect(browser_page.get_by_role("heading", name="网格员考核")).to_be_visible()
    screenshot(browser_page, artifacts_dir / "workers.png")


def test_workers_page_with_scores_in_english(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    browser_page.goto(f"{base}/workers?as_of=2026-11-27&community=AH&lang=en")
    wait_for_script(browser_page, "2026-10 day by day")
    registry = Registry.open(str(demo_sqlite))
    scope = Scope(as_of=dt.date(2026, 11, 27), communities=("AH",))
    october = run_workers(registry, scope, "2026-10")["workers"]
    assert any(w["score_total"] is not None for w in october)
    expect(browser_page.get_by_text(_scored_line(october, zh=False), exact=False)).to_be_visible()
    # a scored worker: trend, radar and calendar
    expect(browser_page.locator('[data-testid="stPlotlyChart"]')).to_have_count(4)
    expect(browser_page.get_by_role("heading", name="Worker assessment")).to_be_visible()
    screenshot(browser_page, artifacts_dir / "workers-en.png")


def test_a_sheet_row_shows_that_worker_and_puts_him_in_the_link(
    streamlit_app, browser_page: Page, demo_sqlite: Path
) -> None:
    """A click on the sheet's third row: that worker under 个人详情, his id in the link."""
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    page = browser_page
    page.goto(f"{base}/workers?as_of=2026-11-27&community=AH&month=2026-10")
    wait_for_script(page, "2026-10 每日工作日历")
    workers = run_workers(
        Registry.open(str(demo_sqlite)),
        Scope(as_of=dt.date(2026, 11, 27), communities=("AH",)),
        "2026-10",
    )["workers"]
    picker = page.get_by_role("combobox", name="选择人员")
    before = picker.input_value()
    click_row(page, page.locator('[data-testid="stDataFrame"]').first, 2)
    expect(page).to_have_url(re.compile(r"[?&]worker=\d+"), timeout=SCRIPT_TIMEOUT_MS)
    wait_for_script(page, "2026-10 每日工作日历")
    worker = int(parse_qs(urlparse(page.url).query)["worker"][0])
    name = next(w["name"] for w in workers if w["id"] == worker)
    expect(picker).to_have_value(re.compile(re.escape(name)))
    assert name not in before  # the third row is not the first worker, shown before the click
