"""Sensitive counts by role, through app.py on the demo: a township office (no personal-data
access) sees "<5" and multiples of 5, a secretary the exact counts; and the two differencing
attacks of issue 11 ("Differencing across views") leave the "<5" count undetermined.

An attacker knows the rule (``metrics.privacy``): a shown "<5" is 1–4, a shown ``n`` (a multiple
of 5) is ``n - 2`` to ``n + 2`` and at least 5. ``allowed`` is that knowledge; each attack
intersects what every figure he read allows and asserts that at least two counts of 1–4 stay
consistent with all of them.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from auth.accounts import User
from auth.roles import Role
from commands.metrics_cli import run_snapshot
from data_access import queries as q
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics.privacy import Disclosure, shown_text
from tests.pages.conftest import metric_values, no_exceptions
from tests.support.accounts import Accounts

PAGE = "pages/special_groups.py"
COMMUNITIES = ("AH", "FL", "JFL", "SH", "TH")
#: 稳控对象 (stability_watch, sensitive) on the demo that day: 爱和社区 3 (1–4)
SMALL_DAY = "2026-02-18"
#: 稳控对象 that day: 解放路社区 (JFL) 4, 爱和 5, 丰乐 6, 三河 5, 桃花 6; the township 26
ATTACK_DAY = "2026-02-25"
GROUP, GROUP_NAME = "stability_watch", "稳控对象"


@pytest.fixture(scope="module")
def registry(demo_sqlite: Path) -> Registry:
    return Registry.open(str(demo_sqlite))


@pytest.fixture(scope="module")
def groups(registry: Registry):
    with registry.connect() as conn:
        return q.special_groups(conn)


@pytest.fixture
def secretary(app_db_env: Accounts) -> User:
    return app_db_env.user(Role.SECRETARY, [("community", "AH")])


def allowed(shown: str) -> set[int]:
    """Every exact count a shown figure is consistent with, under the protected rule."""
    if shown == "0":
        return {0}
    if shown == "<5":
        return {1, 2, 3, 4}
    n = int(shown.replace(",", ""))
    assert n % 5 == 0, f"a protected role sees a multiple of 5, not {shown}"
    return set(range(max(n - 2, 5), n + 3))


def exact_counts(registry: Registry, day: str, *communities: str) -> dict[str, int]:
    scope = Scope(as_of=dt.date.fromisoformat(day), communities=communities)
    return run_snapshot(registry, scope)["special_groups"]


def group_tile(at: AppTest) -> str:
    no_exceptions(at)
    return metric_values(at)[GROUP_NAME]


# --- who sees what --------------------------------------------------------------------------


@pytest.mark.parametrize("page", [PAGE, "pages/overview.py"])
def test_the_township_office_sees_less_than_five_and_multiples_of_five(
    app_page, registry: Registry, groups, township_office: User, page: str
) -> None:
    at = app_page(page, signed_in=township_office, as_of=SMALL_DAY, community="AH")
    no_exceptions(at)
    exact = exact_counts(registry, SMALL_DAY, "AH")
    tiles = metric_values(at)
    assert exact[GROUP] == 3 and tiles[GROUP_NAME] == "<5"
    for group in groups.iter_rows(named=True):
        shown = tiles[group["name_zh"]]
        if group["sensitive"]:
            assert shown == shown_text(exact[group["code"]], True, Disclosure.PROTECTED)
            assert exact[group["code"]] in allowed(shown), group["code"]
        else:
            assert shown == f"{exact[group['code']]:,}", group["code"]
    rounded = [tiles[g["name_zh"]] for g in groups.iter_rows(named=True) if g["sensitive"]]
    assert any(s not in ("0", "<5") for s in rounded), "some sensitive count is rounded"


@pytest.mark.parametrize("page", [PAGE, "pages/overview.py"])
def test_a_secretary_sees_the_exact_counts_of_the_snapshot(
    app_page, registry: Registry, groups, secretary: User, page: str
) -> None:
    at = app_page(page, signed_in=secretary, as_of=SMALL_DAY)
    no_exceptions(at)
    exact = exact_counts(registry, SMALL_DAY, "AH")
    tiles = metric_values(at)
    assert tiles[GROUP_NAME] == "3"
    for group in groups.iter_rows(named=True):
        assert tiles[group["name_zh"]] == f"{exact[group['code']]:,}", group["code"]


def test_the_grid_map_shows_the_township_office_the_rounded_counts(
    app_page, township_office: User
) -> None:
    from tests.pages.test_grid_map import deck_rows

    at = app_page("pages/grid_map.py", signed_in=township_office, as_of=ATTACK_DAY)
    at.selectbox(key="grid_map_figure").set_value("special_group").run()
    at.selectbox(key="grid_map_group").set_value("pregnant").run()
    no_exceptions(at)
    values = {html.unescape(row["t_value"]) for row in deck_rows(at)}  # the tooltip is HTML
    assert values and all(v in ("0", "<5") or int(v) % 5 == 0 for v in values), values
    assert values - {"0", "<5"}, "some grid's count is rounded, not only suppressed"


# --- attack 1: the township minus the other communities, one by one ---------------------------


def test_township_minus_the_other_communities_does_not_recover_a_small_count(
    app_page, registry: Registry, township_office: User
) -> None:
    target = "JFL"
    township = group_tile(app_page(PAGE, signed_in=township_office, as_of=ATTACK_DAY))
    shown = {
        code: group_tile(
            app_page(PAGE, signed_in=township_office, as_of=ATTACK_DAY, community=code)
        )
        for code in COMMUNITIES
    }
    exact = {code: exact_counts(registry, ATTACK_DAY, code)[GROUP] for code in COMMUNITIES}
    total = exact_counts(registry, ATTACK_DAY)[GROUP]
    # the attack is real: with exact figures beside "<5", subtraction gives the count
    assert (total, exact[target]) == (26, 4)
    assert total - sum(exact[c] for c in COMMUNITIES if c != target) == exact[target]
    # what the township office sees: 25 for the township, "<5" for JFL, 5 for each other
    assert township == "25" and shown == {"AH": "5", "FL": "5", "JFL": "<5", "SH": "5", "TH": "5"}
    others = [allowed(shown[c]) for c in COMMUNITIES if c != target]
    low = min(allowed(township)) - sum(max(o) for o in others)
    high = max(allowed(township)) - sum(min(o) for o in others)
    consistent = {x for x in allowed(shown[target]) if low <= x <= high}
    assert (low, high) == (23 - 28, 27 - 20)
    assert exact[target] in consistent and len(consistent) >= 2, consistent


# --- attack 2: the page's scope total minus its grid cells ----------------------------------


def heatmap_cells(at: AppTest) -> dict[str, dict[str, str]]:
    """The heatmap's shown text (the chart's text is HTML-escaped): grid → group → cell."""
    chart = next(
        json.loads(e.proto.spec)
        for e in at.get("plotly_chart")
        if json.loads(e.proto.spec)["data"][0].get("type") == "heatmap"
    )
    trace = chart["data"][0]
    return {
        y: {x: html.unescape(text) for x, text in zip(trace["x"], row, strict=True)}
        for y, row in zip(trace["y"], trace["text"], strict=True)
    }


def test_the_scope_total_minus_the_grid_cells_does_not_recover_a_small_grid(
    app_page, registry: Registry, township_office: User
) -> None:
    at = app_page(PAGE, signed_in=township_office, as_of=ATTACK_DAY, community="AH")
    total = group_tile(at)
    column = f"{GROUP_NAME} ※"
    cells = {grid.split()[0]: row[column] for grid, row in heatmap_cells(at).items()}
    small = sorted(g for g, text in cells.items() if text == "<5")
    # 爱和社区 that day: five grids of 1 each (AH-01, -07, -09, -11, -13), total 5
    assert total == "5" and small == ["AH-01", "AH-07", "AH-09", "AH-11", "AH-13"]
    assert all(text in ("0", "<5") for text in cells.values())
    target, others = small[0], [allowed(cells[g]) for g in cells if g != small[0]]
    low = min(allowed(total)) - sum(max(o) for o in others)
    high = max(allowed(total)) - sum(min(o) for o in others)
    consistent = {x for x in allowed(cells[target]) if low <= x <= high}
    assert (low, high) == (5 - 16, 7 - 4)
    assert 1 in consistent and len(consistent) >= 2, consistent
