"""Where the app database is: ``APP_DB_URL``, else ``[app_db] url`` in the secrets file, else
``data/app.sqlite``."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from data_access.config import PROJECT_ROOT, SECRETS_PATH

APP_DB_ENV = "APP_DB_URL"
DEFAULT_APP_DB_PATH = PROJECT_ROOT / "data" / "app.sqlite"


def _secrets_url(path: Path = SECRETS_PATH) -> str | None:
    if not path.is_file():
        return None
    try:
        secrets = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    section = secrets.get("app_db", {})
    url = section.get("url") if isinstance(section, dict) else None
    return url.strip() if isinstance(url, str) and url.strip() else None


def app_db_url() -> str:
    env = os.environ.get(APP_DB_ENV, "").strip()
    if env:
        return env
    return _secrets_url() or f"sqlite:///{DEFAULT_APP_DB_PATH}"
