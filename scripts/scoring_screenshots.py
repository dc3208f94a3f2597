"""A newcomer's month, photographed: the demo chair scores June 2026 for 爱和社区 from the
proposals, writes one reason, signs; the demo committee member confirms; the chair exports the
signed sheet. Signed in through the real form (``make run`` must serve the demo):
``PYTHONPATH=. python scripts/scoring_screenshots.py [BASE_URL]``.

Writes artifacts/scoring/<step>.png and the two exported files. Run it on a fresh app database
(June must not be open yet)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from auth.demo import DEMO_PASSWORD
from tests.e2e import scoring_steps as steps
from tests.e2e.helpers import screenshot, wait_for_run, wait_for_script

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "artifacts" / "scoring"


def signed_in(browser: Browser, base: str, login: str) -> Page:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    context.set_default_timeout(120_000)
    page = context.new_page()
    page.goto(f"{base}/")
    wait_for_run(page)  # the form drawn and its run over: a value typed earlier is lost
    page.get_by_label("用户名").fill(login)
    page.get_by_label("密码", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    wait_for_script(page, "周例会总览")
    return page


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"))
        chair = signed_in(browser, base, "demo-chair")

        def shot(name: str, page: Page = chair) -> None:
            screenshot(page, OUT / f"{name}.png")
            page.set_viewport_size({"width": 1400, "height": 900})

        steps.score_and_sign(chair, base, shot)
        member = signed_in(browser, base, "demo-committee")
        steps.open_month(member, base)
        steps.member_confirms(member, lambda name: shot(name, member))
        steps.open_month(chair, base)
        steps.export(chair, OUT, shot)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8501")
