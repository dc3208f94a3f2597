"""Metric tiles in real Chromium: at 1280 and 1920 px, in Chinese and in English, no text inside
a tile is cut (wider than its box, or ended with "…"), and no tile is wider than its place in
the row, on every page that has tiles. One server and one browser context per language; the
viewport is resized on each page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.e2e.helpers import new_context, wait_for_run
from ui.nav import PAGES

WIDTHS = (1280, 1920)
#: the pages with tiles (the others draw none: a page gaining tiles joins the list)
TILE_PAGES = (
    "overview",
    "population",
    "special_groups",
    "visits",
    "incidents",
    "rentals",
    "data_quality",
)

#: every element inside a tile whose content is wider than its box (text cut or ellipsised),
#: and every tile wider than its cell or sticking out of the main block
OVERFLOWS = """() => {
    const found = [];
    const main = document.querySelector('[data-testid="stMain"] [data-testid="stMainBlockContainer"]')
        || document.querySelector('[data-testid="stMain"]');
    const right = main.getBoundingClientRect().right + 1;
    const tiles = [...document.querySelectorAll('[data-testid="stMetric"]')];
    for (const tile of tiles) {
        const name = tile.querySelector('[data-testid="stMetricLabel"]')?.innerText.trim();
        for (const el of [tile, ...tile.querySelectorAll('*')]) {
            if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth) {
                found.push(`${name}: ${el.getAttribute('data-testid') || el.tagName} `
                    + `"${el.innerText.trim().slice(0, 40)}" ${el.scrollWidth} > ${el.clientWidth}`);
            }
        }
        const box = tile.getBoundingClientRect();
        const cell = tile.parentElement.getBoundingClientRect();
        if (box.right > cell.right + 1 || box.right > right) {
            found.push(`${name}: the tile sticks out of its row (${box.right} > ${cell.right})`);
        }
    }
    return {tiles: tiles.length, found};
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_tile_text_is_cut(
    streamlit_app, chromium_browser: Browser, demo_sqlite: Path, lang: str, tester_cookie
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    context = new_context(chromium_browser, cookies=[tester_cookie], width=1280)
    page = context.new_page()
    problems: list[str] = []
    try:
        for spec in PAGES:
            if spec.key not in TILE_PAGES:
                continue
            # the registry's latest day over all communities: the largest numbers there are
            page.goto(f"{base}/{spec.url_path}?lang={lang}")
            wait_for_run(page)
            for width in WIDTHS:
                # layout (and the rows' container queries) is computed when the script reads it
                page.set_viewport_size({"width": width, "height": 900})
                seen = page.evaluate(OVERFLOWS)
                assert seen["tiles"] > 0, f"{spec.key} shows tiles"
                problems += [f"{spec.key} {width}px: {p}" for p in seen["found"]]
    finally:
        context.close()
    assert not problems, "\n".join(problems)
