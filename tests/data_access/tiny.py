"""A tiny registry whose every row sits on an edge of a definition; as of 2026-03-10 (a Tuesday)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from data_access import schema as s

D = dt.date
T = dt.datetime
AS_OF = D(2026, 3, 10)


def _rows(table: sa.Table, rows: list[dict]) -> tuple[sa.Table, list[dict]]:
    full = [{c.name: row.get(c.name) for c in table.columns} for row in rows]
    return table, full


def build_tiny(engine: sa.Engine) -> None:
    s.metadata.create_all(engine)
    data = [
        _rows(
            s.community,
            [
                dict(id=1, code="AH", name="爱和社区", township="上派镇"),
                dict(id=2, code="JF", name="解放社区", township="上派镇"),
            ],
        ),
        _rows(s.area, [dict(id=1, community_id=1, name="建新片", lead_name="吴邦尤")]),
        _rows(
            s.grid,
            [
                dict(
                    id=1,
                    community_id=1,
                    area_id=1,
                    code="AH-01",
                    name="建新小区",
                    kind="property_managed",
                    inhabited=True,
                    boundary='{"type":"Polygon","coordinates":[[[117.16,31.71],[117.17,31.71],[117.17,31.72],[117.16,31.71]]]}',
                ),
                dict(
                    id=2,
                    community_id=1,
                    area_id=1,
                    code="AH-02",
                    name="商业街",
                    kind="work_unit",
                    inhabited=False,
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
                dict(id=1, grid_id=1, address="建新小区1栋1单元101", registered_on=D(2026, 1, 1)),
                dict(
                    id=2, grid_id=1, address="建新小区1栋1单元102", registered_on=AS_OF
                ),  # registered on d: active
                dict(
                    id=3,
                    grid_id=1,
                    address="建新小区1栋1单元201",
                    registered_on=D(2026, 1, 1),
                    closed_on=AS_OF,
                ),  # closed on d
                dict(id=4, grid_id=3, address="解放一组3号", registered_on=D(2026, 1, 1)),
            ],
        ),
        _rows(
            s.resident,
            [
                dict(
                    id=1,
                    household_id=1,
                    name="张三",
                    gender="M",
                    birth_date=D(1966, 3, 10),
                    residency="resident",
                    registered_on=D(2026, 1, 1),
                ),  # turns 60 on d
                dict(
                    id=2,
                    household_id=1,
                    name="李四",
                    gender="F",
                    birth_date=D(1990, 5, 1),
                    residency="floating",
                    floating_origin="business",
                    registered_on=AS_OF,
                ),
                dict(
                    id=3,
                    household_id=1,
                    name="王五",
                    gender="M",
                    birth_date=D(1990, 5, 1),
                    residency="floating",
                    registered_on=D(2026, 1, 1),
                    left_on=AS_OF,
                ),  # left on d: not active
                dict(
                    id=4,
                    household_id=2,
                    name="赵六",
                    gender="F",
                    birth_date=D(1966, 3, 11),
                    residency="floating",
                    floating_origin="Business",
                    registered_on=AS_OF,
                ),  # another spelling: unknown; 59 on d
                dict(
                    id=5,
                    household_id=3,
                    name="钱七",
                    gender="M",
                    birth_date=D(1950, 1, 1),
                    residency="nominal",
                    registered_on=D(2026, 1, 1),
                ),  # household closed, the resident's own dates decide
                dict(
                    id=6,
                    household_id=4,
                    name="孙八",
                    gender="M",
                    birth_date=D(1980, 1, 1),
                    residency="resident",
                    floating_origin="other",
                    registered_on=D(2026, 1, 1),
                ),  # origin of a non-floating: ignored
            ],
        ),
        _rows(
            s.special_group,
            [
                dict(
                    code="disabled",
                    name_zh="残疾人",
                    name_en="Disabled",
                    applies_to="resident",
                    sensitive=False,
                ),
                dict(
                    code="pregnant",
                    name_zh="怀孕对象",
                    name_en="Pregnant",
                    applies_to="resident",
                    sensitive=True,
                ),
                dict(
                    code="party_household",
                    name_zh="党员家庭",
                    name_en="Party household",
                    applies_to="household",
                    sensitive=False,
                ),
            ],
        ),
        _rows(
            s.resident_group,
            [
                dict(resident_id=1, group_code="disabled", since=D(2026, 1, 1)),
                dict(
                    resident_id=1, group_code="disabled", since=D(2026, 2, 1)
                ),  # twice: counts once
                dict(
                    resident_id=5, group_code="disabled", since=D(2026, 1, 1), until=AS_OF
                ),  # ended on d
                dict(resident_id=3, group_code="pregnant", since=D(2026, 1, 1)),  # resident left
            ],
        ),
        _rows(
            s.household_group,
            [
                dict(household_id=1, group_code="party_household", since=D(2026, 1, 1)),
                dict(
                    household_id=3, group_code="party_household", since=D(2026, 1, 1)
                ),  # household closed
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
                ),
                dict(
                    id=2,
                    community_id=1,
                    name="周网格员",
                    role="grid_worker",
                    started_on=D(2025, 1, 1),
                ),
                dict(
                    id=3,
                    community_id=2,
                    name="郑网格员",
                    role="grid_worker",
                    started_on=D(2025, 1, 1),
                ),
                dict(
                    id=4,
                    community_id=1,
                    name="冯网格员",
                    role="grid_worker",
                    started_on=D(2025, 1, 1),
                    ended_on=AS_OF,
                ),
            ],
        ),
        _rows(
            s.grid_assignment,
            [
                dict(worker_id=1, grid_id=1, since=D(2025, 1, 1)),
                dict(worker_id=1, grid_id=2, since=D(2025, 1, 1)),
                dict(
                    worker_id=2, grid_id=1, since=D(2025, 1, 1), until=AS_OF
                ),  # assignment ends on d
                dict(worker_id=3, grid_id=3, since=D(2025, 1, 1)),
                dict(worker_id=4, grid_id=1, since=D(2025, 1, 1)),  # worker left his post on d
            ],
        ),
        _rows(
            s.visit,
            [
                dict(
                    id=1,
                    worker_id=1,
                    household_id=1,
                    visited_at=T(2026, 3, 2, 9),
                    purpose="collection",
                ),
                dict(
                    id=2,
                    worker_id=1,
                    household_id=1,
                    visited_at=T(2026, 3, 3, 9),
                    purpose="follow_up",
                ),
                dict(
                    id=3,
                    worker_id=1,
                    household_id=1,
                    visited_at=T(2026, 3, 4, 9),
                    purpose="service",
                ),
                dict(
                    id=4,
                    worker_id=1,
                    household_id=2,
                    visited_at=T(2026, 3, 10, 9),
                    purpose="collection",
                ),
                dict(
                    id=5,
                    worker_id=1,
                    household_id=3,
                    visited_at=T(2026, 3, 10, 23, 59, 59),
                    purpose="verification",
                ),
                dict(
                    id=6,
                    worker_id=3,
                    household_id=4,
                    visited_at=T(2026, 2, 8, 23, 59, 59),
                    purpose="collection",
                ),
            ],
        ),
        _rows(
            s.patrol,
            [
                dict(id=1, worker_id=1, grid_id=1, patrolled_on=D(2026, 3, 2)),
                dict(id=2, worker_id=1, grid_id=1, patrolled_on=D(2026, 3, 3)),
                dict(id=3, worker_id=1, grid_id=2, patrolled_on=D(2026, 3, 3)),
            ],
        ),
        _rows(
            s.work_log,
            [
                dict(id=1, worker_id=1, log_date=D(2026, 3, 2), submitted_at=T(2026, 3, 2, 18)),
                dict(id=2, worker_id=1, log_date=D(2026, 3, 3), submitted_at=T(2026, 3, 4, 8)),
            ],
        ),
        _rows(s.incident_category, [dict(code="other", name_zh="其他", name_en="Other")]),
        _rows(
            s.incident,
            [
                dict(
                    id=1,
                    grid_id=1,
                    reported_by=1,
                    category="other",
                    reported_at=T(2026, 3, 1, 10),
                    accepted_at=T(2026, 3, 1, 12),
                    resolved_at=T(2026, 3, 4, 10),
                    escalated=False,
                ),  # exactly 72 h
                dict(
                    id=2,
                    grid_id=1,
                    reported_by=None,
                    category="other",
                    reported_at=T(2026, 3, 10, 23),
                    escalated=False,
                ),
                dict(
                    id=3,
                    grid_id=3,
                    reported_by=3,
                    category="other",
                    reported_at=T(2026, 2, 8, 8),
                    resolved_at=T(2026, 3, 11, 0, 0),
                    escalated=True,
                ),  # resolved at the end of d: still open
            ],
        ),
        _rows(
            s.rental,
            [
                dict(
                    id=1,
                    household_id=1,
                    landlord_name="陈房东",
                    pledge_signed_on=AS_OF,
                    last_inspected_on=D(2025, 12, 11),
                ),
                dict(
                    id=2,
                    household_id=1,
                    landlord_name="陈房东",
                    pledge_signed_on=D(2026, 3, 11),
                    last_inspected_on=D(2025, 12, 10),
                ),
                dict(
                    id=3, household_id=3, landlord_name="林房东", pledge_signed_on=D(2026, 1, 1)
                ),  # household closed
            ],
        ),
        _rows(
            s.assessment_criterion,
            [
                dict(code="visits", name_zh="入户走访", name_en="Visits", max_score=25),
                dict(code="patrol", name_zh="巡查", name_en="Patrol", max_score=15),
            ],
        ),
        _rows(
            s.assessment,
            [
                dict(worker_id=1, period="2026-02", criterion_code="visits", score=21.35),
                dict(worker_id=1, period="2026-02", criterion_code="patrol", score=12),
                dict(worker_id=3, period="2026-03", criterion_code="visits", score=20),
                dict(
                    worker_id=3, period="2026-04", criterion_code="visits", score=25
                ),  # after d's month
            ],
        ),
    ]
    with engine.begin() as conn:
        for table, rows in data:
            conn.execute(table.insert(), rows)


#: The snapshot of the whole tiny registry on AS_OF, worked out by hand from the rows above.
EXPECTED_ALL = {
    "as_of": "2026-03-10",
    "scope": {"communities": ["AH", "JF"], "grids": ["AH-01", "AH-02", "JF-01"]},
    "households": 3,
    "residents": {"total": 5, "resident": 2, "floating": 2, "nominal": 1, "elderly_60_plus": 2},
    "floating_origin": {
        "out_of_county": 0,
        "study_companion": 0,
        "business": 1,
        "other": 0,
        "unknown": 1,
    },
    "special_groups": {"disabled": 1, "party_household": 1, "pregnant": 0},
    "grids": {"total": 3, "inhabited": 2},
    "workers": {"grid_leader": 1, "grid_worker": 1},
    "visits": {
        "week_start": "2026-03-09",
        "this_week": {"visits": 2, "households_visited": 2},
        "coverage_30d": 0.6667,
        "coverage_90d": 1.0,
        "last_week": {
            "start": "2026-03-02",
            "end": "2026-03-08",
            "grids": 2,
            "grids_meeting_visit_days": 1,
            "visit_days": 3,
            "visit_days_meeting_rate": 3,
        },
    },
    "incidents": {"open": 2, "reported_30d": 2, "resolved_within_72h_30d": 0.5},
    "rentals": {"total": 2, "pledge_signed": 1, "inspected_90d": 1},
    "assessment": {
        "period": "2026-03",
        "workers_scored": 1,
        "mean_total": 80.0,
        "min_total": 80.0,
        "max_total": 80.0,
    },
}

#: The same for community AH alone.
EXPECTED_AH = {
    **EXPECTED_ALL,
    "scope": {"communities": ["AH"], "grids": ["AH-01", "AH-02"]},
    "households": 2,
    "residents": {"total": 4, "resident": 1, "floating": 2, "nominal": 1, "elderly_60_plus": 2},
    "grids": {"total": 2, "inhabited": 1},
    "workers": {"grid_leader": 1, "grid_worker": 0},
    "visits": {
        **EXPECTED_ALL["visits"],
        "coverage_30d": 1.0,
        "last_week": {
            "start": "2026-03-02",
            "end": "2026-03-08",
            "grids": 1,
            "grids_meeting_visit_days": 1,
            "visit_days": 3,
            "visit_days_meeting_rate": 3,
        },
    },
    "incidents": {"open": 1, "reported_30d": 2, "resolved_within_72h_30d": 0.5},
    "assessment": {
        "period": "2026-02",
        "workers_scored": 1,
        "mean_total": 83.38,
        "min_total": 83.38,
        "max_total": 83.38,
    },
}
