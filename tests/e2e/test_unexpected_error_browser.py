"""An unexpected error in real Chromium: the page shows one sentence with a reference id and
nothing of the exception; the server log holds the traceback under the same reference."""

from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.helpers import wait_for_run

SENTENCE = re.compile(r"页面出现意外错误，已记录。请把参考编号 ([0-9A-F]{8}) 告诉管理员。")


def logged(folder: Path, text: str, timeout_s: float = 30.0) -> str:
    """The servers' output once it holds ``text`` (the output is copied line by line)."""
    deadline = time.monotonic() + timeout_s
    while True:
        output = "".join(p.read_text(errors="replace") for p in folder.glob("*.log"))
        if text in output or time.monotonic() > deadline:
            return output
        time.sleep(0.1)


def test_an_unexpected_error_is_a_sentence_and_a_reference(
    streamlit_app, browser_page: Page, streamlit_logs: Path
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
    log = logged(streamlit_logs, f"unexpected error, reference {found.group(1)}")
    assert f"unexpected error, reference {found.group(1)}" in log
    assert "ValueError: secret detail" in log
