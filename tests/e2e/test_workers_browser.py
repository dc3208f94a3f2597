"""The worker-assessment page in real headless Chromium against `streamlit run` on the demo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from playwright.sync_api import Page, expect

from commands.metrics_cli import run_workers
from data_access.loaders import Registry
from data_access.scope import Scope
from tests.e2e.helpers import screenshot, wait_for_script


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
