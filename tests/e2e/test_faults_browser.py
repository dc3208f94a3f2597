"""Faults in real Chromium against `streamlit run`: a PostgreSQL host that never answers shows
"正在连接登记库…" while the server waits for it, then our one-line message — never Streamlit's
error box — and a page whose SQLite file is deleted while the server runs says so."""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.helpers import SCRIPT_TIMEOUT_MS, screenshot
from tests.support.faults import silent_server


def _main(page: Page):
    return page.locator('[data-testid="stMain"]')


def test_an_unresponsive_postgres_host_says_connecting_then_our_message(
    streamlit_app, browser_page: Page, artifacts_dir: Path
) -> None:
    with silent_server() as port:
        base = streamlit_app(
            env={
                "REGISTRY_DB_URL": f"postgresql+psycopg://reader@127.0.0.1:{port}/registry",
                # long enough to be seen waiting, even on a busy machine
                "REGISTRY_CONNECT_TIMEOUT_S": "8",
            }
        )
        browser_page.goto(f"{base}/visits")
        expect(_main(browser_page).get_by_text("正在连接登记库…")).to_be_visible(
            timeout=SCRIPT_TIMEOUT_MS
        )
        alert = _main(browser_page).locator('[data-testid="stAlert"]')
        expect(alert).to_contain_text(
            "「走访覆盖」无法读取数据：连接不上登记库服务器。", timeout=SCRIPT_TIMEOUT_MS
        )
        text = alert.inner_text()
        for place in ("127.0.0.1", str(port), "reader"):
            assert place not in text
        expect(browser_page.get_by_role("button", name="重试")).to_be_visible()
        expect(browser_page.locator('[data-testid="stException"]')).to_have_count(0)
        screenshot(browser_page, artifacts_dir / "fault-connecting.png")


def test_a_deleted_sqlite_file_is_our_message_and_refresh_recovers(
    streamlit_app, browser_page: Page, tmp_path: Path, demo_sqlite: Path, artifacts_dir: Path
) -> None:
    registry = tmp_path / "registry.sqlite"
    shutil.copyfile(demo_sqlite, registry)
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{registry}"})
    browser_page.goto(f"{base}/?community=AH&as_of=2026-03-10")
    main = _main(browser_page)
    expect(main.get_by_text("需关注事项", exact=True)).to_be_visible(timeout=SCRIPT_TIMEOUT_MS)
    registry.unlink()
    browser_page.get_by_role("button", name="刷新数据").click()
    # our message, not the page's other notes (on 2026-03-10 the registration-week info box)
    alert = main.locator('[data-testid="stAlert"]').filter(has_text="无法读取数据")
    expect(alert).to_contain_text(
        "「周例会总览」无法读取数据：登记库文件不存在", timeout=SCRIPT_TIMEOUT_MS
    )
    assert str(registry.parent) not in alert.inner_text()
    expect(browser_page.locator('[data-testid="stException"]')).to_have_count(0)
    shutil.copyfile(demo_sqlite, registry)
    browser_page.get_by_role("button", name="重试").click()
    expect(main.get_by_text("需关注事项", exact=True)).to_be_visible(timeout=SCRIPT_TIMEOUT_MS)
    expect(main.get_by_text("登记库文件不存在", exact=False)).to_have_count(0)
