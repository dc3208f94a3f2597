"""Single sign-on in Chromium against a real OpenID provider (``oidc-provider-mock``).

The dashboard (``app.py`` on the demo registry) gets ``[auth]`` secrets pointing at the provider
the tests start, and an app database of its own. A person signs in on the provider's own
authorization page: one whose subject (``iss|sub``) or e-mail is an account's comes back to the
overview, signed in under that account; one the app database does not know (or whose account is
locked) gets "no access" and nothing else; sign-out ends the session at the provider and returns
to the sign-in page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from app_db import APP_DB_ENV, open_app_db
from app_db.schema import app_session
from auth import accounts, log
from auth.roles import Role
from tests.e2e.helpers import SCRIPT_TIMEOUT_MS, new_context, wait_for_script
from tests.support.net import free_port
from tests.support.oidc import (
    OidcProvider,
    OidcProviderUnavailable,
    OidcUser,
    write_auth_secrets,
)
from tests.support.paths import PROJECT_ROOT
from tests.support.streamlit_server import StreamlitFailed, StreamlitServer

T0 = dt.datetime(2026, 12, 1, 9, 0, 0)
# the provider's names differ from the accounts' (ACCOUNT_NAME): the page shows the account's
#: matched by subject: his account carries the provider's ``iss|sub`` and no e-mail
WANG = OidcUser(sub="wang-ah-7f3", email="wang.ah@office.example", name="Wang Wei")
#: matched by e-mail (any case): his account has no subject
LI = OidcUser(sub="li-ah-02c", email="Li.AH@Office.Example", name="Li Na")
#: his account exists but is locked
ZHAO = OidcUser(sub="zhao-ah-9d1", email="zhao.ah@office.example", name="Zhao Lei")
#: a person the provider knows and the dashboard does not
STRANGER = OidcUser(sub="stranger-55", email="stranger@elsewhere.example", name="Chen Mo")
#: someone else who gives 李书记's e-mail, which the provider does not vouch for
IMPOSTOR = OidcUser(sub="impostor-66", email=LI.email, name="Li Na", email_verified=False)
ACCOUNT_NAME = {WANG.sub: "王书记", LI.sub: "李书记", ZHAO.sub: "赵书记"}

SSO_BUTTON = "用单位统一身份认证登录"
SIGN_OUT = "退出登录"
NO_ACCESS = "您（{who}）没有本看板的访问权限。如需使用，请联系管理员。"
WORD_JOINER = "\u2060"
#: what the overview draws last
OVERVIEW_LAST = "需关注事项"


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcProvider]:
    """The OpenID provider, with the four people's claims registered."""
    server = OidcProvider(
        tmp_path_factory.mktemp("oidc") / "provider.log", users=(WANG, LI, ZHAO, STRANGER, IMPOSTOR)
    )
    try:
        server.start()
    except OidcProviderUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)  # a missing provider fails, never skips
    try:
        yield server
    finally:
        server.stop()


def _accounts(url: str, provider: OidcProvider) -> None:
    engine = open_app_db(url)
    try:
        grants = [("community", "AH")]
        create = accounts.create_user
        create(engine, T0, "sso-wang", Role.SECRETARY, actor="test",
               display_name=ACCOUNT_NAME[WANG.sub], oidc_subject=provider.subject(WANG),
               grants=grants)  # fmt: skip
        create(engine, T0, "sso-li", Role.SECRETARY, actor="test",
               display_name=ACCOUNT_NAME[LI.sub], email=LI.email.lower(), grants=grants)  # fmt: skip
        create(engine, T0, "sso-zhao", Role.SECRETARY, actor="test",
               display_name=ACCOUNT_NAME[ZHAO.sub], oidc_subject=provider.subject(ZHAO),
               email=ZHAO.email, grants=grants)  # fmt: skip
        accounts.set_disabled(engine, T0, "sso-zhao", True, actor="test")
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def sso_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sso-app")


