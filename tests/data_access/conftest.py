"""The tiny registry on SQLite and on the session's PostgreSQL server."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.data_access.tiny import build_tiny


@pytest.fixture(scope="session")
def tiny_sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("tiny") / "tiny.sqlite"
    url = f"sqlite:///{path}"
    engine = sa.create_engine(url)
    build_tiny(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def tiny_pg_url(pg_server) -> str:
    url = pg_server.create_database("tiny")
    engine = sa.create_engine(url)
    build_tiny(engine)
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def tiny_url(request: pytest.FixtureRequest) -> str:
    """The tiny registry's URL, once per engine."""
    return request.getfixturevalue(
        "tiny_sqlite_url" if request.param == "sqlite" else "tiny_pg_url"
    )
