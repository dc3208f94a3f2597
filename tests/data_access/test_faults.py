"""Faults while the registry is open: each is our error naming the problem (never a host, user,
port or path), every query is bounded, and the same engine works again once the fault is gone."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from data_access.config import QueryLimits, configured_limits
from data_access.engine import open_registry
from data_access.errors import QueryTimeout, RegistryError, RegistryUnavailable
from data_access.faults import fault_of
from tests.data_access.tiny import build_tiny
from tests.support.faults import (
    overwrite_with_junk,
    replace_with_junk,
    silent_server,
    sqlite_locked_by_another_process,
)

# the lock timeout is the shorter (as by default), so a blocked query says "lock"
QUICK = QueryLimits(statement_s=1, lock_s=0.5, connect_s=5)
# a statement that never ends by itself
ENDLESS = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"


def visits(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM visit")).scalar_one()


@pytest.fixture(scope="module")
def tiny_file(tiny_sqlite: Path) -> Path:
    """The pristine tiny registry; tests break copies of it."""
    return tiny_sqlite


@pytest.fixture
def registry_file(tiny_file: Path, tmp_path: Path) -> Path:
    """A copy of the tiny registry this test may break."""
    path = tmp_path / "registry.sqlite"
    shutil.copyfile(tiny_file, path)
    return path


@pytest.fixture
def sqlite_engine(registry_file: Path) -> Iterator[sa.Engine]:
    engine = open_registry(str(registry_file), QUICK)
    assert visits(engine) == 6  # a pooled connection is open on the file
    yield engine
    engine.dispose()


def assert_names_no_place(error: RegistryError, *places: str) -> None:
    message = str(error)
    assert "\n" not in message
    for place in places:
        assert place not in message
    assert error.detail  # where it happened goes to the log


def assert_names_the_setting(error: QueryTimeout, setting: str) -> None:
    """The operator's line names the setting of the limit, the user's line does not."""
    assert error.for_operator().endswith(f"; the limit is {setting} (seconds, 0 = no limit)")
    assert setting not in str(error)


def _delete(path: Path) -> None:
    path.unlink()


@pytest.mark.parametrize(
    ("break_file", "reason"),
    [
        (_delete, "missing"),
        (overwrite_with_junk, "not_a_database"),
        (replace_with_junk, "not_a_database"),
    ],
    ids=["deleted", "overwritten", "replaced"],
)
def test_a_broken_sqlite_file_is_named_and_the_engine_recovers(
    sqlite_engine: sa.Engine,
    registry_file: Path,
    tiny_file: Path,
    break_file: Callable[[Path], None],
    reason: str,
) -> None:
    break_file(registry_file)
    with pytest.raises(RegistryUnavailable) as info:
        visits(sqlite_engine)
    assert info.value.reason == reason
    assert_names_no_place(info.value, str(registry_file), registry_file.name)
    shutil.copyfile(tiny_file, registry_file)
    assert visits(sqlite_engine) == 6


def test_a_sqlite_file_locked_by_another_process_gives_up_with_a_lock_timeout(
    sqlite_engine: sa.Engine, registry_file: Path
) -> None:
    with sqlite_locked_by_another_process(registry_file), pytest.raises(QueryTimeout) as info:
        visits(sqlite_engine)
    assert (info.value.kind, info.value.seconds) == ("lock", 0.5)
    assert_names_no_place(info.value, str(registry_file))
    assert_names_the_setting(info.value, "REGISTRY_LOCK_TIMEOUT_S")
    assert visits(sqlite_engine) == 6


def test_opening_a_locked_sqlite_file_gives_up_too(registry_file: Path) -> None:
    with sqlite_locked_by_another_process(registry_file), pytest.raises(QueryTimeout) as info:
        open_registry(str(registry_file), QUICK)
    assert info.value.kind == "lock"


def test_a_sqlite_statement_running_too_long_is_interrupted(sqlite_engine: sa.Engine) -> None:
    with pytest.raises(QueryTimeout) as info, sqlite_engine.connect() as conn:
        conn.execute(sa.text(ENDLESS)).all()
    assert (info.value.kind, info.value.seconds) == ("statement", 1)
    assert_names_the_setting(info.value, "REGISTRY_STATEMENT_TIMEOUT_S")
    assert visits(sqlite_engine) == 6  # the interrupted connection serves the next query


def test_no_statement_limit_means_no_interrupt(registry_file: Path) -> None:
    engine = open_registry(str(registry_file), QueryLimits(statement_s=0, lock_s=0.5))
    try:
        with engine.connect() as conn:
            # a long but finite statement: it ends by itself, nothing stops it
            n = conn.execute(
                sa.text(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                    "WHERE i < 200000) SELECT count(*) FROM n"
                )
            ).scalar_one()
    finally:
        engine.dispose()
    assert n == 200000


# -- PostgreSQL ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pg_tiny_url(pg_server) -> str:
    url = pg_server.create_database("faults_tiny")
    writer = sa.create_engine(url)
    build_tiny(writer)
    writer.dispose()
    return url


@contextmanager
def visit_locked(pg_server) -> Iterator[None]:
    """Another session holds ACCESS EXCLUSIVE on ``visit`` in an open transaction."""
    holder = pg_server.connect("faults_tiny", autocommit=False)
    holder.execute("LOCK TABLE visit IN ACCESS EXCLUSIVE MODE")
    try:
        yield
    finally:
        holder.rollback()
        holder.close()


def test_postgres_sessions_carry_the_limits(pg_tiny_url: str) -> None:
    engine = open_registry(pg_tiny_url, QueryLimits(statement_s=12, lock_s=3.5, connect_s=5))
    try:
        with engine.connect() as conn:
            shown = [
                conn.execute(sa.text(f"SHOW {name}")).scalar_one()
                for name in ("statement_timeout", "lock_timeout", "default_transaction_read_only")
            ]
    finally:
        engine.dispose()
    assert shown == ["12s", "3500ms", "on"]


def test_a_postgres_lock_held_by_another_session_gives_up_with_a_lock_timeout(
    pg_tiny_url: str, pg_server
) -> None:
    engine = open_registry(pg_tiny_url, QUICK)
    try:
        with visit_locked(pg_server), pytest.raises(QueryTimeout) as info:
            visits(engine)
        assert (info.value.kind, info.value.seconds) == ("lock", 0.5)
        assert_names_no_place(info.value, "127.0.0.1", str(pg_server.port), "postgres")
        assert_names_the_setting(info.value, "REGISTRY_LOCK_TIMEOUT_S")
    finally:
        engine.dispose()


def test_a_postgres_lock_longer_than_the_statement_limit_is_a_statement_timeout(
    pg_tiny_url: str, pg_server
) -> None:
    engine = open_registry(pg_tiny_url, QueryLimits(statement_s=0.5, lock_s=30))
    try:
        with visit_locked(pg_server), pytest.raises(QueryTimeout) as info:
            visits(engine)
        assert info.value.kind == "statement"
    finally:
        engine.dispose()


def test_a_postgres_statement_running_too_long_is_cancelled(pg_tiny_url: str) -> None:
    engine = open_registry(pg_tiny_url, QUICK)
    try:
        with pytest.raises(QueryTimeout) as info, engine.connect() as conn:
            conn.execute(sa.text("SELECT pg_sleep(60)"))
        assert info.value.kind == "statement"
        assert_names_the_setting(info.value, "REGISTRY_STATEMENT_TIMEOUT_S")
        assert visits(engine) == 6
    finally:
        engine.dispose()


def test_a_stopped_postgres_server_is_named_and_a_restart_recovers(pg_own_server) -> None:
    url = pg_own_server.create_database("restart_tiny")
    writer = sa.create_engine(url)
    build_tiny(writer)
    writer.dispose()
    engine = open_registry(url, QUICK)
    try:
        assert visits(engine) == 6
        with pg_own_server.connect() as admin:  # the server is stopped as by a crash: keep the rows
            admin.execute("CHECKPOINT")
        pg_own_server.stop()
        with pytest.raises(RegistryUnavailable) as info:
            visits(engine)
        assert info.value.reason == "unreachable"
        assert_names_no_place(info.value, "127.0.0.1", str(pg_own_server.port), "postgres")
        pg_own_server.restart()
        assert visits(engine) == 6  # the same engine: the pool pings and reconnects
    finally:
        engine.dispose()


def test_a_postgres_host_that_never_answers_gives_up_after_the_connect_timeout() -> None:
    with silent_server() as port, pytest.raises(RegistryUnavailable) as info:
        open_registry(
            f"postgresql+psycopg://reader@127.0.0.1:{port}/registry", QueryLimits(connect_s=2)
        )
    assert info.value.reason == "unreachable"
    assert_names_no_place(info.value, "127.0.0.1", str(port), "reader")
    assert "timeout" in (info.value.detail or "")


# -- configuration ------------------------------------------------------------------------------


def test_limits_default_to_30_10_10_seconds(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr("data_access.config.SECRETS_PATH", tmp_path / "none.toml")
    for var in (
        "REGISTRY_STATEMENT_TIMEOUT_S",
        "REGISTRY_LOCK_TIMEOUT_S",
        "REGISTRY_CONNECT_TIMEOUT_S",
    ):
        monkeypatch.delenv(var, raising=False)
    assert configured_limits() == QueryLimits(statement_s=30, lock_s=10, connect_s=10)


def test_limits_from_secrets_and_the_environment_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("[registry]\nstatement_timeout_s = 45\nlock_timeout_s = 2.5\n")
    monkeypatch.setattr("data_access.config.SECRETS_PATH", secrets)
    monkeypatch.setenv("REGISTRY_STATEMENT_TIMEOUT_S", "5")
    monkeypatch.delenv("REGISTRY_LOCK_TIMEOUT_S", raising=False)
    monkeypatch.delenv("REGISTRY_CONNECT_TIMEOUT_S", raising=False)
    assert configured_limits() == QueryLimits(statement_s=5, lock_s=2.5, connect_s=10)


@pytest.mark.parametrize("value", ["soon", "-1", "inf"])
def test_a_bad_limit_names_the_setting(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("REGISTRY_LOCK_TIMEOUT_S", value)
    with pytest.raises(RegistryError, match="REGISTRY_LOCK_TIMEOUT_S must be a number of seconds"):
        configured_limits()


@pytest.mark.parametrize(
    ("error", "kind", "message"),
    [
        (sa.exc.TimeoutError("QueuePool limit reached"), RegistryError, "no registry connection"),
        (sa.exc.DisconnectionError("gone"), RegistryUnavailable, "cannot connect"),
        (sqlite3.OperationalError("no such table: visit"), RegistryError, "reported an error"),
        (psycopg.errors.UndefinedTable("no table"), RegistryError, "reported an error"),
    ],
    ids=["pool_timeout", "disconnection", "raw_sqlite", "raw_psycopg"],
)
def test_other_database_failures_are_ours_too(error, kind, message: str) -> None:
    fault = fault_of(error)
    assert type(fault) is kind and message in str(fault)
    assert fault.detail and type(error).__name__ in fault.detail


def test_a_bug_is_no_fault() -> None:
    assert fault_of(ValueError("a bug")) is None
