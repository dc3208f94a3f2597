"""The committee's month in real headless Chromium, on an app database of its own: the chair
opens June 2026 for 爱和社区, accepts the proposals, scores the criteria without evidence,
a score off the proposal is refused without a reason and kept with one, the chair signs, a
second member confirms (locked), the chair downloads the signed sheet and reopens it with a
reason as version 2."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Browser
from pypdf import PdfReader

from auth.roles import Role
from metrics import rubric as rb
from scoring import store
from scoring.sheet import REGISTRY_COLUMNS
from tests.e2e import scoring_steps as steps
from tests.e2e.helpers import new_context
from tests.support.accounts import Accounts


def test_the_committee_scores_signs_exports_and_reopens_june(
    streamlit_app, chromium_browser: Browser, demo_sqlite: Path, tmp_path: Path
) -> None:
    accounts = Accounts(f"sqlite:///{tmp_path / 'app.sqlite'}")
    store.ensure_rubric(accounts.engine, dt.datetime(2026, 12, 1), rb.DEMO_RUBRIC, "seed", "demo")
    chair = accounts.user(Role.COMMITTEE, [("community", "AH")], is_chair=True)
    member = accounts.user(Role.COMMITTEE, [("community", "AH")])
    base = streamlit_app(
        env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}", "APP_DB_URL": accounts.url}
    )

    def page_of(user):
        return new_context(chromium_browser, cookies=[accounts.browser_cookie(user)]).new_page()

    out = tmp_path  # artifacts/scoring is the screenshot script's (the demo accounts)

    def shot(name: str) -> None:
        pass  # the screenshots are scripts/scoring_screenshots.py's (the demo accounts)

    page = page_of(chair)
    steps.score_and_sign(page, base, shot)
    sheet = store.latest(accounts.engine, "AH", steps.MONTH)
    assert sheet.status == store.Status.AWAITING and sheet.signed_by == chair.login

    other = page_of(member)
    steps.open_month(other, base)
    steps.member_confirms(other, shot)
    locked = store.latest(accounts.engine, "AH", steps.MONTH)
    assert locked.status == store.Status.SIGNED and locked.confirmed_by == member.login

    steps.open_month(page, base)
    xlsx, pdf = steps.export(page, out, shot)
    book = load_workbook(io.BytesIO(xlsx.read_bytes()))
    rows = list(book["assessment"].iter_rows(values_only=True))
    assert rows[0] == tuple(REGISTRY_COLUMNS)
    kept = {
        (e.worker_id, e.criterion_code): e.score for e in store.entries(accounts.engine, locked.id)
    }
    assert {(r[0], r[2]): r[3] for r in rows[1:]} == kept
    assert {r[1] for r in rows[1:]} == {steps.MONTH}
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert chair.display_name in text and member.display_name in text
    assert steps.REASON in text.replace("\n", "")

    steps.chair_reopens(page, shot)
    versions = store.versions(accounts.engine, "AH", steps.MONTH)
    assert [(s.version, s.status) for s in versions] == [
        (2, store.Status.DRAFT),
        (1, store.Status.SUPERSEDED),
    ]
    assert versions[0].reopen_reason == steps.REOPEN_REASON
