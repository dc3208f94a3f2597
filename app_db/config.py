"""Where the app database is: ``APP_DB_URL``, else ``[app_db] url`` in the secrets file, else
``data/app.sqlite``."""

from __future__ import annotations

import os

from data_access.config import PROJECT_ROOT, secrets_section

APP_DB_ENV = "APP_DB_URL"
DEFAULT_APP_DB_PATH = PROJECT_ROOT / "data" / "app.sqlite"


def app_db_url() -> str:
    env = os.environ.get(APP_DB_ENV, "").strip()
    if env:
        return env
    url = secrets_section("app_db").get("url")
    if isinstance(url, str) and url.strip():
        return url.strip()
    return f"sqlite:///{DEFAULT_APP_DB_PATH}"
