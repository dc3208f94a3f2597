"""Absurd links: a bad value is quoted short, and a flood of them is a few warnings, not thousands."""

from __future__ import annotations

from tests.pages.conftest import no_exceptions
from ui.i18n import Labels
from ui.setup import MAX_LINK_WARNINGS
from ui.url_state import SHOWN_CHARS

ZH = Labels("zh")


def test_a_100_kb_code_is_quoted_short(app_page) -> None:
    code = "A" * 110_000
    at = app_page(community=code, as_of="2026-03-10")
    no_exceptions(at)
    shown = [w.value for w in at.warning]
    cut = "A" * SHOWN_CHARS + "…"
    assert shown == [ZH("filter.bad_code", kind=ZH("filter.community"), code=cut)]
    assert at.metric  # the page itself is drawn, on the whole registry


def test_many_bad_values_are_a_few_warnings(app_page) -> None:
    codes = ",".join(f"X{i}" for i in range(2_000))
    at = app_page(community=codes, grid=["Y1", "Y1"], as_of="2026-03-10")
    no_exceptions(at)
    shown = [w.value for w in at.warning]
    assert len(shown) == MAX_LINK_WARNINGS + 1
    assert shown[0] == ZH("filter.bad_code", kind=ZH("filter.community"), code="X0")
    # 2,000 bad communities and one bad grid (given twice): 2,001 warnings, five shown
    assert shown[-1] == ZH("filter.more_bad_values", count=2_001 - MAX_LINK_WARNINGS)


def _default_day(demo_env: str):
    from data_access.loaders import Registry

    registry = Registry.open(demo_env)
    try:
        return registry.default_as_of()
    finally:
        registry.engine.dispose()


def test_a_link_without_a_day_follows_the_registry(app_page, demo_env: str) -> None:
    at = app_page(community="AH")
    no_exceptions(at)
    assert at.date_input(key="f_as_of").value == _default_day(demo_env)
    assert "as_of" not in at.query_params and at.query_params["community"] == "AH"


def test_as_of_latest_is_the_registry_default_day(app_page, demo_env: str) -> None:
    at = app_page(community="AH", as_of="latest")
    no_exceptions(at)
    assert not at.warning
    assert at.date_input(key="f_as_of").value == _default_day(demo_env)
    assert "as_of" not in at.query_params  # the link keeps following the registry


def test_only_a_chosen_day_is_written_into_the_link(app_page, demo_env: str) -> None:
    import datetime as dt

    at = app_page(community="AH")
    at.date_input(key="f_as_of").set_value(dt.date(2026, 3, 10)).run()
    no_exceptions(at)
    assert at.query_params["as_of"] == "2026-03-10"
    at.date_input(key="f_as_of").set_value(_default_day(demo_env)).run()
    no_exceptions(at)
    assert "as_of" not in at.query_params


def test_every_page_says_how_fresh_its_data_is(app_page, demo_env: str) -> None:
    from ui.nav import FIGURE_PAGES

    last = _default_day(demo_env).isoformat()
    for page in FIGURE_PAGES:
        at = app_page(page.path, community="AH")
        no_exceptions(at)
        captions = " ".join(c.value for c in at.caption)
        assert ZH("fresh.line", items="")[:5] in captions, page.key
        assert last in captions, page.key
        assert not [w.value for w in at.warning if "晚于登记库最近" in w.value], page.key


def test_a_day_past_the_data_is_warned(app_page, demo_env: str) -> None:
    at = app_page(community="AH", as_of="2027-06-01")
    no_exceptions(at)
    assert [w.value for w in at.warning] == [
        ZH(
            "fresh.past",
            day="2027-06-01",
            kind=ZH("fresh.kind.visit"),
            last=_default_day(demo_env).isoformat(),
        )
    ]
