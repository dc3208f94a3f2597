"""The visits page's queries (data_access.visits) on SQLite and PostgreSQL.

A small registry of its own puts rows on the edges (week boundaries at 00:00:00, the end of the
as-of day, the 90-day window, households registered or closed on the day, contacts who left);
the shared tiny registry checks the figures against the snapshot's own queries.
"""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from data_access import queries as q
from data_access import schema as s
from data_access import visits as dv
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics import visits as mv
from tests.data_access.tiny import AS_OF as TINY_AS_OF

D = dt.date
T = dt.datetime
AS_OF = D(2026, 3, 10)  # a Tuesday
WEEKS = (D(2026, 3, 2), D(2026, 3, 9))
SINCE_90D = D(2025, 12, 11)  # [d-89, d]


def _rows(table: sa.Table, rows: list[dict]) -> tuple[sa.Table, list[dict]]:
    return table, [{c.name: row.get(c.name) for c in table.columns} for row in rows]


def build_edges(engine: sa.Engine) -> None:
    s.metadata.create_all(engine)
    hh = dict(address="建新小区1栋1单元101", registered_on=D(2026, 1, 1))
    data = [
        _rows(
            s.community,
            [
                dict(id=1, code="AH", name="爱和社区", township="上派镇"),
                dict(id=2, code="JF", name="解放社区", township="上派镇"),
            ],
        ),
        _rows(
            s.grid,
            [
                dict(
                    id=1,
                    community_id=1,
                    code="AH-01",
                    name="建新小区",
                    kind="property_managed",
                    inhabited=True,
                ),
                dict(
                    id=2,
                    community_id=1,
                    code="AH-02",
                    name="建新苑",
                    kind="property_managed",
                    inhabited=True,
                ),
                dict(
                    id=3,
                    community_id=2,
                    code="JF-01",
                    name="解放一组",
                    kind="villager_group",
                    inhabited=True,
                ),
            ],
        ),
        _rows(
            s.household,
            [
                dict(id=1, grid_id=1, **hh),
                dict(hh, id=2, grid_id=1, address="建新小区2栋3单元502"),  # last visit on d-90
                dict(
                    hh, id=3, grid_id=1, registered_on=AS_OF
                ),  # registered on d: active, never visited
                dict(hh, id=4, grid_id=1, closed_on=AS_OF),  # closed on d: not active
                dict(id=5, grid_id=1, **hh),  # visited on d-89 (in the window) and after d
                dict(id=6, grid_id=3, **hh),  # visited at the last second of d
                dict(hh, id=7, grid_id=2, address="建新苑5号楼"),  # visited only after d: never
            ],
        ),
        _rows(
            s.resident,
            [
                dict(
                    id=1,
                    household_id=2,
                    name="张小明",
                    gender="M",
                    birth_date=D(1980, 1, 1),
                    residency="resident",
                    registered_on=D(2026, 1, 1),
                    left_on=AS_OF,
                ),  # left on d: not the contact
                dict(
                    id=2,
                    household_id=2,
                    name="李四",
                    gender="F",
                    birth_date=D(1982, 1, 1),
                    residency="resident",
                    phone="13812345678",
                    registered_on=D(2026, 1, 1),
                ),
                dict(
                    id=3,
                    household_id=7,
                    name="欧阳小明",
                    gender="M",
                    birth_date=D(1990, 1, 1),
                    residency="floating",
                    registered_on=D(2026, 1, 1),
                ),
            ],
        ),
        _rows(
            s.worker,
            [
                dict(
                    id=1,
                    community_id=1,
                    name="吴网格长",
                    role="grid_leader",
                    started_on=D(2025, 1, 1),
                )
            ],
        ),
        _rows(
            s.visit,
            [
                dict(
                    id=1,
                    worker_id=1,
                    household_id=1,
                    visited_at=T(2026, 3, 1, 23, 59, 59),
                    purpose="collection",
                ),
                dict(
                    id=2,
                    worker_id=1,
                    household_id=1,
                    visited_at=T(2026, 3, 2, 0, 0, 0),
                    purpose="collection",
                ),
                dict(
                    id=3,
                    worker_id=1,
                    household_id=1,
                    visited_at=T(2026, 3, 8, 23, 59, 59),
                    purpose="follow_up",
                ),
                dict(
                    id=4,
                    worker_id=1,
                    household_id=1,
                    visited_at=T(2026, 3, 9, 0, 0, 0),
                    purpose="service",
                ),
                dict(
                    id=5,
                    worker_id=1,
                    household_id=2,
                    visited_at=T(2025, 12, 10, 23, 59, 59),
                    purpose="collection",
                ),
                dict(
                    id=6,
                    worker_id=1,
                    household_id=5,
                    visited_at=T(2025, 12, 11, 0, 0, 0),
                    purpose="collection",
                ),
                dict(
                    id=7,
                    worker_id=1,
                    household_id=5,
                    visited_at=T(2026, 3, 11, 0, 0, 0),
                    purpose="service",
                ),
                dict(
                    id=8,
                    worker_id=1,
                    household_id=6,
                    visited_at=T(2026, 3, 10, 23, 59, 59),
                    purpose="Service",
                ),
                dict(
                    id=9,
                    worker_id=1,
                    household_id=7,
                    visited_at=T(2026, 3, 11, 9, 0, 0),
                    purpose="collection",
                ),
            ],
        ),
    ]
    with engine.begin() as conn:
        for table, rows in data:
            conn.execute(table.insert(), rows)


