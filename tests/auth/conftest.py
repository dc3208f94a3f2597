"""App databases for the account tests: a fresh one per test, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from app_db import open_app_db

# the tiny registry on both engines, as the data_access tests have it

APP_ENGINES = ["sqlite", "postgres"]
#: a fixed moment: every test passes time explicitly
T0 = dt.datetime(2026, 12, 1, 9, 0, 0)
_names = itertools.count()


def new_app_db_url(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'app.sqlite'}"
    server = request.getfixturevalue("pg_server")  # fails, never skips, without PostgreSQL
    return server.create_database(f"app_{next(_names)}")


@pytest.fixture(params=APP_ENGINES)
def app_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty (not yet migrated) app database, once per engine."""
    return new_app_db_url(request.param, tmp_path, request)


def tamper(engine: sa.Engine, statement: sa.Executable) -> None:
    """Run ``statement`` on the access log as someone who may drop its append-only triggers
    would (the database's owner), the triggers put back afterwards."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("ALTER TABLE access_log DISABLE TRIGGER USER"))
            conn.execute(statement)
            conn.execute(sa.text("ALTER TABLE access_log ENABLE TRIGGER USER"))
            return
        triggers = conn.execute(
            sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        ).all()
        for name, _ in triggers:
            conn.execute(sa.text(f'DROP TRIGGER "{name}"'))
        conn.execute(statement)
        for _, sql in triggers:
            conn.execute(sa.text(sql))


@pytest.fixture
def app_engine(app_url: str) -> Iterator[sa.Engine]:
    engine = open_app_db(app_url)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_app_engine(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[sa.Engine]:
    """An app database on PostgreSQL only (for what SQLite does not have)."""
    engine = open_app_db(new_app_db_url("postgres", tmp_path, request))
    yield engine
    engine.dispose()
