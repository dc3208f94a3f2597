"""Browser sessions at once against one server, each on filters of its own.

The embedded SQLite registry used to crash the server with a handful of sessions (the engine's
pool closed connections other script threads still used), and a fresh server's first sessions
raced to import numpy/pandas lazily (``ui/__init__``). Each session must read its own scope's
figures — equal to the snapshot command — and no error; the server must still answer
afterwards. Correctness under concurrency, not speed: nothing here is timed.

SQLite gets twenty sessions: with either fix undone, twenty crashed the server in every try
(2 of 2 each), twelve caught the import race only once in two. PostgreSQL's pool was never the
crash; eight sessions (more than its pool's five connections) check it under concurrency at a
third of the browser time.
"""

from __future__ import annotations

import datetime as dt
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from commands.metrics_cli import run_snapshot
from data_access.loaders import Registry
from data_access.scope import Scope
from tests.e2e.helpers import new_context, tile_values, wait_for_script
from tests.support.accounts import Accounts

SQLITE_SESSIONS = 20
POSTGRES_SESSIONS = 8
#: the ceiling of each page's wait (a condition, not a sleep): every session's first load at once
CONCURRENT_TIMEOUT_MS = 300_000
DAYS = (dt.date(2026, 3, 10), dt.date(2026, 6, 2), dt.date(2026, 9, 15), dt.date(2026, 11, 20))


def _sessions(url: str, sessions: int) -> list[tuple[str, Scope]]:
    """``sessions`` different filters: whole communities and single grids, on several days."""
    registry = Registry.open(url)
    try:
        communities, grids = registry.organisation()
    finally:
        registry.engine.dispose()
    community_codes = communities["code"].to_list()
    grid_codes = grids.sort("code")["code"].to_list()
    step = max(1, len(grid_codes) // sessions)
    picks: list[tuple[str, Scope]] = []
    for i in range(sessions):
        day = DAYS[i % len(DAYS)]
        if i % 4 == 0:
            code = community_codes[(i // 4) % len(community_codes)]
            scope = Scope(as_of=day, communities=(code,))
            query = f"community={code}&as_of={day.isoformat()}"
        else:
            code = grid_codes[(i * step) % len(grid_codes)]
            scope = Scope(as_of=day, grids=(code,))
            query = f"grid={code}&as_of={day.isoformat()}"
        picks.append((query, scope))
    assert len({q for q, _ in picks}) == sessions
    return picks


def _concurrent_sessions(
    base: str, registry_url: str, browser: Browser, sessions: int, accounts: Accounts
) -> None:
    picks = _sessions(registry_url, sessions)
    registry = Registry.open(registry_url)
    try:
        expected = [run_snapshot(registry, scope) for _, scope in picks]
    finally:
        registry.engine.dispose()
    # each its own session of the tester
    contexts = [
        new_context(browser, cookies=[accounts.browser_cookie(accounts.tester())]) for _ in picks
    ]
    try:
        pages = []
        # every page is requested before any is read: the server runs all the scripts at once
        for context, (query, _) in zip(contexts, picks, strict=True):
            page = context.new_page()
            page.goto(f"{base}/overview?{query}", wait_until="commit")
            pages.append(page)
        for page, snapshot in zip(pages, expected, strict=True):
            # 20 first loads share one server and one browser on two cores: on a VM 2.5 times
            # slower than usual, the last chart of the first page came after 90 s
            wait_for_script(page, "需关注事项", timeout_ms=CONCURRENT_TIMEOUT_MS)
            expect(page.locator('[data-testid="stException"]')).to_have_count(0)
            tiles = tile_values(page)
            assert tiles["住户"] == f"{snapshot['households']:,}", page.url
            assert tiles["总人口"] == f"{snapshot['residents']['total']:,}", page.url
            assert tiles["本周走访（次）"] == f"{snapshot['visits']['this_week']['visits']:,}"
    finally:
        for context in contexts:
            context.close()
    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=10) as response:
        assert response.read().decode().strip() == "ok"


@pytest.mark.e2e
def test_twenty_sessions_on_sqlite(
    streamlit_app, chromium_browser: Browser, demo_sqlite: Path, test_accounts: Accounts
):
    url = f"sqlite:///{demo_sqlite}"
    base = streamlit_app(env={"REGISTRY_DB_URL": url, "GRID_E2E_SERVER": "concurrent"})
    _concurrent_sessions(base, url, chromium_browser, SQLITE_SESSIONS, test_accounts)


@pytest.mark.e2e
def test_eight_sessions_on_postgres(
    streamlit_app, chromium_browser: Browser, pg_demo_url: str, test_accounts: Accounts
):
    base = streamlit_app(env={"REGISTRY_DB_URL": pg_demo_url, "GRID_E2E_SERVER": "concurrent"})
    _concurrent_sessions(base, pg_demo_url, chromium_browser, POSTGRES_SESSIONS, test_accounts)
