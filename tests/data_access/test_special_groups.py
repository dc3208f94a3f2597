"""Special-groups queries on the tiny registry and on a care-gap edge registry, on both engines."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from data_access import queries as q
from data_access import schema as s
from data_access import special_groups as sq
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics import population as mp
from metrics import special_groups as msg
from tests.data_access.tiny import AS_OF

D = dt.date
T = dt.datetime
CARE = ("empty_nest_elderly", "solitary_elderly", "widowed_elderly", "disabled")


def build_care(engine: sa.Engine) -> None:
    """Care-group members on the edges of the 30-day window ``[d-29, d]``, d = 2026-03-10."""
    s.metadata.create_all(engine)
    old = D(2020, 1, 1)

    def resident(rid, hh, name, left=None):
        return dict(
            id=rid, household_id=hh, name=name, gender="F", birth_date=D(1950, 3, 10),
            id_number=None, phone="13812345678", residency="resident", floating_origin=None,
            registered_on=old, left_on=left,
        )  # fmt: skip

    def member(rid, code, since=old, until=None):
        return dict(resident_id=rid, group_code=code, since=since, until=until)

    def visit(vid, hh, at):
        return dict(id=vid, worker_id=1, household_id=hh, visited_at=at, purpose="follow_up")

    groups = [(code, code, code, "resident", False) for code in (*CARE, "party_member")] + [
        ("pregnant", "怀孕对象", "Pregnant", "resident", True)
    ]
    with engine.begin() as conn:
        conn.execute(
            s.community.insert(), [dict(id=1, code="CC", name="关爱社区", township="上派镇")]
        )
        conn.execute(s.grid.insert(), [
            dict(id=1, community_id=1, code="C-01", name="一号", kind="scattered", inhabited=True),
            dict(id=2, community_id=1, code="C-02", name="二号", kind="scattered", inhabited=True),
        ])  # fmt: skip
        conn.execute(s.household.insert(), [
            dict(id=hh, grid_id=1 if hh < 5 else 2, address=f"幸福小区{hh}栋101", registered_on=old)
            for hh in range(1, 6)
        ])  # fmt: skip
        conn.execute(s.special_group.insert(), [
            dict(code=c, name_zh=zh, name_en=en, applies_to=a, sensitive=x)
            for c, zh, en, a, x in groups
        ])  # fmt: skip
        conn.execute(s.resident.insert(), [
            resident(1, 1, "赵一"),  # household visited on d-29: not in the gap
            resident(2, 2, "钱小二"),  # household last visited on d-30 at 23:59:59: 30 days
            resident(3, 3, "孙三"),  # never visited
            resident(4, 4, "李四"),  # visited only after d: never, as of d
            resident(5, 5, "周五"),  # visited on d at 23:59:59 (grid C-02)
            resident(6, 2, "吴六"),  # party member only: not a care group
            resident(7, 3, "郑七"),  # pregnant (sensitive): never listed
            resident(8, 2, "王八"),  # disabled until d: no longer a member
            resident(9, 3, "冯九", left=AS_OF),  # left on d: not active
            resident(10, 3, "陈十"),  # a membership that starts after d
        ])  # fmt: skip
        conn.execute(s.resident_group.insert(), [
            member(1, "empty_nest_elderly"),
            member(2, "disabled"),
            member(2, "solitary_elderly"),  # two groups: one resident
            member(2, "disabled", since=D(2026, 1, 1)),  # the same group twice: once
            member(3, "widowed_elderly"),
            member(4, "disabled"),
            member(5, "disabled"),
            member(6, "party_member"),
            member(7, "pregnant"),
            member(8, "disabled", until=AS_OF),
            member(9, "disabled"),
            member(10, "solitary_elderly", since=D(2026, 3, 11)),
        ])  # fmt: skip
        conn.execute(s.worker.insert(), [
            dict(id=1, community_id=1, name="网格员", role="grid_worker", started_on=old)
        ])  # fmt: skip
        conn.execute(s.visit.insert(), [
            visit(1, 1, T(2026, 2, 9, 0, 0, 0)),
            visit(2, 2, T(2026, 2, 8, 23, 59, 59)),
            visit(3, 2, T(2025, 12, 1, 9)),
            visit(4, 4, T(2026, 3, 11, 0, 0, 0)),
            visit(5, 5, T(2026, 3, 10, 23, 59, 59)),
        ])  # fmt: skip


@pytest.fixture
def care(engine_name: str, registry_url) -> Registry:
    return Registry.open(registry_url(engine_name, "care_gap_edges", build_care))


@pytest.fixture
def tiny(tiny_url: str) -> Registry:
    return Registry.open(tiny_url)


WINDOW_FROM = msg.care_window_start(AS_OF)


# --- trend on the tiny registry -----------------------------------------------


def _trend(registry: Registry, code: str, applies_to: str, days: list[dt.date], **scope) -> list:
    rs = registry.resolve(Scope(as_of=AS_OF, **scope))
    with registry.connect() as conn:
        return sq.members_on_days(conn, rs, code, applies_to, days).rows()


def test_resident_group_on_days_counts_each_resident_once(tiny: Registry) -> None:
    days = [D(2025, 12, 31), D(2026, 1, 1), D(2026, 3, 9), AS_OF]
    # 张三 holds two disabled memberships (counts once); 钱七's ends on d
    assert _trend(tiny, "disabled", "resident", days) == [
        (D(2025, 12, 31), 0),
        (D(2026, 1, 1), 2),
        (D(2026, 3, 9), 2),
        (AS_OF, 1),
    ]


def test_household_group_on_days_needs_an_active_household(tiny: Registry) -> None:
    days = [D(2026, 3, 9), AS_OF]  # household 3 is closed on d
    assert _trend(tiny, "party_household", "household", days) == [(D(2026, 3, 9), 2), (AS_OF, 1)]


def test_group_on_days_needs_an_active_resident(tiny: Registry) -> None:
    days = [D(2026, 3, 9), AS_OF]  # 王五 left on d
    assert _trend(tiny, "pregnant", "resident", days) == [(D(2026, 3, 9), 1), (AS_OF, 0)]


def test_group_on_days_keeps_to_the_scope(tiny: Registry) -> None:
    assert _trend(tiny, "disabled", "resident", [D(2026, 3, 9)], communities=("JF",)) == [
        (D(2026, 3, 9), 0)
    ]


def test_group_on_the_trend_days_agrees_with_the_snapshot_count(tiny: Registry) -> None:
    rs = tiny.resolve(Scope(as_of=AS_OF))
    with tiny.connect() as conn:
        snapshot = q.special_group_counts(conn, rs)
        groups = q.special_groups(conn)
        days = mp.week_end_days(AS_OF)
        for group in groups.iter_rows(named=True):
            trend = sq.members_on_days(conn, rs, group["code"], group["applies_to"], days)
            expected = int(
                snapshot.filter(snapshot["group_code"] == group["code"])["members"].sum()
            )
            assert trend.rows()[-1] == (AS_OF, expected), group["code"]
            assert trend.height == 26


def test_an_unknown_level_counts_nobody(tiny: Registry) -> None:
    assert _trend(tiny, "disabled", "family", [AS_OF]) == [(AS_OF, 0)]


# --- care gap ---------------------------------------------------------------


def test_care_gap_counts_per_grid(care: Registry) -> None:
    rs = care.resolve(Scope(as_of=AS_OF))
    with care.connect() as conn:
        frame = sq.care_gap_counts(conn, rs, CARE, WINDOW_FROM)
    # C-01: 赵一, 钱小二, 孙三, 李四 are members; 赵一's household was visited on d-29
    assert sorted(frame.rows()) == [(1, 4, 3), (2, 1, 0)]


def test_care_gap_list_puts_never_visited_first_and_pages(care: Registry) -> None:
    rs = care.resolve(Scope(as_of=AS_OF))
    with care.connect() as conn:
        rows, total = sq.care_gap_page(conn, rs, CARE, WINDOW_FROM, 0, 50)
        second, again = sq.care_gap_page(conn, rs, CARE, WINDOW_FROM, 1, 1)
    assert total == again == 3
    assert rows["resident_id"].to_list() == [3, 4, 2]
    assert rows["last_visit"].to_list() == [
        None,
        None,
        T(2026, 2, 8, 23, 59, 59),
    ]  # not the one after d
    assert second["resident_id"].to_list() == [4]
    assert rows["grid_code"].to_list() == ["C-01"] * 3


def test_care_gap_list_never_holds_a_group_that_is_not_asked_for(care: Registry) -> None:
    rs = care.resolve(Scope(as_of=AS_OF))
    with care.connect() as conn:
        rows, total = sq.care_gap_page(conn, rs, ("widowed_elderly",), WINDOW_FROM, 0, 50)
        nothing, none = sq.care_gap_page(conn, rs, (), WINDOW_FROM, 0, 50)
    assert (rows["resident_id"].to_list(), total) == ([3], 1)
    assert nothing.is_empty() and none == 0


def test_care_gap_of_one_grid(care: Registry) -> None:
    rs = care.resolve(Scope(as_of=AS_OF, grids=("C-02",)))
    with care.connect() as conn:
        assert sq.care_gap_counts(conn, rs, CARE, WINDOW_FROM).rows() == [(2, 1, 0)]
        assert sq.care_gap_page(conn, rs, CARE, WINDOW_FROM, 0, 50)[1] == 0


def test_care_memberships_of_a_page(care: Registry) -> None:
    with care.connect() as conn:
        frame = sq.care_memberships(conn, [2, 7, 8], CARE, AS_OF)
    assert sorted(frame.rows()) == [(2, "disabled"), (2, "solitary_elderly")]


def test_care_groups_of_this_registry_leave_out_the_sensitive(care: Registry) -> None:
    with care.connect() as conn:
        groups = q.special_groups(conn)
    assert msg.care_group_codes(groups) == CARE
    assert msg.withheld_care_groups(groups) == ()
