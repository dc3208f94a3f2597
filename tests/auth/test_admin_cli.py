"""``python -m admin`` end to end in a subprocess: exit codes, one-line errors, the log it keeps."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from app_db.config import APP_DB_ENV
from app_db.schema import access_log
from auth import log
from data_access.config import ENV_VAR, PROJECT_ROOT
from tests.auth.conftest import tamper


@pytest.fixture
def admin(tmp_path: Path, tiny_sqlite: Path):
    app_db = f"sqlite:///{tmp_path / 'app.sqlite'}"

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        env = {**os.environ, APP_DB_ENV: app_db, ENV_VAR: f"sqlite:///{tiny_sqlite}"}
        return subprocess.run(
            [sys.executable, "-m", "admin", *args],
            cwd=PROJECT_ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )

    run.app_db = app_db
    return run


def one_line_error(result: subprocess.CompletedProcess[str], code: int, text: str) -> None:
    assert result.returncode == code, result
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: "), result.stderr
    assert text in result.stderr
    assert "Traceback" not in result.stderr


def test_add_list_lock_and_the_log(admin, tmp_path: Path) -> None:
    added = admin(
        "user", "add", "sec", "--role", "secretary", "--community", "AH", "--name", "书记"
    )
    assert added.returncode == 0, added.stderr
    assert "one-time password: " in added.stdout
    password = added.stdout.split("one-time password: ")[1].strip()
    assert len(password) == 16 and password not in admin("log", "list").stdout

    typed = admin("user", "add", "w2", "--role", "grid_worker", "--worker-id", "2",
                  "--password-stdin", stdin="Grid-Worker-2026\n")  # fmt: skip
    assert typed.returncode == 0 and "one-time password" not in typed.stdout

    listing = admin("user", "list").stdout.splitlines()
    assert listing == [
        "sec\tsecretary\tcommunity:AH\tmust-change\t书记",
        "w2\tgrid_worker\t- worker:2\tmust-change\tw2",
    ]
    assert admin("user", "lock", "sec").returncode == 0
    assert "locked" in admin("user", "list").stdout.splitlines()[0]
    assert admin("user", "unlock", "sec").returncode == 0
    assert admin("user", "reset-password", "w2").returncode == 0

    assert admin("log", "verify").stdout.strip() == "access log intact: 5 rows"
    out = tmp_path / "log.xlsx"
    assert admin("log", "export", "--out", str(out)).returncode == 0
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == log.EXPORT_COLUMNS
    assert [r[3] for r in rows[1:]] == [
        "admin_user_add", "admin_user_add", "admin_lock", "admin_unlock", "admin_password_reset",
    ]  # fmt: skip
    # the export itself is logged
    assert admin("log", "list", "--limit", "1").stdout.split("\t")[2] == "admin_log_export"


@pytest.mark.parametrize(
    ("args", "stdin", "text"),
    [
        (("user", "add", "x", "--role", "mayor"), "", "invalid choice: 'mayor'"),
        (("user", "add", "x", "--role", "secretary"), "", "needs a scope"),
        (
            ("user", "add", "x", "--role", "secretary", "--community", "ZZ"),
            "",
            "community 'ZZ' not found",
        ),
        (
            ("user", "add", "x", "--role", "grid_worker", "--worker-id", "99"),
            "",
            "worker id 99 not found",
        ),
        (("user", "add", "x", "--role", "admin", "--password-stdin"), "short\n", "at least 12"),
        (("user", "lock", "ghost"), "", "no user with login 'ghost'"),
        (("log", "list", "--since", "2026-13-01"), "", "impossible date"),
        (("log", "export", "--out", "/nonexistent/x.csv"), "", "does not exist"),
        (("log", "export", "--out", "x.pdf"), "", "must end in .csv or .xlsx"),
        ((), "", "required"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(admin, args, stdin, text) -> None:
    one_line_error(admin(*args, stdin=stdin), 2, text)


def test_an_unreachable_app_database_is_one_line_and_exit_1(admin) -> None:
    result = admin("--app-db", "postgresql+psycopg://nobody@127.0.0.1:1/app", "user", "list")
    one_line_error(result, 1, "cannot be opened")


def test_verify_names_the_first_changed_row(admin) -> None:
    for login in ("a1", "a2", "a3"):
        admin("user", "add", login, "--role", "admin")
    engine = sa.create_engine(admin.app_db)
    tamper(engine, access_log.update().where(access_log.c.id == 2).values(detail="{}"))
    engine.dispose()
    result = admin("log", "verify")
    one_line_error(result, 1, "broken at row 2: changed after it was written")


def test_a_kept_export_shows_rows_cut_off_the_end(admin, tmp_path: Path) -> None:
    for login in ("a1", "a2", "a3"):
        assert admin("user", "add", login, "--role", "admin").returncode == 0
    kept = tmp_path / "kept.csv"
    assert admin("log", "export", "--out", str(kept)).returncode == 0
    matched = admin("log", "verify", "--against", str(kept))
    assert matched.returncode == 0, matched.stderr
    assert matched.stdout.strip() == "access log intact: 4 rows; the 3 rows of the export match"
    # the newest rows removed by someone who may drop the triggers: the chain alone is intact …
    engine = sa.create_engine(admin.app_db)
    tamper(engine, access_log.delete().where(access_log.c.id >= 3))
    engine.dispose()
    assert admin("log", "verify").stdout.strip() == "access log intact: 2 rows"
    # … the kept export is not
    one_line_error(
        admin("log", "verify", "--against", str(kept)),
        1,
        "row 3 is in the kept export but no longer in the log",
    )


@pytest.mark.parametrize(
    ("name", "content", "text"),
    [
        ("kept.xlsx", "", "give a .csv export"),
        ("missing.csv", None, "no such file"),
        ("other.csv", "a,b\n1,2\n", "not an access-log export"),
    ],
)
def test_a_bad_kept_export_is_one_line_and_exit_2(admin, tmp_path, name, content, text) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    one_line_error(admin("log", "verify", "--against", str(path)), 2, text)


def test_account_rows_name_the_community_for_its_secretary(admin) -> None:
    assert admin("user", "add", "s", "--role", "secretary", "--community", "AH").returncode == 0
    assert admin("user", "add", "j", "--role", "secretary", "--community", "JF").returncode == 0
    assert admin("user", "lock", "s").returncode == 0
    rows = [
        line.split("\t") for line in admin("log", "list", "--community", "AH").stdout.splitlines()
    ]
    assert [(r[2], r[7]) for r in rows] == [("admin_lock", ",AH,"), ("admin_user_add", ",AH,")]
