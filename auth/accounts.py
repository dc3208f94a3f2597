"""Accounts, sign-in and sessions on the app database.

Every change goes through these functions, each in its own transaction, and each writes its
access-log row itself (``actor``: who did it — ``cli:<os user>`` for the admin command, the
administrator's login in the dashboard), so no caller can forget one. Every function takes the
moment ``now`` (naive UTC) so tests need no clock. Passwords are never logged or returned.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa

from app_db.schema import app_session, app_user, sign_in_attempt, user_grant
from auth import log
from auth.lockout import RULE, LockoutRule, horizon, locked_until
from auth.passwords import (
    hash_password,
    policy_message,
    policy_problems,
    verify_password,
    waste_time_like_a_verify,
)
from auth.roles import GRANT_KINDS, Role, parse_role
from auth.settings import DEFAULTS

#: a session ends after this long without a request (``auth.settings`` may change it)
IDLE_TIMEOUT = DEFAULTS.idle
MAX_LOGIN = 64


class AccountError(ValueError):
    """Bad input for an account (unknown user, bad role or grant, weak password): one line."""


class PasswordRejected(AccountError):
    """A new password the policy refuses; ``codes`` for the UI to say why in its language."""

    def __init__(self, codes: list[str]) -> None:
        self.codes = codes
        super().__init__(policy_message(codes, "en"))

    def message(self, lang: str) -> str:
        return policy_message(self.codes, lang)


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
    #: one of the demo's accounts (``auth.demo``): usable on the demo registry only
    demo: bool = False
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
        demo=bool(row.demo),
        grants=tuple((g.kind, g.code) for g in grants),
    )


def find_user(
    engine: sa.Engine,
    *,
    login: str | None = None,
    email: str | None = None,
    oidc_subject: str | None = None,
) -> User | None:
    """The account by exactly one of login, e-mail (any case) or OIDC subject; None if none."""
    given = [
        (column, value)
        for column, value in (
            (app_user.c.login, login),
            (app_user.c.email, email.strip().lower() if email else None),
            (app_user.c.oidc_subject, oidc_subject),
        )
        if value is not None
    ]
    if len(given) != 1:
        raise TypeError("find_user takes exactly one of login, email, oidc_subject")
    ((column, value),) = given
    with engine.connect() as conn:
        return _user(conn, conn.execute(sa.select(app_user).where(column == value)).first())


def list_users(engine: sa.Engine) -> list[User]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(app_user).order_by(app_user.c.login)).all()
        return [u for r in rows if (u := _user(conn, r)) is not None]


def check_password(password: str, login: str) -> None:
    """Raise ``PasswordRejected`` naming every rule ``password`` breaks."""
    problems = policy_problems(password, login)
    if problems:
        raise PasswordRejected(problems)


def check_login(login: str) -> str:
    login = login.strip()
    if not login or len(login) > MAX_LOGIN or not login.isprintable() or " " in login:
        raise AccountError(f"login {login!r} must be 1–{MAX_LOGIN} characters without spaces")
    return login


def check_grants(role: Role, grants: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The grants without blanks and repeats; a kind the role does not take is refused."""
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
    actor: str,
    display_name: str | None = None,
    email: str | None = None,
    oidc_subject: str | None = None,
    password: str | None = None,
    must_change_password: bool = True,
    is_chair: bool = False,
    worker_id: int | None = None,
    grants: Iterable[tuple[str, str]] = (),
    demo: bool = False,
) -> User:
    """A new account. With a password set by someone else (``must_change_password``) the user
    must choose his own at the first sign-in; without one he can only sign in by single sign-on."""
    login = check_login(login)
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
                    demo=demo,
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
        raise AccountError(
            f"a user with login {login!r} (or that e-mail or subject) exists already"
        ) from None
    user = find_user(engine, login=login)
    assert user is not None
    detail = {"user": login, "role": role.value, "grants": grants}
    if worker_id is not None:
        detail["worker_id"] = worker_id
    log.append(engine, now, "admin_user_add", login=actor, communities=user.granted("community"),
               detail=detail)  # fmt: skip
    return user


