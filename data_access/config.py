"""Where the registry is, and how long a query may take.

The URL: ``REGISTRY_DB_URL``, else ``.streamlit/secrets.toml`` (``[registry] url``), else the demo
file. The limits (``QueryLimits``): ``REGISTRY_STATEMENT_TIMEOUT_S``, ``REGISTRY_LOCK_TIMEOUT_S``,
``REGISTRY_CONNECT_TIMEOUT_S``, else ``[registry] statement_timeout_s``, ``lock_timeout_s``,
``connect_timeout_s`` in the secrets file, else the defaults (30 s, 10 s, 10 s).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from data_access.errors import RegistryError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_DB_PATH = PROJECT_ROOT / "data" / "demo_registry.sqlite"
SECRETS_PATH = PROJECT_ROOT / ".streamlit" / "secrets.toml"
ENV_VAR = "REGISTRY_DB_URL"


def sqlite_url(path: Path | str) -> str:
    """A plain SQLAlchemy URL for a SQLite file (opened read-only by ``open_registry``)."""
    return f"sqlite:///{Path(path).resolve()}"


def _secrets() -> dict[str, Any]:
    if not SECRETS_PATH.is_file():
        return {}
    try:
        return tomllib.loads(SECRETS_PATH.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def secrets_section(name: str) -> dict[str, Any]:
    """One ``[name]`` section of ``.streamlit/secrets.toml`` (empty when absent or unreadable)."""
    section = _secrets().get(name, {})
    return dict(section) if isinstance(section, dict) else {}


def _registry_secrets() -> dict[str, Any]:
    """The ``[registry]`` section, with ``REGISTRY_DB_URL`` as a top-level key taken as its url."""
    section = secrets_section("registry")
    top = _secrets()
    if ENV_VAR in top:  # the environment variable's name as a top-level key
        section.setdefault("url", top[ENV_VAR])
    return section


def configured_url() -> str:
    """The registry URL the dashboard and the commands use when none is given."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return env
    url = _registry_secrets().get("url")
    if isinstance(url, str) and url.strip():
        return url.strip()
    return sqlite_url(DEMO_DB_PATH)


def uses_demo(url: str) -> bool:
    return url == sqlite_url(DEMO_DB_PATH)


@dataclass(frozen=True)
class QueryLimits:
    """How long one registry statement may run, wait for another session's lock, and how long
    opening a connection may take, in seconds; 0 means no limit.

    PostgreSQL: ``statement_timeout``, ``lock_timeout`` and ``connect_timeout`` of every
    session. SQLite: an interrupt once a statement has run ``statement_s``, and the busy timeout
    (``lock_s``) while another process holds the file's lock. The lock timeout is the shorter,
    so a query blocked by a lock says so rather than "too long".
    """

    statement_s: float = 30.0
    lock_s: float = 10.0
    connect_s: float = 10.0


#: field → (environment variable, key in ``[registry]`` of the secrets file)
LIMIT_SETTINGS = {
    "statement_s": ("REGISTRY_STATEMENT_TIMEOUT_S", "statement_timeout_s"),
    "lock_s": ("REGISTRY_LOCK_TIMEOUT_S", "lock_timeout_s"),
    "connect_s": ("REGISTRY_CONNECT_TIMEOUT_S", "connect_timeout_s"),
}


def _seconds(name: str, value: object) -> float:
    try:
        seconds = float(str(value).strip())
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise RegistryError(f"{name} must be a number of seconds (0 = no limit), not {value!r}")
    return seconds


def configured_limits() -> QueryLimits:
    """The query limits: environment variables win over the secrets file, then the defaults."""
    secrets = _registry_secrets()
    values: dict[str, float] = {}
    for field in fields(QueryLimits):
        env_var, key = LIMIT_SETTINGS[field.name]
        env = os.environ.get(env_var, "").strip()
        if env:
            values[field.name] = _seconds(env_var, env)
        elif key in secrets:
            values[field.name] = _seconds(f"[registry] {key}", secrets[key])
    return QueryLimits(**values)


#: ``REGISTRATION_CAMPAIGNS="2026-02-09..2026-03-08;2027-03-01..2027-03-14"``, else
#: ``[campaign] periods = [["2026-02-09", "2026-03-08"]]`` in the secrets file
CAMPAIGN_ENV = "REGISTRATION_CAMPAIGNS"


def _campaign_secrets() -> object:
    return secrets_section("campaign").get("periods", [])


def campaign_periods() -> tuple[list[tuple[dt.date, dt.date]], list[str]]:
    """Registration campaigns set in the configuration: (periods, problems). A malformed period
    is named in ``problems`` and ignored; the others still count."""
    env = os.environ.get(CAMPAIGN_ENV, "").strip()
    raw: list[object] = (
        [p.split("..") for p in env.split(";") if p.strip()] if env else list(_campaign_secrets())
    )
    periods, problems = [], []
    for item in raw:
        try:
            first, last = (dt.date.fromisoformat(str(v).strip()) for v in item)  # type: ignore[union-attr]
        except (TypeError, ValueError):
            problems.append(str(item)[:60])
            continue
        if last < first:
            problems.append(f"{first}..{last}")
            continue
        periods.append((first, last))
    return periods, problems
