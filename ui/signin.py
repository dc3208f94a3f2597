"""Sign-in for every page: local accounts (the app database) or single sign-on (``st.login``).

``signed_in_user`` returns the signed-in user or draws the sign-in form (or "no access") and
stops the page. After a sign-in the page's session keeps the session's token, and the browser
is sent once through ``auth.web``'s claim route, which gives it an HttpOnly cookie for the same
session: a reload (a new Streamlit session) finds the user again by that cookie. Every run
restarts the session's idle clock in the app database; a session idle longer than the timeout
is ended there and asked to sign in again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

import streamlit as st
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner import get_script_run_ctx

from app_db import AppDbError, AppEngine, app_db_url, open_app_db
from auth import accounts
from auth.accounts import Outcome, User
from auth.clients import client_address, trusted_proxies
from auth.demo import DEMO_PASSWORD, ensure_demo_accounts
from auth.settings import AuthSettings, SettingsError, auth_settings
from auth.web import CLAIM_PATH, COOKIE, SIGN_OUT_PATH
from data_access.config import uses_demo
from ui import data
from ui.i18n import Labels, language_switch

_log = logging.getLogger(__name__)
TOKEN = "auth_token"
_NOTICE = "auth_notice"
#: this page's session signed out (its browser may still send the ended session's cookie)
_SIGNED_OUT = "auth_signed_out"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@st.cache_resource(show_spinner=False)
def app_engine(url: str) -> AppEngine:
    """The app database, migrated on first use (one engine per server)."""
    return open_app_db(url)


@st.cache_resource(show_spinner=False)
def _demo_accounts(app_url: str, registry_url: str) -> tuple[str, ...]:
    """The demo accounts, created once per server — only on the demo registry."""
    registry = data.registry_for(registry_url)
    with registry.connect() as conn:
        users = ensure_demo_accounts(app_engine(app_url), registry_url, conn, now_utc())
    return tuple(u.login for u in users)


def _here() -> str:
    """This page's path and query, to come back to after the claim route."""
    path = urlsplit(str(getattr(st.context, "url", "") or "")).path or "/"
    query = urlencode([(k, v) for k in st.query_params for v in st.query_params.get_all(k)])
    return path + (f"?{query}" if query else "")


def _go(path: str, **query: str) -> None:
    """Send the browser to ``path`` on this server (the frontend follows it at once)."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    message = ForwardMsg()
    message.auth_redirect.url = f"{path}?{urlencode(query)}" if query else path
    ctx.enqueue(message)


def _cookie() -> str | None:
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) and 0 < len(value) <= 128 else None


def role_name(labels: Labels, user: User) -> str:
    key = "committee_chair" if user.is_chair else user.role.value
    return labels.plain(f"role.{key}")


def client() -> str:
    """The client's address (``auth.clients``: behind a trusted proxy, from X-Forwarded-For)."""
    peer = getattr(st.context, "ip_address", None)
    forwarded = st.context.headers.get("X-Forwarded-For")
    return client_address(
        peer if isinstance(peer, str) else None,  # (a test harness's stand-in is not an address)
        forwarded if isinstance(forwarded, str) else None,
        trusted_proxies(),
    )


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError):  # no secrets file at all
        return False
    except Exception:  # a malformed secrets file: Streamlit says so itself
        return False


#: a provider's sign-in starts a dashboard session only this soon after it was made. Streamlit's
#: identity cookie lasts 30 days; without this, a browser that no longer holds the dashboard's
#: session (it timed out, was signed out or its cookie is gone) would be signed in again by it.
SSO_FRESH = dt.timedelta(minutes=5)


def sso_sign_in_is_fresh(issued_at: object, now: dt.datetime, fresh: dt.timedelta) -> bool:
    """Whether a provider's sign-in (its ID token's ``iat``, seconds since 1970, UTC) may start
    a dashboard session at ``now`` (naive UTC): issued at most ``fresh`` ago (a minute of clock
    skew ahead is tolerated). A sign-in without a usable time is not fresh: fails closed."""
    if isinstance(issued_at, bool) or not isinstance(issued_at, int | float):
        return False
    try:
        issued = dt.datetime.fromtimestamp(issued_at, dt.UTC).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        return False
    return -dt.timedelta(minutes=1) <= now - issued <= fresh


