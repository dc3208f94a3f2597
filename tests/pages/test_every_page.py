"""One AppTest over every page of the navigation: each runs through app.py without an exception
and without an error, in both languages, and with a scope holding a single grid."""

from __future__ import annotations

import pytest

from tests.pages.conftest import no_exceptions
from ui.nav import FIGURE_PAGES, PAGES


@pytest.mark.parametrize("page", PAGES, ids=[p.key for p in PAGES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_runs(app_page, page, lang: str) -> None:
    at = app_page(page.path, as_of="2026-03-10", lang=lang)
    no_exceptions(at)
    assert at.title, "every page has a title"


@pytest.mark.parametrize("page", PAGES, ids=[p.key for p in PAGES])
def test_page_runs_on_one_grid(app_page, page) -> None:
    at = app_page(page.path, as_of="2026-11-27", grid="AH-02")
    no_exceptions(at)


@pytest.mark.parametrize("page", FIGURE_PAGES, ids=[p.key for p in FIGURE_PAGES])
def test_page_on_a_community_without_grids_says_so(app_page, community_without_grids, page) -> None:
    at = app_page(page.path, as_of="2026-03-10", community=community_without_grids)
    no_exceptions(at)
    assert not at.metric
    assert any("没有网格" in i.value for i in at.info)


@pytest.fixture(scope="module")
def bad_rows_registry(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The tiny registry without constraints plus bad rows (tests/data_access/test_bad_rows.py),
    and a grid and a community whose codes repeat others'."""
    import datetime as dt

    import sqlalchemy as sa

    from data_access import schema as s
    from tests.data_access.test_bad_rows import build_bad, insert

    url = f"sqlite:///{tmp_path_factory.mktemp('bad_rows') / 'registry.sqlite'}"
    engine = sa.create_engine(url)
    build_bad(engine)
    with engine.begin() as conn:
        insert(conn, s.community, dict(id=3, code="AH", name="重复社区", township="上派镇"))
        insert(conn, s.grid, dict(id=4, community_id=1, code="AH-01", name="重复网格",
                                  kind="scattered", inhabited=True))  # fmt: skip
        insert(conn, s.household, dict(id=10, grid_id=4, address="重复网格1号",
                                       registered_on=dt.date(2026, 1, 1)))  # fmt: skip
    engine.dispose()
    return url


@pytest.mark.parametrize("page", PAGES, ids=[p.key for p in PAGES])
def test_page_runs_on_a_registry_with_bad_rows(
    app_page, bad_rows_registry: str, monkeypatch: pytest.MonkeyPatch, page
) -> None:
    """Future visits, NULL flags and levels, bad scores and criteria, repeated keys, orphans:
    every page still runs, without an exception or an error."""
    monkeypatch.setenv("REGISTRY_DB_URL", bad_rows_registry)
    at = app_page(page.path, as_of="2026-03-10")
    no_exceptions(at)
    assert at.title