@pytest.fixture(scope="module")
def sso_app_db(sso_folder: Path) -> str:
    """The URL of the SSO server's own app database."""
    return f"sqlite:///{sso_folder / 'app.sqlite'}"


@pytest.fixture(scope="module")
def sso_app(
    provider: OidcProvider, demo_sqlite: Path, sso_folder: Path, sso_app_db: str
) -> Iterator[str]:
    """Base URL of a dashboard server whose ``[auth]`` is the provider, on an app database of
    its own holding the accounts above."""
    folder = sso_folder
    app_db_url = sso_app_db
    _accounts(app_db_url, provider)
    port = free_port()
    secrets_file = write_auth_secrets(folder, provider, port)
    server = StreamlitServer(
        script=PROJECT_ROOT / "app.py",
        env={
            APP_DB_ENV: app_db_url,
            "REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}",
            "STREAMLIT_SECRETS_FILES": str(secrets_file),
        },
        log_file=folder / "streamlit.log",
        port=port,
    )
    try:
        base = server.start()
    except StreamlitFailed as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield base
    finally:
        server.stop()


@pytest.fixture
def page(chromium_browser: Browser) -> Iterator[Page]:
    """A fresh page of a context of its own, signed in nowhere (no cookie of another test)."""
    context = new_context(chromium_browser)
    try:
        yield context.new_page()
    finally:
        context.close()


def _sign_in_form(page: Page) -> None:
    """The sign-in page, with the single sign-on button, is shown and nobody is signed in."""
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("heading", name="登录")).to_be_visible(timeout=SCRIPT_TIMEOUT_MS)
    expect(main.get_by_role("button", name=SSO_BUTTON)).to_be_visible()
    expect(page.get_by_role("button", name=SIGN_OUT)).to_have_count(0)


def _sign_in_at_provider(page: Page, base: str, provider: OidcProvider, who: OidcUser) -> None:
    """From the dashboard's sign-in page through the provider's form and back."""
    page.goto(base)
    _sign_in_form(page)
    page.get_by_role("button", name=SSO_BUTTON).click()
    page.wait_for_url(f"{provider.issuer}/oauth2/authorize?**")
    page.locator('input[name="sub"]').fill(who.sub)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(f"{base}/**")


def _signed_in_as(page: Page, name: str, role: str) -> None:
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text(f"{name}（{role}）", exact=True)).to_be_visible(
        timeout=SCRIPT_TIMEOUT_MS
    )
    expect(sidebar.get_by_role("button", name=SIGN_OUT)).to_be_visible()
    expect(page.get_by_role("button", name=SSO_BUTTON)).to_have_count(0)
    expect(page.locator('[data-testid="stAlert"]')).to_have_count(0)


def _sign_out_at_provider(page: Page, base: str, provider: OidcProvider) -> None:
    """Sign-out ends the session at the provider (its confirmation page) and comes back."""
    page.wait_for_url(f"{provider.issuer}/oauth2/end_session?**")
    page.get_by_role("button", name="End session", exact=True).click()
    page.wait_for_url(f"{base}/**")
    _sign_in_form(page)


@pytest.mark.parametrize("who", [WANG, LI], ids=["by-subject", "by-email"])
def test_a_known_person_signs_in_at_the_provider_and_out_again(
    sso_app: str, sso_app_db: str, provider: OidcProvider, page: Page, who: OidcUser
) -> None:
    _sign_in_at_provider(page, sso_app, provider, who)
    _signed_in_as(page, ACCOUNT_NAME[who.sub], "社区书记")
    wait_for_script(page, OVERVIEW_LAST)
    # the sign-in is an access-log row like a password's, by method
    engine = open_app_db(sso_app_db)
    try:
        login = {WANG.sub: "sso-wang", LI.sub: "sso-li"}[who.sub]
        rows = [r for r in log.entries(engine, login=login) if r["action"] == "sign_in"]
    finally:
        engine.dispose()
    assert rows and '"method": "oidc"' in rows[0]["detail"], rows
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    # the sign-in is the browser's (a cookie): a new page load is still signed in
    page.reload()
    _signed_in_as(page, ACCOUNT_NAME[who.sub], "社区书记")
    wait_for_script(page, OVERVIEW_LAST)

    page.locator('[data-testid="stSidebar"]').get_by_role("button", name=SIGN_OUT).click()
    _sign_out_at_provider(page, sso_app, provider)
    page.reload()
    _sign_in_form(page)


