"""Where the registry is: ``REGISTRY_DB_URL``, else ``.streamlit/secrets.toml``, else the demo file."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_DB_PATH = PROJECT_ROOT / "data" / "demo_registry.sqlite"
SECRETS_PATH = PROJECT_ROOT / ".streamlit" / "secrets.toml"
ENV_VAR = "REGISTRY_DB_URL"


def sqlite_url(path: Path | str) -> str:
    """A plain SQLAlchemy URL for a SQLite file (opened read-only by ``open_registry``)."""
    return f"sqlite:///{Path(path).resolve()}"


def configured_url() -> str:
    """The registry URL the dashboard and the commands use when none is given."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return env
    if SECRETS_PATH.is_file():
        try:
            secrets = tomllib.loads(SECRETS_PATH.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            secrets = {}
        url = secrets.get("registry", {}).get("url") or secrets.get(ENV_VAR)
        if isinstance(url, str) and url.strip():
            return url.strip()
    return sqlite_url(DEMO_DB_PATH)


def uses_demo(url: str) -> bool:
    return url == sqlite_url(DEMO_DB_PATH)
