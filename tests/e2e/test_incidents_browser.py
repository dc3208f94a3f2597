"""The incident-handling page (事件处置) in real headless Chromium against `streamlit run`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from playwright.sync_api import Page, expect

from commands.metrics_cli import run_snapshot
from data_access import incidents as qi
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics import incidents as mi
from tests.e2e.helpers import screenshot, tile_values, wait_for_script
from ui.i18n import fmt_pct

DAY = dt.date(2026, 11, 27)


def _overdue(demo_sqlite: Path) -> int:
    registry = Registry.open(str(demo_sqlite))
    rs = registry.resolve(Scope(as_of=DAY), DAY)
    with registry.connect() as conn:
        return mi.overdue(mi.backlog(qi.backlog_counts(conn, rs, mi.backlog_bounds(DAY))))


def test_incidents_page_in_chinese(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    browser_page.goto(f"{base}/incidents?as_of={DAY.isoformat()}")
    overdue = _overdue(demo_sqlite)
    wait_for_script(browser_page, f"超过 72 小时未办结（最早的在前）：共 {overdue:,} 件")
    snapshot = run_snapshot(Registry.open(str(demo_sqlite)), Scope(as_of=DAY))["incidents"]
    tiles = tile_values(browser_page)
    assert tiles["发现（上报）"] == f"{snapshot['reported_30d']:,}"
    assert tiles["72 小时办结率"] == fmt_pct(snapshot["resolved_within_72h_30d"])
    assert tiles["未办结（日终）"] == f"{snapshot['open']:,}"
    assert tiles["超 72 小时未办结"] == f"{overdue:,}"
    # funnel, backlog by age, weekly rate
    expect(browser_page.locator('[data-testid="stPlotlyChart"]')).to_have_count(3)
    expect(browser_page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    screenshot(browser_page, artifacts_dir / "incidents.png")


def test_incidents_page_in_english(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    browser_page.goto(f"{base}/incidents?community=AH&as_of=2026-03-10&lang=en")
    wait_for_script(browser_page, "No incident has been open longer than 72 hours.")
    snapshot = run_snapshot(
        Registry.open(str(demo_sqlite)), Scope(as_of=dt.date(2026, 3, 10), communities=("AH",))
    )["incidents"]
    assert tile_values(browser_page)["Reported"] == f"{snapshot['reported_30d']:,}"
    expect(browser_page.get_by_text("Open backlog by age")).to_be_visible()
    screenshot(browser_page, artifacts_dir / "incidents-en.png")
