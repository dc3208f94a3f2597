"""The demo builder: deterministic content, safe targets, the command line, SQLite = PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

import demo.__main__ as demo_cli
from data_access.config import PROJECT_ROOT
from data_access.schema import INDEXES, metadata
from demo.build import RegistryExistsError, build_demo, table_counts


def _sqlite(path: Path) -> str:
    return f"sqlite:///{path}"


def _normal(value: object) -> str:
    """One text form per value whatever the engine returned (date, datetime, bool, float)."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        return repr(value)
    return repr(value)


def table_digests(url: str) -> dict[str, str]:
    """sha256 over every table's rows in primary-key order."""
    engine = sa.create_engine(url)
    out = {}
    try:
        with engine.connect() as conn:
            for table in metadata.sorted_tables:
                order = list(table.primary_key.columns) or list(table.columns)
                h = hashlib.sha256()
                for row in conn.execute(sa.select(table).order_by(*order)):
                    h.update("\x1f".join(_normal(v) for v in row).encode())
                    h.update(b"\n")
                out[table.name] = h.hexdigest()
    finally:
        engine.dispose()
    return out


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("demo-twice")
    a, b = base / "a.sqlite", base / "b.sqlite"
    build_demo(_sqlite(a), communities=2)
    build_demo(_sqlite(b), communities=2)
    return a, b


def test_same_seed_same_rows(two_builds: tuple[Path, Path]) -> None:
    a, b = two_builds
    assert table_digests(_sqlite(a)) == table_digests(_sqlite(b))


def test_same_seed_same_rows_in_a_fresh_interpreter(
    two_builds: tuple[Path, Path], tmp_path: Path
) -> None:
    """Nothing depends on the process: hash seed, dict order of sets, the clock."""
    out = tmp_path / "c.sqlite"
    subprocess.run(
        [sys.executable, "-m", "demo", "build", "--out", str(out), "--communities", "2"],
        cwd=PROJECT_ROOT,
        env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    assert table_digests(_sqlite(out)) == table_digests(_sqlite(two_builds[0]))


def test_another_seed_other_people(two_builds: tuple[Path, Path], tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    build_demo(_sqlite(other), communities=1, seed=7)
    digests = table_digests(_sqlite(other))
    assert digests["resident"] != table_digests(_sqlite(two_builds[0]))["resident"]
    # the seed's figures do not depend on the seed
    engine = sa.create_engine(_sqlite(other))
    with engine.connect() as conn:
        n = conn.execute(
            sa.text(
                "SELECT count(*) FROM household WHERE registered_on <= '2026-03-10' "
                "AND (closed_on IS NULL OR closed_on > '2026-03-10')"
            )
        ).scalar_one()
    engine.dispose()
    assert n == 4686


def test_report_matches_the_tables(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    lines: list[str] = []
    report = build_demo(_sqlite(path), communities=1, progress=lines.append)
    assert dict(report.rows) == table_counts(_sqlite(path))
    assert report.total_rows == sum(report.rows.values()) > 0
    assert report.seconds > 0 and report.rows_per_second > 0
    assert "居民 resident: " in "\n".join(lines)
    assert [p.name for p in tmp_path.iterdir()] == ["r.sqlite"]  # no temp file left behind
    engine = sa.create_engine(_sqlite(path))
    with engine.connect() as conn:
        names = {
            r[0]
            for r in conn.execute(sa.text("SELECT name FROM sqlite_master WHERE type = 'index'"))
        }
    engine.dispose()
    assert {name for name, _, _ in INDEXES} <= names


def test_refuses_an_existing_registry_unless_replace(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    build_demo(_sqlite(path), communities=1)
    before = path.read_bytes()
    with pytest.raises(RegistryExistsError):
        build_demo(_sqlite(path), communities=1)
    assert path.read_bytes() == before
    report = build_demo(_sqlite(path), communities=1, seed=99, replace=True)
    assert report.rows["community"] == 1
    assert path.read_bytes() != before


def test_cli_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.sqlite"
    build_demo(_sqlite(path), communities=1)
    assert demo_cli.main(["build", "--out", str(path), "--communities", "1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already holds registry tables" in err
    with pytest.raises(SystemExit) as exc:
        demo_cli.main(["build", "--out", str(path), "--communities", "0"])
    assert exc.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert demo_cli.main(["build", "--db", "mysql://x/y"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_ensure_builds_once_then_stays_silent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "data" / "demo_registry.sqlite"
    monkeypatch.setattr(demo_cli, "DEMO_DB_PATH", target)
    assert demo_cli.main(["ensure"]) == 0
    out = capsys.readouterr().out
    assert "building" in out and "rows/s" in out
    assert target.is_file()
    stamp = target.stat().st_mtime_ns
    assert demo_cli.main(["ensure"]) == 0
    assert capsys.readouterr() == ("", "")
    assert target.stat().st_mtime_ns == stamp


def test_postgres_holds_the_same_rows_as_sqlite(pg_server, tmp_path: Path) -> None:  # noqa: ANN001
    url = pg_server.create_database("demo_build_parity")
    build_demo(url, communities=1)
    with pytest.raises(RegistryExistsError):
        build_demo(url, communities=1)
    path = tmp_path / "p.sqlite"
    build_demo(_sqlite(path), communities=1)
    assert table_digests(url) == table_digests(_sqlite(path))
    build_demo(url, communities=1, replace=True)
    assert table_digests(url) == table_digests(_sqlite(path))
    # the foreign keys dropped for the load are back
    engine = sa.create_engine(url)
    try:
        inspector = sa.inspect(engine)
        present = sum(len(inspector.get_foreign_keys(t.name)) for t in metadata.sorted_tables)
    finally:
        engine.dispose()
    assert present == sum(len(t.foreign_key_constraints) for t in metadata.sorted_tables) > 0
