"""``python -m admin``: the administrator's command for accounts and the access log.

    python -m admin user add LOGIN --role ROLE [--community C …] [--grid G …] [--township T …]
                   [--worker-id N] [--chair] [--name NAME] [--email E] [--password-stdin]
    python -m admin user reset-password LOGIN [--password-stdin]
    python -m admin user lock|unlock LOGIN
    python -m admin user list
    python -m admin log list [--since YYYY-MM-DD] [--user LOGIN] [--limit N]
    python -m admin log export --out FILE.csv|FILE.xlsx [--since YYYY-MM-DD]
    python -m admin log verify

Without ``--password-stdin`` a one-time password is generated and printed once; the user must
change it at the first sign-in. Codes given as grants must exist in the registry. Bad input:
one line on stderr, exit 2; an unreachable or broken database: one line, exit 1; a broken
access-log chain: ``log verify`` exits 1 and names the first broken row.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import secrets
import string
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import polars as pl
import sqlalchemy as sa

from app_db import AppDbError, app_db_url, open_app_db
from auth import accounts, log
from auth.accounts import AccountError
from auth.passwords import policy_problems
from auth.roles import GRANT_KINDS, Role
from commands.metrics_cli import parse_day
from data_access import access as registry_access
from data_access.config import configured_url
from data_access.errors import BadArgument, DashboardError
from data_access.faults import fault_of
from data_access.loaders import Registry

LOG_COLUMNS = ("id", "at", "action", "login", "role", "client", "page", "scope", "filters",
               "rows", "reason", "detail")  # fmt: skip
_GRIDS_OF = {
    "township": registry_access.grids_of_townships,
    "community": registry_access.grids_of_communities,
    "grid": registry_access.grids_known,
}


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit 2."""

    def error(self, message: str) -> NoReturn:
        raise BadArgument(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m admin", description="accounts and the access log")
    parser.add_argument("--app-db", help="app database URL (default: APP_DB_URL, secrets, file)")
    parser.add_argument("--db", help="registry URL (default: REGISTRY_DB_URL, secrets, demo)")
    top = parser.add_subparsers(dest="area", required=True, parser_class=_Parser)

    user = top.add_parser("user").add_subparsers(
        dest="command", required=True, parser_class=_Parser
    )
    add = user.add_parser("add")
    add.add_argument("login")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--community", action="append", default=[])
    add.add_argument("--grid", action="append", default=[])
    add.add_argument("--township", action="append", default=[])
    add.add_argument("--worker-id", type=int)
    add.add_argument("--chair", action="store_true")
    add.add_argument("--name")
    add.add_argument("--email")
    add.add_argument("--password-stdin", action="store_true")
    reset = user.add_parser("reset-password")
    reset.add_argument("login")
    reset.add_argument("--password-stdin", action="store_true")
    for name in ("lock", "unlock"):
        user.add_parser(name).add_argument("login")
    user.add_parser("list")

    logs = top.add_parser("log").add_subparsers(dest="command", required=True, parser_class=_Parser)
    listing = logs.add_parser("list")
    listing.add_argument("--since")
    listing.add_argument("--user")
    listing.add_argument("--limit", type=int, default=100)
    export = logs.add_parser("export")
    export.add_argument("--out", required=True, type=Path)
    export.add_argument("--since")
    logs.add_parser("verify")
    return parser


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def one_time_password() -> str:
    """16 random characters that meet the policy."""
    alphabet = string.ascii_letters + string.digits + "-_.!"
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(16))
        if not policy_problems(password, ""):
            return password


def _read_password() -> str:
    line = sys.stdin.readline()
    if not line.strip():
        raise BadArgument("--password-stdin: no password on standard input")
    return line.rstrip("\n")


def _check_in_registry(args: argparse.Namespace, grants: list[tuple[str, str]]) -> None:
    """The role has the scope it needs, and every granted code (and the worker) exists."""
    role = Role(args.role)
    if role in (Role.TOWNSHIP_OFFICE, Role.SECRETARY, Role.COMMITTEE) and not grants:
        kinds = " or ".join(f"--{k}" for k in sorted(GRANT_KINDS[role]))
        raise BadArgument(f"role {role.value} needs a scope: give {kinds}")
    if role in (Role.GRID_LEADER, Role.GRID_WORKER) and not grants and args.worker_id is None:
        raise BadArgument(f"role {role.value} needs --worker-id (his assignments) or --grid")
    if not grants and args.worker_id is None:
        return
    registry = Registry.open(args.db or configured_url())
    with registry.connect() as conn:
        for kind, code in grants:
            if not _GRIDS_OF[kind](conn, [code]):
                raise BadArgument(f"{kind} {code!r} not found in the registry (or it has no grid)")
        if args.worker_id is not None and not registry_access.worker_exists(conn, args.worker_id):
            raise BadArgument(f"worker id {args.worker_id} not found in the registry")