def add_grants(
    engine: sa.Engine,
    now: dt.datetime,
    login: str,
    grants: Iterable[tuple[str, str]],
    *,
    actor: str,
) -> User:
    """More grants for an account (those it has already are kept once); logged."""
    user = _require(engine, login)
    new = [g for g in check_grants(user.role, grants) if g not in set(user.grants)]
    if new:
        with engine.begin() as conn:
            conn.execute(
                user_grant.insert(), [{"user_id": user.id, "kind": k, "code": c} for k, c in new]
            )
        log.append(engine, now, "admin_grant_add", login=actor,
                   communities=[c for k, c in new if k == "community"],
                   detail={"user": login, "grants": new})  # fmt: skip
    updated = find_user(engine, login=login)
    assert updated is not None
    return updated


def _require(engine: sa.Engine, login: str) -> User:
    user = find_user(engine, login=login)
    if user is None:
        raise AccountError(f"no user with login {login!r}")
    return user


def _stored_hash(conn: sa.Connection, user_id: int) -> str | None:
    return conn.execute(
        sa.select(app_user.c.password_hash).where(app_user.c.id == user_id)
    ).scalar_one()


def _store_password(
    conn: sa.Connection, user_id: int, password: str, now: dt.datetime, *, must_change: bool
) -> None:
    conn.execute(
        app_user.update()
        .where(app_user.c.id == user_id)
        .values(
            password_hash=hash_password(password),
            must_change_password=must_change,
            password_changed_at=now,
            updated_at=now,
        )
    )


def reset_password(
    engine: sa.Engine, now: dt.datetime, login: str, password: str, *, actor: str
) -> None:
    """The administrator sets a password; the user must change it at the next sign-in."""
    user = _require(engine, login)
    check_password(password, user.login)
    with engine.begin() as conn:
        _store_password(conn, user.id, password, now, must_change=True)
    log.append(engine, now, "admin_password_reset", login=actor, detail={"user": user.login},
               communities=user.granted("community"))  # fmt: skip


def change_password(
    engine: sa.Engine, now: dt.datetime, login: str, current: str, new: str, client: str
) -> None:
    """The user changes his own password, giving the current one (also on a first sign-in)."""
    user = _require(engine, login)
    with engine.connect() as conn:
        stored = _stored_hash(conn, user.id)
    if not verify_password(stored, current)[0]:
        raise AccountError("the current password is not right")
    check_password(new, user.login)
    if new == current:
        raise PasswordRejected(["reused"])
    with engine.begin() as conn:
        _store_password(conn, user.id, new, now, must_change=False)
    log.append(
        engine, now, "password_changed", login=user.login, role=user.role.value, client=client
    )


def set_disabled(
    engine: sa.Engine, now: dt.datetime, login: str, disabled: bool, *, actor: str
) -> None:
    """Lock (disable) an account, ending its sessions, or unlock it, clearing its failed
    attempts (an administrator's unlock also lifts a lockout)."""
    user = _require(engine, login)
    with engine.begin() as conn:
        conn.execute(
            app_user.update()
            .where(app_user.c.id == user.id)
            .values(disabled=disabled, updated_at=now)
        )
        if not disabled:
            conn.execute(
                sign_in_attempt.delete().where(
                    sign_in_attempt.c.login == user.login, sign_in_attempt.c.succeeded.is_(False)
                )
            )
        else:
            conn.execute(
                app_session.update()
                .where(app_session.c.user_id == user.id, app_session.c.ended_at.is_(None))
                .values(ended_at=now, end_reason="admin")
            )
    action = "admin_lock" if disabled else "admin_unlock"
    log.append(engine, now, action, login=actor, detail={"user": user.login},
               communities=user.granted("community"))  # fmt: skip


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


def _attempts(
    conn: sa.Connection, column: sa.Column, value: str, now: dt.datetime, rule: LockoutRule
) -> list[tuple[dt.datetime, bool]]:
    rows = conn.execute(
        sa.select(sign_in_attempt.c.at, sign_in_attempt.c.succeeded).where(
            column == value, sign_in_attempt.c.at > now - horizon(rule)
        )
    ).all()
    return [(r.at, bool(r.succeeded)) for r in rows]


