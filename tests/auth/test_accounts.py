"""Accounts, sign-in, lockouts and sessions on both app-database engines."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app_db.schema import app_session, app_user
from auth import accounts, log
from auth.accounts import IDLE_TIMEOUT, AccountError, Outcome, PasswordRejected
from auth.roles import Role
from auth.settings import LockoutRule
from tests.auth.conftest import T0

PW = "Aihe-Patrol-2026"
NEW = "New-Password-2026"
S = dt.timedelta(seconds=1)
ADMIN = "cli:root"


def add(engine: sa.Engine, login: str = "leader", **kwargs) -> accounts.User:
    kwargs.setdefault("role", Role.GRID_LEADER)
    kwargs.setdefault("password", PW)
    kwargs.setdefault("grants", [("grid", "AH-01")])
    return accounts.create_user(engine, T0, login, actor=ADMIN, **kwargs)


def sign_in(engine, login="leader", password=PW, client="10.0.0.1", at=T0, **kwargs):
    return accounts.authenticate(engine, login, password, client, at, **kwargs)


def actions(engine: sa.Engine) -> list[str]:
    return [e["action"] for e in reversed(log.entries(engine))]


def test_create_and_find(app_engine: sa.Engine) -> None:
    user = add(app_engine, email="Leader@Example.org", display_name="吴网格长", oidc_subject="s1")
    assert user.role is Role.GRID_LEADER and user.must_change_password
    assert user.grants == (("grid", "AH-01"),)
    assert accounts.find_user(app_engine, email="leader@EXAMPLE.org") == user
    assert accounts.find_user(app_engine, oidc_subject="s1") == user
    assert accounts.find_user(app_engine, login="nobody") is None
    with app_engine.connect() as conn:
        stored = conn.execute(sa.select(app_user.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PW not in stored
    (row,) = log.entries(app_engine)
    assert row["action"] == "admin_user_add" and row["login"] == ADMIN
    assert PW not in str(row)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role": "mayor"}, "unknown role 'mayor'"),
        ({"role": Role.SECRETARY, "grants": [("grid", "AH-01")]}, "takes grants of kind community"),
        ({"password": "short"}, "at least 12 characters"),
        ({"is_chair": True}, "only a committee member"),
    ],
)
def test_bad_accounts_are_refused_with_one_line(app_engine, kwargs, message) -> None:
    with pytest.raises(AccountError, match=message):
        add(app_engine, **kwargs)
    assert accounts.list_users(app_engine) == []
    assert log.entries(app_engine) == []


@pytest.mark.parametrize("login", ["", "two words", "x" * 65, "tab\there"])
def test_bad_logins(app_engine: sa.Engine, login: str) -> None:
    with pytest.raises(AccountError, match="without spaces"):
        add(app_engine, login)


def test_a_committee_chair(app_engine: sa.Engine) -> None:
    chair = add(
        app_engine, "chair", role=Role.COMMITTEE, grants=[("community", "AH")], is_chair=True
    )
    assert chair.is_chair and chair.granted("community") == ("AH",)


def test_duplicate_login(app_engine: sa.Engine) -> None:
    add(app_engine)
    with pytest.raises(AccountError, match="exists already"):
        add(app_engine)


def test_first_sign_in_must_change_the_password(app_engine: sa.Engine) -> None:
    add(app_engine)
    first = sign_in(app_engine)
    assert first.outcome is Outcome.MUST_CHANGE and first.user.login == "leader"
    with pytest.raises(AccountError, match="current password is not right"):
        accounts.change_password(app_engine, T0, "leader", "wrong", NEW, "10.0.0.1")
    with pytest.raises(PasswordRejected) as weak:
        accounts.change_password(app_engine, T0, "leader", PW, "leader-2026-AB", "10.0.0.1")
    assert weak.value.codes == ["contains_login"]
    assert weak.value.message("zh") == "密码不得包含用户名"
    with pytest.raises(PasswordRejected, match="differ from the current"):
        accounts.change_password(app_engine, T0, "leader", PW, PW, "10.0.0.1")
    accounts.change_password(app_engine, T0, "leader", PW, NEW, "10.0.0.1")
    assert sign_in(app_engine, password=PW).outcome is Outcome.BAD
    done = sign_in(app_engine, password=NEW)
    assert done.outcome is Outcome.OK and not done.user.must_change_password
    # an administrator's reset asks for a change again
    accounts.reset_password(app_engine, T0, "leader", PW, actor=ADMIN)
    assert sign_in(app_engine).outcome is Outcome.MUST_CHANGE
    assert actions(app_engine) == [
        "admin_user_add",
        "password_changed",
        "sign_in_failed",
        "admin_password_reset",
    ]


def test_unknown_login_and_wrong_password_get_the_same_answer(app_engine: sa.Engine) -> None:
    add(app_engine)
    unknown = sign_in(app_engine, "nobody")
    wrong = sign_in(app_engine, password="Wrong-Password-1")
    assert unknown == wrong == accounts.SignIn(Outcome.BAD)
    assert actions(app_engine)[1:] == ["sign_in_failed", "sign_in_failed"]


def test_five_failures_lock_the_account_then_it_opens_again(app_engine: sa.Engine) -> None:
    add(app_engine, must_change_password=False)
    for i in range(4):
        assert sign_in(
            app_engine, password="wrong", client=f"10.0.0.{i}", at=T0 + i * S
        ).outcome is (Outcome.BAD)
    fifth = sign_in(app_engine, password="wrong", client="10.0.0.9", at=T0 + 4 * S)
    assert fifth.outcome is Outcome.LOCKED and fifth.locked_until == T0 + 4 * S + 15 * 60 * S
    # the right password does not get in while locked, from any address, up to the last second
    last_second = fifth.locked_until - S
    assert sign_in(app_engine, client="10.9.9.9", at=last_second).outcome is Outcome.LOCKED
    after = sign_in(app_engine, client="10.9.9.9", at=fifth.locked_until)
    assert after.outcome is Outcome.OK
    assert actions(app_engine).count("lockout") == 1
    assert actions(app_engine).count("sign_in_refused") == 1


def test_the_rule_can_be_changed(app_engine: sa.Engine) -> None:
    add(app_engine, must_change_password=False)
    rule = LockoutRule(failures=2, window=dt.timedelta(minutes=1), duration=dt.timedelta(hours=1))
    sign_in(app_engine, password="wrong", rule=rule)
    second = sign_in(app_engine, password="wrong", at=T0 + S, rule=rule)
    assert second.outcome is Outcome.LOCKED and second.locked_until == T0 + S + dt.timedelta(
        hours=1
    )
    assert sign_in(app_engine, at=T0 + 59 * 60 * S, rule=rule).outcome is Outcome.LOCKED


def test_one_address_trying_many_accounts_is_locked(app_engine: sa.Engine) -> None:
    add(app_engine, must_change_password=False)
    for i in range(5):
        sign_in(app_engine, f"guess{i}", "wrong", "10.6.6.6", T0 + i * S)
    assert sign_in(app_engine, client="10.6.6.6", at=T0 + 9 * S).outcome is Outcome.LOCKED
    assert sign_in(app_engine, client="10.1.1.1", at=T0 + 9 * S).outcome is Outcome.OK


def test_admin_lock_and_unlock(app_engine: sa.Engine) -> None:
    user = add(app_engine, must_change_password=False)
    token = accounts.start_session(app_engine, user, "10.0.0.1", T0)
    accounts.set_disabled(app_engine, T0, "leader", True, actor=ADMIN)
    assert accounts.touch_session(app_engine, token, T0 + S) is None  # his session ended
    assert sign_in(app_engine, client="c").outcome is Outcome.DISABLED
    # a wrong password on a disabled account says no more than on any other
    assert sign_in(app_engine, password="wrong", client="c").outcome is Outcome.BAD
    accounts.set_disabled(app_engine, T0, "leader", False, actor=ADMIN)
    assert sign_in(app_engine, client="c").outcome is Outcome.OK
    with pytest.raises(AccountError, match="no user with login 'ghost'"):
        accounts.set_disabled(app_engine, T0, "ghost", True, actor=ADMIN)


def test_unlock_lifts_a_lockout(app_engine: sa.Engine) -> None:
    add(app_engine, must_change_password=False)
    for i in range(5):
        sign_in(app_engine, password="wrong", client=f"10.0.0.{i}", at=T0 + i * S)
    assert sign_in(app_engine, client="10.0.1.1", at=T0 + 9 * S).outcome is Outcome.LOCKED
    accounts.set_disabled(app_engine, T0 + 10 * S, "leader", False, actor=ADMIN)
    assert sign_in(app_engine, client="10.0.1.1", at=T0 + 11 * S).outcome is Outcome.OK


def test_a_demo_account_signs_in_on_the_demo_only(app_engine: sa.Engine) -> None:
    add(app_engine, "demo-x", demo=True, must_change_password=False)
    assert sign_in(app_engine, "demo-x", demo_allowed=True).outcome is Outcome.OK
    assert sign_in(app_engine, "demo-x").outcome is Outcome.BAD


def test_idle_timeout_and_sign_out(app_engine: sa.Engine) -> None:
    user = add(app_engine, must_change_password=False)
    token = accounts.start_session(app_engine, user, "10.0.0.1", T0)
    assert accounts.touch_session(app_engine, token, T0 + IDLE_TIMEOUT - S) == user
    # idle is measured from the last request
    last = T0 + IDLE_TIMEOUT - S
    assert accounts.touch_session(app_engine, token, last + IDLE_TIMEOUT - S) == user
    last = last + IDLE_TIMEOUT - S
    assert accounts.touch_session(app_engine, token, last + IDLE_TIMEOUT) is None
    assert accounts.touch_session(app_engine, token, last + 2 * IDLE_TIMEOUT) is None
    other = accounts.start_session(app_engine, user, "10.0.0.1", T0)
    accounts.end_session(app_engine, other, T0 + S)
    accounts.end_session(app_engine, other, T0 + 2 * S)  # once only
    assert accounts.touch_session(app_engine, other, T0 + 2 * S) is None
    assert accounts.touch_session(app_engine, "forged-token", T0) is None
    assert actions(app_engine).count("session_idle") == 1
    assert actions(app_engine).count("sign_out") == 1


def test_the_idle_clock_is_written_at_most_every_30_seconds(app_engine: sa.Engine) -> None:
    user = add(app_engine, must_change_password=False)
    token = accounts.start_session(app_engine, user, "10.0.0.1", T0)

    def last_seen() -> dt.datetime:
        with app_engine.connect() as conn:
            return conn.execute(sa.select(app_session.c.last_seen_at)).scalar_one()

    assert accounts.touch_session(app_engine, token, T0 + 29 * S) == user
    assert last_seen() == T0  # not written
    assert accounts.touch_session(app_engine, token, T0 + 30 * S) == user
    assert last_seen() == T0 + 30 * S
    # so a session idles out at most 30 seconds early, never late
    assert accounts.touch_session(app_engine, token, T0 + 59 * S) == user
    assert accounts.touch_session(app_engine, token, T0 + 30 * S + IDLE_TIMEOUT) is None


def test_a_shorter_idle_timeout(app_engine: sa.Engine) -> None:
    user = add(app_engine, must_change_password=False)
    token = accounts.start_session(app_engine, user, "10.0.0.1", T0)
    five = dt.timedelta(minutes=5)
    assert accounts.touch_session(app_engine, token, T0 + five - S, idle=five) == user
    assert accounts.touch_session(app_engine, token, T0 + 2 * five, idle=five) is None


def test_sessions_are_stored_by_the_hash_of_their_token(app_engine: sa.Engine) -> None:
    user = add(app_engine, must_change_password=False)
    token = accounts.start_session(app_engine, user, "10.0.0.1", T0, method="oidc")
    with app_engine.connect() as conn:
        (stored,) = conn.execute(sa.select(app_session.c.id)).scalars()
    assert stored != token and token not in stored and len(stored) == 64
    assert log.entries(app_engine)[0]["detail"] == '{"method": "oidc"}'


def test_a_providers_sign_in_starts_one_session_only(app_engine: sa.Engine) -> None:
    """Streamlit keeps the provider's sign-in 30 days in its identity cookie: once the session
    it started has ended (idle, signed out), the same sign-in may not start another."""
    user = add(app_engine, must_change_password=False)
    claims = {"iss": "https://idp.example", "sub": "wang", "iat": 1_764_727_200, "nonce": "n1"}
    key = accounts.sso_sign_in_key(claims)
    first = accounts.start_session(app_engine, user, "10.0.0.1", T0, method="oidc", sso_sign_in=key)
    accounts.end_session(app_engine, first, T0 + S)
    with pytest.raises(accounts.SignInUsed):
        accounts.start_session(
            app_engine, user, "10.0.0.1", T0 + 2 * S, method="oidc", sso_sign_in=key
        )
    # a new sign-in at the provider (a new issue time and nonce) starts a new session
    again = accounts.sso_sign_in_key({**claims, "iat": claims["iat"] + 60, "nonce": "n2"})
    assert accounts.start_session(
        app_engine, user, "10.0.0.1", T0, method="oidc", sso_sign_in=again
    )
    # the sign-in is stored as a hash only
    with app_engine.connect() as conn:
        stored = set(conn.execute(sa.select(app_session.c.sso_sign_in_hash)).scalars())
    assert key not in stored and len(stored - {None}) == 2
    # password sessions carry none, as many as wanted
    accounts.start_session(app_engine, user, "10.0.0.1", T0)
    accounts.start_session(app_engine, user, "10.0.0.1", T0)