def _user_add(engine: sa.Engine, args: argparse.Namespace) -> None:
    grants = [("community", c) for c in args.community]
    grants += [("grid", g) for g in args.grid] + [("township", t) for t in args.township]
    generated = None
    if args.password_stdin:
        password = _read_password()
        accounts.check_password(password, args.login)
    else:
        password = generated = one_time_password()
    grants = accounts.check_grants(Role(args.role), grants)
    _check_in_registry(args, grants)
    now = _now()
    user = accounts.create_user(
        engine,
        now,
        args.login,
        args.role,
        display_name=args.name,
        email=args.email,
        password=password,
        must_change_password=True,
        is_chair=args.chair,
        worker_id=args.worker_id,
        grants=grants,
    )
    detail = {"user": user.login, "role": user.role.value, "grants": grants}
    if args.worker_id is not None:
        detail["worker_id"] = args.worker_id
    log.append(engine, now, "admin_user_add", login=_actor(), detail=detail)
    print(f"created {user.login} ({user.role.value}); must change the password at first sign-in")
    if generated:
        print(f"one-time password: {generated}")


def _reset(engine: sa.Engine, args: argparse.Namespace) -> None:
    password = _read_password() if args.password_stdin else one_time_password()
    now = _now()
    accounts.set_password(engine, now, args.login, password, by_admin=True)
    log.append(engine, now, "admin_password_reset", login=_actor(), detail={"user": args.login})
    print(f"password of {args.login} reset; must be changed at the next sign-in")
    if not args.password_stdin:
        print(f"one-time password: {password}")


def _lock(engine: sa.Engine, args: argparse.Namespace, disabled: bool) -> None:
    now = _now()
    accounts.set_disabled(engine, now, args.login, disabled)
    action = "admin_lock" if disabled else "admin_unlock"
    log.append(engine, now, action, login=_actor(), detail={"user": args.login})
    print(f"{args.login} {'locked' if disabled else 'unlocked'}")


def _user_list(engine: sa.Engine) -> None:
    for u in accounts.list_users(engine):
        grants = ",".join(f"{k}:{c}" for k, c in u.grants) or "-"
        state = "locked" if u.disabled else ("must-change" if u.must_change_password else "active")
        chair = " chair" if u.is_chair else ""
        worker = f" worker:{u.worker_id}" if u.worker_id is not None else ""
        print(f"{u.login}\t{u.role.value}{chair}\t{grants}{worker}\t{state}\t{u.display_name}")


def _since(args: argparse.Namespace) -> dt.datetime | None:
    return dt.datetime.combine(parse_day(args.since), dt.time()) if args.since else None


def log_frame(rows: list[dict]) -> pl.DataFrame:
    """Access-log rows as a frame with the log's columns (ids and counts as integers)."""
    schema = {
        c: pl.Int64 if c in ("id", "rows") else pl.Datetime if c == "at" else pl.String
        for c in LOG_COLUMNS
    }
    return pl.DataFrame({c: [r[c] for r in rows] for c in LOG_COLUMNS}, schema=schema)


def _log_export(engine: sa.Engine, args: argparse.Namespace) -> None:
    suffix = args.out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise BadArgument(f"--out {str(args.out)!r}: the file must end in .csv or .xlsx")
    if not args.out.parent.is_dir():
        raise BadArgument(
            f"--out {str(args.out)!r}: folder {str(args.out.parent)!r} does not exist"
        )
    rows = sorted(log.entries(engine, since=_since(args)), key=lambda r: r["id"])
    frame = log_frame(rows)
    # the project's formula-safe writers (registry text in the log is never a formula)
    from ui.export import csv_bytes, xlsx_bytes

    data = csv_bytes(frame) if suffix == ".csv" else xlsx_bytes({"access_log": frame})
    args.out.write_bytes(data)
    log.append(engine, _now(), "admin_log_export", login=_actor(), rows=len(rows),
               detail={"file": args.out.name})  # fmt: skip
    print(f"wrote {len(rows)} rows to {args.out}")


def _verify(engine: sa.Engine) -> int:
    count, broken = log.verify(engine)
    if broken is not None:
        print(
            f"error: access log broken at row {broken.id}: {broken.problem} "
            f"({count} rows before it are intact)",
            file=sys.stderr,
        )
        return 1
    print(f"access log intact: {count} rows")
    return 0


def _run(args: argparse.Namespace) -> int:
    engine = open_app_db(args.app_db or app_db_url())
    try:
        match (args.area, args.command):
            case ("user", "add"):
                _user_add(engine, args)
            case ("user", "reset-password"):
                _reset(engine, args)
            case ("user", "lock"):
                _lock(engine, args, True)
            case ("user", "unlock"):
                _lock(engine, args, False)
            case ("user", "list"):
                _user_list(engine)
            case ("log", "list"):
                for r in log.entries(engine, since=_since(args), login=args.user, limit=args.limit):
                    print("\t".join("" if r[c] is None else str(r[c]) for c in LOG_COLUMNS))
            case ("log", "export"):
                _log_export(engine, args)
            case ("log", "verify"):
                return _verify(engine)
    finally:
        engine.dispose()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(_parser().parse_args(argv))
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except AppDbError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except DashboardError as exc:
        print(f"error: {exc.for_operator()}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:
        fault = fault_of(exc)
        if fault is None:
            raise  # a bug: its traceback is for us
        print(f"error: {fault.for_operator()}", file=sys.stderr)
        return fault.exit_code
    except KeyboardInterrupt:
        return 130
