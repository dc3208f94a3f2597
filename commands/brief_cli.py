"""``python -m brief``: the weekly brief (周例会简报) as a file, for a job scheduled before Monday's
meeting. Exit codes and one-line errors as the metrics commands: 2 for a bad argument, 1 for a
registry that is unreachable or malformed, or a renderer whose system component is missing.

The command is an operator's tool on the server (like ``python -m metrics``): its brief shows
the exact counts and the masked lists of a secretary's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from brief.model import as_of_for_week, build_brief
from brief.render import FORMATS, render
from brief.system import MissingComponent, check
from commands.cli import Parser, failed
from commands.metrics_cli import parse_day
from data_access.config import configured_url
from data_access.errors import BadArgument, DashboardError
from data_access.loaders import Registry
from data_access.scope import Scope
from ui.i18n import LANGUAGES

_WEEK = re.compile(r"\d{4}-W\d{2}")


def _parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m brief", description="The weekly meeting brief as a file.")
    parser.add_argument("--db", help="SQLAlchemy URL or path to a SQLite file")
    parser.add_argument("--community", action="append", default=[], metavar="CODE")
    parser.add_argument("--grid", action="append", default=[], metavar="CODE")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--week", help="ISO week, e.g. 2026-W10 (as of its Sunday)")
    when.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: the registry's day)")
    parser.add_argument("--format", required=True, choices=FORMATS)
    parser.add_argument("--out", required=True, help="the file to write")
    parser.add_argument("--lang", default="zh", choices=sorted(LANGUAGES))
    return parser


def parse_week(text: str) -> str:
    if not _WEEK.fullmatch(text):
        raise BadArgument(f"malformed week {text!r}: expected YYYY-Www, e.g. 2026-W10")
    return text


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        if not args.community and not args.grid:
            raise BadArgument("name the brief's scope: --community CODE (or --grid CODE)")
        week = parse_week(args.week) if args.week else None
        as_of = parse_day(args.as_of) if args.as_of else None
        out = Path(args.out)
        if not out.parent.is_dir():
            raise BadArgument(f"--out {args.out!r}: folder {str(out.parent)!r} does not exist")
        check(args.format)  # before any work: a missing component is named at once
        registry = Registry.open(args.db if args.db is not None else configured_url())
        latest = registry.default_as_of()
        if week is not None:
            try:
                as_of = as_of_for_week(week, latest)
            except ValueError as exc:
                raise BadArgument(str(exc)) from None
            if as_of < dt.date.fromisocalendar(*map(int, week.split("-W")), 1):
                raise BadArgument(f"week {week} is after the registry's last day {latest}")
        scope = Scope(as_of=as_of, communities=tuple(args.community), grids=tuple(args.grid))
        resolved = registry.resolve(scope, as_of or latest)
        with registry.connect() as conn:
            brief = build_brief(
                conn, resolved, lang=args.lang, filtered_grids=tuple(args.grid),
                generated_by=None,
            )  # fmt: skip
        data = render(brief, args.format)
        # written whole or not at all: a scheduled job never leaves half a file
        partial = out.with_name(f".{out.name}.{os.getpid()}.part")
        partial.write_bytes(data)
        partial.replace(out)
    except MissingComponent as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except DashboardError as exc:
        print(f"error: {exc.for_operator()}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:
        print(f"error: cannot write {args.out!r}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        return failed(exc)
    except KeyboardInterrupt:
        return 130
    print(f"{out}: {brief.week}, {brief.scope_name}, as of {brief.as_of} ({len(data):,} bytes)")
    return 0
