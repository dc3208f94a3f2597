"""Every role × every page in real Chromium (one server, one browser context per role, signed
in by the session cookie): the menu lists exactly the role's pages, each of them opens without
an error, and each page outside them shows its title and the role's message — the URL typed by
hand, not a link."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, expect

from auth.roles import RIGHTS, Role
from data_access import access as registry_access
from tests.e2e.helpers import new_context, wait_for_run
from tests.support.accounts import Accounts
from ui.i18n import Labels
from ui.nav import PAGES

ZH = Labels("zh")
DAY = "2026-03-10"


def _worker(demo_sqlite: Path, role: str) -> int:
    engine = sa.create_engine(f"sqlite:///{demo_sqlite}")
    try:
        with engine.connect() as conn:
            found = registry_access.first_worker_in_post(conn, "AH", role)
    finally:
        engine.dispose()
    assert found is not None
    return found[0]


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_every_page_of_a_role(
    streamlit_app, chromium_browser: Browser, demo_sqlite: Path, test_accounts: Accounts,
    role: Role,
) -> None:  # fmt: skip
    grants = {
        Role.TOWNSHIP_OFFICE: [("township", "上派镇")],
        Role.SECRETARY: [("community", "AH")],
        Role.COMMITTEE: [("community", "AH")],
    }.get(role, [])
    worker = (
        _worker(demo_sqlite, role.value) if role in (Role.GRID_LEADER, Role.GRID_WORKER) else None
    )
    user = test_accounts.user(role, grants, worker_id=worker)
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    context = new_context(chromium_browser, cookies=[test_accounts.browser_cookie(user)])
    page = context.new_page()
    allowed = [p for p in PAGES if p.key in RIGHTS[role].pages]
    try:
        for spec in PAGES:
            page.goto(f"{base}/{spec.url_path}?as_of={DAY}")
            wait_for_run(page)
            main = page.locator('[data-testid="stMain"]')
            links = page.locator('[data-testid="stSidebar"]').get_by_role("link")
            names = [links.nth(i).inner_text().split()[-1] for i in range(links.count())]
            assert names == [ZH(f"nav.{p.key}") for p in allowed], (spec.key, names)
            expect(page.locator('[data-testid="stException"]')).to_have_count(0)
            forbidden = main.get_by_text(
                ZH(
                    "signin.page_forbidden",
                    role=ZH.plain(f"role.{role.value}"),
                    page=ZH(f"nav.{spec.key}"),
                )  # fmt: skip
            )
            if spec in allowed:
                expect(forbidden).to_have_count(0)
            else:
                expect(forbidden).to_be_visible()
                expect(main.locator("h1").first).to_have_text(ZH(f"nav.{spec.key}"))
                expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
    finally:
        context.close()
