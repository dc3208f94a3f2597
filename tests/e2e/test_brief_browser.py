"""The weekly brief from the overview in real headless Chromium: one click on the button gives
the PDF of the scope and week, and a second format is one choice away."""

from __future__ import annotations

import io
from pathlib import Path

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.helpers import rerun_by, wait_for_script

DAY = "2026-03-15"


def test_the_secretary_downloads_the_brief_in_one_click(
    streamlit_app, browser_page: Page, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    browser_page.goto(f"{base}/?community=AH&as_of={DAY}")
    wait_for_script(browser_page, "需关注事项")
    button = browser_page.locator(".st-key-brief_download button")
    expect(button).to_be_visible()
    browser_page.screenshot(path=artifacts_dir / "overview-brief-button.png")
    with browser_page.expect_download(timeout=120_000) as download:
        button.click()
    assert download.value.suggested_filename == f"周例会简报-爱和社区-{DAY}.pdf"
    data = Path(download.value.path()).read_bytes()
    (artifacts_dir / "brief-AH-2026-W11.pdf").write_bytes(data)
    reader = PdfReader(io.BytesIO(data))
    assert 2 <= len(reader.pages) <= 4
    assert "2026-W11" in reader.pages[0].extract_text()

    # the download's file is the format's only after the choice's own rerun has ended
    rerun_by(
        browser_page, browser_page.locator(".st-key-brief_format button", has_text="DOCX").click
    )
    wait_for_script(browser_page, "需关注事项")
    with browser_page.expect_download(timeout=120_000) as download:
        button.click()
    assert download.value.suggested_filename.endswith(".docx")
