"""A user's grids on a day, from his grants and the registry's grid_assignment (tiny registry,
both engines): the assignment's and the post's half-open intervals, and never "everything"."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from auth.access import access_on
from auth.accounts import User
from auth.roles import Role
from data_access.engine import open_registry
from tests.data_access.tiny import AS_OF


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
    assert not committee.rights.resident_lists
    township = access_on(registry, user(Role.TOWNSHIP_OFFICE, [("township", "上派镇")]), AS_OF)
    assert township.rights.resident_lists and not township.rights.may_unmask
    admin = access_on(registry, user(Role.ADMIN), AS_OF)
    assert admin.may_open("access_log") and not admin.may_open("overview")
