"""Open the app database and bring its schema to the newest migration.

Two servers starting at once must not both migrate: SQLite takes a file lock next to the
database, PostgreSQL a session advisory lock, around the upgrade.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from data_access.errors import DashboardError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: an arbitrary constant: the advisory lock's key on PostgreSQL
_PG_LOCK_KEY = 7_414_203


class AppDbError(DashboardError):
    """The app database cannot be opened or migrated. ``str()`` is the line for a user (no host
    or path); ``detail`` names the database and the driver's words, for the log and the CLI."""


def _config(connection: sa.Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 10000")
    # write-ahead log (kept by the file once set): the pages' reads of the store never block a
    # writer, nor a writer (a session's touch, the access log, a day of the store) the reads. In
    # the default rollback journal a writer waits for every reader to finish and new readers for
    # it: with 20 sessions reading at once, a session's touch waited out the busy timeout
    # ("database is locked") and the page failed (bench.load)
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def create_app_engine(url: str) -> sa.Engine:
    """An engine on the app database (the file's folder created for SQLite); no migration."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise AppDbError("the app database URL is not valid", detail=_one_line(exc)) from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, poolclass=sa.pool.QueuePool, pool_size=4)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return sa.create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    except (ImportError, sa.exc.ArgumentError) as exc:
        raise AppDbError(
            "the app database URL cannot be used", detail=f"{parsed!r}: {_one_line(exc)}"
        ) from None


@contextlib.contextmanager
def _migration_lock(engine: sa.Engine, connection: sa.Connection) -> Iterator[None]:
    if engine.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
        connection.commit()
        try:
            yield
        finally:
            connection.rollback()
            connection.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
            connection.commit()
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision``; idempotent, one process at a time."""
    try:
        with engine.connect() as connection, _migration_lock(engine, connection):
            command.upgrade(_config(connection), revision)
            connection.commit()
    except CommandError as exc:  # a revision this code does not know: a newer dashboard's
        raise AppDbError(
            "the app database cannot be migrated: its schema is not one this dashboard knows",
            detail=f"{engine.url!r}: {_one_line(exc)}",
        ) from None
    except sa.exc.SQLAlchemyError as exc:
        raise AppDbError(
            "the app database cannot be migrated", detail=f"{engine.url!r}: {_one_line(exc)}"
        ) from None


def downgrade(engine: sa.Engine, revision: str) -> None:
    with engine.connect() as connection, _migration_lock(engine, connection):
        command.downgrade(_config(connection), revision)
        connection.commit()


def schema_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def open_app_db(url: str) -> sa.Engine:
    """The app database, created when missing and upgraded to the newest schema."""
    engine = create_app_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as exc:
        engine.dispose()
        raise AppDbError(
            "the app database cannot be opened", detail=f"{engine.url!r}: {_one_line(exc)}"
        ) from None
    upgrade(engine)
    return engine


def _one_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return " ".join(text.split())[:300]