@pytest.fixture
def registry(engine_name: str, registry_url) -> Registry:
    return Registry.open(registry_url(engine_name, "visits_edges", build_edges))


def rows_of(frame, *columns):
    return sorted(frame.select(*columns).rows())


# --- weeks ----------------------------------------------------------------


def test_visits_fall_in_the_week_of_their_date(registry: Registry) -> None:
    rs = registry.resolve(Scope(as_of=AS_OF))
    with registry.connect() as conn:
        weeks = dv.grid_week_visits(conn, rs, WEEKS, AS_OF)
    # Monday 00:00:00 opens a week, Sunday 23:59:59 still closes the one before; the
    # visit before the first Monday, the ones after the end of d are left out
    assert rows_of(
        weeks, "grid_id", "week_start", "visits", "households_visited", "visit_days"
    ) == [
        (1, D(2026, 3, 2), 2, 1, 2),
        (1, D(2026, 3, 9), 1, 1, 1),
        (3, D(2026, 3, 9), 1, 1, 1),
    ]


def test_one_week_only(registry: Registry) -> None:
    rs = registry.resolve(Scope(as_of=AS_OF))
    with registry.connect() as conn:
        weeks = dv.grid_week_visits(conn, rs, WEEKS[1:], AS_OF)
    assert rows_of(weeks, "grid_id", "week_start", "visits") == [
        (1, D(2026, 3, 9), 1),
        (3, D(2026, 3, 9), 1),
    ]


def test_week_visits_keep_to_the_scope(registry: Registry) -> None:
    rs = registry.resolve(Scope(as_of=AS_OF, communities=("JF",)))
    with registry.connect() as conn:
        weeks = dv.grid_week_visits(conn, rs, WEEKS, AS_OF)
        purposes = dv.week_purpose_visits(conn, rs, WEEKS, AS_OF)
    assert rows_of(weeks, "grid_id", "week_start") == [(3, D(2026, 3, 9))]
    assert rows_of(purposes, "week_start", "purpose", "visits") == [(D(2026, 3, 9), "Service", 1)]


def test_purposes_per_week(registry: Registry) -> None:
    rs = registry.resolve(Scope(as_of=AS_OF))
    with registry.connect() as conn:
        purposes = dv.week_purpose_visits(conn, rs, WEEKS, AS_OF)
    assert rows_of(purposes, "week_start", "purpose", "visits") == [
        (D(2026, 3, 2), "collection", 1),
        (D(2026, 3, 2), "follow_up", 1),
        (D(2026, 3, 9), "Service", 1),
        (D(2026, 3, 9), "service", 1),
    ]


@pytest.mark.parametrize("looked_at", [1, 2, dv.FIRST_VISITS_LOOKED_AT])
def test_first_visit_day_of_the_scope(registry: Registry, looked_at: int) -> None:
    """Found among the earliest visits or, where none of them is in scope, among them all."""
    with registry.connect() as conn:
        whole = registry.resolve(Scope(as_of=AS_OF))
        assert dv.first_visit_day(conn, whole, looked_at) == D(2025, 12, 10)
        for code in ("JF-01", "AH-01", "AH-02"):
            rs = registry.resolve(Scope(as_of=AS_OF, grids=(code,)))
            assert dv.first_visit_day(conn, rs, looked_at) == first_visit_of(conn, rs), code
        jf = registry.resolve(Scope(as_of=AS_OF, grids=("JF-01",)))
        assert dv.first_visit_day(conn, jf, looked_at) == AS_OF


def first_visit_of(conn, rs) -> dt.date | None:
    """The scope's first visit day, from every visit and household row in Python."""
    households = {
        h
        for h, g in conn.execute(sa.select(s.household.c.id, s.household.c.grid_id))
        if g in rs.grid_ids
    }
    days = [
        at.date()
        for at, h in conn.execute(sa.select(s.visit.c.visited_at, s.visit.c.household_id))
        if at is not None and h in households
    ]
    return min(days, default=None)


def test_first_visit_day_of_an_empty_scope_is_none(registry: Registry) -> None:
    rs = registry.resolve(Scope(as_of=AS_OF, communities=("JF",), grids=("AH-01",)))
    with registry.connect() as conn:
        assert dv.first_visit_day(conn, rs) is None
        assert dv.grid_week_visits(conn, rs, WEEKS, AS_OF).is_empty()


