"""What every command of ``commands/`` shares: a usage error is one line and exit 2; a
dashboard error or a database fault is one line for the operator and its exit code."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from data_access.errors import BadArgument, DashboardError
from data_access.faults import fault_of


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit 2."""

    def error(self, message: str) -> NoReturn:
        raise BadArgument(message)


def failed(exc: Exception) -> int:
    """Say ``exc`` in one line on stderr (the detail — host, path, the driver's words — is for
    the operator who runs the command) and give its exit code; anything that is neither a
    dashboard error nor a database fault is a bug and propagates with its traceback."""
    fault = exc if isinstance(exc, DashboardError) else fault_of(exc)
    if fault is None:
        raise exc
    print(f"error: {fault.for_operator()}", file=sys.stderr)
    return fault.exit_code