def lock_state(
    engine: sa.Engine, login: str, client: str, now: dt.datetime, rule: LockoutRule = RULE
) -> dt.datetime | None:
    """Until when the account or the client address is locked (the later), or None."""
    with engine.connect() as conn:
        ends = [
            locked_until(_attempts(conn, sign_in_attempt.c.login, login, now, rule), now, rule),
            locked_until(_attempts(conn, sign_in_attempt.c.client, client, now, rule), now, rule),
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
    *,
    demo_allowed: bool = False,
) -> SignIn:
    """Check a local sign-in, record the attempt and write its access-log row. An unknown
    login costs the same time as a wrong password and gets the same answer. A demo account
    signs in only where ``demo_allowed`` (the demo registry)."""
    login = login.strip()[:MAX_LOGIN]
    until = lock_state(engine, login, client, now, rule)
    if until is not None:
        log.append(engine, now, "sign_in_refused", login=login, client=client, detail="locked")
        return SignIn(Outcome.LOCKED, locked_until=until)
    user = find_user(engine, login=login) if login else None
    if user is not None and user.demo and not demo_allowed:
        user = None  # demo accounts do not exist beside real data
    if user is None:
        waste_time_like_a_verify(password)
        ok, rehashed = False, None
    else:
        with engine.connect() as conn:
            ok, rehashed = verify_password(_stored_hash(conn, user.id), password)
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
    if not ok or user is None:
        log.append(engine, now, "sign_in_failed", login=login, client=client)
        until = lock_state(engine, login, client, now, rule)
        if until is not None:
            log.append(engine, now, "lockout", login=login, client=client, detail=until.isoformat())
            return SignIn(Outcome.LOCKED, locked_until=until)
        return SignIn(Outcome.BAD)
    if user.must_change_password:
        return SignIn(Outcome.MUST_CHANGE, user)
    return SignIn(Outcome.OK, user)


# -- sessions -----------------------------------------------------------------------------------


