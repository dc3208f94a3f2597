"""The visits and coverage page (走访覆盖) in real headless Chromium against `streamlit run`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from playwright.sync_api import Page, expect

from commands.metrics_cli import run_snapshot
from data_access.loaders import Registry
from data_access.scope import Scope
from tests.e2e.helpers import tile_values, wait_for_script
from ui.i18n import fmt_pct

DAY = dt.date(2026, 3, 10)


def _snapshot(demo_sqlite: Path) -> dict:
    return run_snapshot(Registry.open(str(demo_sqlite)), Scope(as_of=DAY, communities=("AH",)))


def _charts_drawn(page: Page, count: int) -> None:
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(count)
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()


def _screenshot_whole_page(page: Page, path: Path) -> None:
    """Streamlit scrolls inside its main block: grow the viewport to its content, then shoot."""
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": int(height) + 40})
    last_chart = page.locator('[data-testid="stPlotlyChart"]').last
    last_chart.scroll_into_view_if_needed()
    expect(last_chart.locator(".main-svg").first).to_be_visible()
    page.screenshot(path=path, full_page=True)


def test_visits_page_in_chinese(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    browser_page.goto(f"{base}/visits?community=AH&as_of={DAY.isoformat()}")
    wait_for_script(browser_page, "走访覆盖")
    snapshot = _snapshot(demo_sqlite)
    tiles = tile_values(browser_page)
    assert tiles["30 天走访覆盖率"] == fmt_pct(snapshot["visits"]["coverage_30d"])
    assert tiles["90 天走访覆盖率"] == fmt_pct(snapshot["visits"]["coverage_90d"])
    last_week = snapshot["visits"]["last_week"]
    assert tiles["上周 3 天达标网格"] == (
        f"{last_week['grids_meeting_visit_days']} / {last_week['grids']}"
    )
    # weekly coverage, visit days, daily rate, coverage by grid, not visited by grid, purposes
    _charts_drawn(browser_page, 6)
    expect(browser_page.get_by_text("个人信息已脱敏显示。")).to_be_visible()
    _screenshot_whole_page(browser_page, artifacts_dir / "visits.png")


def test_visits_export_holds_the_whole_masked_list(
    streamlit_app, browser_page: Page, demo_sqlite: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    browser_page.goto(f"{base}/visits?community=AH&as_of={DAY.isoformat()}")
    wait_for_script(browser_page, "走访覆盖")
    not_visited = tile_values(browser_page)["90 天未走访住户"]
    button = browser_page.locator(".st-key-visits_gap_csv button")
    with browser_page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == f"90天未走访住户-爱和社区-{DAY.isoformat()}.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert lines[0].split(",")[:4] == ["网格", "网格名称", "地址", "联系人"]
    assert f"{len(lines) - 1:,}" == not_visited
    assert all(line.split(",")[2].endswith("**") for line in lines[1:])


def test_visits_page_in_english(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    browser_page.goto(f"{base}/visits?community=AH&as_of={DAY.isoformat()}&lang=en")
    wait_for_script(browser_page, "Visits and coverage")
    tiles = tile_values(browser_page)
    assert tiles["90-day coverage"] == fmt_pct(_snapshot(demo_sqlite)["visits"]["coverage_90d"])
    _charts_drawn(browser_page, 6)
    expect(browser_page.get_by_text("Personal data is masked.")).to_be_visible()
    _screenshot_whole_page(browser_page, artifacts_dir / "visits-en.png")
