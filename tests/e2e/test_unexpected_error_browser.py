"""An unexpected error in real Chromium: the page shows one sentence with a reference id and
nothing of the exception; the server log holds the traceback under the same reference."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import wait_for_run

SENTENCE = re.compile(r"页面出现意外错误，已记录。请把参考编号 ([0-9A-F]{8}) 告诉管理员。")


def test_an_unexpected_error_is_a_sentence_and_a_reference(
    streamlit_app, streamlit_launcher, browser_page: Page
) -> None:
    base = streamlit_app(script="tests/support/crash_app.py")
    browser_page.goto(base)
    wait_for_run(browser_page)
    alert = browser_page.locator('[data-testid="stAlert"]')
    expect(alert).to_have_count(1)
    text = alert.inner_text()
    found = SENTENCE.search(text.replace("\u2060", ""))
    assert found, text
    body = browser_page.locator("body").inner_text()
    assert "secret detail" not in body and "Traceback" not in body and "/srv/" not in body
    expect(browser_page.locator('[data-testid="stException"]')).to_have_count(0)
    server = streamlit_launcher.server_at(base)
    log = server.wait_for_output(f"unexpected error, reference {found.group(1)}")
    assert f"unexpected error, reference {found.group(1)}" in log
    assert "ValueError: secret detail" in log
