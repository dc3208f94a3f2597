"""The glossary in headless Chromium: a tile's help icon shows the declared definition and a link
that opens the glossary at the term's anchor, in the page's language, with the filters kept."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from metrics.catalogue import term
from tests.e2e.helpers import SCRIPT_TIMEOUT_MS, wait_for_script


def test_a_help_icon_links_to_the_term_on_the_glossary(
    streamlit_app, browser_page: Page, tiny_sqlite: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{tiny_sqlite}"})
    browser_page.goto(f"{base}/overview?community=AH&as_of=2026-03-10&lang=en")
    wait_for_script(browser_page, "Needs attention")
    coverage = term("coverage_90d")
    tile = browser_page.locator('[data-testid="stMetric"]').filter(has_text="Coverage 90 d")
    tile.locator('[data-testid="stTooltipIcon"]').hover()
    tooltip = browser_page.locator('[data-testid="stTooltipContent"]')
    expect(tooltip).to_contain_text(coverage.definition_in(1)[:40])
    link = tooltip.get_by_role("link", name=f"Glossary: {coverage.name_in(1)}")
    href = link.get_attribute("href") or ""
    parts = urlsplit(href)
    assert parts.path.endswith("glossary") and parts.fragment == coverage.anchor, href
    assert parse_qs(parts.query) == {"lang": ["en"], "community": ["AH"]}, href

    # the link opens the glossary (Streamlit may open it in a new tab) at the term
    with browser_page.context.expect_page() as opened:
        link.click()
    glossary = opened.value
    glossary.wait_for_load_state()
    wait_for_script(glossary, "Glossary")
    heading = glossary.locator(f"#{coverage.anchor}")
    expect(heading).to_have_text(coverage.name_in(1), timeout=SCRIPT_TIMEOUT_MS)
    expect(heading).to_be_in_viewport()
    assert urlsplit(glossary.url).fragment == coverage.anchor
