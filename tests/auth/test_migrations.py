"""The app database's migrations on both engines: up, down, the tables they build, and three
servers upgrading at once."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from app_db import open_app_db, schema_revision, upgrade
from app_db.engine import create_app_engine, downgrade, head_revision
from app_db.schema import metadata


def columns(engine: sa.Engine) -> dict[str, set[str]]:
    inspector = sa.inspect(engine)
    return {
        t: {c["name"] for c in inspector.get_columns(t)}
        for t in inspector.get_table_names()
        if t != "alembic_version"
    }


def test_every_migration_up_builds_the_declared_tables_and_down_removes_them(app_url) -> None:
    engine = create_app_engine(app_url)
    try:
        assert schema_revision(engine) is None
        upgrade(engine)
        assert schema_revision(engine) == head_revision()
        declared = {t.name: {c.name for c in t.columns} for t in metadata.sorted_tables}
        assert columns(engine) == declared
        upgrade(engine)  # idempotent
        downgrade(engine, "base")
        assert columns(engine) == {}
        assert schema_revision(engine) is None
        upgrade(engine)
        assert schema_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_servers_starting_at_once_all_come_up(app_url: str) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def open_one() -> None:
        try:
            start.wait()
            open_app_db(app_url).dispose()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    engine = create_app_engine(app_url)
    assert schema_revision(engine) == head_revision()
    engine.dispose()


def test_sqlite_file_and_its_folder_are_created_on_first_use(tmp_path) -> None:
    path = tmp_path / "new" / "folder" / "app.sqlite"
    open_app_db(f"sqlite:///{path}").dispose()
    assert path.is_file()
