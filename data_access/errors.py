"""Errors a user can cause, each with a message that names the problem.

``BadArgument`` (exit 2 in the commands): a filter or a date the user gave.
``RegistryError`` (exit 1): a registry that cannot be opened, or is malformed.
"""

from __future__ import annotations


class DashboardError(Exception):
    """Base of the errors shown to a user as one line, never as a traceback."""

    exit_code = 1


class BadArgument(DashboardError):
    exit_code = 2


class UnknownCode(BadArgument):
    def __init__(self, kind: str, code: str) -> None:
        self.kind = kind
        self.code = code
        super().__init__(f"unknown {kind} code: {code!r}")


class RegistryError(DashboardError):
    exit_code = 1
