"""``python -m metrics snapshot|workers``: the contract's commands (``kpi-definitions.md``).

Bad input prints exactly one line on standard error and exits 2 (bad argument)
or 1 (registry unreachable or malformed); never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Sequence
from typing import Any

from commands.cli import Parser, failed
from data_access.config import configured_url
from data_access.errors import BadArgument
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics.core import MAX_DAY, MIN_DAY, day_in_range, month_bounds
from models.snapshot import snapshot_figures
from models.workers import worker_rows

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-\d{2}")
_RANGE = f"{MIN_DAY.isoformat()} to {MAX_DAY.isoformat()}"


def parse_day(text: str) -> dt.date:
    """``YYYY-MM-DD`` only; a malformed or impossible date is a ``BadArgument``."""
    if not _DAY.fullmatch(text):
        raise BadArgument(f"malformed date {text!r}: expected YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise BadArgument(f"impossible date {text!r}") from None
    if not day_in_range(day):
        raise BadArgument(f"date {text!r} out of range: figures are given from {_RANGE}")
    return day


def parse_month(text: str) -> str:
    if not _MONTH.fullmatch(text):
        raise BadArgument(f"malformed month {text!r}: expected YYYY-MM")
    try:
        first = dt.date(int(text[:4]), int(text[5:]), 1)
    except ValueError:
        raise BadArgument(f"impossible month {text!r}") from None
    if not (day_in_range(first) and day_in_range(month_bounds(text)[1])):
        raise BadArgument(f"month {text!r} out of range: figures are given from {_RANGE}")
    return text


def _parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m metrics", description="Figures of the grid registry as JSON.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for name in ("snapshot", "workers"):
        sub = commands.add_parser(name)
        sub.add_argument(
            "--db", help="SQLAlchemy URL or path to a SQLite file (default: configured registry)"
        )
        sub.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD")
        sub.add_argument("--community", action="append", default=[], metavar="CODE")
        sub.add_argument("--grid", action="append", default=[], metavar="CODE")
        if name == "workers":
            sub.add_argument("--month", required=True, help="YYYY-MM")
    return parser


def run_snapshot(registry: Registry, scope: Scope) -> dict[str, Any]:
    resolved = registry.resolve(scope)
    with registry.connect() as conn:
        return snapshot_figures(conn, resolved)


def run_workers(registry: Registry, scope: Scope, month: str) -> dict[str, Any]:
    # contract 1.1: the month as known on the registry's default day, not capped at its end,
    # so a past month shows the scores entered after it ended
    as_of = scope.as_of or registry.default_as_of()
    resolved = registry.resolve(scope, as_of)
    with registry.connect() as conn:
        workers = worker_rows(conn, resolved, month)
    return {"month": month, "as_of": as_of.isoformat(), "workers": workers}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        as_of = parse_day(args.as_of) if args.as_of is not None else None
        month = parse_month(args.month) if args.command == "workers" else None
        scope = Scope(as_of=as_of, communities=tuple(args.community), grids=tuple(args.grid))
        registry = Registry.open(args.db if args.db is not None else configured_url())
        # unknown codes are bad arguments, found once the registry is open
        result = (
            run_snapshot(registry, scope) if month is None else run_workers(registry, scope, month)
        )
    except Exception as exc:  # ours, or a database error the engine did not classify: one line
        return failed(exc)
    except KeyboardInterrupt:
        return 130
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
