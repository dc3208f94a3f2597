"""Opening the registry read-only, and checking it against the contract.

SQLite files are opened through a ``mode=ro`` URI, so a missing file is an error
and never a new empty database. PostgreSQL sessions run with
``default_transaction_read_only``: the dashboard cannot write the registry even
with a login that could.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url

from data_access.errors import RegistryError
from data_access.schema import metadata


def normalise_url(db: str) -> str:
    """Accept a SQLAlchemy URL or a path to a SQLite file; return a URL."""
    db = db.strip()
    if not db:
        raise RegistryError("empty registry URL")
    if "://" not in db:
        return f"sqlite:///{Path(db).expanduser().resolve()}"
    return db


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # a URL we cannot even parse is shown as given, minus nothing secret
        return "<unparseable URL>"


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except Exception as exc:
        raise RegistryError(f"not a database URL: {url!r} ({exc})") from None


def _sqlite_engine(parsed: URL) -> Engine:
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        raise RegistryError(
            "a SQLite registry must be a file path, e.g. sqlite:////abs/registry.db"
        )
    path = Path(database).expanduser().resolve()
    if not path.is_file():
        raise RegistryError(f"registry file not found: {path}")
    uri = f"file:{quote(str(path))}?mode=ro"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    # The URL names no file (the creator opens it), so SQLAlchemy would take it for a
    # ``:memory:`` database and pick ``SingletonThreadPool``: one connection per thread, closed
    # behind the backs of other threads that still use it once more threads than its size come
    # (Streamlit runs every session's script in its own thread) — a segfault in libsqlite3.
    # ``QueuePool`` is what SQLAlchemy documents for file databases used from many threads:
    # each checkout gets a connection of its own, returned to the pool afterwards and never
    # shared by two threads at once; ``check_same_thread=False`` only lets a returned
    # connection be checked out later by another thread.
    # Connections to a read-only file are cheap: enough for a few dozen concurrent sessions.
    return sa.create_engine(
        "sqlite+pysqlite://",
        creator=connect,
        poolclass=sa.pool.QueuePool,
        pool_size=8,
        max_overflow=32,
    )


def _postgres_engine(parsed: URL) -> Engine:
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return sa.create_engine(
        parsed,
        pool_pre_ping=True,
        connect_args={"options": "-c default_transaction_read_only=on", "connect_timeout": 10},
    )


def create_registry_engine(url: str) -> Engine:
    """A read-only engine for the registry at ``url`` (not yet checked)."""
    parsed = _parse(normalise_url(url))
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    if backend == "postgresql":
        return _postgres_engine(parsed)
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
        raise RegistryError(f"cannot read registry {where}: {_first_line(exc)}") from None
    if missing:
        raise RegistryError(
            "registry does not follow the schema contract: missing " + ", ".join(missing)
        )


def open_registry(url: str) -> Engine:
    """Open the registry read-only and check it; every failure is a one-line ``RegistryError``."""
    engine = create_registry_engine(url)
    where = describe(normalise_url(url))
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.DBAPIError as exc:
        engine.dispose()
        raise RegistryError(f"cannot open registry {where}: {_first_line(exc)}") from None
    try:
        check_schema(engine, where)
    except RegistryError:
        engine.dispose()
        raise
    return engine


def _first_line(exc: sa.exc.DBAPIError) -> str:
    orig = exc.orig if exc.orig is not None else exc
    text = str(orig).strip().splitlines()
    return text[0] if text else type(orig).__name__
