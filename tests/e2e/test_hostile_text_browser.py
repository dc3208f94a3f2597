"""Text from the registry is text, in Chromium: every page on a registry whose every free-text field
holds Markdown, HTML and formula payloads (``tests/support/hostile.py``).

On each page: no request leaves the app (all are routed; outside ones are recorded and aborted),
no link leads out of it, no dialog opens, the payloads show as the characters they are; every
CSV and Excel download holds no cell a spreadsheet would read as a formula.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import openpyxl
import pytest
from playwright.sync_api import Page, Route, expect

from tests.e2e.helpers import SCRIPT_TIMEOUT_MS, wait_for_run
from tests.support.hostile import GROUP_NAME, OUTSIDE_HOST, PAYLOADS, make_hostile
from ui.nav import PAGES

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
#: what a spreadsheet reads as the start of a formula (OWASP)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: the invisible word joiner the escaping may put after a ``:`` or an ``@``
JOINER = "\u2060"
#: pages whose own content (not only the sidebar) names a special group
GROUP_PAGES = {"overview", "special_groups"}
#: pages that show registry text only in tables and on the map (canvas, not in the DOM's text)
#: (the access log's scope words, community names among them, are in its table)
CANVAS_ONLY_PAGES = {"grid_map", "incidents", "data_quality", "access_log"}
#: pages that show no registry text (the glossary's text is the catalogue's)
NO_REGISTRY_TEXT = {"glossary"}

#: every link of the document (HTML and SVG), as absolute URLs
LINKS_JS = """() => Array.from(document.querySelectorAll('a')).map(a => {
    const href = a.getAttribute('href') || a.getAttribute('xlink:href')
        || a.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
    return href ? new URL(href, document.baseURI).href : null;
}).filter(h => h !== null)"""
SIDEBAR_JS = """() => document.querySelector('[data-testid="stSidebar"]')?.innerText ?? ''"""
#: what a reader sees in the main block: its text and the charts' SVG text
TEXT_JS = """() => [
    document.querySelector('[data-testid="stMain"]')?.innerText ?? '',
    ...Array.from(document.querySelectorAll('[data-testid="stMain"] svg text')).map(t => t.textContent),
].join('\\n')"""


@pytest.fixture(scope="module")
def hostile_sqlite(demo_sqlite: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_hostile(demo_sqlite, tmp_path_factory.mktemp("hostile") / "hostile.sqlite")


class Watch:
    """Every request that would leave 127.0.0.1 (aborted) and every dialog (dismissed)."""

    def __init__(self, page: Page) -> None:
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        page.route("**/*", self._route)
        page.on("dialog", self._dialog)

    def _route(self, route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def _number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def _check_csv(data: bytes) -> int:
    """No cell starts like a formula unless it is a number; returns the neutralised cells."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) > 1, "an export with rows"
    neutralised = 0
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_START) or _number(cell), cell
            neutralised += cell.startswith("'") and cell[1:].startswith(FORMULA_START)
    return neutralised


def _check_xlsx(data: bytes) -> int:
    """No formula, no link; a text cell that starts like a formula carries the quote prefix."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    quoted = 0
    for sheet in book.worksheets:
        assert sheet.max_row > 1, "an export with rows"
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
                assert cell.hyperlink is None, cell.value
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    assert cell.quotePrefix, cell.value
                    quoted += 1
    return quoted


def _downloads(page: Page) -> tuple[int, int]:
    """Press every download button of the page; returns the (CSV, Excel) cells neutralised."""
    in_csv = in_xlsx = 0
    buttons = page.locator('[data-testid="stDownloadButton"] button')
    for index in range(buttons.count()):
        button = buttons.nth(index)
        button.scroll_into_view_if_needed()
        with page.expect_download(timeout=SCRIPT_TIMEOUT_MS) as download:
            button.click()
        data = Path(download.value.path()).read_bytes()
        if download.value.suggested_filename.endswith(".pdf"):
            assert data.startswith(b"%PDF"), download.value.suggested_filename  # the brief
            continue
        if download.value.suggested_filename.endswith(".csv"):
            in_csv += _check_csv(data)
        else:
            in_xlsx += _check_xlsx(data)
    return in_csv, in_xlsx


def test_every_page_shows_hostile_registry_text_as_text(
    streamlit_app, browser_page: Page, hostile_sqlite: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{hostile_sqlite}"})
    watch = Watch(browser_page)
    neutralised = {"csv": 0, "xlsx": 0}
    for spec in PAGES:
        browser_page.goto(f"{base}/{spec.url_path}?community=AH")
        wait_for_run(browser_page)
        where = spec.url_path
        assert not watch.outside, (where, watch.outside)
        assert not watch.dialogs, (where, watch.dialogs)
        outside_links = [
            href
            for href in browser_page.evaluate(LINKS_JS)
            if urlsplit(href).hostname not in LOCAL_HOSTS
        ]
        assert not outside_links, (where, outside_links)
        shown = browser_page.evaluate(TEXT_JS).replace(JOINER, "")
        if spec.key not in CANVAS_ONLY_PAGES | NO_REGISTRY_TEXT:
            assert any(p in shown for p in PAYLOADS), (where, shown[:400])
        # the chosen community's name (AH is community 1 of the demo), in every page's sidebar
        assert PAYLOADS[1] in browser_page.evaluate(SIDEBAR_JS).replace(JOINER, ""), where
        if spec.key in GROUP_PAGES:
            assert GROUP_NAME in shown, where
        in_csv, in_xlsx = _downloads(browser_page)
        neutralised["csv"] += in_csv
        neutralised["xlsx"] += in_xlsx
        assert not watch.outside and not watch.dialogs, (where, watch.outside, watch.dialogs)
    assert OUTSIDE_HOST not in " ".join(watch.outside)
    # the payloads reached the exports, and were neutralised there
    assert neutralised["csv"] > 0 and neutralised["xlsx"] > 0, neutralised


def test_link_values_in_the_warnings_are_text(
    streamlit_app, browser_page: Page, hostile_sqlite: Path
) -> None:
    """The issue's own link: a login link and an image in the URL end as text in the warnings."""
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{hostile_sqlite}"})
    watch = Watch(browser_page)
    login = f"[点此重新登录](https://{OUTSIDE_HOST}/login)"
    image = f"![x](https://{OUTSIDE_HOST}/x.png)"
    query = urlencode({"community": login, "grid": image, "lang": "<img src=x onerror=alert(1)>"})
    browser_page.goto(f"{base}/?{query}")
    wait_for_run(browser_page)
    alerts = browser_page.locator('[data-testid="stAlert"]')
    expect(alerts).to_have_count(3)
    shown = "\n".join(alerts.all_inner_texts()).replace(JOINER, "")
    assert login in shown and image in shown and "<img src=x onerror=alert(1)>" in shown
    links = [
        href
        for href in browser_page.evaluate(LINKS_JS)
        if urlsplit(href).hostname not in LOCAL_HOSTS
    ]
    assert not links and not watch.outside and not watch.dialogs, (links, watch.outside)
