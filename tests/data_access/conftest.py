"""Small registries built once per session on SQLite and on the session's PostgreSQL server."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa

from tests.data_access.tiny import build_tiny

Build = Callable[[sa.Engine], None]
ENGINES = ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def registry_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str, str, Build], str]:
    """Factory: ``registry_url(engine, name, build)`` → the URL of a registry that ``build`` filled.

    ``engine`` is "sqlite" (a file under the session's tmp dir) or "postgres" (database ``name``
    on the session's server); each (engine, name) is built once per session.
    """
    built: dict[tuple[str, str], str] = {}

    def make(engine: str, name: str, build: Build) -> str:
        if (engine, name) not in built:
            if engine == "sqlite":
                url = f"sqlite:///{tmp_path_factory.mktemp(name) / 'registry.sqlite'}"
            else:
                url = request.getfixturevalue("pg_server").create_database(name)
            writer = sa.create_engine(url)
            build(writer)
            writer.dispose()
            built[(engine, name)] = url
        return built[(engine, name)]

    return make


@pytest.fixture(params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    """Run a test once on SQLite and once on PostgreSQL."""
    if request.param == "postgres":
        request.getfixturevalue("pg_server")  # fails (never skips) without PostgreSQL
    return request.param


@pytest.fixture
def tiny_url(engine_name: str, registry_url) -> str:
    """The tiny registry's URL, once per engine."""
    return registry_url(engine_name, "tiny", build_tiny)
