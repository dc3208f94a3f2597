"""The demo registry fixtures: built once per session, same rows on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from data_access.schema import metadata


def _row_counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for table in metadata.sorted_tables
            }
    finally:
        engine.dispose()


def test_demo_sqlite_is_a_populated_registry(demo_sqlite: Path) -> None:
    assert demo_sqlite.is_file()
    counts = _row_counts(f"sqlite:///{demo_sqlite}")
    for table in ("community", "grid", "household", "resident", "worker"):
        assert counts[table] > 0, f"demo registry has no {table} rows"


def test_pg_demo_holds_the_same_rows_as_sqlite(demo_sqlite: Path, pg_demo_url: str) -> None:
    assert pg_demo_url.endswith("/registry")
    assert _row_counts(pg_demo_url) == _row_counts(f"sqlite:///{demo_sqlite}")
