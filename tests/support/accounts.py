"""Signed-in users for the page and browser tests: real accounts and sessions in a real app
database (SQLite file of the test session), made through ``auth.accounts`` as a sign-in would.

``TESTER`` is the one account the page and browser tests use when a test does not say whom:
a community secretary granted every community of each registry a test opens, so those tests
see the whole registry as before sign-in existed, through the same access path as every user.
A test about a role signs in as that role (``Accounts.user``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Iterable
from pathlib import Path

import sqlalchemy as sa

from app_db import open_app_db
from auth import accounts
from auth.accounts import User
from auth.roles import Role
from auth.web import COOKIE

TESTER = "tester"
ACTOR = "tests"
_logins = itertools.count(1)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def community_codes(registry_url: str) -> list[str]:
    """The registry's community codes; none for a SQLite file that does not exist (which this
    must not create: a fault test's missing registry stays missing)."""
    url = sa.make_url(registry_url)
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        return []
    engine = sa.create_engine(registry_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.text("SELECT code FROM community ORDER BY code")).scalars())
    finally:
        engine.dispose()


class Accounts:
    """The test session's app database (``url``) and its accounts."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = open_app_db(url)
        self._granted: set[str] = set()

    def tester(self, registry_url: str | None = None) -> User:
        """The default account; granted every community of ``registry_url`` (once per URL)."""
        user = accounts.find_user(self.engine, login=TESTER)
        if user is None:
            user = accounts.create_user(
                self.engine, now(), TESTER, Role.SECRETARY, actor=ACTOR, display_name="测试书记"
            )
        if registry_url is not None and registry_url not in self._granted:
            grants = [("community", code) for code in community_codes(registry_url)]
            user = accounts.add_grants(self.engine, now(), TESTER, grants, actor=ACTOR)
            self._granted.add(registry_url)
        return user

    def grant_if_readable(self, registry_url: str) -> None:
        """``tester(registry_url)`` unless that registry cannot be read (a fault test's)."""
        with contextlib.suppress(sa.exc.SQLAlchemyError):
            self.tester(registry_url)

    def browser_cookie(self, user: User) -> dict[str, str]:
        """A session cookie for a Playwright context (every test server is on 127.0.0.1)."""
        return {"name": COOKIE, "value": self.cookie(user), "url": "http://127.0.0.1"}

    def user(
        self,
        role: Role,
        grants: Iterable[tuple[str, str]] = (),
        *,
        worker_id: int | None = None,
        is_chair: bool = False,
        password: str | None = None,
        must_change_password: bool = False,
        login: str | None = None,
    ) -> User:
        """A new account of ``role`` (a fresh login unless given)."""
        return accounts.create_user(
            self.engine,
            now(),
            login or f"{role.value.replace('_', '-')}-{next(_logins)}",
            role,
            actor=ACTOR,
            grants=grants,
            worker_id=worker_id,
            is_chair=is_chair,
            password=password,
            must_change_password=must_change_password,
        )

    def token(self, user: User) -> str:
        """A new session's token, as the sign-in form keeps it in the page's session."""
        return accounts.start_session(self.engine, user, "127.0.0.1", now())

    def cookie(self, user: User) -> str:
        """A new session's cookie, as the browser gets it from the claim route."""
        moment = now()
        ticket = accounts.issue_ticket(self.engine, self.token(user), moment)
        cookie = accounts.redeem_ticket(self.engine, ticket, moment)
        assert cookie is not None
        return cookie
