"""The committee's month in a real browser, step by step: what the Chromium test checks and what
``scripts/scoring_screenshots.py`` photographs for a newcomer (the demo chair scoring June 2026
for 爱和社区). Every wait is on a condition the page draws, never on time."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.helpers import SCRIPT_TIMEOUT_MS, wait_for_script

MONTH = "2026-06"
REASON = "两次巡查为事后补录，经核实未到网格：按实际巡查天数评分"
REOPEN_REASON = "更正：补录的巡查记录经社区核实有效"
Shot = Callable[[str], None]
#: typing into a selectbox again when a late rerun closed its list (``choose``)
ATTEMPTS = 4
ATTEMPT_MS = SCRIPT_TIMEOUT_MS // 4


def main(page: Page):
    return page.locator('[data-testid="stMain"]')


def settled(page: Page) -> None:
    """The script's run is over (its own state) and no running indicator is left."""
    expect(
        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')
    ).to_have_count(1, timeout=SCRIPT_TIMEOUT_MS)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(
        0, timeout=SCRIPT_TIMEOUT_MS
    )


def choose(page: Page, key: str, option: str) -> None:
    """Pick ``option`` in the selectbox of widget ``key``: typed into the box's search, then
    Enter (the list is virtual: an option far down is not in the page until scrolled to)."""
    box = page.locator(f".st-key-{key} input")
    wanted = page.get_by_role("option", name=option, exact=True)
    # a rerun that a previous action left behind draws the box again and closes its list (the
    # typed text lost): type again once the run is over, until the option is listed
    for _ in range(ATTEMPTS):
        settled(page)
        box.click()
        box.fill(option)
        try:
            wanted.wait_for(state="visible", timeout=ATTEMPT_MS)
            break
        except PlaywrightTimeout:
            continue
    else:
        wanted.wait_for(state="visible")
    box.press("Enter")
    expect(page.locator(f".st-key-{key} input")).to_have_value(option)
    settled(page)


def status_is(page: Page, text: str) -> None:
    expect(main(page).get_by_text(text).first).to_be_visible(timeout=SCRIPT_TIMEOUT_MS)
    settled(page)


def open_month(page: Page, base: str) -> None:
    page.goto(f"{base}/scoring")
    wait_for_script(page, "考核评分")
    choose(page, "scoring_month", MONTH)


def chair_opens(page: Page, shot: Shot) -> None:
    status_is(page, "本月尚未开启评分")
    shot("1-proposals-before-opening")
    page.locator(".st-key-scoring_open button").click()
    status_is(page, "草稿（可评分）")
    shot("2-opened-draft")


def accept_proposals(page: Page, shot: Shot) -> None:
    page.locator(".st-key-scoring_accept_all button").click()
    status_is(page, "项建议分")
    shot("3-proposals-accepted")


def score_criterion(page: Page, label: str, code: str, value: str, shot: Shot | None) -> None:
    """Every worker's empty score of one criterion (those without a proposal)."""
    page.locator(".st-key-scoring_mode button", has_text="逐项评分").click()
    settled(page)
    choose(page, "scoring_criterion", label)
    fields = page.locator(f'[class*="st-key-scoring_score_"][class*="_{code}_"] input')
    expect(fields.first).to_be_visible()
    before = missing(page)
    filled = 0
    for field in fields.all():
        if not field.input_value():
            field.fill(value)
            filled += 1
    if shot is not None:
        shot(f"4-by-criterion-{code}")
    page.locator(f".st-key-scoring_criterion_form_{code}_save button").click()
    # the sheet's own count of missing scores, not a message an earlier save may have left
    missing_is(page, before - filled)


MISSING = re.compile(r"还有 (\d+) 项未评分")


def missing(page: Page) -> int:
    """How many scores the sheet still misses (0 when it says nothing)."""
    settled(page)
    notes = main(page).get_by_text(MISSING)
    if notes.count() == 0:
        return 0
    return int(MISSING.search(notes.first.inner_text()).group(1))


def missing_is(page: Page, count: int) -> None:
    if count > 0:
        status_is(page, f"还有 {count} 项未评分")
    else:
        expect(main(page).get_by_text(MISSING)).to_have_count(0, timeout=SCRIPT_TIMEOUT_MS)
        settled(page)


def score_with_reason(page: Page, worker: str | None, shot: Shot) -> None:
    """One worker's (``None``: the first's) patrol score well below the proposal: refused
    without a reason, kept with one."""
    page.locator(".st-key-scoring_mode button", has_text="逐人评分").click()
    settled(page)
    if worker is not None:
        choose(page, "scoring_worker", worker)
    patrol = page.locator('[class*="st-key-scoring_score_"][class*="_patrol_"] input')
    proposed = float(patrol.input_value())
    lowered = f"{max(0.0, proposed - 5):.2f}"
    patrol.fill(lowered)
    form_save = page.locator('[class*="st-key-scoring_form_"][class*="_save"] button')
    form_save.click()
    status_is(page, "本次未保存任何评分")
    shot("5-reason-required")
    patrol = page.locator('[class*="st-key-scoring_score_"][class*="_patrol_"] input')
    patrol.fill(lowered)
    page.locator('[class*="st-key-scoring_reason_"][class*="_patrol_"] input').fill(REASON)
    form_save.click()
    status_is(page, "已保存 1 项评分")
    shot("6-reason-written")


def chair_signs(page: Page, shot: Shot) -> None:
    page.locator(".st-key-scoring_sign button").click()
    status_is(page, "组长已签署，待另一名成员确认")
    shot("7-signed-by-chair")


def member_confirms(page: Page, shot: Shot) -> None:
    page.locator(".st-key-scoring_confirm button").click()
    status_is(page, "已签署确认（锁定）")
    shot("8-confirmed-locked")


def export(page: Page, out: Path, shot: Shot) -> tuple[Path, Path]:
    files = []
    for key in ("scoring_download_xlsx", "scoring_download_pdf"):
        with page.expect_download(timeout=120_000) as download:
            page.locator(f".st-key-{key} button").click()
        path = out / download.value.suggested_filename
        download.value.save_as(path)
        files.append(path)
    shot("9-exported")
    return files[0], files[1]


def chair_reopens(page: Page, shot: Shot) -> None:
    page.locator('[data-testid="stExpander"]', has_text="重新开启").locator("summary").click()
    page.locator(".st-key-scoring_reopen_reason textarea").fill(REOPEN_REASON)
    page.locator(".st-key-scoring_reopen button").click()
    status_is(page, "第 2 版")
    shot("10-reopened-version-2")


def score_and_sign(page: Page, base: str, shot: Shot) -> None:
    """The chair's month up to his signature: open, accept the proposals, score the criteria
    without evidence (every worker: collection, satisfaction; incidents where nobody reported
    one), one score off its proposal with a reason, sign."""
    open_month(page, base)
    chair_opens(page, shot)
    accept_proposals(page, shot)
    score_criterion(page, "信息采集", "collection", "23", shot)
    score_criterion(page, "群众满意度", "satisfaction", "9", None)
    score_criterion(page, "事件处置", "incidents", "15", None)
    score_with_reason(page, None, shot)
    chair_signs(page, shot)
