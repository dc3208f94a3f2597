"""Pages on the daily store: the caption says where the figures come from (the store and its
last refresh, or live queries for a day the store does not hold), and the figures are the same
either way."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app_db.engine import open_app_db
from data_access.config import ENV_VAR
from data_access.loaders import Registry
from store.build import refresh, registry_days
from tests.pages.conftest import metric_values, no_exceptions
from tests.support.accounts import Accounts


@pytest.fixture
def stored_tiny(
    tiny_page, tiny_sqlite: Path, tmp_path: Path, monkeypatch, app_db_env: Accounts
) -> Registry:
    """A copy of the tiny registry of this test alone, its store built in the tests' app database
    (after ``tiny_page``, which names the tiny registry itself)."""
    copy = tmp_path / "tiny_stored.sqlite"
    shutil.copy(tiny_sqlite, copy)
    monkeypatch.setenv(ENV_VAR, f"sqlite:///{copy}")
    monkeypatch.setattr("store.reader.HELD_TTL", 0.0)  # the page sees the store just built
    registry = Registry.open(str(copy))
    app_engine = open_app_db(app_db_env.url)
    refresh(app_engine, registry)
    app_engine.dispose()
    return registry


def _captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def test_a_page_on_a_stored_day_says_so_and_shows_the_live_figures(
    stored_tiny, tiny_page, tiny_sqlite: Path, tmp_path: Path, monkeypatch
) -> None:
    first, last = registry_days(stored_tiny)
    at = tiny_page("pages/overview.py", as_of=last.isoformat())
    no_exceptions(at)
    assert "刷新" in _captions(at), [c.value for c in at.caption][:1]
    stored_tiles = metric_values(at)
    before = (first - (last - first)).isoformat()  # a day before the store begins
    at = tiny_page("pages/overview.py", as_of=before)
    no_exceptions(at)
    assert "该日不在日汇总库中，本页为实时查询" in _captions(at)
    # the same registry under another name, with no store: the same tiles, live
    live = tmp_path / "tiny_live.sqlite"
    shutil.copy(tiny_sqlite, live)
    monkeypatch.setenv(ENV_VAR, f"sqlite:///{live}")
    at = tiny_page("pages/overview.py", as_of=last.isoformat())
    assert "该日不在日汇总库中" in _captions(at), [c.value for c in at.caption][:3]
    assert metric_values(at) == stored_tiles and len(stored_tiles) > 10


def test_every_page_reads_the_store_without_an_error(stored_tiny, tiny_page) -> None:
    _, last = registry_days(stored_tiny)
    for page in ("visits", "workers", "population", "special_groups", "township", "grid_map"):
        at = tiny_page(f"pages/{page}.py", as_of=last.isoformat())
        no_exceptions(at)
        assert "日汇总库" in _captions(at), page
