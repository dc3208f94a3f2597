"""``python -m admin``: the administrator's command for accounts and the access log.

    python -m admin user add LOGIN --role ROLE [--community C …] [--grid G …] [--township T …]
                   [--worker-id N] [--chair] [--name NAME] [--email E] [--oidc-subject S]
                   [--password-stdin]
    python -m admin user reset-password LOGIN [--password-stdin]
    python -m admin user lock|unlock LOGIN
    python -m admin user list
    python -m admin log list [--since YYYY-MM-DD] [--user LOGIN] [--community C …] [--limit N]
    python -m admin log export --out FILE.csv|FILE.xlsx [--since YYYY-MM-DD]
    python -m admin log verify [--against KEPT-EXPORT.csv]

Without ``--password-stdin`` a one-time password is generated and printed once; either way the
user must change it at the first sign-in. Days are Asia/Shanghai days; the log shows its moments
in Asia/Shanghai (``at_local``) and stores them in UTC (``at``). Every change to an account and
every export is itself a row of the access log. Codes given as grants must exist in the
registry. Bad input: one line on stderr, exit 2; an unreachable or broken database: one line,
exit 1; a broken access-log chain: ``log verify`` exits 1 and names the first broken row.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import getpass
import secrets
import string
import sys
from collections.abc import Sequence
from pathlib import Path

import polars as pl
import sqlalchemy as sa

from app_db import AppDbError, app_db_url, open_app_db
from auth import accounts, log
from auth.accounts import AccountError
from auth.passwords import policy_problems
from auth.roles import GRANT_KINDS, Role
from commands.cli import Parser
from commands.metrics_cli import parse_day
from data_access import access as registry_access
from data_access.config import configured_url
from data_access.errors import BadArgument, DashboardError
from data_access.faults import fault_of, first_line
from data_access.loaders import LOCAL_TZ, Registry

#: what ``log list`` prints, tab-separated (the export has every column)
_LIST_COLUMNS = ("id", "at_local", "action", "login", "role", "client", "page", "communities",
                 "rows", "reason", "detail")  # fmt: skip
_GRIDS_OF = {
    "township": registry_access.grids_of_townships,
    "community": registry_access.grids_of_communities,
    "grid": registry_access.grids_known,
}


def _parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m admin", description="accounts and the access log")
    parser.add_argument("--app-db", help="app database URL (default: APP_DB_URL, secrets, file)")
    parser.add_argument("--db", help="registry URL (default: REGISTRY_DB_URL, secrets, demo)")
    top = parser.add_subparsers(dest="area", required=True, parser_class=Parser)

    user = top.add_parser("user").add_subparsers(dest="command", required=True, parser_class=Parser)
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
    add.add_argument("--oidc-subject", help="the identity provider's subject, for single sign-on")
    add.add_argument("--password-stdin", action="store_true")
    reset = user.add_parser("reset-password")
    reset.add_argument("login")
    reset.add_argument("--password-stdin", action="store_true")
    for name in ("lock", "unlock"):
        user.add_parser(name).add_argument("login")
    user.add_parser("list")

    logs = top.add_parser("log").add_subparsers(dest="command", required=True, parser_class=Parser)
    listing = logs.add_parser("list")
    listing.add_argument("--since")
    listing.add_argument("--user")
    listing.add_argument("--community", action="append", default=[])
    listing.add_argument("--limit", type=int, default=100)
    export = logs.add_parser("export")
    export.add_argument("--out", required=True, type=Path)
    export.add_argument("--since")
    verify = logs.add_parser("verify")
    verify.add_argument("--against", type=Path, help="a kept CSV export to compare the log with")
    return parser


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def one_time_password(login: str) -> str:
    """16 random characters that meet the policy for ``login``."""
    alphabet = string.ascii_letters + string.digits + "-_.!"
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(16))
        if not policy_problems(password, login):
            return password


def _read_password() -> str:
    """One line of standard input (typed without echo when it is a terminal)."""
    line = getpass.getpass("password: ") if sys.stdin.isatty() else sys.stdin.readline()
    if not line.strip():
        raise BadArgument("--password-stdin: no password on standard input")
    return line.rstrip("\n")


def _check_scope(args: argparse.Namespace, grants: list[tuple[str, str]]) -> None:
    """The role has the scope it needs, and every granted code (and the worker) exists."""
    role = Role(args.role)
    if role in (Role.TOWNSHIP_OFFICE, Role.SECRETARY, Role.COMMITTEE) and not grants:
        kinds = " or ".join(f"--{k}" for k in sorted(GRANT_KINDS[role]))
        raise BadArgument(f"role {role.value} needs a scope: give {kinds}")
    if role in (Role.GRID_LEADER, Role.GRID_WORKER) and not grants and args.worker_id is None:
        raise BadArgument(f"role {role.value} needs --worker-id (his assignments) or --grid")
    if not grants and args.worker_id is None:
        return
    try:
        _check_in_registry(Registry.open(args.db or configured_url()), args.worker_id, grants)
    except Exception as exc:
        fault = fault_of(exc)
        if fault is None:
            raise
        raise fault from None


def _check_in_registry(
    registry: Registry, worker_id: int | None, grants: list[tuple[str, str]]
) -> None:
    with registry.connect() as conn:
        for kind, code in grants:
            if not _GRIDS_OF[kind](conn, [code]):
                raise BadArgument(f"{kind} {code!r} not found in the registry (or it has no grid)")
        if worker_id is not None and not registry_access.worker_exists(conn, worker_id):
            raise BadArgument(f"worker id {worker_id} not found in the registry")


def _user_add(engine: sa.Engine, args: argparse.Namespace) -> None:
    grants = [("community", c) for c in args.community]
    grants += [("grid", g) for g in args.grid] + [("township", t) for t in args.township]
    generated = None
    password = _read_password() if args.password_stdin else None
    if password is None:
        password = generated = one_time_password(args.login)
    else:
        accounts.check_password(password, args.login)
    # the role's kinds of grant before the registry is asked
    accounts.check_grants(Role(args.role), grants)
    _check_scope(args, grants)
    now = _now()
    user = accounts.create_user(
        engine,
        now,
        args.login,
        args.role,
        actor=_actor(),
        display_name=args.name,
        email=args.email,
        oidc_subject=args.oidc_subject,
        password=password,
        must_change_password=True,
        is_chair=args.chair,
        worker_id=args.worker_id,
        grants=grants,
    )
    print(f"created {user.login} ({user.role.value}); must change the password at first sign-in")
    if generated:
        print(f"one-time password: {generated}")


def _reset(engine: sa.Engine, args: argparse.Namespace) -> None:
    password = _read_password() if args.password_stdin else one_time_password(args.login)
    accounts.reset_password(engine, _now(), args.login, password, actor=_actor())
    print(f"password of {args.login} reset; must be changed at the next sign-in")
    if not args.password_stdin:
        print(f"one-time password: {password}")


def _lock(engine: sa.Engine, args: argparse.Namespace, disabled: bool) -> None:
    accounts.set_disabled(engine, _now(), args.login, disabled, actor=_actor())
    print(f"{args.login} {'locked' if disabled else 'unlocked'}")


def _user_list(engine: sa.Engine) -> None:
    for u in accounts.list_users(engine):
        grants = ",".join(f"{k}:{c}" for k, c in u.grants) or "-"
        state = "locked" if u.disabled else ("must-change" if u.must_change_password else "active")
        chair = " chair" if u.is_chair else ""
        worker = f" worker:{u.worker_id}" if u.worker_id is not None else ""
        print(f"{u.login}\t{u.role.value}{chair}\t{grants}{worker}\t{state}\t{u.display_name}")


def _since(args: argparse.Namespace) -> dt.datetime | None:
    """``--since DAY``: from the start of that day in Asia/Shanghai."""
    if not args.since:
        return None
    return dt.datetime.combine(parse_day(args.since), dt.time(), tzinfo=LOCAL_TZ)


def _log_list(engine: sa.Engine, args: argparse.Namespace) -> None:
    if args.limit < 1:
        raise BadArgument(f"--limit must be 1 or more, not {args.limit}")
    rows = log.entries(
        engine,
        since=_since(args),
        login=args.user,
        communities=args.community or None,
        limit=args.limit,
    )
    for r in rows:
        r = {**r, "at_local": r["at_local"].isoformat(sep=" ", timespec="seconds")}
        print("\t".join("" if r[c] is None else str(r[c]) for c in _LIST_COLUMNS))


def _log_export(engine: sa.Engine, args: argparse.Namespace) -> None:
    suffix = args.out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise BadArgument(f"--out {str(args.out)!r}: the file must end in .csv or .xlsx")
    if not args.out.parent.is_dir():
        raise BadArgument(
            f"--out {str(args.out)!r}: folder {str(args.out.parent)!r} does not exist"
        )
    rows = log.export_rows(engine, since=_since(args))
    frame = pl.DataFrame(
        {c: [r[c] for r in rows] for c in log.EXPORT_COLUMNS},
        schema={c: pl.Int64 if c in ("id", "rows") else pl.String for c in log.EXPORT_COLUMNS},
    )
    from ui.export import csv_bytes, xlsx_bytes  # the formula-safe writers (Streamlit unused)

    data = csv_bytes(frame) if suffix == ".csv" else xlsx_bytes({"access_log": frame})
    args.out.write_bytes(data)
    log.append(engine, _now(), "admin_log_export", login=_actor(), rows=len(rows),
               detail={"file": args.out.name, "since": args.since})  # fmt: skip
    print(f"wrote {len(rows)} rows to {args.out}")


def _kept_export(path: Path) -> list[tuple[int, str]]:
    """(id, hash) of every row of a CSV that ``log export`` wrote."""
    if path.suffix.lower() != ".csv":
        raise BadArgument(f"--against {str(path)!r}: give a .csv export (log export --out X.csv)")
    if not path.is_file():
        raise BadArgument(f"--against {str(path)!r}: no such file")
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            return [(int(row["id"]), row["hash"]) for row in csv.DictReader(file)]
    except (KeyError, TypeError, ValueError, UnicodeDecodeError):
        raise BadArgument(
            f"--against {str(path)!r}: not an access-log export (columns id and hash)"
        ) from None


def _verify(engine: sa.Engine, args: argparse.Namespace) -> int:
    kept = _kept_export(args.against) if args.against else None
    count, broken = log.verify(engine)
    if broken is not None:
        print(
            f"error: access log broken at row {broken.id}: {broken.problem} "
            f"({count} rows before it are intact)",
            file=sys.stderr,
        )
        return 1
    if kept is not None:
        broken = log.verify_against(engine, kept)
        if broken is not None:
            print(f"error: access log row {broken.id} {broken.problem}", file=sys.stderr)
            return 1
        print(f"access log intact: {count} rows; the {len(kept)} rows of the export match")
        return 0
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
                _log_list(engine, args)
            case ("log", "export"):
                _log_export(engine, args)
            case ("log", "verify"):
                return _verify(engine, args)
    finally:
        engine.dispose()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(_parser().parse_args(argv))
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except DashboardError as exc:  # AppDbError, BadArgument, the registry's errors
        print(f"error: {exc.for_operator()}", file=sys.stderr)
        return exc.exit_code
    except sa.exc.SQLAlchemyError as exc:  # the registry's are converted where it is read
        error = AppDbError("the app database reported an error", detail=first_line(exc))
        print(f"error: {error.for_operator()}", file=sys.stderr)
        return 1
    except OSError as exc:  # the export's file
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
