"""Every role × every page through app.py on the demo: the menu lists exactly the role's pages, a
page outside them stops with a message, the scope is the role's own (with no filter chosen too),
and a link cannot widen it. Accounts and sessions are real (``tests/support/accounts``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from auth.accounts import User
from auth.roles import RIGHTS, Role
from commands.metrics_cli import run_snapshot
from data_access import access as registry_access
from data_access.loaders import Registry
from data_access.scope import Scope
from tests.pages.conftest import metric_values, no_exceptions
from tests.support.accounts import Accounts
from ui.nav import PAGES

DAY = "2026-03-10"
AS_OF = dt.date.fromisoformat(DAY)
TOWNSHIP = "上派镇"


@pytest.fixture(scope="module")
def demo_workers(demo_sqlite: Path) -> dict[str, int]:
    """A grid leader and a grid worker of 爱和社区 still in post with a grid."""
    engine = sa.create_engine(f"sqlite:///{demo_sqlite}")
    try:
        with engine.connect() as conn:
            found = {
                role: registry_access.first_worker_in_post(conn, "AH", role)
                for role in ("grid_leader", "grid_worker")
            }
    finally:
        engine.dispose()
    assert all(found.values()), found
    return {role: hit[0] for role, hit in found.items() if hit}


@pytest.fixture
def users(app_db_env: Accounts, demo_workers: dict[str, int]) -> dict[Role, User]:
    make = app_db_env.user
    return {
        Role.TOWNSHIP_OFFICE: make(Role.TOWNSHIP_OFFICE, [("township", TOWNSHIP)]),
        Role.SECRETARY: make(Role.SECRETARY, [("community", "AH")]),
        Role.COMMITTEE: make(Role.COMMITTEE, [("community", "AH")]),
        Role.GRID_LEADER: make(Role.GRID_LEADER, worker_id=demo_workers["grid_leader"]),
        Role.GRID_WORKER: make(Role.GRID_WORKER, worker_id=demo_workers["grid_worker"]),
        Role.ADMIN: make(Role.ADMIN),
    }


def menu(at: AppTest) -> list[str]:
    return [link.proto.label for link in at.get("page_link")]


def allowed_labels(role: Role) -> list[str]:
    return [page_label(p.key) for p in PAGES if p.key in RIGHTS[role].pages]


def assigned(demo_sqlite: Path, worker_id: int) -> frozenset[str]:
    engine = sa.create_engine(f"sqlite:///{demo_sqlite}")
    try:
        with engine.connect() as conn:
            return registry_access.assigned_grids(conn, worker_id, AS_OF)
    finally:
        engine.dispose()


ROLES = [r for r in Role]


@pytest.mark.parametrize("page", PAGES, ids=[p.key for p in PAGES])
@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
def test_every_role_every_page(app_page, users, role: Role, page) -> None:
    at = app_page(page.path, signed_in=users[role], as_of=DAY)
    assert not at.exception, [e.value for e in at.exception]
    shown = menu(at)
    assert shown == allowed_labels(role)
    if page.key in RIGHTS[role].pages:
        assert not at.error, [e.value for e in at.error]
        assert at.title, "the page drew nothing"
    else:
        assert [e.value for e in at.error] == [
            f"您的角色（{role_label(role)}）不能打开「{page_label(page.key)}」。"
        ]
        assert not at.metric and not at.dataframe


def role_label(role: Role) -> str:
    from ui.i18n import Labels

    return Labels("zh").plain(f"role.{role.value}")


def page_label(key: str) -> str:
    from ui.i18n import Labels

    return Labels("zh")(f"nav.{key}")


def test_a_secretary_sees_his_community_only(app_page, users) -> None:
    at = app_page("pages/overview.py", signed_in=users[Role.SECRETARY], as_of=DAY)
    no_exceptions(at)
    options = at.multiselect(key="f_community").options
    assert options == ["爱和社区（AH）"]
    assert any("1 个社区" in c.value for c in at.caption), [c.value for c in at.caption]


def test_the_township_office_sees_the_township(app_page, users) -> None:
    at = app_page("pages/township.py", signed_in=users[Role.TOWNSHIP_OFFICE], as_of=DAY)
    no_exceptions(at)
    assert len(at.multiselect(key="f_community").options) == 5


@pytest.mark.parametrize("param", ["community", "grid"])
def test_a_link_cannot_widen_the_scope(app_page, users, demo_sqlite: Path, param: str) -> None:
    outside = {"community": "JFL", "grid": first_grid_of(demo_sqlite, "JFL")}[param]
    kind = {"community": "社区", "grid": "网格"}[param]
    secretary = users[Role.SECRETARY]
    at = app_page("pages/overview.py", signed_in=secretary, as_of=DAY, **{param: outside})
    no_exceptions(at)
    assert f"链接中的{kind}“{outside}”不在您的访问范围内，已忽略。" in [w.value for w in at.warning]
    # the figures are his community's, not the link's
    assert metric_values(at)["住户"] == f"{snapshot(demo_sqlite, communities=('AH',)):,}"


def first_grid_of(demo_sqlite: Path, community: str) -> str:
    engine = sa.create_engine(f"sqlite:///{demo_sqlite}")
    try:
        with engine.connect() as conn:
            return conn.execute(
                sa.text(
                    "SELECT g.code FROM grid g JOIN community c ON c.id = g.community_id "
                    "WHERE c.code = :c ORDER BY g.code LIMIT 1"
                ),
                {"c": community},
            ).scalar_one()
    finally:
        engine.dispose()


def snapshot(demo_sqlite: Path, **scope) -> int:
    registry = Registry.open(f"sqlite:///{demo_sqlite}")
    try:
        return run_snapshot(registry, Scope(AS_OF, **scope))["households"]
    finally:
        registry.engine.dispose()


@pytest.mark.parametrize("role", [Role.GRID_WORKER, Role.GRID_LEADER], ids=["worker", "leader"])
def test_no_filter_is_his_own_grids_never_everything(
    app_page, users, demo_sqlite: Path, demo_workers: dict[str, int], role: Role
) -> None:
    """The regression test of CommCare HQ PR #30033: a location-restricted user who chose no
    filter saw all data. Here he sees his grids' figures, and the filters offer only those."""
    user = users[role]
    grids = assigned(demo_sqlite, demo_workers[role.value])
    assert grids
    at = app_page("pages/overview.py", signed_in=user, as_of=DAY)
    no_exceptions(at)
    assert at.multiselect(key="f_grid").value == []  # no filter chosen
    assert {o.split(" · ")[0] for o in at.multiselect(key="f_grid").options} == set(grids)
    everything = snapshot(demo_sqlite)
    his = snapshot(demo_sqlite, access=frozenset(grids))
    assert his < everything
    assert metric_values(at)["住户"] == f"{his:,}"


def test_a_worker_without_a_grid_on_the_day_sees_nothing(app_page, app_db_env) -> None:
    nobody = app_db_env.user(Role.GRID_WORKER, worker_id=999_999)
    at = app_page("pages/overview.py", signed_in=nobody, as_of=DAY)
    assert not at.exception
    assert not at.metric
    assert any("没有负责的网格" in i.value for i in at.info), [i.value for i in at.info]
