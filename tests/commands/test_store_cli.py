"""``python -m store refresh|status``: one line on stderr and an exit code for bad input, a
busy store or an unreachable registry; the result as JSON otherwise."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app_db.engine import open_app_db
from commands.store_cli import main
from data_access.config import PROJECT_ROOT
from store.build import writer_lock


@pytest.fixture
def app_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'app.sqlite'}"


def test_refresh_then_status(tiny_sqlite: Path, app_url: str, capsys) -> None:
    assert main(["refresh", "--db", str(tiny_sqlite), "--app-db", app_url, "--quiet"]) == 0
    built = json.loads(capsys.readouterr().out)
    assert built["days_built"] > 0 and built["rows"] > 0 and built["first"] <= built["last"]
    assert main(["status", "--db", str(tiny_sqlite), "--app-db", app_url]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["days"] == built["days_built"] and status["last_failure"] is None
    # again: nothing missing, the trailing window recomputed
    assert main(["refresh", "--db", str(tiny_sqlite), "--app-db", app_url, "--quiet"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["days_built"] == min(14, built["days_built"])


@pytest.mark.parametrize(
    "args, words",
    [
        (["refresh", "--window", "x"], "--window wants a number of days"),
        (["refresh", "--window", "-1"], "from 0 to 3660 days"),
        (["refresh", "--jobs", "0"], "--jobs wants a number of processes"),
        (["refresh", "--no-such"], "unrecognized arguments"),
    ],
)
def test_a_bad_argument_is_one_line_and_exit_2(tiny_sqlite, app_url, capsys, args, words) -> None:
    assert main([*args, "--db", str(tiny_sqlite), "--app-db", app_url]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1


def test_a_missing_registry_is_exit_1(tmp_path: Path, app_url: str, capsys) -> None:
    assert main(["refresh", "--db", str(tmp_path / "none.sqlite"), "--app-db", app_url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") == 1


def test_a_second_refresh_says_the_store_is_busy(tiny_sqlite, app_url: str, capsys) -> None:
    engine = open_app_db(app_url)
    with writer_lock(engine, wait=False):  # another refresh holds the lock
        assert main(["refresh", "--db", str(tiny_sqlite), "--app-db", app_url, "--quiet"]) == 3
    assert "another refresh of the store is running" in capsys.readouterr().err
    engine.dispose()


def test_python_m_store_runs_as_a_process(tiny_sqlite: Path, app_url: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "store", "status", "--db", str(tiny_sqlite), "--app-db", app_url],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["days"] == 0
