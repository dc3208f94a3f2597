"""The township review (镇级对比) in real headless Chromium: the table and both trend panels drawn,
and the drill-down opening a community's overview with that community's figures; both languages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from commands.metrics_cli import run_snapshot
from data_access.loaders import Registry
from data_access.scope import Scope
from tests.e2e.helpers import (
    SCRIPT_TIMEOUT_MS,
    click_row,
    screenshot,
    tile_values,
    wait_for_script,
)

AS_OF = dt.date(2026, 3, 10)


def charts_drawn(page: Page) -> None:
    charts = page.locator('[data-testid="stPlotlyChart"]')
    expect(charts).to_have_count(2, timeout=SCRIPT_TIMEOUT_MS)
    for chart in charts.all():
        chart.scroll_into_view_if_needed()
        expect(chart.locator(".main-svg").first).to_be_visible(timeout=SCRIPT_TIMEOUT_MS)


def communities(demo_sqlite: Path) -> tuple[str, int]:
    frame, _ = Registry.open(str(demo_sqlite)).organisation()
    return "、".join(sorted(set(frame["township"].to_list()))), frame.height


def test_township_review_and_drill_down(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    page = browser_page
    page.goto(f"{base}/township?as_of={AS_OF}")
    wait_for_script(page, "每周趋势")
    charts_drawn(page)
    township, count = communities(demo_sqlite)
    expect(page.get_by_text(f"{township} · {count} 个社区 · 截至 {AS_OF}")).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(1)
    expect(page.get_by_text("目标：90 天覆盖率 ≥ 90%", exact=False)).to_be_visible()
    # the trend's panels are titled by community
    expect(
        page.locator('[data-testid="stPlotlyChart"]').first.get_by_text("爱和社区")
    ).to_be_visible()
    screenshot(page, artifacts_dir / "township.png")

    page.set_viewport_size({"width": 1400, "height": 900})
    page.get_by_role("button", name="打开该社区总览").click()
    wait_for_script(page, "需关注事项")  # the overview's last section
    # the overview is the default page: "/" when app.py routes, "/overview" when the server's
    # first request was a page URL (Streamlit then runs pages/ directly); both are the overview
    expect(page).to_have_url(re.compile(r"/(overview)?\?.*community="), timeout=SCRIPT_TIMEOUT_MS)
    code = parse_qs(urlparse(page.url).query)["community"][0]
    snapshot = run_snapshot(
        Registry.open(str(demo_sqlite)), Scope(as_of=AS_OF, communities=(code,))
    )
    expect(page.locator('[data-testid="stMetric"]').first).to_be_visible()
    tiles = tile_values(page)
    assert tiles["住户"] == f"{snapshot['households']:,}"
    assert tiles["总人口"] == f"{snapshot['residents']['total']:,}"


def test_township_review_in_english(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    page = browser_page
    page.goto(f"{base}/township?as_of={AS_OF}&lang=en")
    wait_for_script(page, "Weekly trend")
    charts_drawn(page)
    township, count = communities(demo_sqlite)
    expect(page.get_by_text(f"{township} · {count} communities · as of {AS_OF}")).to_be_visible()
    expect(page.get_by_role("button", name="Open its overview")).to_be_visible()
    expect(page.get_by_text("Targets: 90-day coverage ≥ 90%", exact=False)).to_be_visible()
    screenshot(page, artifacts_dir / "township_en.png")


def test_a_row_opens_the_communitys_grid_map_and_back_is_the_township_again(
    streamlit_app, browser_page: Page, demo_sqlite: Path
) -> None:
    """Drill-through by row, then Back: the township page still compares every community (it
    keeps its own scope), though the link it is given back names one community."""
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    page = browser_page
    page.goto(f"{base}/township?as_of={AS_OF}")
    wait_for_script(page, "每周趋势")
    township, count = communities(demo_sqlite)
    caption = f"{township} · {count} 个社区 · 截至 {AS_OF}"
    expect(page.get_by_text(caption)).to_be_visible()
    click_row(page, page.locator('[data-testid="stDataFrame"]').first, 0)
    expect(page).to_have_url(re.compile(r"/grid_map\?.*community="), timeout=SCRIPT_TIMEOUT_MS)
    wait_for_script(page, "网格地图")
    code = parse_qs(urlparse(page.url).query)["community"][0]
    frame, grids = Registry.open(str(demo_sqlite)).organisation()
    assert code in frame["code"].to_list()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/township"), timeout=SCRIPT_TIMEOUT_MS)
    wait_for_script(page, "每周趋势")
    expect(page.get_by_text(caption, exact=False)).to_be_visible()
    # the menu link too: it carries the one community the grid map was opened for
    page.goto(f"{base}/grid_map?as_of={AS_OF}&community={code}")
    wait_for_script(page, "网格地图")
    page.locator('[data-testid="stSidebarNav"], [data-testid="stSidebar"]').get_by_role(
        "link", name="镇级对比"
    ).first.click()
    wait_for_script(page, "每周趋势")
    expect(page.get_by_text(caption, exact=False)).to_be_visible()
    assert parse_qs(urlparse(page.url).query)["community"] == [code]
