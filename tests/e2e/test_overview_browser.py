"""The overview in real headless Chromium against `streamlit run`, and a page URL opened first on a
freshly started server (Streamlit then runs the page without app.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from playwright.sync_api import Page, expect

from commands.metrics_cli import run_snapshot
from data_access.loaders import Registry
from data_access.scope import Scope
from tests.e2e.helpers import screenshot, tile_values, wait_for_script


def test_overview_shows_the_seed_figures(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    browser_page.goto(f"{base}/?community=AH&as_of=2026-03-10")
    wait_for_script(browser_page, "需关注事项")  # the last section of the page
    tiles = tile_values(browser_page)
    assert tiles["住户"] == "4,686"
    assert tiles["总人口"] == "16,074"
    assert (tiles["常住"], tiles["流入"], tiles["挂户"]) == ("9,074", "3,000", "4,000")
    snapshot = run_snapshot(
        Registry.open(str(demo_sqlite)), Scope(as_of=dt.date(2026, 3, 10), communities=("AH",))
    )
    assert tiles["本周走访（次）"] == f"{snapshot['visits']['this_week']['visits']:,}"
    screenshot(browser_page, artifacts_dir / "overview.png")


def test_page_url_first_on_a_fresh_server_is_set_up(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    # a distinct environment forces a server of its own: this is its very first request
    base = streamlit_app(
        env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}", "GRID_E2E_SERVER": "direct-url"}
    )
    browser_page.goto(f"{base}/overview?community=AH&grid=AH-01&as_of=2026-03-10&lang=en")
    wait_for_script(browser_page, "Needs attention")
    one = run_snapshot(
        Registry.open(str(demo_sqlite)), Scope(as_of=dt.date(2026, 3, 10), grids=("AH-01",))
    )
    # the shared setup ran: filters from the URL apply, the sidebar has them and the navigation
    assert tile_values(browser_page)["Households"] == f"{one['households']:,}"
    sidebar = browser_page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("AH-01", exact=False).first).to_be_visible()
    expect(sidebar.get_by_role("link", name="Weekly overview")).to_be_visible()
    # Streamlit's own page list (which would expose app.py as a page) is not shown
    expect(browser_page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    screenshot(browser_page, artifacts_dir / "overview-direct-url.png")