# --- households not visited in 90 days --------------------------------------


def test_not_visited_list_order_contacts_and_last_visit(registry: Registry) -> None:
    rs = registry.resolve(Scope(as_of=AS_OF))
    with registry.connect() as conn:
        rows, total = dv.not_visited_households(conn, rs, SINCE_90D, 0, 10)
    assert total == 3
    # never visited first (a visit after d does not count), then by the latest visit
    assert rows.select(
        "household_id", "grid_code", "last_visit", "contact_name", "contact_phone"
    ).rows() == [
        (3, "AH-01", None, None, None),
        (7, "AH-02", None, "欧阳小明", None),
        (2, "AH-01", T(2025, 12, 10, 23, 59, 59), "李四", "13812345678"),
    ]


def test_not_visited_list_is_paged_with_the_total(registry: Registry) -> None:
    rs = registry.resolve(Scope(as_of=AS_OF))
    with registry.connect() as conn:
        page, total = dv.not_visited_households(conn, rs, SINCE_90D, 1, 1)
        none, total_again = dv.not_visited_households(conn, rs, SINCE_90D, 0, 0)
        # the count rides on the page's rows; a page past the end counts on its own
        past, total_past = dv.not_visited_households(conn, rs, SINCE_90D, 3, 5)
        last, total_last = dv.not_visited_households(conn, rs, SINCE_90D, 2, 5)
    assert page["household_id"].to_list() == [7] and total == 3
    assert none.is_empty() and total_again == 3
    assert past.is_empty() and total_past == 3
    assert last.height == 1 and total_last == 3 and list(last.schema) == list(page.schema)


def test_not_visited_total_equals_households_minus_covered_90d(registry: Registry) -> None:
    rs = registry.resolve(Scope(as_of=AS_OF))
    plan = mv.VisitsPlan.for_day(AS_OF)
    with registry.connect() as conn:
        cov = q.coverage_by_grid(
            conn, rs, {"covered_30d": plan.coverage_30d_from, "covered_90d": plan.coverage_90d_from}
        )
        _, total = dv.not_visited_households(conn, rs, plan.coverage_90d_from, 0, 1)
    assert plan.coverage_90d_from == SINCE_90D
    assert mv.not_visited_total(mv.coverage_per_grid(rs.grids, cov)) == total == 3


def test_not_visited_keeps_to_the_scope(registry: Registry) -> None:
    rs = registry.resolve(Scope(as_of=AS_OF, grids=("AH-02", "JF-01")))
    with registry.connect() as conn:
        rows, total = dv.not_visited_households(conn, rs, SINCE_90D, 0, 10)
    assert rows["household_id"].to_list() == [7] and total == 1


# --- the tiny registry: the same figures as the snapshot's queries ------------


def test_tiny_week_figures_agree_with_the_snapshot(tiny_url: str) -> None:
    registry = Registry.open(tiny_url)
    rs = registry.resolve(Scope(as_of=TINY_AS_OF))
    plan = mv.VisitsPlan.for_day(TINY_AS_OF)
    with registry.connect() as conn:
        weeks = dv.grid_week_visits(conn, rs, plan.week_starts, TINY_AS_OF)
        this_week = q.visits_by_grid(conn, rs, plan.week_starts[-1], TINY_AS_OF)
        last_week = q.grid_day_visits(conn, rs, WEEKS[0], WEEKS[0] + dt.timedelta(days=6))
    assert rows_of(
        weeks, "grid_id", "week_start", "visits", "households_visited", "visit_days"
    ) == [
        (1, D(2026, 3, 2), 3, 1, 3),
        (1, D(2026, 3, 9), 2, 2, 1),
        (3, D(2026, 2, 2), 1, 1, 1),
    ]
    current = weeks.filter(weeks["week_start"] == plan.week_starts[-1])
    assert rows_of(current, "grid_id", "visits", "households_visited") == rows_of(
        this_week, "grid_id", "visits", "households_visited"
    )
    days = last_week.group_by("grid_id").len().rows()
    assert sorted(days) == rows_of(
        weeks.filter(weeks["week_start"] == WEEKS[0]), "grid_id", "visit_days"
    )


def test_tiny_not_visited_in_a_short_window(tiny_url: str) -> None:
    registry = Registry.open(tiny_url)
    rs = registry.resolve(Scope(as_of=TINY_AS_OF))
    with registry.connect() as conn:
        rows, total = dv.not_visited_households(conn, rs, D(2026, 3, 5), 0, 10)
    assert total == 2
    assert rows.select("household_id", "last_visit", "contact_name").rows() == [
        (4, T(2026, 2, 8, 23, 59, 59), "孙八"),
        (1, T(2026, 3, 4, 9, 0, 0), "张三"),
    ]
