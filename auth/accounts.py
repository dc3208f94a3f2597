"""Accounts, sign-in and sessions on the app database.

Every change goes through these functions, each in its own transaction; the administrator's
actions are written to the access log by the caller (the admin command, later the accounts
page), which knows who acts; sign-ins, lockouts and sessions are logged here.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa

from app_db.schema import app_session, app_user, sign_in_attempt, user_grant
from auth import log
from auth.lockout import RULE, LockoutRule, locked_until
from auth.passwords import hash_password, policy_message, policy_problems, verify_password
from auth.roles import GRANT_KINDS, Role, parse_role

#: a session ends after this long without a request
IDLE_TIMEOUT = dt.timedelta(minutes=30)
#: attempts older than this play no part in a lockout
_ATTEMPT_HORIZON = dt.timedelta(days=1)


class AccountError(ValueError):
    """Bad input for an account (unknown user, bad role or grant, weak password): one line."""


@dataclass(frozen=True)
class User:
    id: int
    login: str
    display_name: str
    role: Role
    email: str | None = None
    oidc_subject: str | None = None
    is_chair: bool = False
    worker_id: int | None = None
    must_change_password: bool = False
    disabled: bool = False
    grants: tuple[tuple[str, str], ...] = ()

    def granted(self, kind: str) -> tuple[str, ...]:
        return tuple(code for k, code in self.grants if k == kind)


def _user(conn: sa.Connection, row: sa.Row | None) -> User | None:
    if row is None:
        return None
    grants = conn.execute(
        sa.select(user_grant.c.kind, user_grant.c.code)
        .where(user_grant.c.user_id == row.id)
        .order_by(user_grant.c.kind, user_grant.c.code)
    ).all()
    return User(
        id=row.id,
        login=row.login,
        display_name=row.display_name,
        role=Role(row.role),
        email=row.email,
        oidc_subject=row.oidc_subject,
        is_chair=bool(row.is_chair),
        worker_id=row.worker_id,
        must_change_password=bool(row.must_change_password),
        disabled=bool(row.disabled),
        grants=tuple((g.kind, g.code) for g in grants),
    )


def find_user(
    engine: sa.Engine,
    *,
    login: str | None = None,
    email: str | None = None,
    oidc_subject: str | None = None,
) -> User | None:
    """The user with this login, e-mail (case-insensitive) or OIDC subject, or None."""
    if login is not None:
        where = app_user.c.login == login
    elif email is not None:
        where = app_user.c.email == email.strip().lower()
    elif oidc_subject is not None:
        where = app_user.c.oidc_subject == oidc_subject
    else:
        raise TypeError("find_user needs a login, an e-mail or an OIDC subject")
    with engine.connect() as conn:
        return _user(conn, conn.execute(sa.select(app_user).where(where)).first())


def list_users(engine: sa.Engine) -> list[User]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(app_user).order_by(app_user.c.login)).all()
        return [u for r in rows if (u := _user(conn, r)) is not None]


def check_password(password: str, login: str, lang: str = "en") -> None:
    problems = policy_problems(password, login)
    if problems:
        raise AccountError(policy_message(problems, lang))


def check_grants(role: Role, grants: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The grants, de-duplicated; an error when the role does not take that kind."""
    grants = list(dict.fromkeys((k, c.strip()) for k, c in grants if c.strip()))
    allowed = GRANT_KINDS[role]
    wrong = sorted({k for k, _ in grants if k not in allowed})
    if wrong:
        kinds = ", ".join(sorted(allowed)) or "none"
        raise AccountError(
            f"role {role.value} takes grants of kind {kinds}, not {', '.join(wrong)}"
        )
    return grants


