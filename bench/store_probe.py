"""``python -m bench.store_probe --db URL --app-db URL [--full] [--window N] [--jobs N]``: one
refresh of the daily store in this fresh process; prints one JSON line: seconds, days and rows
written, this process's peak resident memory (VmHWM) and its worker processes' largest
(``ru_maxrss`` of the children: each worker's own high-water mark), the store's size."""

from __future__ import annotations

import argparse
import json
import resource
import sys

import sqlalchemy as sa

from bench.probe import _status_mib


def store_size_mib(app_engine: sa.Engine) -> float:
    """The store's tables and indexes (PostgreSQL), or the app database's file (SQLite: the
    accounts and the log are a few pages of it)."""
    from app_db import schema as t

    if app_engine.dialect.name == "postgresql":
        names = [
            table.name for table in t.metadata.sorted_tables if table.name.startswith("store_")
        ]
        with app_engine.connect() as conn:
            total = sum(
                conn.execute(
                    sa.text("SELECT pg_total_relation_size(CAST(:n AS regclass))"), {"n": n}
                ).scalar_one()
                for n in names
            )
        return round(total / 2**20, 1)
    from pathlib import Path

    path = Path(app_engine.url.database or "")
    wal = path.with_name(path.name + "-wal")
    return round((path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)) / 2**20, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store_probe")
    parser.add_argument("--db", required=True)
    parser.add_argument("--app-db", required=True)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--window", type=int, default=14)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)

    from app_db.engine import open_app_db
    from data_access.loaders import Registry
    from store.build import refresh

    registry = Registry.open(args.db)
    app_engine = open_app_db(args.app_db)
    result = refresh(app_engine, registry, full=args.full, window=args.window, jobs=args.jobs)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    json.dump(
        {
            "seconds": round(result.seconds, 2),
            "days": result.built,
            "rows": result.rows,
            "peak_mib": round(_status_mib("VmHWM"), 1),
            "workers_peak_mib": round(children, 1) if args.jobs > 1 else None,
            "size_mib": store_size_mib(app_engine),
        },
        sys.stdout,
    )
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