def _sso_user(labels: Labels, engine: AppEngine, settings: AuthSettings) -> User | None:
    """The account of the person signed in at the identity provider, or "no access".

    The provider's sign-in is bound to a dashboard session like a password's (token, cookie,
    idle clock): when that session has ended — idle longer than the timeout, or signed out —
    the person is signed out at the provider too and must sign in there again."""
    if not st.user.is_logged_in:
        return None
    subject = f"{st.user.get('iss', '')}|{st.user.get('sub', '')}"
    email = st.user.get("email")
    user = accounts.find_user(engine, oidc_subject=subject)
    # an e-mail names an account only when the provider vouches for it: where people may set
    # their own e-mail, an unverified one could claim another person's account
    if user is None and email and st.user.get("email_verified") is True:
        user = accounts.find_user(engine, email=str(email))
    if user is None or user.disabled:
        st.error(labels("signin.no_access", who=str(email or st.user.get("name") or "?")))
        st.button(labels("signin.sign_out"), on_click=st.logout, key="auth_sso_out")
        st.stop()
    now = now_utc()
    token, cookie = st.session_state.get(TOKEN), _cookie()
    if token or cookie:
        if token:
            current = accounts.touch_session(engine, token, now, settings.idle)
        else:
            current = accounts.touch_session(engine, cookie, now, settings.idle, cookie=True)
        if current is not None and current.id == user.id:
            return current
    # no live session of this person's: a sign-in just made at the provider starts one, once (an
    # ended session's cookie may still be sent: it is replaced). Otherwise the dashboard's
    # session ended — idle longer than the timeout, or signed out — while the provider's lasted
    # in Streamlit's identity cookie: end the provider's too; the person signs in there again.
    claims = {name: st.user.get(name) for name in ("iss", "sub", "iat", "nonce")}
    if sso_sign_in_is_fresh(claims["iat"], now, SSO_FRESH):
        try:
            token = accounts.start_session(
                engine, user, client(), now, method="oidc",
                sso_sign_in=accounts.sso_sign_in_key(claims),
            )  # fmt: skip
        except accounts.SignInUsed:
            token = None
        if token is not None:
            st.session_state[TOKEN] = token
            _go(CLAIM_PATH, ticket=accounts.issue_ticket(engine, token, now), next=_here())
            return user
    st.session_state.pop(TOKEN, None)
    st.logout()
    st.stop()


#: the sign-in page's language switch: not ``f_lang``, which the page drawn after a sign-in in
#: the same run (while the browser goes through the claim route) draws in its sidebar
SIGNIN_LANGUAGE_KEY = "auth_lang"


def _keep_language() -> None:
    """The language chosen on the sign-in page is the session's, and goes into the link, which
    the sign-in returns to."""
    st.session_state["f_lang"] = st.session_state[SIGNIN_LANGUAGE_KEY]
    st.query_params["lang"] = st.session_state[SIGNIN_LANGUAGE_KEY]


def _form(
    labels: Labels, engine: AppEngine, registry_url: str, app_url: str, settings: AuthSettings
) -> User | None:
    """The sign-in form; the user once he has signed in (the form is then taken away, and this
    run goes on to draw the page while the browser is sent through the claim route)."""
    holder = st.empty()
    with holder.container():
        _, middle, _ = st.columns([1, 3, 1])
        with middle:
            user = _form_body(labels, engine, registry_url, app_url, settings)
    if user is not None:
        holder.empty()
    return user


def _form_body(
    labels: Labels, engine: AppEngine, registry_url: str, app_url: str, settings: AuthSettings
) -> User | None:
    st.session_state.setdefault("f_lang", labels.lang)
    st.session_state.setdefault(SIGNIN_LANGUAGE_KEY, labels.lang)
    language_switch(labels, st, on_change=_keep_language, key=SIGNIN_LANGUAGE_KEY)
    st.title(labels("signin.title"))
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.warning(notice)
    st.write(labels("signin.intro"))
    if _oidc_configured():
        st.button(labels("signin.sso"), on_click=st.login, key="auth_sso", type="primary")
    with st.form("auth_form", clear_on_submit=False):
        login = st.text_input(labels("signin.login"), key="auth_login", max_chars=64)
        password = st.text_input(
            labels("signin.password"), key="auth_password", type="password", max_chars=128
        )
        submitted = st.form_submit_button(labels("signin.submit"), type="primary")
    if submitted:
        now = now_utc()
        result = accounts.authenticate(
            engine,
            login,
            password,
            client(),
            now,
            settings.lockout,
            demo_allowed=uses_demo(registry_url),
        )
        if result.outcome in (Outcome.OK, Outcome.MUST_CHANGE):
            token = accounts.start_session(engine, result.user, client(), now)
            st.session_state[TOKEN] = token
            st.session_state.pop("auth_password", None)
            # the browser trades a one-time ticket for the session's cookie, then comes back; no
            # rerun here: a rerun may drop the redirect before the browser has it
            _go(CLAIM_PATH, ticket=accounts.issue_ticket(engine, token, now), next=_here())
            return result.user
        elif result.outcome is Outcome.LOCKED:
            until = result.locked_until.replace(tzinfo=dt.UTC).astimezone(SHANGHAI)
            st.error(labels("signin.locked", until=until.strftime("%H:%M")))
        elif result.outcome is Outcome.DISABLED:
            st.error(labels("signin.disabled"))
        else:
            st.error(labels("signin.bad"))
    if uses_demo(registry_url):
        logins = _demo_accounts(app_url, registry_url)
        st.info(labels("signin.demo", password=DEMO_PASSWORD))
        for login in logins:
            user = accounts.find_user(engine, login=login)
            if user is not None:
                st.markdown(
                    "- "
                    + labels(
                        "signin.demo_row",
                        login=login,
                        role=role_name(labels, user),
                        name=user.display_name,
                    )
                )
    elif not accounts.list_users(engine):
        st.info(labels("signin.no_accounts"))