def create_user(
    engine: sa.Engine,
    now: dt.datetime,
    login: str,
    role: str | Role,
    *,
    display_name: str | None = None,
    email: str | None = None,
    oidc_subject: str | None = None,
    password: str | None = None,
    must_change_password: bool = True,
    is_chair: bool = False,
    worker_id: int | None = None,
    grants: Iterable[tuple[str, str]] = (),
) -> User:
    login = login.strip()
    if not login or len(login) > 64 or any(c.isspace() for c in login):
        raise AccountError(f"login {login!r} must be 1–64 characters without spaces")
    try:
        role = parse_role(role) if isinstance(role, str) else role
    except ValueError as exc:
        raise AccountError(str(exc)) from None
    grants = check_grants(role, grants)
    if password is not None:
        check_password(password, login)
    if is_chair and role is not Role.COMMITTEE:
        raise AccountError("only a committee member can be the committee's chair")
    try:
        with engine.begin() as conn:
            user_id = conn.execute(
                app_user.insert()
                .values(
                    login=login,
                    display_name=(display_name or login).strip(),
                    email=email.strip().lower() if email else None,
                    oidc_subject=oidc_subject,
                    role=role.value,
                    is_chair=is_chair,
                    worker_id=worker_id,
                    password_hash=hash_password(password) if password else None,
                    must_change_password=bool(password) and must_change_password,
                    created_at=now,
                    updated_at=now,
                    password_changed_at=now if password else None,
                )
                .returning(app_user.c.id)
            ).scalar_one()
            if grants:
                conn.execute(
                    user_grant.insert(),
                    [{"user_id": user_id, "kind": k, "code": c} for k, c in grants],
                )
    except sa.exc.IntegrityError:
        raise AccountError(f"a user with login {login!r} (or that e-mail) exists already") from None
    user = find_user(engine, login=login)
    assert user is not None
    return user


def _require(engine: sa.Engine, login: str) -> User:
    user = find_user(engine, login=login)
    if user is None:
        raise AccountError(f"no user with login {login!r}")
    return user


def set_password(
    engine: sa.Engine, now: dt.datetime, login: str, password: str, *, by_admin: bool
) -> None:
    """A new password: set by the administrator (to be changed at the next sign-in) or by the
    user himself (then it must differ from the current one)."""
    user = _require(engine, login)
    check_password(password, user.login)
    with engine.begin() as conn:
        current = conn.execute(
            sa.select(app_user.c.password_hash).where(app_user.c.id == user.id)
        ).scalar_one()
        if not by_admin and verify_password(current, password)[0]:
            raise AccountError(policy_message(["reused"], "en"))
        conn.execute(
            app_user.update()
            .where(app_user.c.id == user.id)
            .values(
                password_hash=hash_password(password),
                must_change_password=by_admin,
                password_changed_at=now,
                updated_at=now,
            )
        )
    if not by_admin:
        log.append(engine, now, "password_changed", login=user.login, role=user.role.value)


def set_disabled(engine: sa.Engine, now: dt.datetime, login: str, disabled: bool) -> None:
    """Lock (disable) an account, ending its sessions, or unlock it, clearing its failures."""
    user = _require(engine, login)
    with engine.begin() as conn:
        conn.execute(
            app_user.update()
            .where(app_user.c.id == user.id)
            .values(disabled=disabled, updated_at=now)
        )
        if disabled:
            conn.execute(
                app_session.update()
                .where(app_session.c.user_id == user.id, app_session.c.ended_at.is_(None))
                .values(ended_at=now, end_reason="admin")
            )
        else:
            conn.execute(
                sign_in_attempt.delete().where(
                    sign_in_attempt.c.login == user.login,
                    sign_in_attempt.c.succeeded.is_(False),
                )
            )


class Outcome(StrEnum):
    OK = "ok"
    MUST_CHANGE = "must_change_password"
    BAD = "bad_credentials"  # unknown login or wrong password: the same answer for both
    LOCKED = "locked"
    DISABLED = "disabled"


@dataclass(frozen=True)
class SignIn:
    outcome: Outcome
    user: User | None = None
    locked_until: dt.datetime | None = None


def _attempts(conn: sa.Connection, column: sa.Column, value: str, now: dt.datetime):
    rows = conn.execute(
        sa.select(sign_in_attempt.c.at, sign_in_attempt.c.succeeded).where(
            column == value, sign_in_attempt.c.at > now - _ATTEMPT_HORIZON
        )
    ).all()
    return [(r.at, bool(r.succeeded)) for r in rows]


