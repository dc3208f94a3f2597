"""Opening the registry read-only, bounding its queries, and checking it against the contract.

SQLite files are opened through a ``mode=ro`` URI, so a missing file is an error
and never a new empty database. PostgreSQL sessions run with
``default_transaction_read_only``: the dashboard cannot write the registry even
with a login that could. Every statement is bounded (``config.QueryLimits``), and a
database fault comes out as our error (``data_access.faults``): a message for the user,
the host or path in its detail only.
"""

from __future__ import annotations

import logging
import math
import os
import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url

from data_access.config import QueryLimits, configured_limits
from data_access.errors import DashboardError, RegistryError, RegistryUnavailable
from data_access.faults import classify, first_line
from data_access.schema import metadata

logger = logging.getLogger(__name__)

#: SQLite virtual-machine steps between two looks at the clock (a look costs ~100 ns)
PROGRESS_STEPS = 10_000
#: "no limit" for SQLite's busy timeout, which must be finite (about 11 days)
_NO_LIMIT_S = 1_000_000.0


def normalise_url(db: str) -> str:
    """Accept a SQLAlchemy URL or a path to a SQLite file; return a URL."""
    db = db.strip()
    if not db:
        raise RegistryError("empty registry URL")
    if "://" not in db:
        return f"sqlite:///{Path(db).expanduser().resolve()}"
    return db


def describe(url: str) -> str:
    """The URL without its password, for the log and the operator (never a user's message)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # a URL we cannot even parse is not repeated: it may hold a password
        return "<unparseable URL>"


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except Exception as exc:
        raise RegistryError("not a database URL", detail=type(exc).__name__) from None


def registry_identity(url: str) -> str:
    """Which registry ``url`` opens, as the daily store keys it: a SQLite file's resolved path,
    else the URL without its password (the same database under two URLs is two registries)."""
    parsed = _parse(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        database = (parsed.database or "").removeprefix("file:").split("?", 1)[0]
        return f"sqlite:{Path(database).expanduser().resolve()}"
    return parsed.set(password=None).render_as_string(hide_password=False)


class _Deadline:
    """When the running statement must stop (``inf``: none is running); SQLite's progress
    handler asks it, and a true answer interrupts the statement."""

    __slots__ = ("at",)

    def __init__(self) -> None:
        self.at = math.inf

    def start(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def clear(self) -> None:
        self.at = math.inf

    def passed(self) -> bool:
        return time.monotonic() > self.at


class _RegistryConnection(sqlite3.Connection):
    """A read-only registry connection that carries its statement deadline."""

    deadline: _Deadline


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _sqlite_engine(parsed: URL, limits: QueryLimits) -> Engine:
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        raise RegistryError(
            "a SQLite registry must be a file path, e.g. sqlite:////abs/registry.db"
        )
    path = Path(database).expanduser().resolve()
    if not path.is_file():
        raise RegistryUnavailable("missing", detail=str(path))
    uri = f"file:{quote(str(path))}?mode=ro"

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(
            uri,
            uri=True,
            check_same_thread=False,
            # the busy timeout: how long a statement waits while another process locks the file
            timeout=limits.lock_s or _NO_LIMIT_S,
            factory=_RegistryConnection,
        )
        conn.deadline = _Deadline()
        if limits.statement_s:
            conn.set_progress_handler(conn.deadline.passed, PROGRESS_STEPS)
        return conn

    # The URL names no file (the creator opens it), so SQLAlchemy would take it for a
    # ``:memory:`` database and pick ``SingletonThreadPool``: one connection per thread, closed
    # behind the backs of other threads that still use it once more threads than its size come
    # (Streamlit runs every session's script in its own thread) — a segfault in libsqlite3.
    # ``QueuePool`` is what SQLAlchemy documents for file databases used from many threads:
    # each checkout gets a connection of its own, returned to the pool afterwards and never
    # shared by two threads at once; ``check_same_thread=False`` only lets a returned
    # connection be checked out later by another thread.
    # Connections to a read-only file are cheap: enough for a few dozen concurrent sessions.
    engine = sa.create_engine(
        "sqlite+pysqlite://",
        creator=connect,
        poolclass=sa.pool.QueuePool,
        pool_size=8,
        max_overflow=32,
    )

    # SQLite's counterpart of ``pool_pre_ping``: a pooled connection keeps reading the file it
    # opened even after that file was deleted or replaced, so a connection whose file is no
    # longer the one at ``path`` is discarded at checkout and a new one opens what is there now
    # (or fails, saying the file is missing).
    @sa.event.listens_for(engine, "connect")
    def _remember_file(dbapi_conn: Any, record: Any) -> None:
        record.info["file"] = _file_identity(path)

    @sa.event.listens_for(engine, "checkout")
    def _same_file(dbapi_conn: Any, record: Any, proxy: Any) -> None:
        if _file_identity(path) != record.info.get("file"):
            raise sa.exc.DisconnectionError("the registry file was deleted or replaced")

    @sa.event.listens_for(engine, "before_cursor_execute")
    def _start_clock(conn: Any, cursor: Any, statement: Any, *args: Any) -> None:
        if limits.statement_s:
            cursor.connection.deadline.start(limits.statement_s)

    @sa.event.listens_for(engine, "reset")
    def _stop_clock(dbapi_conn: Any, record: Any, state: Any) -> None:
        dbapi_conn.deadline.clear()

    _raise_faults_as_ours(engine, limits, where=str(path), sqlite_path=path)
    return engine


def _milliseconds(seconds: float) -> int:
    return max(1, math.ceil(seconds * 1000)) if seconds else 0


def _postgres_engine(parsed: URL, limits: QueryLimits) -> Engine:
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    # every session: read-only, and each statement bounded (0 = no limit, PostgreSQL's own)
    options = (
        "-c default_transaction_read_only=on"
        f" -c statement_timeout={_milliseconds(limits.statement_s)}"
        f" -c lock_timeout={_milliseconds(limits.lock_s)}"
    )
    engine = sa.create_engine(
        parsed,
        pool_pre_ping=True,
        connect_args={"options": options, "connect_timeout": math.ceil(limits.connect_s)},
    )
    _raise_faults_as_ours(engine, limits, where=parsed.render_as_string(hide_password=True))
    return engine


def _raise_faults_as_ours(
    engine: Engine, limits: QueryLimits, *, where: str, sqlite_path: Path | None = None
) -> None:
    """Every fault on ``engine`` (unreachable, missing or damaged file, timeouts) is raised as a
    ``RegistryUnavailable`` or ``QueryTimeout``; other database errors stay SQLAlchemy's."""

    @sa.event.listens_for(engine, "handle_error")
    def _ours(context: sa.engine.ExceptionContext) -> BaseException | None:
        if context.is_pre_ping:  # the pool handles a failed ping by reconnecting
            return None
        fault = classify(
            context.sqlalchemy_exception or context.original_exception,
            limits,
            where=where,
            connecting=context.connection is None,
            disconnected=context.is_disconnect,
            sqlite_path=sqlite_path,
        )
        if fault is not None:
            logger.info("registry fault: %s", fault.for_operator())
        return fault


