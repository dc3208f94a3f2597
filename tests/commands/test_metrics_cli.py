"""``python -m metrics`` as a user runs it: JSON out, or one line on stderr and the stated exit code."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from data_access.config import PROJECT_ROOT
from tests.data_access.tiny import EXPECTED_ALL, build_tiny


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "metrics", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.fixture(scope="module")
def tiny_path(tiny_sqlite: Path) -> Path:
    return tiny_sqlite


def assert_one_line_error(
    result: subprocess.CompletedProcess[str], code: int, *needles: str
) -> None:
    assert result.returncode == code, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_snapshot_prints_the_contract_object(tiny_path: Path) -> None:
    result = run("snapshot", "--db", str(tiny_path), "--as-of", "2026-03-10")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == EXPECTED_ALL


def test_snapshot_counts_are_json_integers(tiny_path: Path) -> None:
    result = run(
        "snapshot", "--db", f"sqlite:///{tiny_path}", "--as-of", "2026-03-10", "--community", "AH"
    )
    figures = json.loads(result.stdout)
    assert isinstance(figures["households"], int) and '"households": 2,' in result.stdout


def test_workers_command(tiny_path: Path) -> None:
    result = run("workers", "--month", "2026-03", "--db", str(tiny_path), "--grid", "JF-01")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert list(body) == ["month", "as_of", "workers"]
    assert [w["id"] for w in body["workers"]] == [3]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--community", "XX"), "'XX'"),
        (("--grid", "ah-01"), "'ah-01'"),
        (("--as-of", "2026-3-10"), "2026-3-10"),
        (("--as-of", "2026-02-30"), "2026-02-30"),
        (("--as-of", "20260310"), "20260310"),
        (("--bogus",), "--bogus"),
    ],
)
def test_bad_arguments_exit_2(tiny_path: Path, args: tuple[str, ...], needle: str) -> None:
    assert_one_line_error(run("snapshot", "--db", str(tiny_path), *args), 2, needle)


@pytest.mark.parametrize("month", ["2026-3", "2026-13", "March"])
def test_malformed_month_exits_2(tiny_path: Path, month: str) -> None:
    assert_one_line_error(run("workers", "--db", str(tiny_path), "--month", month), 2, month)


def test_missing_database_file_exits_1_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite"
    assert_one_line_error(run("snapshot", "--db", str(missing)), 1, str(missing))
    assert not missing.exists()


def test_file_that_is_not_a_database_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"\x00not sqlite at all" * 10)
    assert_one_line_error(run("snapshot", "--db", str(path)), 1, "not a database")


def test_database_missing_a_table_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "partial.sqlite"
    engine = sa.create_engine(f"sqlite:///{path}")
    build_tiny(engine)
    engine.dispose()
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE work_log")
    assert_one_line_error(run("snapshot", "--db", str(path)), 1, "work_log")
    assert_one_line_error(run("workers", "--month", "2026-03", "--db", str(path)), 1, "work_log")


def test_unreachable_server_exits_1() -> None:
    result = run("snapshot", "--db", "postgresql+psycopg://u:pw@127.0.0.1:9/x")
    assert_one_line_error(result, 1, "127.0.0.1")


def test_malformed_row_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.sqlite"
    engine = sa.create_engine(f"sqlite:///{path}")
    build_tiny(engine)
    engine.dispose()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE visit SET visited_at = '2026-03-10 9h' WHERE id = 1")
    before = path.read_bytes()
    assert_one_line_error(run("snapshot", "--db", str(path)), 1, "malformed")
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("snapshot", ("--as-of", "9999-12-31")),
        ("snapshot", ("--as-of", "0001-01-01")),
        ("workers", ("--month", "2026-03", "--as-of", "9999-12-31")),
        ("workers", ("--month", "2026-03", "--as-of", "0001-01-01")),
        ("workers", ("--month", "9999-12")),
        ("workers", ("--month", "0001-01")),
    ],
)
def test_day_or_month_out_of_range_exits_2(
    tiny_path: Path, command: str, args: tuple[str, ...]
) -> None:
    result = run(command, "--db", str(tiny_path), *args)
    assert_one_line_error(result, 2, "out of range", "2000-01-01", "2100-12-31")


SNAPSHOT = ("snapshot",)
WORKERS = ("workers", "--month", "2026-03")


@pytest.mark.parametrize(
    ("update", "needle", "commands"),
    [
        (
            "UPDATE community SET area_km2 = 'n/a' WHERE id = 1",
            "community.area_km2 holds 'n/a'",
            [SNAPSHOT, WORKERS],
        ),
        (
            "UPDATE assessment SET score = 'n/a' WHERE worker_id = 3 AND period = '2026-03'",
            "assessment.score holds 'n/a'",
            [SNAPSHOT, WORKERS],
        ),
        (
            "UPDATE visit SET visited_at = '2026-03-10 9h' WHERE id = 1",
            "visit.visited_at",
            [SNAPSHOT, WORKERS],
        ),
        (
            "UPDATE incident SET resolved_at = 'soon' WHERE id = 1",
            "incident.resolved_at holds 'soon'",
            [SNAPSHOT, WORKERS],
        ),
    ],
)
def test_text_in_a_typed_column_names_table_and_column(
    tmp_path: Path, update: str, needle: str, commands: list[tuple[str, ...]]
) -> None:
    """SQLite keeps any value in any column: the commands name the column, one line, exit 1.

    (An integer primary key holds only integers; other integer columns are references, where text
    names no row: DQ28, see tests/data_access/test_bad_rows.py.)"""
    path = tmp_path / "bad.sqlite"
    engine = sa.create_engine(f"sqlite:///{path}")
    build_tiny(engine)
    engine.dispose()
    with sqlite3.connect(path) as db:
        db.execute(update)
    for command in commands:
        result = run(*command, "--db", str(path))  # the default day: the latest visit's
        assert_one_line_error(result, 1, "malformed value", needle)
