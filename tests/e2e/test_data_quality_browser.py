"""The data-quality page (数据质量) in real headless Chromium against `streamlit run`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from playwright.sync_api import Page, expect

from data_access import quality as dq
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics import quality as mq
from tests.e2e.helpers import screenshot, tile_values, wait_for_script

DAY = dt.date(2026, 11, 27)


def _first_finding(demo_sqlite: Path) -> tuple[str, int]:
    """The first check, in catalogue order, with findings, and how many rows it lists."""
    registry = Registry.open(str(demo_sqlite))
    rs = registry.resolve(Scope(as_of=DAY), DAY)
    with registry.connect() as conn:
        faults = pl.concat(
            [mq.EMPTY_FAULTS, *map(mq.id_number_faults, dq.identity_chunks(conn, rs))]
        )
        for check in mq.CHECKS:
            if check.code in mq.ID_CHECKS:
                listed = faults.filter(pl.col("check") == check.code).height
            else:
                listed = dq.check_list(conn, rs, check.code, 0, 1)[1]
            if listed:
                return check.code, listed
    raise AssertionError("the demo registry has no finding at all")


def test_data_quality_page_in_chinese(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    browser_page.goto(f"{base}/data_quality?as_of={DAY.isoformat()}")
    wait_for_script(browser_page, "个人信息已脱敏显示。")
    tiles = tile_values(browser_page)
    assert tiles["发现问题的规则"].endswith(f"/ {len(mq.CHECKS)}")
    # the drill-down opens on the first check with findings
    code, listed = _first_finding(demo_sqlite)
    expect(browser_page.get_by_text(f"{code} 问题记录：共 {listed:,} 条")).to_be_visible()
    screenshot(browser_page, artifacts_dir / "data_quality.png")


def test_data_quality_page_in_english(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    browser_page.goto(f"{base}/data_quality?community=AH&as_of={DAY.isoformat()}&lang=en")
    wait_for_script(browser_page, "Personal data is masked.")
    expect(browser_page.get_by_text("Rows reported per grid")).to_be_visible()
    screenshot(browser_page, artifacts_dir / "data_quality-en.png")
