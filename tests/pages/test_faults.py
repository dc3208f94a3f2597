"""Faults while the app runs, through app.py by widget key: every page ends in our one-line
message naming it and the problem (never Streamlit's error box, never a host, port, user or
path), "刷新数据" during the fault says the same, and the page recovers once the registry is back."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from data_access.config import ENV_VAR
from tests.data_access.tiny import AS_OF, build_tiny
from tests.pages.conftest import APP, no_exceptions
from tests.support.accounts import Accounts
from tests.support.faults import overwrite_with_junk, sqlite_locked_by_another_process
from ui.nav import FIGURE_PAGES
from ui.signin import TOKEN
from ui.text import md

TIMEOUT = 60
HINT = "请稍后按“重试”或侧栏的“刷新数据”。"


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="module")
def tiny_file(tiny_sqlite: Path) -> Path:
    """The pristine tiny registry; tests break copies of it."""
    return tiny_sqlite


@pytest.fixture
def registry_file(tiny_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app reads a copy of the tiny registry, which the test may break; lock waits are short."""
    path = tmp_path / "registry.sqlite"
    shutil.copyfile(tiny_file, path)
    monkeypatch.setenv(ENV_VAR, f"sqlite:///{path}")
    monkeypatch.setenv("REGISTRY_LOCK_TIMEOUT_S", "0.3")
    return path


