"""AppTest over the real app on the demo registry: pages reached through app.py, by widget key."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data_access.config import ENV_VAR, PROJECT_ROOT
from tests.support.downloads import Downloads, recording

APP = str(PROJECT_ROOT / "app.py")
TIMEOUT = 120


@pytest.fixture
def demo_env(demo_sqlite: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the app at the session's demo registry (environment wins over secrets and the default)."""
    url = f"sqlite:///{demo_sqlite}"
    monkeypatch.setenv(ENV_VAR, url)
    return url


def _pages() -> Iterator[Callable[..., AppTest]]:
    """Open pages through app.py on the registry the environment names, with clean caches."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()

    def open_page(page: str = "pages/overview.py", /, **query: str | list[str]) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        for name, value in query.items():
            at.query_params[name] = value
        if page != "pages/overview.py":
            at.switch_page(page)  # the page's own link, as a browser opens it: one run
        at.run()
        return at

    yield open_page
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def app_page(demo_env: str) -> Iterator[Callable[..., AppTest]]:
    """``app_page("pages/overview.py", as_of="2026-03-10", community="AH")`` → an AppTest that has run.

    Query values may be lists (repeated parameters). Caches are cleared before each test so a
    test never sees another test's registry.
    """
    yield from _pages()


@pytest.fixture
def tiny_page(
    tiny_sqlite: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., AppTest]]:
    """``tiny_page("pages/visits.py", community="AH")`` → an AppTest of that page, reached through
    app.py, run on the tiny registry (tests/data_access/tiny.py)."""
    monkeypatch.setenv(ENV_VAR, f"sqlite:///{tiny_sqlite}")
    yield from _pages()


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> Downloads:
    """The files the page's download buttons would give (``tests/support/downloads.py``)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    seen, spy = recording()
    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return seen


@pytest.fixture
def community_without_grids(
    demo_sqlite: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """Point the app at a copy of the demo with one more community, ``NEW``, that has no grid, in
    a township of its own (so the township page, which compares a whole township, is empty too)."""
    copy = tmp_path / "registry.sqlite"
    copy.write_bytes(demo_sqlite.read_bytes())
    with sqlite3.connect(copy) as db:
        db.execute(
            "INSERT INTO community (id, code, name, township) "
            "VALUES (999, 'NEW', '新建社区', '新镇')"
        )
    monkeypatch.setenv(ENV_VAR, f"sqlite:///{copy}")
    return "NEW"


def no_exceptions(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def metric_values(at: AppTest) -> dict[str, str]:
    """Tile label → shown value."""
    return {m.label: m.value for m in at.metric}
