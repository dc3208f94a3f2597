"""The rentals page (出租房屋) in real headless Chromium against `streamlit run`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from playwright.sync_api import Page, expect

from commands.metrics_cli import run_snapshot
from data_access import rentals as qr
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics.rentals import inspected_since
from tests.e2e.helpers import screenshot, tile_values, wait_for_script

DAY = dt.date(2026, 3, 10)


def _to_follow_up(demo_sqlite: Path) -> int:
    registry = Registry.open(str(demo_sqlite))
    rs = registry.resolve(Scope(as_of=DAY, communities=("AH",)), DAY)
    with registry.connect() as conn:
        return qr.rentals_to_follow_up(conn, rs, inspected_since(DAY), "any", 0, 1)[1]


def test_rentals_page_in_chinese(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    browser_page.goto(f"{base}/rentals?community=AH&as_of={DAY.isoformat()}")
    wait_for_script(browser_page, "个人信息已脱敏显示。")
    rentals = run_snapshot(Registry.open(str(demo_sqlite)), Scope(as_of=DAY, communities=("AH",)))[
        "rentals"
    ]
    tiles = tile_values(browser_page)
    assert tiles["出租房屋（条）"] == f"{rentals['total']:,}"
    assert tiles["已签治安责任书"] == f"{rentals['pledge_signed']:,}"
    assert tiles["90 天内已检查"] == f"{rentals['inspected_90d']:,}"
    total = _to_follow_up(demo_sqlite)
    expect(browser_page.get_by_text(f"待跟进的出租房屋：共 {total:,} 条")).to_be_visible()
    expect(browser_page.locator('[data-testid="stPlotlyChart"]')).to_have_count(1)
    expect(browser_page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    screenshot(browser_page, artifacts_dir / "rentals.png")


def test_rentals_page_in_english(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    browser_page.goto(f"{base}/rentals?community=AH&as_of={DAY.isoformat()}&lang=en")
    wait_for_script(browser_page, "Personal data is masked.")
    total = _to_follow_up(demo_sqlite)
    expect(browser_page.get_by_text(f"Rentals to follow up: {total:,} in all")).to_be_visible()
    screenshot(browser_page, artifacts_dir / "rentals-en.png")
