"""Printing from the browser (``ui.printing``), in real Chromium under print media: on every page
the tester (a secretary: every page, the access log too) may open, the sidebar, the header and
every input and download button are not shown, no text in a tile is cut and each tile's value
and change stand on one line; the overview prints on at most two A4 sheets. One server, one
browser context, the pages in turn."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, expect

from auth.roles import RIGHTS, Role
from tests.e2e.helpers import new_context, wait_for_run
from ui.nav import PAGES
from ui.printing import HIDDEN

#: A4's width in CSS px: the window is as wide as the sheet, so the page is laid out as printed
A4_WIDTH_PX = 794
#: the overview on paper at most
OVERVIEW_SHEETS = 2
#: a PDF's page objects (not the ``/Pages`` tree above them); Chromium writes them uncompressed
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")

#: what must not be printed, each by its test id: every one shown is named
SHOWN = """(ids) => ids.flatMap(id => [...document.querySelectorAll(`[data-testid="${id}"]`)]
    .filter(el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
    .map(el => `${id} "${el.innerText.trim().slice(0, 30)}"`))"""

#: every tile's text wider than its box, and every value or change on more than one line
TILES = """() => {
    const found = [];
    const tiles = [...document.querySelectorAll('[data-testid="stMetric"]')];
    for (const tile of tiles) {
        const name = tile.querySelector('[data-testid="stMetricLabel"]')?.innerText.trim();
        for (const el of [tile, ...tile.querySelectorAll('*')]) {
            if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
                found.push(`${name}: ${el.getAttribute('data-testid') || el.tagName} `
                    + `"${el.innerText.trim().slice(0, 40)}" ${el.scrollWidth} > ${el.clientWidth}`);
            }
        }
        for (const id of ['stMetricValue', 'stMetricDelta']) {
            const el = tile.querySelector(`[data-testid="${id}"] p`)
                || tile.querySelector(`[data-testid="${id}"]`);
            if (!el) continue;
            const range = document.createRange();
            range.selectNodeContents(el);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            if (tops.size > 1) {
                found.push(`${name}: ${id} "${el.innerText.trim()}" on ${tops.size} lines`);
            }
        }
        const box = tile.getBoundingClientRect();
        if (box.right > document.documentElement.clientWidth + 1) {
            found.push(`${name}: the tile reaches past the sheet (${box.right})`);
        }
    }
    return {tiles: tiles.length, found};
}"""


def test_every_page_prints_clean(
    streamlit_app, chromium_browser: Browser, demo_sqlite: Path, tester_cookie, artifacts_dir
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    context = new_context(chromium_browser, cookies=[tester_cookie], width=A4_WIDTH_PX, height=1123)
    page = context.new_page()
    pages = [p for p in PAGES if p.key in RIGHTS[Role.SECRETARY].pages]
    assert {"overview", "access_log"} <= {p.key for p in pages}
    problems: list[str] = []
    tiled = 0
    try:
        for spec in pages:
            page.emulate_media(media="screen")
            page.goto(f"{base}/{spec.url_path}")
            wait_for_run(page)
            # the page as printed: what the browser's print lays out
            page.emulate_media(media="print")
            expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
            expect(page.locator('[data-testid="stMain"] h1').first).to_be_visible()
            problems += [f"{spec.key}: printed {s}" for s in page.evaluate(SHOWN, list(HIDDEN))]
            seen = page.evaluate(TILES)
            tiled += seen["tiles"]
            problems += [f"{spec.key}: {p}" for p in seen["found"]]
            if spec.key == "overview":
                out = artifacts_dir / "print"
                out.mkdir(exist_ok=True)
                pdf = page.pdf(
                    path=str(out / "overview-test.pdf"), format="A4", prefer_css_page_size=True
                )
                sheets = len(PAGE_OBJECT.findall(pdf))
                assert 1 <= sheets <= OVERVIEW_SHEETS, f"the overview prints on {sheets} sheets"
    finally:
        context.close()
    assert tiled > 0, "no page printed a tile"
    assert not problems, "\n".join(problems)
