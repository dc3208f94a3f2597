"""The grid map (网格地图) in real headless Chromium: drawn without a base map (no internet),
a click on a grid sets the grid filter, the tooltip shows the grid's figures; both languages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from commands.metrics_cli import run_snapshot
from data_access.geo import grid_boundaries
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics.geo import parse_boundary
from tests.e2e.helpers import SCRIPT_TIMEOUT_MS, screenshot, wait_for_script

AS_OF = dt.date(2026, 3, 10)
CANVAS = '[data-testid="stDeckGlJsonChart"] canvas'


def undrawable(demo_sqlite: Path, **filters: tuple[str, ...]) -> tuple[int, int]:
    """(grids, grids whose boundary cannot be drawn) of a scope."""
    registry = Registry.open(str(demo_sqlite))
    rs = registry.resolve(Scope(as_of=AS_OF, **filters))
    with registry.connect() as conn:
        raw = grid_boundaries(conn, rs)
    bad = sum(not parse_boundary(text).drawable for text in raw["boundary"].to_list())
    return len(rs.grid_codes), bad


def hover_until_picked(page: Page, x: float, y: float, attempts: int = 60) -> None:
    """Hover ``(x, y)`` until deck.gl picks the object there and shows its tooltip.

    deck.gl picks on pointer moves only, so a move made before the layer is drawn shows nothing
    and nothing retries it: the pointer is moved again (one pixel to and fro) until the tooltip
    appears, a bounded number of times, each waiting on the tooltip, not on a clock."""
    tooltip = page.locator(".deck-tooltip")
    for attempt in range(attempts):
        page.mouse.move(x + attempt % 2, y)
        try:
            expect(tooltip).to_be_visible(timeout=1_500)
            return
        except AssertionError:
            continue
    raise AssertionError(f"no grid was picked at ({x:.0f}, {y:.0f}) after {attempts} moves")


def test_click_on_a_grid_sets_the_filter_and_the_tooltip_shows_its_figures(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    page = browser_page
    page.goto(f"{base}/grid_map?community=AH&as_of={AS_OF}")
    grids, bad = undrawable(demo_sqlite, communities=("AH",))
    wait_for_script(page, f"无法绘制的网格（{bad} 个）")
    caption = f"地图范围：{grids} 个网格，其中 {grids - bad} 个有可绘制的边界"
    expect(page.get_by_text(caption, exact=False)).to_be_visible()
    canvas = page.locator(CANVAS).first
    expect(canvas).to_be_visible(timeout=SCRIPT_TIMEOUT_MS)
    box = canvas.bounding_box()
    assert box is not None
    # the community's grids fill the middle of the map: its centre lies in one of them
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    # a visible canvas is not yet a map that takes clicks: wait until hovering the centre picks
    # a grid (its tooltip shows), then click
    hover_until_picked(page, x, y)
    page.mouse.click(x, y)
    expect(page).to_have_url(re.compile(r"[?&]grid=AH-\d+"), timeout=SCRIPT_TIMEOUT_MS)
    code = parse_qs(urlparse(page.url).query)["grid"][0]
    wait_for_script(page, "所选网格指标")
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text(code, exact=False).first).to_be_visible()
    one = run_snapshot(Registry.open(str(demo_sqlite)), Scope(as_of=AS_OF, grids=(code,)))
    canvas = page.locator(CANVAS).first
    expect(canvas).to_be_visible(timeout=SCRIPT_TIMEOUT_MS)
    page.mouse.move(x + 1, y + 1)
    tooltip = page.locator(".deck-tooltip")
    expect(tooltip).to_contain_text(f"（{code}）", timeout=SCRIPT_TIMEOUT_MS)
    expect(tooltip).to_contain_text(f"总人口：{one['residents']['total']:,}")
    expect(tooltip).to_contain_text(f"住户：{one['households']:,}")
    screenshot(page, artifacts_dir / "grid_map.png")


def test_grid_map_in_english(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    page = browser_page
    page.goto(f"{base}/grid_map?as_of={AS_OF}&lang=en")
    grids, bad = undrawable(demo_sqlite)
    wait_for_script(page, f"Grids that cannot be drawn ({bad})")
    expect(
        page.get_by_text(f"Map: {grids} grids, {grids - bad} with a boundary", exact=False)
    ).to_be_visible()
    expect(page.get_by_text("Legend · Residents")).to_be_visible()
    expect(page.locator(CANVAS).first).to_be_visible(timeout=SCRIPT_TIMEOUT_MS)
    # no base map: nothing is fetched from a tile server, so the map needs no internet
    expect(page.locator(".maplibregl-map, .mapboxgl-map")).to_have_count(0)
    screenshot(page, artifacts_dir / "grid_map_en.png")
