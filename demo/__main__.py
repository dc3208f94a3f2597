"""``python -m demo build [--db URL | --out PATH] [--scale NAME] [--communities N]
[--visit-density X] [--seed N] [--replace]``
and ``python -m demo ensure`` (build the default demo file only when it is missing)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from data_access.config import DEMO_DB_PATH
from demo.build import (
    DEFAULT_SEED,
    SCALES,
    BadTargetError,
    BuildError,
    build_demo,
    ensure_demo,
    rows_summary,
)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (exit 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _say(line: str) -> None:
    print(line, flush=True)


def _parser() -> _Parser:
    parser = _Parser(prog="python -m demo", description="The demo registry (演示登记库).")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    build = sub.add_parser("build", help="build the demo registry")
    target = build.add_mutually_exclusive_group()
    target.add_argument(
        "--db", metavar="URL", help="SQLAlchemy URL (sqlite:////abs/x.db, postgresql+psycopg://…)"
    )
    target.add_argument(
        "--out", metavar="PATH", type=Path, help=f"SQLite file (default {DEMO_DB_PATH})"
    )
    build.add_argument(
        "--scale",
        choices=sorted(SCALES),
        help="a preset size: "
        + "; ".join(
            f"{name} = {s.communities} communities, visit density {s.visit_density:g} ({s.note})"
            for name, s in SCALES.items()
        ),
    )
    build.add_argument(
        "--communities",
        type=int,
        metavar="N",
        help="number of communities (default 5, or the scale's)",
    )
    build.add_argument(
        "--visit-density",
        type=float,
        metavar="X",
        help="multiply the share of households visited on each visit day "
        "(default 1.0 = the seed's rhythm, or the scale's)",
    )
    build.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        metavar="N",
        help=f"random seed (default {DEFAULT_SEED})",
    )
    build.add_argument("--replace", action="store_true", help="drop existing registry tables first")
    sub.add_parser("ensure", help=f"build {DEMO_DB_PATH} only if it is missing")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "ensure":
            if DEMO_DB_PATH.exists():
                return 0
            _say(f"building the demo registry {DEMO_DB_PATH} (first run) …")
            report = ensure_demo(DEMO_DB_PATH, progress=_say)
            if report is not None:
                _say(rows_summary(report, str(DEMO_DB_PATH)))
            return 0
        scale = SCALES[args.scale or "demo"]
        communities = args.communities if args.communities is not None else scale.communities
        density = args.visit_density if args.visit_density is not None else scale.visit_density
        if communities < 1:
            parser.error("--communities must be at least 1")
        if not density > 0:
            parser.error("--visit-density must be positive")
        if args.db:
            url, shown = args.db, args.db
        else:
            path = (args.out or DEMO_DB_PATH).expanduser().resolve()
            url, shown = f"sqlite:///{path}", str(path)
        report = build_demo(
            url,
            communities=communities,
            seed=args.seed,
            progress=_say,
            replace=args.replace,
            visit_density=density,
        )
        _say(rows_summary(report, report.url if args.db else shown))
        return 0
    except BadTargetError as exc:
        print(f"python -m demo: error: {exc}", file=sys.stderr)
        return 2
    except BuildError as exc:
        print(f"python -m demo: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("python -m demo: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
