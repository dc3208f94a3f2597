"""Screenshots of each demo role's start page and of the access-log page, signed in through the
real form (``make run`` must serve the demo: ``python scripts/role_screenshots.py [BASE_URL]``).

Writes artifacts/roles/<login>.png and artifacts/roles/access-log-<login>.png."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from auth.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "artifacts" / "roles"
TIMEOUT = 120_000


def ready(page: Page) -> None:
    page.locator("h1").first.wait_for(timeout=TIMEOUT)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
        timeout=TIMEOUT
    )
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=TIMEOUT)
    page.locator('[data-testid="stSkeleton"]').first.wait_for(state="detached", timeout=TIMEOUT)


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"))
        for login in DEMO_ACCOUNTS:
            context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
            page = context.new_page()
            page.goto(f"{base}/?as_of=2026-03-10")
            page.get_by_label("用户名").fill(login)
            page.get_by_label("密码", exact=True).fill(DEMO_PASSWORD)
            page.get_by_role("button", name="登录").click()
            page.get_by_role("button", name="退出登录").wait_for(timeout=TIMEOUT)
            ready(page)
            page.screenshot(path=OUT / f"{login}.png", full_page=False)
            if login in ("demo-secretary", "demo-admin"):
                page.goto(f"{base}/access_log")
                ready(page)
                page.screenshot(path=OUT / f"access-log-{login}.png", full_page=False)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8501")