def lock_state(
    engine: sa.Engine, login: str, client: str, now: dt.datetime, rule: LockoutRule = RULE
) -> dt.datetime | None:
    """Until when the account or the client address is locked (the later), or None."""
    with engine.connect() as conn:
        ends = [
            locked_until(_attempts(conn, sign_in_attempt.c.login, login, now), now, rule),
            locked_until(_attempts(conn, sign_in_attempt.c.client, client, now), now, rule),
        ]
    ends = [e for e in ends if e is not None]
    return max(ends) if ends else None


def authenticate(
    engine: sa.Engine,
    login: str,
    password: str,
    client: str,
    now: dt.datetime,
    rule: LockoutRule = RULE,
) -> SignIn:
    """Check a local sign-in and record the attempt (and its access-log row)."""
    login = login.strip()
    until = lock_state(engine, login, client, now, rule)
    if until is not None:
        log.append(engine, now, "sign_in_refused", login=login, client=client, detail="locked")
        return SignIn(Outcome.LOCKED, locked_until=until)
    user = find_user(engine, login=login) if login else None
    stored = None
    if user is not None:
        with engine.connect() as conn:
            stored = conn.execute(
                sa.select(app_user.c.password_hash).where(app_user.c.id == user.id)
            ).scalar_one()
    ok, rehashed = verify_password(stored, password)
    if ok and user is not None and user.disabled:
        log.append(engine, now, "sign_in_refused", login=login, client=client, detail="disabled")
        return SignIn(Outcome.DISABLED)
    with engine.begin() as conn:
        conn.execute(
            sign_in_attempt.insert().values(login=login, client=client, at=now, succeeded=ok)
        )
        if ok and rehashed and user is not None:
            conn.execute(
                app_user.update().where(app_user.c.id == user.id).values(password_hash=rehashed)
            )
    if not ok:
        log.append(engine, now, "sign_in_failed", login=login, client=client)
        until = lock_state(engine, login, client, now, rule)
        if until is not None:
            log.append(engine, now, "lockout", login=login, client=client, detail=until.isoformat())
            return SignIn(Outcome.LOCKED, locked_until=until)
        return SignIn(Outcome.BAD)
    assert user is not None
    if user.must_change_password:
        return SignIn(Outcome.MUST_CHANGE, user)
    return SignIn(Outcome.OK, user)


# -- sessions -----------------------------------------------------------------------------------


def start_session(engine: sa.Engine, user: User, client: str, now: dt.datetime) -> str:
    token = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        conn.execute(
            app_session.insert().values(
                id=token, user_id=user.id, client=client, started_at=now, last_seen_at=now
            )
        )
    log.append(engine, now, "sign_in", login=user.login, role=user.role.value, client=client)
    return token


def touch_session(
    engine: sa.Engine, token: str, now: dt.datetime, idle: dt.timedelta = IDLE_TIMEOUT
) -> User | None:
    """The session's user, its idle clock restarted; None when it ended, timed out (then ended
    as ``idle``) or its account was disabled."""
    with engine.begin() as conn:
        row = conn.execute(
            sa.select(app_session, app_user.c.login, app_user.c.disabled)
            .join(app_user, app_user.c.id == app_session.c.user_id)
            .where(app_session.c.id == token)
        ).first()
        if row is None or row.ended_at is not None:
            return None
        if not row.disabled and now - row.last_seen_at < idle:
            conn.execute(
                app_session.update().where(app_session.c.id == token).values(last_seen_at=now)
            )
            alive = True
        else:
            conn.execute(
                app_session.update()
                .where(app_session.c.id == token)
                .values(ended_at=now, end_reason="admin" if row.disabled else "idle")
            )
            alive = False
    if alive:
        return find_user(engine, login=row.login)
    if not row.disabled:
        log.append(engine, now, "session_idle", login=row.login, client=row.client)
    return None


def end_session(engine: sa.Engine, token: str, now: dt.datetime) -> None:
    with engine.begin() as conn:
        row = conn.execute(
            sa.select(app_session.c.client, app_user.c.login, app_user.c.role)
            .join(app_user, app_user.c.id == app_session.c.user_id)
            .where(app_session.c.id == token, app_session.c.ended_at.is_(None))
        ).first()
        if row is None:
            return
        conn.execute(
            app_session.update()
            .where(app_session.c.id == token)
            .values(ended_at=now, end_reason="sign_out")
        )
    log.append(engine, now, "sign_out", login=row.login, role=row.role, client=row.client)
