"""The dashboard's own database: accounts, grants, sign-in attempts, sessions and the access log.

Never the registry (which the dashboard only reads). A SQLite file by default
(``data/app.sqlite``, created on first use) or any SQLAlchemy URL in ``APP_DB_URL`` /
``[app_db] url`` of ``.streamlit/secrets.toml``. Its schema is versioned by the Alembic
migrations in ``app_db/migrations``; ``open_app_db`` upgrades it to the newest on start.
"""

from sqlalchemy import Engine as AppEngine

from app_db.config import APP_DB_ENV, DEFAULT_APP_DB_PATH, app_db_url
from app_db.engine import AppDbError, open_app_db, schema_revision, upgrade

__all__ = [
    "APP_DB_ENV",
    "AppEngine",
    "DEFAULT_APP_DB_PATH",
    "AppDbError",
    "app_db_url",
    "open_app_db",
    "schema_revision",
    "upgrade",
]
