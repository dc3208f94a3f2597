"""人口结构 in headless Chromium on the demo registry: figures, charts drawn, both languages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from playwright.sync_api import Page, expect

from commands.metrics_cli import run_snapshot
from data_access.loaders import Registry
from data_access.scope import Scope
from tests.e2e.helpers import SCRIPT_TIMEOUT_MS, screenshot, tile_values, wait_for_script

AS_OF = dt.date(2026, 3, 10)
#: residency by grid, origin by grid, pyramid, household sizes, movements
CHARTS = 5


def _charts_drawn(page: Page, count: int) -> None:
    expect(page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible(
        timeout=SCRIPT_TIMEOUT_MS
    )
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(
        count, timeout=SCRIPT_TIMEOUT_MS
    )
    for chart in page.locator('[data-testid="stPlotlyChart"]').all():
        chart.scroll_into_view_if_needed()
        expect(chart.locator(".main-svg").first).to_be_visible(timeout=SCRIPT_TIMEOUT_MS)


def test_population_page_in_chinese(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    browser_page.goto(f"{base}/population?community=AH&as_of={AS_OF}")
    wait_for_script(browser_page, "各网格住户与人口")
    _charts_drawn(browser_page, CHARTS)
    snapshot = run_snapshot(
        Registry.open(str(demo_sqlite)), Scope(as_of=AS_OF, communities=("AH",))
    )
    tiles = tile_values(browser_page)
    assert tiles["住户"] == f"{snapshot['households']:,}" == "4,686"
    assert tiles["总人口"] == "16,074"
    assert (tiles["常住"], tiles["流入"], tiles["挂户"]) == ("9,074", "3,000", "4,000")
    expect(browser_page.get_by_text("年龄性别金字塔（5 岁一组）").first).to_be_visible()
    screenshot(browser_page, artifacts_dir / "population.png")


def test_population_page_in_english(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    browser_page.goto(f"{base}/population?as_of={AS_OF}&lang=en")
    wait_for_script(browser_page, "Households and residents by grid")
    _charts_drawn(browser_page, CHARTS)
    snapshot = run_snapshot(Registry.open(str(demo_sqlite)), Scope(as_of=AS_OF))
    assert tile_values(browser_page)["Residents"] == f"{snapshot['residents']['total']:,}"
    expect(browser_page.get_by_text("Age–sex pyramid (5-year bands)").first).to_be_visible()
    screenshot(browser_page, artifacts_dir / "population-en.png")
