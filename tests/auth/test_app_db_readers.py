"""A reader of the app database never holds up its writers: a page reading the store (or the
access log) while a session is touched, a log line appended or a day of the store written. On
SQLite that takes the write-ahead log: in the default rollback journal the writer's commit
waits for every open read, and under 20 sessions a touch waited out the busy timeout
("database is locked", the page failed: ``bench.load``)."""

from __future__ import annotations

import sqlalchemy as sa

from app_db import open_app_db
from app_db.schema import app_user
from auth import accounts
from auth.roles import Role
from tests.auth.conftest import T0


def test_a_write_commits_while_another_connection_is_inside_a_read(app_url: str) -> None:
    engine = open_app_db(app_url)
    try:
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        with engine.connect() as reader:
            reader.exec_driver_sql("BEGIN")  # the read below stays open, as a long page read
            assert reader.execute(sa.select(sa.func.count()).select_from(app_user)).scalar() == 0
            # in a rollback journal this commit waits for the reader (10 s), then fails
            accounts.create_user(engine, T0, "writer", Role.SECRETARY, actor="test")
            # the reader still sees its own snapshot's rows; a new read sees the write
            with engine.connect() as fresh:
                assert fresh.execute(sa.select(app_user.c.login)).scalars().all() == ["writer"]
            reader.rollback()
    finally:
        engine.dispose()
