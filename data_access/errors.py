"""Errors a user can cause, each with a message that names the problem.

``BadArgument`` (exit 2 in the commands): a filter or a date the user gave.
``RegistryError`` (exit 1): a registry that cannot be opened, or is malformed; its subclasses
``RegistryUnavailable`` (cannot be reached or read just now: retrying helps once it is back) and
``QueryTimeout`` (a query gave up: too long, or blocked by another session's lock).

``str(error)`` is the line a user sees: it names the problem and never a host, user, port or
file path. Those belong in ``detail``, for the server log and the operator.
"""

from __future__ import annotations

from typing import Literal


class DashboardError(Exception):
    """Base of the errors shown to a user as one line, never as a traceback."""

    exit_code = 1

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        #: where and the driver's own words (may name host, user, port, path): log only
        self.detail = detail

    def __reduce__(self) -> tuple:
        # a process pool (the store's refresh) sends an error back pickled: rebuilt from its
        # message and attributes, not by calling ``__init__`` again with the message alone (a
        # subclass's own arguments, e.g. ``QueryTimeout(kind, seconds)``, would not fit)
        return (_rebuilt, (type(self), self.args), self.__dict__)

    def for_operator(self) -> str:
        """The message with its detail, one line: for the server log and the command line."""
        if not self.detail:
            return str(self)
        return " ".join(f"{self} ({self.detail})".split())


def _rebuilt(cls: type[DashboardError], args: tuple) -> DashboardError:
    return cls.__new__(cls, *args)


class BadArgument(DashboardError):
    exit_code = 2


class UnknownCode(BadArgument):
    def __init__(self, kind: str, code: str) -> None:
        self.kind = kind
        self.code = code
        super().__init__(f"unknown {kind} code: {code!r}")


class RegistryError(DashboardError):
    exit_code = 1


Unavailability = Literal["unreachable", "rejected", "missing", "not_a_database", "unreadable"]

_UNAVAILABLE: dict[str, str] = {
    "unreachable": "cannot connect to the registry server",
    "rejected": "the registry server refused the login or the database name",
    "missing": "registry file not found",
    "not_a_database": "the registry file is not a database (or is damaged)",
    "unreadable": "the registry file cannot be read",
}


class RegistryUnavailable(RegistryError):
    """The registry cannot be reached or read just now: a server stopped or unreachable, a file
    deleted, replaced by something else or damaged. The page works again once it is back."""

    def __init__(self, reason: Unavailability, *, detail: str | None = None) -> None:
        self.reason = reason
        super().__init__(_UNAVAILABLE[reason], detail=detail)


TimeoutKind = Literal["statement", "lock"]


class QueryTimeout(RegistryError):
    """A query gave up: it waited longer than the lock timeout for another session's lock
    (``kind="lock"``), or ran longer than the statement timeout (``kind="statement"``)."""

    def __init__(
        self,
        kind: TimeoutKind,
        seconds: float,
        *,
        setting: str | None = None,
        detail: str | None = None,
    ) -> None:
        self.kind = kind
        self.seconds = seconds
        #: the environment variable that sets this limit, for the operator (who can raise it)
        self.setting = setting
        if kind == "lock":
            message = f"a query waited {seconds:g} s for another session's lock and gave up"
        else:
            message = f"a query ran longer than {seconds:g} s and was stopped"
        super().__init__(message, detail=detail)

    def for_operator(self) -> str:
        """The message, its detail, and the setting of the limit: a first store build on a slow
        machine, say, may need a longer statement limit than a page."""
        line = super().for_operator()
        if not self.setting:
            return line
        return f"{line}; the limit is {self.setting} (seconds, 0 = no limit)"
