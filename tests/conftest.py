"""Session fixtures: a real PostgreSQL server, demo registries, Streamlit servers, Chromium.

Missing infrastructure (no PostgreSQL, no chromium) makes the dependent tests FAIL, never
skip: CI must not go green without having exercised them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from data_access.config import ENV_VAR, configured_url
from tests.data_access.tiny import build_tiny
from tests.e2e.helpers import SCRIPT_TIMEOUT_MS, new_context
from tests.support.accounts import Accounts
from tests.support.browser import CHROMIUM_ARGS, ChromiumUnavailable, chromium_executable
from tests.support.paths import ARTIFACTS_DIR
from tests.support.postgres import PostgresServer, PostgresUnavailable, start_postgres
from tests.support.streamlit_server import StreamlitFailed, StreamlitLauncher

# No server of a test refreshes the daily store in the background (it would build the whole
# history of every registry a test opens); the store's tests build it themselves.
os.environ["STORE_BACKGROUND"] = "0"
# The data-quality page waits for its background job as long as it takes (a test waits on the
# result, never on time); tests/pages/test_quality_job.py sets its own wait of 0.
os.environ["QUALITY_WAIT_SECONDS"] = "600"
# An expect without a timeout of its own waits up to the browser tests' one ceiling, not
# Playwright's 5 s: a page still running its script on a slow machine draws its last widgets
# later than that (CI of 02abc2c: the sign-out button, drawn after a live overview's figures)
expect.set_options(timeout=SCRIPT_TIMEOUT_MS)

# Tests that use these fixtures get the matching marker, so `-m "not e2e"` works unasked.
_FIXTURE_MARKERS = {
    "pg_server": "postgres",
    "pg_own_server": "postgres",
    "pg_demo_url": "postgres",
    "chromium_browser": "e2e",
    "browser_page": "e2e",
}


def _fail(message: str) -> NoReturn:
    """Fail (never skip) with just the message: missing infrastructure is a CI failure."""
    __tracebackhide__ = True
    # Raised from a fresh frame so the report shows no chained "During handling..." noise.
    exc = pytest.fail.Exception(message, pytrace=False)
    exc.__suppress_context__ = True
    raise exc


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, marker in _FIXTURE_MARKERS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)
        # tests run once per engine (tests/data_access: ``engine_name``) on PostgreSQL
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("engine_name") == "postgres":
            item.add_marker("postgres")


# -- PostgreSQL -------------------------------------------------------------------------------


def _postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server started for the fixture and destroyed after it (fails, never skips)."""
    try:
        server = start_postgres()
    except PostgresUnavailable as exc:
        _fail(f"PostgreSQL test server unavailable: {exc}")
    try:
        yield server
    finally:
        server.destroy()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server of our own on 127.0.0.1: ``.url(db)``, ``.create_database(name)``."""
    yield from _postgres()


@pytest.fixture(scope="module")
def pg_own_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for one test module alone, which its tests may stop and restart
    (``.stop()``, ``.restart()`` on the same port)."""
    yield from _postgres()


# -- demo registries --------------------------------------------------------------------------


def _build_demo(url: str) -> None:
    try:
        from demo.build import build_demo
    except ImportError as exc:
        _fail(f"cannot import demo.build.build_demo: {exc}")
    build_demo(url)


@pytest.fixture(scope="session")
def demo_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo registry built once per session into a SQLite file; returns its path."""
    path = tmp_path_factory.mktemp("demo") / "demo_registry.sqlite"
    _build_demo(f"sqlite:///{path.resolve()}")
    return path


@pytest.fixture(scope="session")
def tiny_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny edge-case registry (tests/data_access/tiny.py) built once per session into a
    SQLite file; a test that breaks a registry copies it first."""
    import sqlalchemy as sa

    from tests.data_access.tiny import build_tiny

    path = tmp_path_factory.mktemp("tiny") / "tiny.sqlite"
    writer = sa.create_engine(f"sqlite:///{path}")
    build_tiny(writer)
    writer.dispose()
    return path


@pytest.fixture(scope="session")
def pg_demo_url(pg_server: PostgresServer) -> str:
    """The demo registry built once per session into database ``registry``; returns its URL."""
    url = pg_server.create_database("registry")
    _build_demo(url)
    return url


# -- Streamlit servers ------------------------------------------------------------------------


