"""Sign-in in real Chromium against `streamlit run app.py`: the form, a reload that keeps the
sign-in (the HttpOnly cookie of ``auth.web``), sign-out, a page the role may not open as the
first request to a fresh server, and two users side by side who never see each other's scope."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from auth.roles import Role
from auth.web import CLAIM_PATH, COOKIE, SIGN_OUT_PATH
from tests.e2e.helpers import (
    new_context,
    screenshot,
    tile_values,
    wait_for_run,
    wait_for_script,
)
from tests.support.accounts import Accounts

PASSWORD = "Grid-Test-Pass-2026"
DAY = "2026-03-10"


def sidebar(page: Page):
    return page.locator('[data-testid="stSidebar"]')


@pytest.fixture(params=["sqlite", "postgres"])
def app_db(request: pytest.FixtureRequest, test_accounts: Accounts) -> Accounts:
    """The app database of the server: the session's SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        return test_accounts
    server = request.getfixturevalue("pg_server")  # fails, never skips, without PostgreSQL
    return Accounts(server.create_database(f"app_signin_{next(_databases)}"))


_databases = itertools.count()


def test_sign_in_reload_sign_out(
    streamlit_app, chromium_browser: Browser, demo_sqlite: Path, app_db: Accounts,
    artifacts_dir: Path,
) -> None:  # fmt: skip
    user = app_db.user(Role.SECRETARY, [("community", "AH")], password=PASSWORD)
    base = streamlit_app(
        env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}", "APP_DB_URL": app_db.url}
    )
    context = new_context(chromium_browser)
    page = context.new_page()
    try:
        page.goto(f"{base}/visits?as_of={DAY}")
        main = page.locator('[data-testid="stMain"]')
        expect(main.get_by_role("heading", name="登录")).to_be_visible(timeout=90_000)
        # nothing of the registry before the sign-in: no filters, no menu
        expect(sidebar(page).get_by_role("link")).to_have_count(0)
        expect(page.get_by_text("用户名", exact=True)).to_be_visible()
        screenshot(page, artifacts_dir / "signin.png")
        page.get_by_label("用户名").fill(user.login)
        page.get_by_label("密码", exact=True).fill(PASSWORD)
        # the page sends the browser through the claim route, which sets the cookie
        with page.expect_response(lambda r: CLAIM_PATH in r.url) as claim:
            page.get_by_role("button", name="登录").click()
        assert claim.value.status == 303
        # the claim route sets the cookie and sends the browser back to the same page and link
        wait_for_run(page)
        expect(main.get_by_role("heading", name="走访覆盖").first).to_be_visible()
        assert "as_of=2026-03-10" in page.url
        cookie = next(c for c in context.cookies() if c["name"] == COOKIE)
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        assert "ticket" not in page.url
        # a reload is a new Streamlit session: the cookie finds the same sign-in
        page.reload()
        wait_for_run(page)
        expect(sidebar(page).get_by_text(user.display_name, exact=False)).to_be_visible()
        with page.expect_response(lambda r: SIGN_OUT_PATH in r.url):
            sidebar(page).get_by_role("button", name="退出登录").click()
        expect(main.get_by_role("heading", name="登录")).to_be_visible(timeout=90_000)
        assert not [c for c in context.cookies() if c["name"] == COOKIE]
        page.reload()  # and the sign-out holds after a reload
        expect(main.get_by_role("heading", name="登录")).to_be_visible(timeout=90_000)
    finally:
        context.close()


def test_a_forbidden_page_as_the_first_request_to_a_fresh_server(
    streamlit_app, chromium_browser: Browser, demo_sqlite: Path, test_accounts: Accounts
) -> None:
    committee = test_accounts.user(Role.COMMITTEE, [("community", "AH")])
    base = streamlit_app(
        env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}", "GRID_E2E_SERVER": "forbidden-first"}
    )
    context = new_context(chromium_browser, cookies=[test_accounts.browser_cookie(committee)])
    page = context.new_page()
    try:
        page.goto(f"{base}/population?as_of={DAY}")
        wait_for_script(page, "您的角色（考核小组）不能打开「人口结构」。")
        expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
        links = sidebar(page).get_by_role("link")
        names = [links.nth(i).inner_text().split()[-1] for i in range(links.count())]
        assert "人口结构" not in names and "网格员考核" in names, names
    finally:
        context.close()


def test_two_users_side_by_side_see_their_own_scope(
    streamlit_app, chromium_browser: Browser, demo_sqlite: Path, test_accounts: Accounts
) -> None:
    """Two contexts on one server at once, a secretary of 爱和社区 and one of 三河社区: each sees
    his community's figures and filter only, whichever ran first (no shared cache result)."""
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    who = {code: test_accounts.user(Role.SECRETARY, [("community", code)]) for code in ("AH", "SH")}
    contexts = {
        code: new_context(chromium_browser, cookies=[test_accounts.browser_cookie(user)])
        for code, user in who.items()
    }
    try:
        pages = {}
        for code, context in contexts.items():
            pages[code] = context.new_page()
            pages[code].goto(f"{base}/?as_of={DAY}", wait_until="commit")
        households = {}
        for code, page in pages.items():
            wait_for_script(page, "需关注事项")
            households[code] = tile_values(page)["住户"]
            expect(page.get_by_text("范围：1 个社区", exact=False).first).to_be_visible()
        assert households["AH"] == "4,686"
        assert households["SH"] != households["AH"]
    finally:
        for context in contexts.values():
            context.close()