@pytest.fixture
def open_page(app_db_env: Accounts) -> Callable[..., AppTest]:
    """Open the overview, then switch to ``path`` (two runs: the second reads the registry
    again), signed in as the tester granted the registry the environment names."""

    def open_(path: str, **query: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        app_db_env.grant_if_readable(os.environ[ENV_VAR])
        at.session_state[TOKEN] = app_db_env.token(app_db_env.tester())
        for name, value in query.items():
            at.query_params[name] = value
        at.run()
        if path != "pages/overview.py":
            at.switch_page(path).run()
        return at

    return open_


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def assert_our_message(at: AppTest, *needles: str, hidden: tuple[str, ...] = ()) -> str:
    """Exactly one error, ours: one line holding ``needles`` and none of ``hidden``; a retry button."""
    assert not at.exception, [e.value for e in at.exception]
    [line] = errors(at)
    assert "\n" not in line and line.endswith(HINT), line
    for needle in needles:
        assert needle in line, line
    for place in hidden:
        assert place not in line, line
    assert at.button(key="fault_retry").label == "重试"
    return line


def _deleted(path: Path) -> AbstractContextManager[None]:
    path.unlink()
    return nullcontext()


def _not_a_database(path: Path) -> AbstractContextManager[None]:
    overwrite_with_junk(path)
    return nullcontext()


FAULTS: dict[str, tuple[Callable[[Path], AbstractContextManager[None]], str]] = {
    "deleted": (_deleted, "登记库文件不存在"),
    "not_a_database": (_not_a_database, "登记库文件不是数据库或已损坏"),
    "locked": (sqlite_locked_by_another_process, "登记库被其他会话锁定，等待超过 0.3 秒"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("page", FIGURE_PAGES, ids=[p.key for p in FIGURE_PAGES])
def test_a_sqlite_fault_while_the_app_runs_is_our_message_and_the_page_recovers(
    open_page: Callable[..., AppTest], registry_file: Path, tiny_file: Path, page, fault: str
) -> None:
    at = open_page(page.path, as_of=AS_OF.isoformat())
    no_exceptions(at)
    title = at.title[0].value
    make_fault, problem = FAULTS[fault]
    hidden = (str(registry_file), registry_file.name, str(registry_file.parent))
    with make_fault(registry_file):
        # another day: the page's own loaders query the registry (the lookups stay cached)
        at.date_input(key="f_as_of").set_value(AS_OF - dt.timedelta(days=1)).run()
        assert_our_message(at, f"「{title}」", problem, hidden=hidden)
        # 刷新数据 during the fault: everything is read again, and fails the same way
        at.button(key="f_refresh").click().run()
        assert_our_message(at, f"「{title}」", problem, hidden=hidden)
    if fault != "locked":
        shutil.copyfile(tiny_file, registry_file)
    at.button(key="fault_retry").click().run()
    no_exceptions(at)
    assert [t.value for t in at.title] == [title]


def test_recovery_needs_no_button_a_rerun_reads_the_restored_file(
    open_page: Callable[..., AppTest], registry_file: Path, tiny_file: Path
) -> None:
    at = open_page("pages/overview.py", as_of=AS_OF.isoformat())
    registry_file.unlink()
    at.button(key="f_refresh").click().run()
    assert_our_message(at, "登记库文件不存在")
    shutil.copyfile(tiny_file, registry_file)
    at.run()
    no_exceptions(at)
    assert at.metric


def test_a_page_opened_while_the_file_is_locked_gives_up_saying_why(
    open_page: Callable[..., AppTest], registry_file: Path
) -> None:
    with sqlite_locked_by_another_process(registry_file):
        at = open_page("pages/overview.py", as_of=AS_OF.isoformat())
        assert_our_message(at, "「周例会总览」已放弃查询", "锁定")
    at.button(key="fault_retry").click().run()
    no_exceptions(at)


def test_the_message_is_in_english_too(
    open_page: Callable[..., AppTest], registry_file: Path
) -> None:
    at = open_page("pages/visits.py", as_of=AS_OF.isoformat(), lang="en")
    registry_file.unlink()
    at.button(key="f_refresh").click().run()
    assert not at.exception
    assert errors(at) == [
        "Visits and coverage: cannot read the data — the registry file is missing "
        "(deleted or moved?). Press Retry (or Refresh data in the sidebar) to try again."
    ]
    assert at.button(key="fault_retry").label == "Retry"


# -- PostgreSQL ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pg_registry(pg_own_server) -> str:
    url = pg_own_server.create_database("pages_tiny")
    writer = sa.create_engine(url)
    build_tiny(writer)
    writer.dispose()
    with pg_own_server.connect() as admin:  # a stop is a crash: keep the rows
        admin.execute("CHECKPOINT")
    return url


def _pg_hidden(server) -> tuple[str, ...]:
    return (server.host, str(server.port), "postgres", "pages_tiny")


def test_postgres_stopped_is_our_message_and_a_restart_recovers(
    open_page: Callable[..., AppTest],
    pg_own_server,
    pg_registry: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_VAR, pg_registry)
    at = open_page("pages/overview.py", as_of=AS_OF.isoformat())
    no_exceptions(at)
    pg_own_server.stop()
    try:
        at.button(key="f_refresh").click().run()
        assert_our_message(
            at, "「周例会总览」", "连接不上登记库服务器", hidden=_pg_hidden(pg_own_server)
        )
        at.button(key="fault_retry").click().run()  # still down: still ours
        assert_our_message(at, "连接不上登记库服务器")
    finally:
        pg_own_server.restart()
    at.button(key="fault_retry").click().run()
    no_exceptions(at)
    assert at.metric


@pytest.mark.parametrize(
    ("limits", "problem"),
    [
        ({"REGISTRY_LOCK_TIMEOUT_S": "0.5"}, "登记库被其他会话锁定，等待超过 0.5 秒"),
        (
            {"REGISTRY_LOCK_TIMEOUT_S": "30", "REGISTRY_STATEMENT_TIMEOUT_S": "0.5"},
            "查询运行超过 0.5 秒仍未完成",
        ),
    ],
    ids=["lock_timeout", "statement_timeout"],
)
def test_a_postgres_table_locked_by_another_session_the_page_gives_up(
    open_page: Callable[..., AppTest],
    pg_own_server,
    pg_registry: str,
    monkeypatch: pytest.MonkeyPatch,
    limits,
    problem: str,
) -> None:
    monkeypatch.setenv(ENV_VAR, pg_registry)
    for name, value in limits.items():
        monkeypatch.setenv(name, value)
    at = open_page("pages/overview.py", as_of=AS_OF.isoformat())
    no_exceptions(at)
    holder = pg_own_server.connect("pages_tiny", autocommit=False)
    try:
        holder.execute("LOCK TABLE visit IN ACCESS EXCLUSIVE MODE")
        at.switch_page("pages/visits.py").run()
        assert_our_message(at, "「走访覆盖」已放弃查询", problem, hidden=_pg_hidden(pg_own_server))
    finally:
        holder.rollback()
        holder.close()
    at.button(key="fault_retry").click().run()
    no_exceptions(at)


# (table, column, a value its type cannot hold, a page that must read it): SQLite keeps whatever
# it is given
MALFORMED = [
    # text sorts after every date: the day windows leave the row out, and no page has to read it
    ("visit", "visited_at", "yesterday", None),
    ("rental", "pledge_signed_on", "soon", "rentals"),
    ("assessment", "score", "n/a", "workers"),
]


@pytest.mark.parametrize(
    ("table", "column", "junk", "reader"), MALFORMED, ids=[m[1] for m in MALFORMED]
)
@pytest.mark.parametrize("page", FIGURE_PAGES, ids=[p.key for p in FIGURE_PAGES])
def test_text_where_the_contract_wants_a_number_or_date_is_our_message(
    open_page: Callable[..., AppTest],
    registry_file: Path,
    page,
    table: str,
    column: str,
    junk: str,
    reader: str | None,
) -> None:
    import sqlite3

    with sqlite3.connect(registry_file) as db:
        db.execute(
            f"UPDATE {table} SET {column} = ? WHERE rowid = (SELECT min(rowid) FROM {table})",
            (junk,),
        )
    at = open_page(page.path, as_of=AS_OF.isoformat())
    assert not at.exception, [e.value for e in at.exception]
    # a page that reads the column says so in our one line, naming it and the value; the others
    # draw as usual
    lines = errors(at)
    for line in lines:
        assert "\n" not in line and line.endswith(HINT), line
        assert md(f"{table}.{column}") in line and md(junk) in line, line
    if page.key == reader:
        assert lines, f"{page.key} read {table}.{column} = {junk!r} without a word"
