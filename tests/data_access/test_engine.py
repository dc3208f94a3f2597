"""Opening the registry: read-only, never created, checked against the contract."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from data_access.engine import open_registry
from data_access.errors import RegistryError, RegistryUnavailable
from tests.data_access.tiny import build_tiny


def test_the_registry_cannot_be_written(tiny_url: str) -> None:
    engine = open_registry(tiny_url)
    with pytest.raises(sa.exc.DBAPIError, match="(?i)read-?only"), engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM visit"))
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM visit")).scalar_one() == 6


def test_a_missing_file_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nope.sqlite"
    with pytest.raises(RegistryError, match="registry file not found"):
        open_registry(str(missing))
    assert not missing.exists()


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("这不是数据库")
    with pytest.raises(RegistryError, match="not a database"):
        open_registry(f"sqlite:///{path}")
    assert path.read_text() == "这不是数据库"


def _tiny_file(tmp_path: Path) -> Path:
    path = tmp_path / "r.sqlite"
    engine = sa.create_engine(f"sqlite:///{path}")
    build_tiny(engine)
    engine.dispose()
    return path


def test_a_missing_table_and_column_are_named(tmp_path: Path) -> None:
    path = _tiny_file(tmp_path)
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE patrol")
        db.execute("ALTER TABLE rental DROP COLUMN landlord_name")
    with pytest.raises(RegistryError, match="missing table patrol, column rental.landlord_name"):
        open_registry(str(path))


def test_extra_tables_and_columns_are_ignored(tmp_path: Path) -> None:
    path = _tiny_file(tmp_path)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE something_else (x INTEGER)")
        db.execute("ALTER TABLE resident ADD COLUMN nickname TEXT")
    open_registry(str(path)).dispose()


def test_unreachable_server_is_one_line_naming_neither_host_nor_login() -> None:
    with pytest.raises(RegistryUnavailable) as info:
        open_registry("postgresql+psycopg://reader:s3cret@127.0.0.1:9/registry")
    message, detail = str(info.value), info.value.detail or ""
    assert message == "cannot connect to the registry server"
    for secret in ("s3cret", "127.0.0.1", "reader", "9/registry"):
        assert secret not in message
    # where it failed is for the log and the operator, still without the password
    assert "127.0.0.1" in detail and "reader" in detail and "s3cret" not in detail
    assert "\n" not in info.value.for_operator()


def test_unsupported_engine() -> None:
    with pytest.raises(RegistryError, match="unsupported"):
        open_registry("mysql://host/db")
