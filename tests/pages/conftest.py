"""AppTest over the real app on the demo registry: pages reached through app.py, by widget key."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_db import APP_DB_ENV
from auth.accounts import User
from auth.roles import Role
from data_access.config import ENV_VAR, PROJECT_ROOT
from tests.support.accounts import Accounts
from tests.support.downloads import Downloads, recording
from ui.signin import TOKEN

APP = str(PROJECT_ROOT / "app.py")
TIMEOUT = 120


@pytest.fixture(autouse=True)
def app_db_env(test_accounts: Accounts, monkeypatch: pytest.MonkeyPatch) -> Accounts:
    """Every page test's app database is the session's (``tests/support/accounts``)."""
    monkeypatch.setenv(APP_DB_ENV, test_accounts.url)
    return test_accounts


@pytest.fixture
def demo_env(demo_sqlite: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the app at the session's demo registry (environment wins over secrets and the default)."""
    url = f"sqlite:///{demo_sqlite}"
    monkeypatch.setenv(ENV_VAR, url)
    return url


def _pages(accounts: Accounts) -> Iterator[Callable[..., AppTest]]:
    """Open pages through app.py on the registry the environment names, signed in as
    ``signed_in`` (default: the tester, granted every community of that registry) — a session
    started in the app database and kept in the page's session, as the sign-in form does.

    Caches are kept from test to test: every loader and the engine are keyed by the registry's
    URL, and no test changes a registry file once the app may have read it (a test edits a copy
    of its own under ``tmp_path`` before opening it; the fault tests, which break files the app
    is reading, clear the caches themselves). So a test still sees its own registry alone, and
    the demo's figures are computed once per scope and day instead of once per test.
    """

    def open_page(
        page: str = "pages/overview.py",
        /,
        *,
        signed_in: User | None = None,
        **query: str | list[str],
    ) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        if signed_in is None:
            registry = os.environ.get(ENV_VAR)
            if registry:
                accounts.grant_if_readable(registry)
            signed_in = accounts.tester()
        at.session_state[TOKEN] = accounts.token(signed_in)
        for name, value in query.items():
            at.query_params[name] = value
        if page != "pages/overview.py":
            at.switch_page(page)  # the page's own link, as a browser opens it: one run
        at.run()
        return at

    yield open_page


#: the demo's township (every community of the demo is in it)
DEMO_TOWNSHIP = "上派镇"


@pytest.fixture
def township_office(app_db_env: Accounts) -> User:
    """A township-office user of the demo's township: every community, no personal-data access,
    so a sensitive group's counts are "<5" and multiples of 5 (``metrics.privacy``). The tester,
    a secretary, sees them exact."""
    return app_db_env.user(Role.TOWNSHIP_OFFICE, [("township", DEMO_TOWNSHIP)])


@pytest.fixture
def app_page(demo_env: str, app_db_env: Accounts) -> Iterator[Callable[..., AppTest]]:
    """``app_page("pages/overview.py", as_of="2026-03-10", community="AH")`` → an AppTest that has run.

    Query values may be lists (repeated parameters). Caches are keyed by the registry's URL,
    so a test never sees another test's registry (``_pages``).
    """
    yield from _pages(app_db_env)


@pytest.fixture
def tiny_page(
    tiny_sqlite: Path, monkeypatch: pytest.MonkeyPatch, app_db_env: Accounts
) -> Iterator[Callable[..., AppTest]]:
    """``tiny_page("pages/visits.py", community="AH")`` → an AppTest of that page, reached through
    app.py, run on the tiny registry (tests/data_access/tiny.py)."""
    monkeypatch.setenv(ENV_VAR, f"sqlite:///{tiny_sqlite}")
    yield from _pages(app_db_env)


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> Downloads:
    """The files the page's download buttons would give (``tests/support/downloads.py``)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    seen, spy = recording()
    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return seen


@pytest.fixture(scope="session")
def demo_with_community_without_grids(
    demo_sqlite: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A copy of the demo with one more community, ``NEW``, that has no grid, in a township of its
    own, so the township page (which compares a whole township) is empty too (built once; no
    test changes it)."""
    copy = tmp_path_factory.mktemp("community_without_grids") / "registry.sqlite"
    copy.write_bytes(demo_sqlite.read_bytes())
    with sqlite3.connect(copy) as db:
        db.execute(
            "INSERT INTO community (id, code, name, township) "
            "VALUES (999, 'NEW', '新建社区', '新镇')"
        )
    return copy


@pytest.fixture
def community_without_grids(
    demo_with_community_without_grids: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """Point the app at a copy of the demo with one more community, ``NEW``, that has no grid."""
    monkeypatch.setenv(ENV_VAR, f"sqlite:///{demo_with_community_without_grids}")
    return "NEW"


def no_exceptions(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def metric_values(at: AppTest) -> dict[str, str]:
    """Tile label → shown value."""
    return {m.label: m.value for m in at.metric}
