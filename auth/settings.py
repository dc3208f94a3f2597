"""The sign-in rules' numbers, in one place: lockout after 5 failed attempts within 15 minutes,
for 15 minutes (per account and per client address), and a 30-minute session idle timeout.

Each may be changed by an environment variable or a key of ``[accounts]`` in
``.streamlit/secrets.toml`` (the environment wins); a value that is not a positive whole number
is refused with a message naming it.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from data_access.config import secrets_section


@dataclass(frozen=True)
class LockoutRule:
    #: this many failed sign-ins …
    failures: int = 5
    #: … each within this long of the last …
    window: dt.timedelta = dt.timedelta(minutes=15)
    #: … lock the account (or the client address) for this long after the last of them
    duration: dt.timedelta = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class AuthSettings:
    lockout: LockoutRule = field(default_factory=LockoutRule)
    #: a session ends after this long without a request
    idle: dt.timedelta = dt.timedelta(minutes=30)


DEFAULTS = AuthSettings()

#: setting → (environment variable, key under ``[accounts]`` in the secrets file)
SETTINGS = {
    "failures": ("ACCOUNTS_LOCKOUT_FAILURES", "lockout_failures"),
    "window_minutes": ("ACCOUNTS_LOCKOUT_WINDOW_MINUTES", "lockout_window_minutes"),
    "duration_minutes": ("ACCOUNTS_LOCKOUT_MINUTES", "lockout_minutes"),
    "idle_minutes": ("ACCOUNTS_IDLE_MINUTES", "idle_minutes"),
}


class SettingsError(ValueError):
    """A setting that is not a positive whole number: one line naming it."""


def _whole(name: str, value: object) -> int:
    text = str(value).strip()
    if not text.isdigit() or int(text) < 1 or int(text) > 100_000:
        raise SettingsError(f"{name} must be a whole number from 1 to 100000, not {value!r}")
    return int(text)


def auth_settings() -> AuthSettings:
    """The settings in force: environment, then ``[accounts]`` in the secrets file, then the
    defaults."""
    secrets = secrets_section("accounts")
    values: dict[str, int] = {}
    for name, (env_var, key) in SETTINGS.items():
        env = os.environ.get(env_var, "").strip()
        if env:
            values[name] = _whole(env_var, env)
        elif key in secrets:
            values[name] = _whole(f"[accounts] {key}", secrets[key])
    lockout = DEFAULTS.lockout
    minutes = dt.timedelta(minutes=1)
    return AuthSettings(
        lockout=LockoutRule(
            failures=values.get("failures", lockout.failures),
            window=values["window_minutes"] * minutes
            if "window_minutes" in values
            else lockout.window,
            duration=values["duration_minutes"] * minutes
            if "duration_minutes" in values
            else lockout.duration,
        ),
        idle=values["idle_minutes"] * minutes if "idle_minutes" in values else DEFAULTS.idle,
    )
