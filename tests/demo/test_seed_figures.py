"""爱和社区 (AH) in the demo registry reproduces the seed's figures on 2026-03-10 exactly.

Plain SQL over a freshly built demo (AH plus one more community, so other communities'
rows are there to be kept out). The metrics layer pins the same figures separately.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.schema import (
    area,
    assessment_criterion,
    community,
    grid,
    grid_assignment,
    household,
    incident_category,
    resident,
    special_group,
    visit,
    worker,
)
from demo.build import build_demo

DAY = "2026-03-10"


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    path: Path = tmp_path_factory.mktemp("demo-seed") / "registry.sqlite"
    build_demo(f"sqlite:///{path}", communities=2)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as c:
        yield c
    engine.dispose()


def _active(start: sa.ColumnElement, end: sa.ColumnElement) -> sa.ColumnElement[bool]:
    """Half-open validity on DAY (dates are ISO text in SQLite, compared as text)."""
    return sa.and_(start <= DAY, sa.or_(end.is_(None), end > DAY))


def _ah_grids() -> sa.Select:
    return (
        sa.select(grid.c.id)
        .join(community, community.c.id == grid.c.community_id)
        .where(community.c.code == "AH")
    )


def _ah_households() -> sa.Select:
    return sa.select(household.c.id).where(
        household.c.grid_id.in_(_ah_grids()),
        _active(household.c.registered_on, household.c.closed_on),
    )


def test_community_identity(conn: Connection) -> None:
    row = conn.execute(
        sa.select(community.c.name, community.c.township).where(community.c.code == "AH")
    ).one()
    assert tuple(row) == ("爱和社区", "上派镇")
    assert conn.execute(sa.select(community.c.code).where(community.c.id == 1)).scalar_one() == "AH"


def test_fourteen_grids_ten_inhabited(conn: Connection) -> None:
    rows = conn.execute(
        sa.select(grid.c.code, grid.c.inhabited).where(grid.c.id.in_(_ah_grids()))
    ).all()
    assert sorted(code for code, _ in rows) == [f"AH-{i:02d}" for i in range(1, 15)]
    assert sum(1 for _, inhabited in rows if inhabited) == 10


def test_households_only_in_inhabited_grids(conn: Connection) -> None:
    stray = conn.execute(
        sa.select(sa.func.count())
        .select_from(household.join(grid, grid.c.id == household.c.grid_id))
        .where(grid.c.inhabited.is_(False))
    ).scalar_one()
    assert stray == 0
    per_grid = conn.execute(
        sa.select(household.c.grid_id, sa.func.count())
        .where(household.c.id.in_(_ah_households()))
        .group_by(household.c.grid_id)
    ).all()
    assert len(per_grid) == 10


def test_five_areas_with_their_leads_cover_every_grid(conn: Connection) -> None:
    rows = conn.execute(
        sa.select(area.c.name, area.c.lead_name)
        .join(community, community.c.id == area.c.community_id)
        .where(community.c.code == "AH")
    ).all()
    assert {tuple(r) for r in rows} == {
        ("建新片", "吴邦尤"),
        ("站前片", "张伏宏"),
        ("爱和片", "吴昌明"),
        ("消防李湾片", "张诗桂"),
        ("人民片", "刘琼"),
    }
    areas_of_grids = conn.execute(
        sa.select(grid.c.code, area.c.community_id)
        .select_from(grid.outerjoin(area, area.c.id == grid.c.area_id))
        .where(grid.c.id.in_(_ah_grids()))
    ).all()
    assert len(areas_of_grids) == 14
    assert all(cid == 1 for _, cid in areas_of_grids)


def _staff_on_day(conn: Connection) -> dict[int, tuple[str, set[str]]]:
    rows = conn.execute(
        sa.select(worker.c.id, worker.c.role, grid.c.code)
        .select_from(
            worker.join(grid_assignment, grid_assignment.c.worker_id == worker.c.id).join(
                grid, grid.c.id == grid_assignment.c.grid_id
            )
        )
        .where(
            grid.c.id.in_(_ah_grids()),
            _active(worker.c.started_on, worker.c.ended_on),
            _active(grid_assignment.c.since, grid_assignment.c.until),
        )
    ).all()
    staff: dict[int, tuple[str, set[str]]] = {}
    for wid, role, code in rows:
        staff.setdefault(wid, (role, set()))[1].add(code)
    return staff


def test_six_leaders_and_fourteen_workers_in_post(conn: Connection) -> None:
    staff = _staff_on_day(conn)
    roles = [role for role, _ in staff.values()]
    assert roles.count("grid_leader") == 6
    assert roles.count("grid_worker") == 14


def test_leaders_lead_two_or_three_grids_covering_all(conn: Connection) -> None:
    led = [grids for role, grids in _staff_on_day(conn).values() if role == "grid_leader"]
    assert all(2 <= len(g) <= 3 for g in led)
    assert set().union(*led) == {f"AH-{i:02d}" for i in range(1, 15)}
    assert sum(len(g) for g in led) == 14  # one leader per grid


def test_someone_left_post_before_the_day(conn: Connection) -> None:
    """A worker replaced during the campaign is not counted on the day (half-open ended_on)."""
    gone = conn.execute(
        sa.select(sa.func.count()).where(
            worker.c.community_id == 1, worker.c.ended_on.is_not(None), worker.c.ended_on <= DAY
        )
    ).scalar_one()
    assert gone >= 1


def test_4686_households(conn: Connection) -> None:
    n = conn.execute(
        sa.select(sa.func.count()).select_from(_ah_households().subquery())
    ).scalar_one()
    assert n == 4686


def _active_residents() -> sa.Select:
    ah_households = sa.select(household.c.id).where(household.c.grid_id.in_(_ah_grids()))
    return sa.select(resident).where(
        resident.c.household_id.in_(ah_households),
        _active(resident.c.registered_on, resident.c.left_on),
    )


def test_16074_residents_by_residency(conn: Connection) -> None:
    active = _active_residents().subquery()
    rows = conn.execute(
        sa.select(active.c.residency, sa.func.count()).group_by(active.c.residency)
    ).all()
    assert dict(rows) == {"resident": 9074, "floating": 3000, "nominal": 4000}


def test_floating_by_origin(conn: Connection) -> None:
    active = _active_residents().subquery()
    rows = conn.execute(
        sa.select(active.c.floating_origin, sa.func.count())
        .where(active.c.residency == "floating")
        .group_by(active.c.floating_origin)
    ).all()
    assert dict(rows) == {
        "out_of_county": 703,
        "study_companion": 684,
        "business": 1254,
        "other": 359,
    }


def test_active_residents_live_in_active_households(conn: Connection) -> None:
    active = _active_residents().subquery()
    orphans = conn.execute(
        sa.select(sa.func.count()).where(active.c.household_id.not_in(_ah_households()))
    ).scalar_one()
    assert orphans == 0


def test_half_open_edges_are_exercised(conn: Connection) -> None:
    """Rows that end exactly on the day (not counted) and rows that start on it (counted)."""
    ah = sa.select(household.c.id).where(household.c.grid_id.in_(_ah_grids()))
    assert (
        conn.execute(
            sa.select(sa.func.count()).where(household.c.id.in_(ah), household.c.closed_on == DAY)
        ).scalar_one()
        >= 1
    )
    assert (
        conn.execute(
            sa.select(sa.func.count()).where(
                resident.c.household_id.in_(ah), resident.c.left_on == DAY
            )
        ).scalar_one()
        >= 1
    )
    assert (
        conn.execute(
            sa.select(sa.func.count()).where(
                resident.c.household_id.in_(ah), resident.c.registered_on == DAY
            )
        ).scalar_one()
        >= 1
    )
    before = conn.execute(
        sa.select(sa.func.count()).where(
            resident.c.household_id.in_(ah),
            resident.c.left_on.is_not(None),
            resident.c.left_on < DAY,
        )
    ).scalar_one()
    after = conn.execute(
        sa.select(sa.func.count()).where(
            resident.c.household_id.in_(ah), resident.c.registered_on > DAY
        )
    ).scalar_one()
    assert before > 0 and after > 0


def test_lookup_rows_as_the_contract_lists_them(conn: Connection) -> None:
    groups = conn.execute(
        sa.select(
            special_group.c.code,
            special_group.c.name_zh,
            special_group.c.applies_to,
            special_group.c.sensitive,
        )
    ).all()
    assert {(c, n, a, bool(s)) for c, n, a, s in groups} == {
        ("disabled", "残疾人", "resident", False),
        ("empty_nest_elderly", "空巢老人", "resident", False),
        ("solitary_elderly", "独居老人", "resident", False),
        ("widowed_elderly", "孤寡老人", "resident", False),
        ("party_member", "党员", "resident", False),
        ("pregnant", "怀孕对象", "resident", True),
        ("prenatal_check", "孕检对象", "resident", True),
        ("iud_check", "环检对象", "resident", True),
        ("key_population", "重点人口", "resident", True),
        ("stability_watch", "稳控对象", "resident", True),
        ("party_household", "党员家庭", "household", False),
        ("honor_certificate", "光荣证户", "household", False),
        ("newlywed_childless", "新婚无孩户", "household", False),
        ("renter_local", "本县租房户", "household", False),
        ("renter_nonlocal", "非本县租房户", "household", False),
        ("home_buyer", "买房户", "household", False),
    }
    assert dict(
        conn.execute(sa.select(incident_category.c.code, incident_category.c.name_zh)).all()
    ) == {
        "neighbor_dispute": "邻里纠纷",
        "public_security": "治安隐患",
        "fire_safety": "消防安全",
        "sanitation": "环境卫生",
        "facilities": "设施维修",
        "assistance": "民生求助",
        "rental": "出租房屋",
        "other": "其他",
    }
    criteria = conn.execute(
        sa.select(
            assessment_criterion.c.code,
            assessment_criterion.c.name_zh,
            assessment_criterion.c.max_score,
        )
    ).all()
    assert {tuple(r) for r in criteria} == {
        ("collection", "信息采集", 25.0),
        ("visits", "入户走访", 25.0),
        ("patrol", "巡查", 15.0),
        ("work_log", "工作日志", 10.0),
        ("incidents", "事件处置", 15.0),
        ("satisfaction", "群众满意度", 10.0),
    }


def test_visits_span_the_campaign_to_the_last_day(conn: Connection) -> None:
    first, last = conn.execute(
        sa.select(sa.func.min(visit.c.visited_at), sa.func.max(visit.c.visited_at))
    ).one()
    assert first.date().isoformat() == "2026-02-20"
    assert last.date().isoformat() == "2026-11-27"