def create_registry_engine(url: str, limits: QueryLimits | None = None) -> Engine:
    """A read-only engine for the registry at ``url`` (not yet checked)."""
    limits = limits if limits is not None else configured_limits()
    parsed = _parse(normalise_url(url))
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed, limits)
    if backend == "postgresql":
        return _postgres_engine(parsed, limits)
    raise RegistryError(f"unsupported registry database {backend!r}: use SQLite or PostgreSQL")


def check_schema(engine: Engine, where: str = "") -> None:
    """Raise ``RegistryError`` naming every missing table or column; extras are ignored."""
    try:
        inspector = sa.inspect(engine)
        present = set(inspector.get_table_names())
        missing: list[str] = []
        for table in metadata.sorted_tables:
            if table.name not in present:
                missing.append(f"table {table.name}")
                continue
            columns = {c["name"] for c in inspector.get_columns(table.name)}
            missing.extend(
                f"column {table.name}.{c.name}" for c in table.columns if c.name not in columns
            )
    except sa.exc.DBAPIError as exc:
        where = where or describe(str(engine.url))
        raise RegistryError(
            "cannot read the registry's tables", detail=f"{where}: {first_line(exc)}"
        ) from None
    if missing:
        raise RegistryError(
            "registry does not follow the schema contract: missing " + ", ".join(missing)
        )


def open_registry(url: str, limits: QueryLimits | None = None) -> Engine:
    """Open the registry read-only and check it; every failure is a one-line ``DashboardError``
    (``RegistryUnavailable`` or ``QueryTimeout`` for a fault, else ``RegistryError``)."""
    engine = create_registry_engine(url, limits)
    where = describe(normalise_url(url))
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        check_schema(engine, where)
    except DashboardError:
        engine.dispose()
        raise
    except sa.exc.DBAPIError as exc:
        engine.dispose()
        raise RegistryError(
            "cannot open the registry", detail=f"{where}: {first_line(exc)}"
        ) from None
    return engine
