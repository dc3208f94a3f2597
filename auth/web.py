"""The two HTTP routes that keep a sign-in across page reloads (served by ``app.py``'s ``st.App``).

A Streamlit page cannot set a cookie, and a page reload starts a new Streamlit session, so a
sign-in kept only in the page's session would end at the next reload. After a sign-in the page
sends the browser to ``/_gm/claim?ticket=…&next=…``; the ticket (one-time, one minute) is
exchanged for the session's cookie — ``HttpOnly`` (no script reads it), ``SameSite=Lax``,
``Secure`` behind HTTPS, no expiry date (it ends with the browser; the app database ends the
session after the idle timeout or at sign-out) — and the browser goes back to the page.
``/_gm/signout`` ends the cookie's session and deletes the cookie.

Only SHA-256 digests of the ticket and the cookie are stored (``auth.accounts``).
"""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlsplit

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from app_db import AppDbError, app_db_url, open_app_db
from auth import accounts

_log = logging.getLogger(__name__)

COOKIE = "gm_session"
CLAIM_PATH = "/_gm/claim"
SIGN_OUT_PATH = "/_gm/signout"

_engines: dict[str, sa.Engine] = {}


def _engine() -> sa.Engine:
    url = app_db_url()
    if url not in _engines:
        _engines[url] = open_app_db(url)
    return _engines[url]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def safe_next(target: str | None) -> str:
    """Where to go back to: a path on this server only (never another site: ``//evil``,
    ``https://…``, ``/\\evil``), else the start page."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


def _secure(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


async def claim(request: Request) -> RedirectResponse:
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the ticket never leaves in a Referer
    ticket = request.query_params.get("ticket", "")
    try:
        cookie = await run_in_threadpool(accounts.redeem_ticket, _engine(), ticket, _now())
    except (AppDbError, sa.exc.SQLAlchemyError) as exc:
        _log.error("sign-in ticket not redeemed: %s", exc)
        cookie = None
    if cookie is not None:
        response.set_cookie(
            COOKIE, cookie, httponly=True, samesite="lax", secure=_secure(request), path="/"
        )
    return response


async def sign_out(request: Request) -> RedirectResponse:
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    response.headers["Cache-Control"] = "no-store"
    cookie = request.cookies.get(COOKIE)
    if cookie:
        try:
            await run_in_threadpool(accounts.end_session, _engine(), cookie, _now(), cookie=True)
        except (AppDbError, sa.exc.SQLAlchemyError) as exc:
            _log.error("sign-out not recorded: %s", exc)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")
    return response


ROUTES = [
    Route(CLAIM_PATH, claim, methods=["GET"]),
    Route(SIGN_OUT_PATH, sign_out, methods=["GET"]),
]
