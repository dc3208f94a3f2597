"""Database failures as our errors: which DBAPI errors mean "the registry is unavailable" or "a
query gave up", for SQLite and PostgreSQL alike.

The engine (``data_access.engine``) raises these in place of SQLAlchemy's errors; ``fault_of``
is the one test the dashboard's fault boundary applies to whatever a page raised.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa

from data_access.config import LIMIT_SETTINGS, QueryLimits
from data_access.errors import (
    DashboardError,
    QueryTimeout,
    RegistryError,
    RegistryUnavailable,
    TimeoutKind,
)

# SQLite result codes by name (Python ≥ 3.11 gives ``sqlite_errorname``, extended codes included)
_SQLITE_LOCK = ("SQLITE_BUSY", "SQLITE_LOCKED")
_SQLITE_DAMAGED = ("SQLITE_NOTADB", "SQLITE_CORRUPT")
_SQLITE_UNREADABLE = ("SQLITE_IOERR", "SQLITE_PERM", "SQLITE_AUTH")
# PostgreSQL SQLSTATEs: query_canceled (statement_timeout), lock_not_available (lock_timeout),
# connection exceptions, shutdown and not-yet-started, and a refused login or database
_PG_STATEMENT_TIMEOUT = "57014"
_PG_LOCK_TIMEOUT = "55P03"
_PG_UNREACHABLE = ("08", "57P01", "57P02", "57P03")
_PG_REJECTED = ("28", "3D000")


def first_line(error: BaseException) -> str:
    """The first line of a driver's message (the details of an error, for the log)."""
    orig = getattr(error, "orig", None) or error
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


def _is_operational(error: BaseException, orig: BaseException) -> bool:
    if isinstance(error, sa.exc.OperationalError | sa.exc.InterfaceError):
        return True
    return any(c.__name__ in ("OperationalError", "InterfaceError") for c in type(orig).__mro__)


def _timeout(kind: TimeoutKind, limits: QueryLimits, detail: str) -> QueryTimeout:
    """The limit of ``kind`` that stopped a query: its seconds and the setting that sets it."""
    field = f"{kind}_s"
    return QueryTimeout(
        kind, getattr(limits, field), setting=LIMIT_SETTINGS[field][0], detail=detail
    )


def classify(
    error: BaseException,
    limits: QueryLimits,
    *,
    where: str,
    connecting: bool = False,
    disconnected: bool = False,
    sqlite_path: Path | None = None,
) -> DashboardError | None:
    """Our error for a DBAPI error that means a fault, else ``None`` (an ordinary SQL error).

    ``where`` (the URL without its password) goes into the detail, never into the message.
    ``connecting``: the error came while opening a connection; ``disconnected``: SQLAlchemy
    found the connection unusable.
    """
    orig = getattr(error, "orig", None) or error
    detail = f"{where}: {first_line(orig)}"
    if isinstance(orig, sqlite3.Error):
        name = getattr(orig, "sqlite_errorname", "") or ""
        if name.startswith(_SQLITE_LOCK):
            return _timeout("lock", limits, detail)
        if name.startswith("SQLITE_INTERRUPT"):
            return _timeout("statement", limits, detail)
        if name.startswith(_SQLITE_DAMAGED):
            return RegistryUnavailable("not_a_database", detail=detail)
        if name.startswith("SQLITE_CANTOPEN"):
            gone = sqlite_path is not None and not sqlite_path.is_file()
            return RegistryUnavailable("missing" if gone else "unreadable", detail=detail)
        if name.startswith(_SQLITE_UNREADABLE):
            return RegistryUnavailable("unreadable", detail=detail)
        if disconnected:
            return RegistryUnavailable("unreadable", detail=detail)
        return None
    sqlstate = getattr(orig, "sqlstate", None) or ""
    if sqlstate == _PG_STATEMENT_TIMEOUT:
        return _timeout("statement", limits, detail)
    if sqlstate == _PG_LOCK_TIMEOUT:
        return _timeout("lock", limits, detail)
    if sqlstate.startswith(_PG_REJECTED):
        return RegistryUnavailable("rejected", detail=detail)
    if sqlstate.startswith(_PG_UNREACHABLE) or disconnected:
        return RegistryUnavailable("unreachable", detail=detail)
    # a connection that could not be opened: refused, timed out, no route (PEP 249 names)
    if connecting and _is_operational(error, orig):
        return RegistryUnavailable("unreachable", detail=detail)
    return None


def fault_of(error: BaseException) -> DashboardError | None:
    """What a page shows for ``error``: our own errors as they are, any other database error
    as one of ours (the driver's words in the detail), anything else ``None`` (a bug: not ours
    to hide)."""
    if isinstance(error, DashboardError):
        return error
    detail = f"{type(error).__name__}: {first_line(error)}"
    if isinstance(error, sa.exc.DisconnectionError):  # the pool gave up reconnecting
        return RegistryUnavailable("unreachable", detail=detail)
    if isinstance(error, sa.exc.TimeoutError):  # every pooled connection busy for too long
        return RegistryError(
            "no registry connection was free in time (too many at once)", detail=detail
        )
    if isinstance(error, sa.exc.DBAPIError | sqlite3.Error) or _is_dbapi_error(error):
        return RegistryError("the registry database reported an error", detail=detail)
    return None


def _is_dbapi_error(error: BaseException) -> bool:
    """A driver's own error that SQLAlchemy did not wrap (PEP 249: a subclass of ``Error``)."""
    return any(
        c.__name__ == "Error" and c.__module__.split(".")[0] in ("psycopg", "sqlite3")
        for c in type(error).__mro__
    )
