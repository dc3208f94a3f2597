"""The demo accounts (the embedded demo registry only) and the sign-in settings."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from auth import accounts
from auth.access import access_on
from auth.accounts import Outcome
from auth.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, ensure_demo_accounts
from auth.roles import Role
from auth.settings import DEFAULTS, SettingsError, auth_settings
from data_access.config import sqlite_url
from data_access.loaders import Registry
from tests.auth.conftest import T0


def test_one_demo_account_per_role_on_the_demo_and_none_elsewhere(
    app_engine: sa.Engine, demo_sqlite: Path, tiny_sqlite: Path, monkeypatch
) -> None:
    monkeypatch.setattr("data_access.config.DEMO_DB_PATH", demo_sqlite)
    demo = Registry.open(sqlite_url(demo_sqlite))
    with demo.connect() as conn:
        users = ensure_demo_accounts(app_engine, sqlite_url(demo_sqlite), conn, T0)
        assert ensure_demo_accounts(app_engine, sqlite_url(demo_sqlite), conn, T0) == users
        day = demo.default_as_of()
        grids = {u.login: access_on(conn, u, day).grids for u in users}
    assert [u.login for u in users] == list(DEMO_ACCOUNTS)
    assert {u.role for u in users} == set(Role)
    assert all(u.demo and not u.must_change_password for u in users)
    # every role but the administrator sees some of the demo's grids, the grid roles fewer
    assert grids["demo-admin"] == frozenset()
    assert len(grids["demo-township"]) == 66 and len(grids["demo-secretary"]) == 14
    assert 0 < len(grids["demo-worker"]) < 14 and 0 < len(grids["demo-leader"]) < 14
    assert all(g.startswith("AH-") for g in grids["demo-leader"] | grids["demo-worker"])
    ok = accounts.authenticate(
        app_engine, "demo-secretary", DEMO_PASSWORD, "c", T0, demo_allowed=True
    )
    assert ok.outcome is Outcome.OK

    # the same app database beside another registry: no demo account, the old ones locked
    tiny = Registry.open(sqlite_url(tiny_sqlite))
    with tiny.connect() as conn:
        assert ensure_demo_accounts(app_engine, sqlite_url(tiny_sqlite), conn, T0) == []
    assert all(u.disabled for u in accounts.list_users(app_engine))
    # … and back on the demo they work again
    with demo.connect() as conn:
        again = ensure_demo_accounts(app_engine, sqlite_url(demo_sqlite), conn, T0)
    assert [u.login for u in again] == list(DEMO_ACCOUNTS) and not any(u.disabled for u in again)


def test_no_demo_account_is_created_beside_another_registry(
    app_engine: sa.Engine, tiny_sqlite: Path
) -> None:
    tiny = Registry.open(sqlite_url(tiny_sqlite))
    with tiny.connect() as conn:
        assert ensure_demo_accounts(app_engine, sqlite_url(tiny_sqlite), conn, T0) == []
    assert accounts.list_users(app_engine) == []


@pytest.fixture
def no_secrets(monkeypatch, tmp_path: Path) -> Path:
    path = tmp_path / "secrets.toml"
    monkeypatch.setattr("data_access.config.SECRETS_PATH", path)
    for name in ("ACCOUNTS_LOCKOUT_FAILURES", "ACCOUNTS_LOCKOUT_WINDOW_MINUTES",
                 "ACCOUNTS_LOCKOUT_MINUTES", "ACCOUNTS_IDLE_MINUTES"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    return path


def test_settings_default_then_secrets_then_environment(no_secrets: Path, monkeypatch) -> None:
    assert auth_settings() == DEFAULTS
    assert DEFAULTS.lockout.failures == 5 and DEFAULTS.idle.total_seconds() == 30 * 60
    no_secrets.write_text("[accounts]\nidle_minutes = 10\nlockout_failures = 3\n")
    settings = auth_settings()
    assert settings.idle.total_seconds() == 600 and settings.lockout.failures == 3
    assert settings.lockout.duration == DEFAULTS.lockout.duration
    monkeypatch.setenv("ACCOUNTS_IDLE_MINUTES", "45")
    monkeypatch.setenv("ACCOUNTS_LOCKOUT_MINUTES", "60")
    settings = auth_settings()
    assert settings.idle.total_seconds() == 45 * 60 and settings.lockout.failures == 3
    assert settings.lockout.duration.total_seconds() == 3600


@pytest.mark.parametrize("value", ["0", "-5", "ten", "1.5", "100001"])
def test_a_bad_setting_is_named(no_secrets: Path, monkeypatch, value: str) -> None:
    monkeypatch.setenv("ACCOUNTS_IDLE_MINUTES", value)
    with pytest.raises(SettingsError, match=f"ACCOUNTS_IDLE_MINUTES must be .*not '{value}'"):
        auth_settings()