@pytest.mark.parametrize(
    "who", [STRANGER, ZHAO, IMPOSTOR], ids=["unknown", "locked-account", "unverified-email"]
)
def test_a_person_without_an_account_gets_no_access_and_nothing_else(
    sso_app: str, provider: OidcProvider, page: Page, who: OidcUser
) -> None:
    _sign_in_at_provider(page, sso_app, provider, who)
    main = page.locator('[data-testid="stMain"]')
    message = main.locator('[data-testid="stAlert"]')
    expect(message).to_be_visible(timeout=SCRIPT_TIMEOUT_MS)
    # the e-mail is shown as text, never as a link: ui.text.md puts a word joiner after "@"
    assert message.inner_text().replace(WORD_JOINER, "").strip() == NO_ACCESS.format(who=who.email)
    expect(
        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')
    ).to_have_count(1, timeout=SCRIPT_TIMEOUT_MS)
    # nothing else: the message and its sign-out button are the page's only elements (the
    # sidebar, menu and filters included)
    # (the print stylesheet, ``ui.printing``, is one more element that shows nothing)
    shown = '[data-testid="stElementContainer"]:visible'
    expect(page.locator(shown)).to_have_count(2)
    expect(main.locator(shown)).to_have_count(2)
    expect(main.get_by_role("button")).to_have_count(1)
    expect(main.get_by_role("button", name=SIGN_OUT)).to_be_visible()
    for testid in ("stMetric", "stPlotlyChart", "stDataFrame", "stDeckGlJsonChart", "stForm",
                   "stSelectbox", "stMultiSelect", "stDateInput", "stTextInput"):  # fmt: skip
        expect(page.locator(f'[data-testid="{testid}"]')).to_have_count(0)
    for name in (who.name, ACCOUNT_NAME.get(who.sub, who.name)):
        expect(page.get_by_text(name)).to_have_count(0)

    main.get_by_role("button", name=SIGN_OUT).click()
    _sign_out_at_provider(page, sso_app, provider)


def test_a_provider_sign_in_ends_when_the_dashboard_session_has_been_idle(
    sso_app: str, sso_app_db: str, provider: OidcProvider, page: Page
) -> None:
    """The provider's sign-in is bound to a dashboard session with the same idle timeout as a
    password's: once that session has been idle longer than the timeout, the next page load
    signs the person out at the provider too (Streamlit's own identity cookie lasts 30 days)."""
    _sign_in_at_provider(page, sso_app, provider, WANG)
    _signed_in_as(page, ACCOUNT_NAME[WANG.sub], "社区书记")
    wait_for_script(page, OVERVIEW_LAST)
    engine = open_app_db(sso_app_db)
    try:
        user = accounts.find_user(engine, login="sso-wang")
        assert user is not None
        # the session's last request 31 minutes ago, as if the browser had been left alone
        with engine.begin() as conn:
            live = sa.and_(app_session.c.user_id == user.id, app_session.c.ended_at.is_(None))
            idle_since = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=31)
            changed = conn.execute(
                sa.update(app_session).where(live).values(last_seen_at=idle_since)
            ).rowcount
        assert changed >= 1
        page.reload()
        _sign_out_at_provider(page, sso_app, provider)
        ended = [r for r in log.entries(engine, login="sso-wang") if r["action"] == "session_idle"]
        assert ended, "the idle end is in the access log"
    finally:
        engine.dispose()
    # signed out at the provider as well: the dashboard asks for a sign-in again
    page.reload()
    _sign_in_form(page)
