"""``python -m store refresh|status``: build and refresh the daily store (``store.build``).

``refresh`` builds the days not yet built and recomputes the trailing window (``--window``,
default 14 days); ``--full`` rebuilds every day; ``--wait`` waits for a refresh already running
instead of exiting 3. Progress goes to standard error, the result (JSON) to standard output.
Bad input is one line on standard error: exit 2 for a bad argument, 1 for an unreachable or
malformed registry or app database, 3 when another refresh runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from app_db.config import app_db_url
from app_db.engine import open_app_db
from commands.cli import Parser, failed
from data_access.config import configured_url
from data_access.errors import BadArgument
from data_access.loaders import Registry
from store.build import DEFAULT_WINDOW, StoreBusy, refresh, status


def _window(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise BadArgument(f"--window wants a number of days, not {text!r}") from None
    if not 0 <= days <= 3660:
        raise BadArgument(f"--window {days}: from 0 to 3660 days")
    return days


def _jobs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 32:
        raise BadArgument(f"--jobs wants a number of processes from 1 to 32, not {text!r}")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m store", description="The daily store of the dashboard.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for name in ("refresh", "status"):
        sub = commands.add_parser(name)
        sub.add_argument(
            "--db", help="the registry: SQLAlchemy URL or SQLite file (default: configured)"
        )
        sub.add_argument(
            "--app-db", dest="app_db", help="the app database URL (default: configured)"
        )
        if name == "refresh":
            sub.add_argument("--full", action="store_true", help="drop and rebuild every day")
            sub.add_argument(
                "--window", default=str(DEFAULT_WINDOW), help="days recomputed (default 14)"
            )
            sub.add_argument(
                "--wait", action="store_true", help="wait for a refresh already running"
            )
            sub.add_argument("--quiet", action="store_true", help="no progress on standard error")
            sub.add_argument(
                "--jobs", default="2", help="processes computing days at once (default 2)"
            )
    return parser


def _progress(done: int, total: int, day) -> None:
    if done == total or done % 10 == 0:
        print(f"store: {done}/{total} days ({day.isoformat()})", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        window = _window(args.window) if args.command == "refresh" else 0
        jobs = _jobs(args.jobs) if args.command == "refresh" else 1
        registry = Registry.open(args.db if args.db is not None else configured_url())
        app_engine = open_app_db(args.app_db if args.app_db is not None else app_db_url())
        if args.command == "status":
            s = status(app_engine, registry)
            result = {
                "days": s.days,
                "first": s.first and s.first.isoformat(),
                "last": s.last and s.last.isoformat(),
                "refreshed_at_utc": s.refreshed_at and s.refreshed_at.isoformat(timespec="seconds"),
                "running_since_utc": s.running_since
                and s.running_since.isoformat(timespec="seconds"),
                "last_failure": s.last_failure,
            }
        else:
            r = refresh(
                app_engine,
                registry,
                full=args.full,
                window=window,
                wait=args.wait,
                progress=None if args.quiet else _progress,
                jobs=jobs,
            )
            result = {
                "first": r.first and r.first.isoformat(),
                "last": r.last and r.last.isoformat(),
                "days_built": r.built,
                "rows": r.rows,
                "seconds": round(r.seconds, 2),
            }
    except StoreBusy as exc:
        print(f"error: {exc}; try again later or pass --wait", file=sys.stderr)
        return 3
    except Exception as exc:
        return failed(exc)
    except KeyboardInterrupt:
        return 130
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
