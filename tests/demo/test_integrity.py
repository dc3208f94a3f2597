"""The demo registry is internally consistent and plausible (plain SQL over a fresh build)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from demo.names import id_check_digit

END = "2026-11-27"


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    from demo.build import build_demo

    path: Path = tmp_path_factory.mktemp("demo-integrity") / "registry.sqlite"
    build_demo(f"sqlite:///{path}", communities=3)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as c:
        yield c
    engine.dispose()


def one(conn: Connection, sql: str) -> int:
    return conn.execute(sa.text(sql)).scalar_one()


def test_residents_fit_their_households(conn: Connection) -> None:
    assert one(conn, "SELECT count(*) FROM resident WHERE registered_on < birth_date") == 0
    assert one(conn, "SELECT count(*) FROM resident WHERE left_on <= registered_on") == 0
    assert one(conn, "SELECT count(*) FROM household WHERE closed_on <= registered_on") == 0
    assert (
        one(
            conn,
            "SELECT count(*) FROM resident r JOIN household h ON h.id = r.household_id "
            "WHERE r.registered_on < h.registered_on "
            "OR (h.closed_on IS NOT NULL AND (r.left_on IS NULL OR r.left_on > h.closed_on))",
        )
        == 0
    )
    assert (
        one(
            conn,
            "SELECT count(*) FROM resident "
            "WHERE residency <> 'floating' AND floating_origin IS NOT NULL",
        )
        == 0
    )


def test_household_sizes_and_age_pyramid(conn: Connection) -> None:
    sizes = conn.execute(
        sa.text(
            "SELECT n, count(*) FROM (SELECT h.id, count(r.id) n FROM household h "
            "JOIN resident r ON r.household_id = h.id AND r.registered_on <= '2026-03-10' "
            "AND (r.left_on IS NULL OR r.left_on > '2026-03-10') "
            "WHERE h.registered_on <= '2026-03-10' "
            "AND (h.closed_on IS NULL OR h.closed_on > '2026-03-10') "
            "GROUP BY h.id) GROUP BY n"
        )
    ).all()
    counts = dict(sizes)
    assert set(counts) == {1, 2, 3, 4, 5, 6}
    mean = sum(n * c for n, c in counts.items()) / sum(counts.values())
    assert 3.1 <= mean <= 3.7
    elderly = one(
        conn,
        "SELECT avg(birth_date <= '1966-03-10') FROM resident "
        "WHERE registered_on <= '2026-03-10' AND (left_on IS NULL OR left_on > '2026-03-10')",
    )
    assert 0.12 <= elderly <= 0.18


def test_identity_numbers_are_valid_and_unique(conn: Connection) -> None:
    rows = conn.execute(
        sa.text("SELECT id_number, birth_date, gender FROM resident WHERE id_number IS NOT NULL")
    ).all()
    assert rows
    for number, birth, gender in rows:
        assert len(number) == 18 and number[:17].isdigit()
        assert number[17] == id_check_digit(number[:17])
        assert number[6:14] == birth.replace("-", "")
        assert (int(number[16]) % 2 == 1) == (gender == "M")
    assert len({r[0] for r in rows}) == len(rows)
    assert (
        one(conn, "SELECT count(*) FROM resident WHERE phone IS NOT NULL AND length(phone) <> 11")
        == 0
    )


def test_visits_follow_the_working_day(conn: Connection) -> None:
    assert (
        one(
            conn,
            "SELECT count(*) FROM visit WHERE substr(visited_at, 12) < '08:00:00' "
            "OR substr(visited_at, 12) >= '19:00:00' OR visited_at < '2026-02-20' "
            f"OR visited_at > '{END} 23:59:59'",
        )
        == 0
    )
    assert (
        one(
            conn,
            "SELECT count(*) FROM (SELECT 1 FROM visit "
            "GROUP BY worker_id, household_id, substr(visited_at, 1, 10) HAVING count(*) > 1)",
        )
        == 0
    )
    assert (
        one(
            conn,
            "SELECT count(*) FROM visit v JOIN worker w ON w.id = v.worker_id "
            "WHERE substr(v.visited_at, 1, 10) < w.started_on "
            "OR (w.ended_on IS NOT NULL AND substr(v.visited_at, 1, 10) >= w.ended_on)",
        )
        == 0
    )
    weekend = one(conn, "SELECT avg(strftime('%w', visited_at) IN ('0', '6')) FROM visit")
    assert weekend < 0.08
    collection = conn.execute(
        sa.text(
            "SELECT visited_at < '2026-04-01', avg(purpose = 'collection') FROM visit GROUP BY 1"
        )
    ).all()
    share = dict(collection)
    assert share[1] > 0.6 and share[0] < 0.2
    elsewhere = one(
        conn,
        "SELECT avg(NOT EXISTS (SELECT 1 FROM grid_assignment a JOIN household h "
        "ON h.grid_id = a.grid_id WHERE h.id = v.household_id AND a.worker_id = v.worker_id)) "
        "FROM visit v",
    )
    assert 0 < elsewhere < 0.01


def test_patrols_and_logs(conn: Connection) -> None:
    assert (
        one(
            conn,
            "SELECT count(*) FROM (SELECT 1 FROM patrol GROUP BY worker_id, patrolled_on "
            "HAVING count(*) > 1)",
        )
        == 0
    )
    assert (
        one(
            conn,
            "SELECT count(*) FROM patrol p WHERE NOT EXISTS (SELECT 1 FROM grid_assignment a "
            "WHERE a.worker_id = p.worker_id AND a.grid_id = p.grid_id "
            "AND a.since <= p.patrolled_on "
            "AND (a.until IS NULL OR a.until > p.patrolled_on))",
        )
        == 0
    )
    assert (
        one(
            conn,
            "SELECT count(*) FROM work_log WHERE substr(submitted_at, 1, 10) < log_date "
            f"OR submitted_at > '{END} 23:59:59'",
        )
        == 0
    )
    on_time = one(conn, "SELECT avg(substr(submitted_at, 1, 10) = log_date) FROM work_log")
    assert 0.6 < on_time < 0.98


def test_worker_behaviour_differs(conn: Connection) -> None:
    """Share of full weeks (Apr-Oct) with visits on 3+ days, per grid worker: a spread."""
    rows = conn.execute(
        sa.text(
            "SELECT worker_id, avg(n >= 3) FROM "
            "(SELECT v.worker_id, strftime('%W', v.visited_at) wk, "
            "count(DISTINCT substr(v.visited_at, 1, 10)) n FROM visit v "
            "JOIN worker w ON w.id = v.worker_id AND w.role = 'grid_worker' "
            "WHERE v.visited_at >= '2026-04-06' AND v.visited_at < '2026-10-26' GROUP BY 1, 2) "
            "GROUP BY 1"
        )
    ).all()
    shares = [s for _, s in rows]
    assert min(shares) < 0.6 and max(shares) > 0.9


def test_incidents(conn: Connection) -> None:
    assert (
        one(
            conn,
            "SELECT count(*) FROM incident WHERE accepted_at < reported_at "
            "OR resolved_at < accepted_at OR (resolved_at IS NOT NULL AND accepted_at IS NULL) "
            f"OR reported_at > '{END} 23:59:59' OR resolved_at > '{END} 23:59:59'",
        )
        == 0
    )
    assert one(conn, "SELECT count(DISTINCT category) FROM incident") == 8
    open_long = one(
        conn,
        "SELECT count(*) FROM incident WHERE resolved_at IS NULL "
        f"AND reported_at < datetime('{END} 23:59:59', '-72 hours')",
    )
    assert open_long > 0
    assert one(conn, "SELECT count(*) FROM incident WHERE escalated") > 0
    assert one(conn, "SELECT count(*) FROM incident WHERE reported_by IS NULL") > 0


def test_memberships(conn: Connection) -> None:
    assert one(conn, "SELECT count(*) FROM resident_group WHERE until <= since") == 0
    assert one(conn, "SELECT count(*) FROM household_group WHERE until <= since") == 0
    assert (
        one(
            conn,
            "SELECT count(*) FROM resident_group g JOIN resident r ON r.id = g.resident_id "
            "WHERE g.group_code IN ('empty_nest_elderly', 'solitary_elderly', 'widowed_elderly') "
            "AND date(r.birth_date, '+60 years') > g.since",
        )
        == 0
    )
    assert (
        one(
            conn,
            "SELECT count(*) FROM resident_group g JOIN resident r ON r.id = g.resident_id "
            "WHERE g.group_code IN ('pregnant', 'prenatal_check', 'iud_check') AND r.gender <> 'F'",
        )
        == 0
    )
    used = {r[0] for r in conn.execute(sa.text("SELECT DISTINCT group_code FROM resident_group"))}
    used |= {r[0] for r in conn.execute(sa.text("SELECT DISTINCT group_code FROM household_group"))}
    assert used == {r[0] for r in conn.execute(sa.text("SELECT code FROM special_group"))}
    assert one(conn, "SELECT count(*) FROM resident_group WHERE until IS NOT NULL") > 0


def test_rentals(conn: Connection) -> None:
    total, unsigned, never, stale = conn.execute(
        sa.text(
            "SELECT count(*), sum(pledge_signed_on IS NULL), sum(last_inspected_on IS NULL), "
            f"sum(last_inspected_on < date('{END}', '-89 days')) FROM rental"
        )
    ).one()
    assert total > 0 and 0 < unsigned < total / 4 and 0 < never < total / 4 and stale > 0


def test_assessments(conn: Connection) -> None:
    assert (
        one(
            conn,
            "SELECT count(*) FROM assessment a "
            "JOIN assessment_criterion c ON c.code = a.criterion_code "
            "WHERE a.score < 0 OR a.score > c.max_score",
        )
        == 0
    )
    periods = [
        r[0] for r in conn.execute(sa.text("SELECT DISTINCT period FROM assessment ORDER BY 1"))
    ]
    assert periods == [f"2026-{m:02d}" for m in range(3, 11)]
    assert one(conn, "SELECT count(*) FROM assessment WHERE assessed_on <= period || '-31'") == 0


def test_boundaries(conn: Connection) -> None:
    rows = conn.execute(
        sa.text(
            "SELECT g.code, c.code, g.boundary FROM grid g "
            "JOIN community c ON c.id = g.community_id"
        )
    ).all()
    missing = [code for code, _, shape in rows if shape is None]
    assert 1 <= len(missing) <= 3 and not any(code.startswith("AH-") for code in missing)
    boxes: dict[str, list[float]] = {}
    for _, community, shape in rows:
        if shape is None:
            continue
        geo = json.loads(shape)
        assert geo["type"] == "Polygon"
        ring = geo["coordinates"][0]
        assert ring[0] == ring[-1] and len(ring) == 5
        for lon, lat in ring:
            assert 117.0 < lon < 117.3 and 31.6 < lat < 31.8
        box = boxes.setdefault(community, [999.0, 999.0, -999.0, -999.0])
        for lon, lat in ring:
            box[0], box[1] = min(box[0], lon), min(box[1], lat)
            box[2], box[3] = max(box[2], lon), max(box[3], lat)
    blocks = list(boxes.values())
    for i, a in enumerate(blocks):
        for b in blocks[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
