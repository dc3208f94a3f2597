"""``python -m bench.explain [--db URL] [--pages KEY ...] [--all]``: the query plans behind the figures.

Runs the snapshot and the floor (whole registry and one community) and every page of ``ui/nav.py``
once, cold, recording each distinct SQL statement the registry receives (an SQLAlchemy
``before_cursor_execute`` listener), then asks the database for its plan: ``EXPLAIN
QUERY PLAN`` on SQLite, ``EXPLAIN`` on PostgreSQL. A statement that reads one of the big
tables (households, residents, visits, …) by a full scan without an index is reported
as a SCAN; ``--all`` prints every plan.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bench.items import clear_streamlit_caches, floor_item, page_runs, snapshot_item
from data_access.config import configured_url
from data_access.engine import normalise_url
from data_access.loaders import Registry

#: Tables that grow with the population: a full scan of one of these is what we look for.
BIG_TABLES = (
    "household", "resident", "resident_group", "household_group", "rental", "visit", "patrol",
    "work_log", "incident", "assessment",
)  # fmt: skip


@dataclass
class Recorder:
    """Distinct (statement, parameters) seen, with the item that issued them first."""

    seen: dict[str, tuple[str, Any, str]] = field(default_factory=dict)
    item: str = ""

    def __call__(
        self,
        conn: Any,
        cursor: Any,
        statement: str,
        parameters: Any,
        context: Any,
        executemany: bool,
    ) -> None:
        if executemany or not statement.lstrip().upper().startswith(("SELECT", "WITH")):
            return
        if (
            "sqlite_master" in statement
            or "pg_catalog" in statement
            or "information_schema" in statement
        ):
            return
        self.seen.setdefault(statement, (statement, parameters, self.item))


def _sqlite_plan(conn: Any, statement: str, parameters: Any) -> list[str]:
    rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    return [str(r[3]) for r in rows]


def _pg_plan(conn: Any, statement: str, parameters: Any) -> list[str]:
    rows = conn.exec_driver_sql("EXPLAIN " + statement, parameters).all()
    return [str(r[0]) for r in rows]


_SQLITE_SCAN = re.compile(r"^SCAN (\w+)(?: AS \w+)?$")
_PG_SCAN = re.compile(r"Seq Scan on (\w+)")


def scans(dialect: str, plan: list[str]) -> list[str]:
    """Big tables read by a full scan without an index, by this plan."""
    found = []
    for line in plan:
        line = line.strip().lstrip("->").strip()
        m = (_SQLITE_SCAN if dialect == "sqlite" else _PG_SCAN).search(line)
        if m and m.group(1) in BIG_TABLES:
            found.append(m.group(1))
    return found


def explain(engine: Engine, recorder: Recorder) -> list[dict[str, Any]]:
    out = []
    dialect = engine.dialect.name
    with engine.connect() as conn:
        for statement, parameters, item in recorder.seen.values():
            plan = (_sqlite_plan if dialect == "sqlite" else _pg_plan)(conn, statement, parameters)
            out.append(
                {"item": item, "sql": statement, "plan": plan, "scans": scans(dialect, plan)}
            )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.explain")
    parser.add_argument("--db", metavar="URL")
    parser.add_argument("--community", metavar="CODE")
    parser.add_argument("--pages", nargs="*", metavar="KEY", help="only these pages (default: all)")
    parser.add_argument("--all", action="store_true", help="print every plan, not only scans")
    parser.add_argument(
        "--scoped",
        action="store_true",
        help="run the pages filtered to the community (?community=CODE)",
    )
    args = parser.parse_args(argv)
    url = normalise_url(args.db) if args.db else configured_url()

    recorder = Recorder()
    sa.event.listen(Engine, "before_cursor_execute", recorder)
    registry = Registry.open(url)
    community = args.community or registry.organisation()[0]["code"][0]
    for scope in (None, community):
        recorder.item = f"snapshot:{scope or 'all'}"
        snapshot_item(registry, scope)
        recorder.item = f"floor:{scope or 'all'}"
        floor_item(registry, scope)
    from ui.nav import PAGES

    for page in PAGES:
        if args.pages is not None and page.key not in args.pages:
            continue
        recorder.item = f"page:{page.key}"
        clear_streamlit_caches()
        page_runs(url, page.path, 1, {"community": community} if args.scoped else None)
    sa.event.remove(Engine, "before_cursor_execute", recorder)

    results = explain(registry.engine, recorder)
    flagged = [r for r in results if r["scans"]]
    for r in results if args.all else flagged:
        print(f"--- {r['item']}  scans: {', '.join(r['scans']) or '-'}")
        print(" ".join(r["sql"].split())[:600])
        for line in r["plan"]:
            print("    " + line)
    print(f"{len(results)} distinct statements, {len(flagged)} with a full scan of a big table")
    return 0


if __name__ == "__main__":
    sys.exit(main())
