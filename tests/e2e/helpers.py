"""Waiting on a Streamlit page in a real browser: on conditions, never on time."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

#: the ceiling of every browser wait — an expect, an action, a navigation, a read — a ceiling,
#: not a wait: Playwright's own defaults (5 s for an expect, 30 s for the rest) are speeds, and
#: a slow machine's page runs past them (tests/conftest.py sets the expects' default to it)
SCRIPT_TIMEOUT_MS = 90_000


def new_context(
    browser: Browser,
    *,
    cookies: Sequence[dict[str, str]] = (),
    width: int = 1400,
    height: int = 900,
) -> BrowserContext:
    """A context as a user's browser: zh-CN, a desktop viewport (``width`` × ``height``), the
    ``cookies`` added (a session's), and ``SCRIPT_TIMEOUT_MS`` as the ceiling of its waits."""
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    context.set_default_timeout(SCRIPT_TIMEOUT_MS)
    if cookies:
        context.add_cookies(list(cookies))
    return context


def wait_for_script(page: Page, text: str, timeout_ms: int = SCRIPT_TIMEOUT_MS) -> None:
    """Wait until ``text`` — something the page draws last, in its main block — is shown and the
    script run has finished (no running indicator). ``timeout_ms`` is a ceiling, not a wait:
    many sessions at once on a slow machine need a higher one."""
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text(text, exact=True).first).to_be_visible(timeout=timeout_ms)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=timeout_ms)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=timeout_ms)


def rerun_by(page: Page, action: Callable[[], object]) -> None:
    """Do ``action`` (a click on a widget) and wait until the script run it starts has ended:
    the app's script state is watched from before the action, so a run that starts and ends
    between two looks is not missed, and a page that was idle before does not pass at once."""
    page.evaluate(
        """() => {
            window.__gmRan = false;
            const app = document.querySelector('[data-testid="stApp"]');
            new MutationObserver(() => {
                if (app.getAttribute('data-test-script-state') === 'running') window.__gmRan = true;
            }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
        }"""
    )
    action()
    page.wait_for_function(
        """() => window.__gmRan && document.querySelector('[data-testid="stApp"]')
            .getAttribute('data-test-script-state') === 'notRunning'""",
        timeout=SCRIPT_TIMEOUT_MS,
    )


def wait_for_run(page: Page) -> None:
    """The page's title is drawn and the script run has ended (the app's own script state: its
    running indicator may not have appeared yet when the title is drawn), and every chart drawn."""
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator("h1").first).to_be_visible(timeout=SCRIPT_TIMEOUT_MS)
    expect(
        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')
    ).to_have_count(1, timeout=SCRIPT_TIMEOUT_MS)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(
        0, timeout=SCRIPT_TIMEOUT_MS
    )
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=SCRIPT_TIMEOUT_MS)
    for chart in page.locator('[data-testid="stPlotlyChart"]').all():
        chart.scroll_into_view_if_needed()
        expect(chart.locator(".main-svg").first).to_be_visible(timeout=SCRIPT_TIMEOUT_MS)


def tile_values(page: Page) -> dict[str, str]:
    """Metric tiles as label → value, read from the DOM."""
    values: dict[str, str] = {}
    for tile in page.locator('[data-testid="stMetric"]').all():
        label = tile.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        values[label] = tile.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return values


def screenshot(page: Page, path) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its main block, so the viewport is
    first made as tall as that block's content."""
    height = page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]') || document.body;
            return Math.max(main.scrollHeight, document.body.scrollHeight);
        }"""
    )
    width = page.viewport_size["width"] if page.viewport_size else 1400
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 12000)})
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(
        0, timeout=SCRIPT_TIMEOUT_MS
    )
    page.screenshot(path=path, full_page=True)


def click_row(page: Page, table: Locator, row: int) -> None:
    """Click row ``row``'s selection box in a Streamlit dataframe (a canvas: the box sits in the
    row-marker column at the left; header and rows are 35 px high)."""
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 35 * row + 17)
