"""One AppTest over every page of the navigation: each runs through app.py without an exception
and without an error, in both languages, and with a scope holding a single grid."""

from __future__ import annotations

import pytest

from tests.pages.conftest import no_exceptions
from ui.nav import PAGES


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


@pytest.mark.parametrize("page", PAGES, ids=[p.key for p in PAGES])
def test_page_on_a_community_without_grids_says_so(app_page, community_without_grids, page) -> None:
    at = app_page(page.path, as_of="2026-03-10", community=community_without_grids)
    no_exceptions(at)
    assert not at.metric
    assert any("没有网格" in i.value for i in at.info)
