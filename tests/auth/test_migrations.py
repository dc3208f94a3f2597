"""The app database's migrations on both engines: every one up and down, the schema they build
equal to ``app_db.schema`` (Alembic's own comparison), and two servers upgrading at once."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from app_db import AppDbError, open_app_db, schema_revision, upgrade
from app_db.engine import _config, create_app_engine, downgrade, head_revision
from app_db.schema import metadata, store_day, store_registry
from data_access.config import PROJECT_ROOT


def differences(engine: sa.Engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), metadata)


def tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def revisions() -> list[str]:
    with create_app_engine("sqlite://").connect() as conn:
        script = ScriptDirectory.from_config(_config(conn))
        return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_the_revisions_form_one_line() -> None:
    assert revisions() == ["0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009"]
    assert head_revision() == "0009"


#: the tables a revision added after the first (the scoring's came with 0005, the store's 0006,
#: the store's further inputs 0007 and 0008)
ADDED = {
    "0005": {"rubric_version", "score_sheet", "score_entry"},
    "0006": {
        "store_registry",
        "store_day",
        "store_run",
        "store_grid_day",
        "store_grid_residents",
        "store_grid_groups",
        "store_grid_purposes",
        "store_worker_day",
        "store_text",
        "store_check",
    },
    "0007": {"store_grid_ages", "store_grid_movements"},
    "0008": {"store_worker_patrols", "store_worker_logs"},
}


def tables_at(revision: str) -> set[str]:
    every = {t.name for t in metadata.sorted_tables}
    return every - set().union(*(names for rev, names in ADDED.items() if rev > revision))


def test_every_migration_up_and_down(app_url: str) -> None:
    engine = create_app_engine(app_url)
    try:
        assert schema_revision(engine) is None
        for revision in revisions():
            upgrade(engine, revision)
            assert schema_revision(engine) == revision
        assert differences(engine) == []
        upgrade(engine)  # idempotent
        assert schema_revision(engine) == head_revision()
        for revision in reversed(revisions()[:-1]):
            downgrade(engine, revision)
            assert schema_revision(engine) == revision
            assert tables(engine) == tables_at(revision)
        downgrade(engine, "base")
        assert tables(engine) == set()
        assert schema_revision(engine) is None
        upgrade(engine)
        assert schema_revision(engine) == head_revision() and differences(engine) == []
    finally:
        engine.dispose()


def test_a_database_from_a_newer_dashboard_is_named(app_url: str) -> None:
    engine = open_app_db(app_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(AppDbError, match="cannot be migrated") as error:
        open_app_db(app_url)
    assert "9999" in error.value.detail
    engine.dispose()


OPEN = "import sys; from app_db import open_app_db; open_app_db(sys.argv[1]).dispose()"


def test_two_servers_starting_at_once_both_come_up(app_url: str) -> None:
    """Two processes upgrade the same new database at the same moment: both start, the schema is
    built once (the lock: a file lock on SQLite, an advisory lock on PostgreSQL)."""
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN, app_url],
            cwd=PROJECT_ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in starts]
    for p in starts:
        p.stderr.close()
    assert results == [(0, ""), (0, "")]
    engine = create_app_engine(app_url)
    try:
        assert schema_revision(engine) == head_revision() and differences(engine) == []
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar() == 1
    finally:
        engine.dispose()


def test_sqlite_file_and_its_folder_are_created_on_first_use(tmp_path) -> None:
    path = tmp_path / "new" / "folder" / "app.sqlite"
    open_app_db(f"sqlite:///{path}").dispose()
    assert path.is_file()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "URL is not valid"),
        ("postgresql+psycopg://nobody@127.0.0.1:1/app", "cannot be opened"),
        ("mysql+nosuchdriver://x/y", "cannot be used"),
    ],
)
def test_a_bad_app_database_is_one_message(url: str, message: str) -> None:
    with pytest.raises(AppDbError, match=message) as error:
        open_app_db(url)
    assert "127.0.0.1" not in str(error.value)  # the host is for the log, not for a user


def test_packing_the_store_marks_every_day_unbuilt(app_url: str) -> None:
    """0009 packs the resident and group counts one row per grid-day: a store built before it
    keeps no day in the old shape (its days are built again by the next refresh)."""
    engine = create_app_engine(app_url)
    try:
        upgrade(engine, "0008")
        with engine.begin() as conn:
            at = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)
            conn.execute(store_registry.insert().values(id=1, key="r", created_at=at))
            conn.execute(store_day.insert().values(rid=1, day=739957, built_at=at))
            conn.execute(
                sa.text(
                    "INSERT INTO store_grid_groups (rid, day, grid_id, group_code, members)"
                    " VALUES (1, 739957, 3, 1, 5)"
                )
            )
        upgrade(engine)
        with engine.connect() as conn:
            for table in ("store_day", "store_grid_groups", "store_grid_residents"):
                assert conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() == 0
        columns = {
            name: [c["name"] for c in sa.inspect(engine).get_columns(name)]
            for name in ("store_grid_residents", "store_grid_groups")
        }
        assert columns == {name: ["rid", "day", "grid_id", "counts"] for name in columns}
        assert differences(engine) == []
    finally:
        engine.dispose()