def _token_id(token: str) -> str:
    """Sessions are stored by the SHA-256 of their token: reading the app database does not give
    anyone a session to ride."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def start_session(
    engine: sa.Engine,
    user: User,
    client: str,
    now: dt.datetime,
    *,
    method: str = "password",
    communities: Sequence[str] = (),
    sso_sign_in: str | None = None,
) -> str:
    """A new session for a signed-in user (``method``: password | oidc); returns its token,
    which only the user's browser session keeps. ``communities``: those of his access (the
    sign-in row shows in their secretaries' log), else those granted to him. ``sso_sign_in``:
    the provider's sign-in that started it (``sso_sign_in_key``), which starts one session only
    (``SignInUsed`` when it already started one)."""
    token = secrets.token_urlsafe(32)
    try:
        with engine.begin() as conn:
            conn.execute(
                app_session.insert().values(
                    id=_token_id(token),
                    user_id=user.id,
                    client=client,
                    started_at=now,
                    last_seen_at=now,
                    sso_sign_in_hash=None if sso_sign_in is None else _token_id(sso_sign_in),
                )
            )
    except sa.exc.IntegrityError:
        if sso_sign_in is None:
            raise
        raise SignInUsed from None  # the unique index: this sign-in has had its session
    log.append(
        engine, now, "sign_in", login=user.login, role=user.role.value, client=client,
        communities=communities or user.granted("community"), detail={"method": method},
    )  # fmt: skip
    return token


class SignInUsed(Exception):
    """A sign-in at the identity provider that has already started a dashboard session."""


def sso_sign_in_key(claims: dict[str, object]) -> str:
    """What identifies one sign-in at the provider: its ID token's issuer, subject, issue time
    and nonce (stored only as its SHA-256, ``start_session``)."""
    parts = [str(claims.get(name, "")) for name in ("iss", "sub", "iat", "nonce")]
    return "|".join(parts)


#: the idle clock's step: a session's last request is written at most this often
TOUCH_EVERY = dt.timedelta(seconds=30)
#: how long a sign-in's one-time ticket may be exchanged for the session's cookie
TICKET_VALIDITY = dt.timedelta(minutes=1)


def _which(value: str, cookie: bool) -> sa.ColumnElement[bool]:
    """The session a browser holds: by its token (kept in the page's session) or by its cookie
    (kept by the browser across reloads); both are stored as their SHA-256 only."""
    if cookie:
        return app_session.c.cookie_hash == _token_id(value)
    return app_session.c.id == _token_id(value)


def issue_ticket(engine: sa.Engine, token: str, now: dt.datetime) -> str:
    """A one-time ticket for the session of ``token``, valid for ``TICKET_VALIDITY``: the
    browser exchanges it once for the session's cookie (``redeem_ticket``)."""
    ticket = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        conn.execute(
            app_session.update()
            .where(_which(token, cookie=False), app_session.c.ended_at.is_(None))
            .values(ticket_hash=_token_id(ticket), ticket_until=now + TICKET_VALIDITY)
        )
    return ticket


def redeem_ticket(engine: sa.Engine, ticket: str, now: dt.datetime) -> str | None:
    """The session's new cookie for a valid ticket (which is then spent), else None. The cookie
    is a fresh random value, not the ticket: the ticket passed through a URL."""
    if not ticket or len(ticket) > 128:
        return None
    cookie = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        done = conn.execute(
            app_session.update()
            .where(
                app_session.c.ticket_hash == _token_id(ticket),
                app_session.c.ticket_until > now,
                app_session.c.ended_at.is_(None),
            )
            .values(ticket_hash=None, ticket_until=None, cookie_hash=_token_id(cookie))
        )
    return cookie if done.rowcount == 1 else None


def touch_session(
    engine: sa.Engine,
    token: str,
    now: dt.datetime,
    idle: dt.timedelta = IDLE_TIMEOUT,
    *,
    cookie: bool = False,
) -> User | None:
    """The session's user, its idle clock restarted; None when it ended, timed out (then ended
    as ``idle``) or its account was disabled. ``cookie``: ``token`` is the session's cookie."""
    which = _which(token, cookie)
    with engine.begin() as conn:
        row = conn.execute(
            sa.select(app_session, app_user.c.login, app_user.c.role, app_user.c.disabled)
            .join(app_user, app_user.c.id == app_session.c.user_id)
            .where(which)
        ).first()
        if row is None or row.ended_at is not None:
            return None
        if not row.disabled and now - row.last_seen_at < idle:
            # every page run touches the session: written at most every TOUCH_EVERY, so a busy
            # page does not queue writers on the app database (the idle clock is that coarse)
            if now - row.last_seen_at >= TOUCH_EVERY:
                conn.execute(
                    app_session.update()
                    .where(app_session.c.id == row.id)
                    .values(last_seen_at=max(now, row.last_seen_at))
                )
            return find_user(engine, login=row.login)
        conn.execute(
            app_session.update()
            .where(app_session.c.id == row.id)
            .values(ended_at=now, end_reason="admin" if row.disabled else "idle")
        )
    if not row.disabled:
        log.append(engine, now, "session_idle", login=row.login, role=row.role, client=row.client)
    return None


def end_session(engine: sa.Engine, token: str, now: dt.datetime, *, cookie: bool = False) -> None:
    """Sign out: the session ends now (a session already ended stays as it was)."""
    with engine.begin() as conn:
        row = conn.execute(
            sa.select(app_session.c.id, app_session.c.client, app_user.c.login, app_user.c.role)
            .join(app_user, app_user.c.id == app_session.c.user_id)
            .where(_which(token, cookie), app_session.c.ended_at.is_(None))
        ).first()
        if row is None:
            return
        conn.execute(
            app_session.update()
            .where(app_session.c.id == row.id)
            .values(ended_at=now, end_reason="sign_out")
        )
    log.append(engine, now, "sign_out", login=row.login, role=row.role, client=row.client)