def _change_password(labels: Labels, engine: AppEngine, user: User) -> None:
    st.title(labels("signin.change.title"))
    st.write(labels("signin.change.why"))
    with st.form("auth_change"):
        current = st.text_input(
            labels("signin.change.current"), type="password", key="auth_current"
        )
        new = st.text_input(labels("signin.change.new"), type="password", key="auth_new")
        again = st.text_input(labels("signin.change.again"), type="password", key="auth_again")
        submitted = st.form_submit_button(labels("signin.change.submit"), type="primary")
    if submitted:
        if new != again:
            st.error(labels("signin.change.mismatch"))
        else:
            try:
                accounts.change_password(engine, now_utc(), user.login, current, new, client())
            except accounts.PasswordRejected as rejected:
                st.error(rejected.message(labels.lang))
            except accounts.AccountError:
                st.error(labels("signin.change.wrong_current"))
            else:
                st.session_state.pop("auth_current", None)
                st.session_state.pop("auth_new", None)
                st.session_state.pop("auth_again", None)
                st.toast(labels("signin.change.done"))
                st.rerun()
    st.stop()


def signed_in_user(
    labels: Labels, registry_url: str, before: Callable[[], None] | None = None
) -> User:
    """The signed-in user; otherwise the sign-in page is drawn and the run stops."""
    app_url = app_db_url()
    try:
        engine = app_engine(app_url)
    except AppDbError:
        st.error(labels("signin.unavailable"))
        st.stop()
    try:
        settings = auth_settings()
    except SettingsError as exc:
        _log.error("sign-in settings: %s", exc)
        st.error(labels("signin.misconfigured"))
        st.stop()
    if _oidc_configured():
        user = _sso_user(labels, engine, settings)
        if user is not None:
            return user
    token, cookie = st.session_state.get(TOKEN), _cookie()
    if token or cookie:
        idle = settings.idle
        if token:
            user = accounts.touch_session(engine, token, now_utc(), idle)
        else:
            user = accounts.touch_session(engine, cookie, now_utc(), idle, cookie=True)
        if user is not None:
            if user.must_change_password:
                _change_password(labels, engine, user)
            return user
        st.session_state.pop(TOKEN, None)
        if token or not st.session_state.get(_SIGNED_OUT):
            minutes = int(idle.total_seconds() // 60)
            st.session_state[_NOTICE] = labels("signin.idle", minutes=minutes)
    if before is not None:
        before()
    user = _form(labels, engine, registry_url, app_url, settings)
    if user is None:
        st.stop()
    if user.must_change_password:
        _change_password(labels, engine, user)
    return user


def sign_out() -> None:
    """The sidebar button's callback: ends the session in the app database (and at the
    identity provider when signed in there)."""
    engine = app_engine(app_db_url())
    token, cookie = st.session_state.pop(TOKEN, None), _cookie()
    if token:
        accounts.end_session(engine, token, now_utc())
    if cookie:
        accounts.end_session(engine, cookie, now_utc(), cookie=True)
    st.session_state[_SIGNED_OUT] = True
    if _oidc_configured() and st.user.is_logged_in:
        st.logout()
    elif cookie:
        _go(SIGN_OUT_PATH)  # the browser drops the ended session's cookie


def who_and_sign_out(labels: Labels, user: User) -> None:
    side = st.sidebar
    side.caption(labels("signin.who", name=user.display_name, role=role_name(labels, user)))
    side.button(
        labels("signin.sign_out"), on_click=sign_out, key="auth_out", icon=":material/logout:"
    )
