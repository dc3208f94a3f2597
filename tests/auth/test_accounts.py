"""Accounts, sign-in, lockouts and sessions on both app-database engines."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app_db.schema import app_user
from auth import accounts, log
from auth.accounts import IDLE_TIMEOUT, AccountError, Outcome
from auth.roles import Role
from tests.auth.conftest import T0

PW = "Aihe-Patrol-2026"
S = dt.timedelta(seconds=1)


def add(engine: sa.Engine, login: str = "leader", **kwargs) -> accounts.User:
    kwargs.setdefault("role", Role.GRID_LEADER)
    kwargs.setdefault("password", PW)
    kwargs.setdefault("grants", [("grid", "AH-01")])
    return accounts.create_user(engine, T0, login, **kwargs)


def test_create_and_find(app_engine: sa.Engine) -> None:
    user = add(app_engine, email="Leader@Example.org", display_name="吴网格长")
    assert user.role is Role.GRID_LEADER and user.must_change_password
    assert user.grants == (("grid", "AH-01"),)
    assert accounts.find_user(app_engine, email="leader@example.org") == user
    assert accounts.find_user(app_engine, login="nobody") is None
    with app_engine.connect() as conn:
        stored = conn.execute(sa.select(app_user.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PW not in stored


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


def test_duplicate_login(app_engine: sa.Engine) -> None:
    add(app_engine)
    with pytest.raises(AccountError, match="exists already"):
        add(app_engine)


def test_sign_in_outcomes(app_engine: sa.Engine) -> None:
    add(app_engine)
    # unknown login and wrong password get the same answer
    assert accounts.authenticate(app_engine, "nobody", PW, "10.0.0.1", T0).outcome is Outcome.BAD
    assert accounts.authenticate(app_engine, "leader", "x", "10.0.0.1", T0).outcome is Outcome.BAD
    first = accounts.authenticate(app_engine, "leader", PW, "10.0.0.1", T0)
    assert first.outcome is Outcome.MUST_CHANGE
    accounts.set_password(app_engine, T0, "leader", "New-Password-2026", by_admin=False)
    done = accounts.authenticate(app_engine, "leader", "New-Password-2026", "10.0.0.1", T0)
    assert done.outcome is Outcome.OK and not done.user.must_change_password
    with pytest.raises(AccountError, match="differ from the current"):
        accounts.set_password(app_engine, T0, "leader", "New-Password-2026", by_admin=False)
    actions = [e["action"] for e in log.entries(app_engine)]
    assert actions.count("sign_in_failed") == 2 and actions.count("password_changed") == 1


def test_five_failures_lock_the_account_then_it_opens_again(app_engine: sa.Engine) -> None:
    add(app_engine, must_change_password=False)
    for i in range(4):
        r = accounts.authenticate(app_engine, "leader", "wrong", f"10.0.0.{i}", T0 + i * S)
        assert r.outcome is Outcome.BAD
    fifth = accounts.authenticate(app_engine, "leader", "wrong", "10.0.0.9", T0 + 4 * S)
    assert fifth.outcome is Outcome.LOCKED and fifth.locked_until == T0 + 4 * S + 15 * 60 * S
    # the right password does not get in while locked, from any address
    during = accounts.authenticate(app_engine, "leader", PW, "10.9.9.9", T0 + 60 * S)
    assert during.outcome is Outcome.LOCKED
    after = accounts.authenticate(app_engine, "leader", PW, "10.9.9.9", fifth.locked_until)
    assert after.outcome is Outcome.OK
    assert "lockout" in [e["action"] for e in log.entries(app_engine)]


def test_one_address_trying_many_accounts_is_locked(app_engine: sa.Engine) -> None:
    add(app_engine, must_change_password=False)
    for i in range(5):
        accounts.authenticate(app_engine, f"guess{i}", "wrong", "10.6.6.6", T0 + i * S)
    at = T0 + 9 * S
    assert accounts.authenticate(app_engine, "leader", PW, "10.6.6.6", at).outcome is Outcome.LOCKED
    assert accounts.authenticate(app_engine, "leader", PW, "10.1.1.1", at).outcome is Outcome.OK


def test_admin_lock_and_unlock(app_engine: sa.Engine) -> None:
    user = add(app_engine, must_change_password=False)
    token = accounts.start_session(app_engine, user, "10.0.0.1", T0)
    accounts.set_disabled(app_engine, T0, "leader", True)
    assert accounts.touch_session(app_engine, token, T0 + S) is None  # his session ended
    assert accounts.authenticate(app_engine, "leader", PW, "c", T0).outcome is Outcome.DISABLED
    accounts.set_disabled(app_engine, T0, "leader", False)
    assert accounts.authenticate(app_engine, "leader", PW, "c", T0).outcome is Outcome.OK
    with pytest.raises(AccountError, match="no user with login 'ghost'"):
        accounts.set_disabled(app_engine, T0, "ghost", True)


def test_idle_timeout_and_sign_out(app_engine: sa.Engine) -> None:
    user = add(app_engine, must_change_password=False)
    token = accounts.start_session(app_engine, user, "10.0.0.1", T0)
    last = T0 + IDLE_TIMEOUT - S
    assert accounts.touch_session(app_engine, token, last) == user
    # idle is measured from the last request
    assert accounts.touch_session(app_engine, token, last + IDLE_TIMEOUT - S) == user
    last = last + IDLE_TIMEOUT - S
    assert accounts.touch_session(app_engine, token, last + IDLE_TIMEOUT) is None
    assert accounts.touch_session(app_engine, token, last + IDLE_TIMEOUT) is None
    other = accounts.start_session(app_engine, user, "10.0.0.1", T0)
    accounts.end_session(app_engine, other, T0 + S)
    assert accounts.touch_session(app_engine, other, T0 + 2 * S) is None
    assert accounts.touch_session(app_engine, "forged-token", T0) is None
    actions = [e["action"] for e in log.entries(app_engine)]
    assert actions.count("session_idle") == 1 and actions.count("sign_out") == 1