# -- accounts ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def test_accounts(tmp_path_factory: pytest.TempPathFactory) -> Accounts:
    """The session's app database (a SQLite file) and its accounts (``tests/support/accounts``):
    every page and browser test signs in through it."""
    path = tmp_path_factory.mktemp("app_db") / "app.sqlite"
    return Accounts(f"sqlite:///{path}")


@pytest.fixture(scope="session")
def streamlit_launcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitLauncher]:
    """The session's test servers (``server_at(base_url)``: one of them, e.g. to read its
    output); all are terminated at the end of the session."""
    launcher = StreamlitLauncher(tmp_path_factory.mktemp("streamlit-logs"))
    try:
        yield launcher
    finally:
        launcher.stop_all()


@pytest.fixture(scope="session")
def streamlit_app(
    streamlit_launcher: StreamlitLauncher, test_accounts: Accounts
) -> Callable[..., str]:
    """Factory: ``streamlit_app(script="app.py", env={...})`` -> base URL of a healthy server.

    Servers run from the project root with the test venv's Python; an identical request reuses
    the running server. All are terminated (process group) at the end of the session. They use
    the session's app database, whose ``tester`` is granted the server's registry (a page
    test's browser carries the tester's cookie: ``browser_page``).
    """

    def start(
        script: str | Path = "app.py", env: dict[str, str] | None = None, timeout: float = 60.0
    ) -> str:
        env = {"APP_DB_URL": test_accounts.url, "ACCOUNTS_IDLE_MINUTES": "720", **(env or {})}
        test_accounts.grant_if_readable(env.get(ENV_VAR) or configured_url())
        try:
            return streamlit_launcher(script, env=env, timeout=timeout)
        except StreamlitFailed as exc:
            _fail(str(exc))

    return start


# -- Chromium ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    """A Playwright (sync) Chromium browser: Debian's chromium, headless, fresh profile."""
    try:
        executable = chromium_executable()
    except ChromiumUnavailable as exc:
        _fail(str(exc))
    with sync_playwright() as playwright:
        try:
            # launch() gives every browser a fresh temporary profile (user-data-dir).
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
        except PlaywrightError as exc:
            _fail(f"could not launch {executable}: {exc}")
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def tester_cookie(test_accounts: Accounts) -> dict[str, str]:
    """A new session of the tester, as the cookie a browser context adds (``add_cookies``)."""
    return test_accounts.browser_cookie(test_accounts.tester())


@pytest.fixture
def browser_page(chromium_browser: Browser, tester_cookie: dict[str, str]) -> Iterator[Page]:
    """A fresh page (own context: zh-CN locale, desktop viewport), signed in as the tester,
    closed after the test."""
    context = new_context(chromium_browser, cookies=[tester_cookie])
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


# -- artifacts --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """``artifacts/`` at the project root (git-ignored): screenshots and other e2e output."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR


# -- small registries on both engines (tests/data_access, tests/auth) -------------------------
# Here, at the root, so that every folder shares one session's builds: a session fixture defined
# in two conftest files is two fixtures, and both would create database "tiny" on the server.

Build = Callable[[sa.Engine], None]
ENGINES = ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def registry_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str, str, Build], str]:
    """Factory: ``registry_url(engine, name, build)`` → the URL of a registry that ``build`` filled.

    ``engine`` is "sqlite" (a file under the session's tmp dir) or "postgres" (database ``name``
    on the session's server); each (engine, name) is built once per session.
    """
    built: dict[tuple[str, str], str] = {}

    def make(engine: str, name: str, build: Build) -> str:
        if (engine, name) not in built:
            if engine == "sqlite":
                url = f"sqlite:///{tmp_path_factory.mktemp(name) / 'registry.sqlite'}"
            else:
                url = request.getfixturevalue("pg_server").create_database(name)
            writer = sa.create_engine(url)
            build(writer)
            writer.dispose()
            built[(engine, name)] = url
        return built[(engine, name)]

    return make


@pytest.fixture(params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    """Run a test once on SQLite and once on PostgreSQL."""
    if request.param == "postgres":
        request.getfixturevalue("pg_server")  # fails (never skips) without PostgreSQL
    return request.param


@pytest.fixture
def tiny_url(engine_name: str, registry_url) -> str:
    """The tiny registry's URL, once per engine."""
    return registry_url(engine_name, "tiny", build_tiny)
