"""A user's grids on a day, from his grants and the registry's grid_assignment (tiny registry,
both engines): the assignment's and the post's half-open intervals, and never "everything"."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from auth.access import access_on
from auth.accounts import User
from auth.roles import ACCESS_LOG_PAGE, COMMON_PAGES, DATA_PAGES, RIGHTS, SCORING_PAGES, Role
from data_access.engine import open_registry
from data_access.loaders import Registry
from data_access.scope import Scope
from tests.data_access.tiny import AS_OF
from ui.nav import PAGES


@pytest.fixture
def registry(tiny_url: str):
    engine = open_registry(tiny_url)
    with engine.connect() as conn:
        yield conn
    engine.dispose()


def user(role: Role, grants=(), worker_id=None) -> User:
    return User(1, "u", "u", role, grants=tuple(grants), worker_id=worker_id)


DAY_BEFORE = AS_OF - dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("who", "day", "grids"),
    [
        (user(Role.TOWNSHIP_OFFICE, [("township", "上派镇")]), AS_OF, {"AH-01", "AH-02", "JF-01"}),
        (user(Role.TOWNSHIP_OFFICE, [("township", "别的镇")]), AS_OF, set()),
        (user(Role.SECRETARY, [("community", "AH")]), AS_OF, {"AH-01", "AH-02"}),
        (user(Role.COMMITTEE, [("community", "JF")]), AS_OF, {"JF-01"}),
        (user(Role.GRID_LEADER, worker_id=1), AS_OF, {"AH-01", "AH-02"}),
        # assignment [2025-01-01, AS_OF): holds the day before, not on AS_OF
        (user(Role.GRID_WORKER, worker_id=2), DAY_BEFORE, {"AH-01"}),
        (user(Role.GRID_WORKER, worker_id=2), AS_OF, set()),
        # a worker who left his post on AS_OF sees nothing from that day
        (user(Role.GRID_WORKER, worker_id=4), DAY_BEFORE, {"AH-01"}),
        (user(Role.GRID_WORKER, worker_id=4), AS_OF, set()),
        # granted grids add to the assignment; unknown codes add nothing
        (user(Role.GRID_WORKER, [("grid", "JF-01"), ("grid", "ZZ-99")], 2), AS_OF, {"JF-01"}),
        (user(Role.GRID_WORKER), AS_OF, set()),
        (user(Role.ADMIN, [("community", "AH")]), AS_OF, set()),
    ],
)
def test_grids_of_a_user_on_a_day(registry: sa.Connection, who: User, day, grids) -> None:
    assert access_on(registry, who, day).grids == frozenset(grids)


def test_rights_follow_the_role(registry: sa.Connection) -> None:
    committee = access_on(registry, user(Role.COMMITTEE, [("community", "AH")]), AS_OF)
    assert committee.may_open("workers") and not committee.may_open("special_groups")
    assert not committee.may_see_lists and not committee.may_unmask("AH-01")
    assert committee.rights.worker_names
    township = access_on(registry, user(Role.TOWNSHIP_OFFICE, [("township", "上派镇")]), AS_OF)
    assert township.may_see_lists and not township.may_unmask("AH-01")
    assert not township.rights.exact_small_counts
    secretary = access_on(registry, user(Role.SECRETARY, [("community", "AH")]), AS_OF)
    assert secretary.may_unmask("AH-01") and not secretary.may_unmask("JF-01")
    assert secretary.may_open("access_log") and secretary.rights.exact_small_counts
    leader = access_on(registry, user(Role.GRID_LEADER, worker_id=1), AS_OF)
    assert leader.may_unmask("AH-02") and not leader.may_unmask("JF-01")
    assert not leader.may_open("township") and not leader.may_open("access_log")
    admin = access_on(registry, user(Role.ADMIN), AS_OF)
    assert admin.may_open("access_log") and not admin.may_open("overview")
    assert not admin.rights.worker_names and admin.rights.accounts


def test_a_disabled_account_has_no_grids(registry: sa.Connection) -> None:
    who = User(1, "u", "u", Role.SECRETARY, grants=(("community", "AH"),), disabled=True)
    assert access_on(registry, who, AS_OF).grids == frozenset()


def test_every_page_of_the_menu_is_in_the_roles_table() -> None:
    every = DATA_PAGES | COMMON_PAGES | SCORING_PAGES | {ACCESS_LOG_PAGE}
    assert {p.key for p in PAGES} == every
    for rights in RIGHTS.values():
        assert COMMON_PAGES <= rights.pages <= every


@pytest.mark.parametrize(
    ("who", "asked", "seen"),
    [
        # no filter: his own scope, never everything (CommCare HQ PR #30033)
        (user(Role.GRID_LEADER, worker_id=1), Scope(), ("AH-01", "AH-02")),
        (user(Role.SECRETARY, [("community", "JF")]), Scope(), ("JF-01",)),
        # no grid on the day: nothing at all
        (user(Role.GRID_WORKER, worker_id=2), Scope(), ()),
        (user(Role.ADMIN), Scope(), ()),
        # a filter can narrow further, never widen
        (user(Role.GRID_LEADER, worker_id=1), Scope(grids=("AH-02",)), ("AH-02",)),
        (user(Role.GRID_LEADER, worker_id=1), Scope(communities=("JF",)), ()),
        (user(Role.SECRETARY, [("community", "AH")]), Scope(grids=("JF-01",)), ()),
    ],
)
def test_the_narrowed_scope_resolves_to_his_grids_only(tiny_url, who, asked, seen) -> None:
    registry = Registry.open(tiny_url)
    with registry.connect() as conn:
        access = access_on(conn, who, AS_OF)
    resolved = registry.resolve(access.narrow(asked), AS_OF)
    assert resolved.grid_codes == seen and not resolved.everything
