"""Incident and rental queries on the tiny registry and on a small registry of backlog edges,
each on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
import sqlalchemy as sa

from data_access import incidents as qi
from data_access import queries as q
from data_access import rentals as qr
from data_access import schema as s
from data_access.loaders import Registry
from data_access.scope import ResolvedScope, Scope
from metrics import incidents as mi
from metrics import rentals as mr
from metrics.snapshot import SnapshotPlan, overdue_reported_before
from tests.data_access.tiny import AS_OF, EXPECTED_ALL

T = dt.datetime
END = T(2026, 3, 11)  # the end of AS_OF


def resolved(url: str, **filters) -> tuple[Registry, ResolvedScope]:
    registry = Registry.open(url)
    return registry, registry.resolve(Scope(as_of=AS_OF, **filters), AS_OF)


# --- the tiny registry ----------------------------------------------------------------------


def test_incident_rows_of_the_30_day_window(tiny_url: str) -> None:
    registry, rs = resolved(tiny_url)
    plan = SnapshotPlan.for_day(AS_OF)
    with registry.connect() as conn:
        rows = qi.incident_rows(conn, rs, plan.incidents_from, AS_OF)
    assert sorted(rows["id"].to_list()) == [1, 2]  # 3 was reported on 8 February
    summary = mi.stage_summary(rows, AS_OF)
    assert summary["reported"] == EXPECTED_ALL["incidents"]["reported_30d"]
    assert (
        summary["resolved_within_72h_rate"] == EXPECTED_ALL["incidents"]["resolved_within_72h_30d"]
    )
    assert (summary["accepted"], summary["resolved"], summary["median_hours_to_accept"]) == (
        1,
        1,
        2.0,
    )
    assert summary["median_hours_total"] == 72.0


def test_backlog_of_the_tiny_registry(tiny_url: str) -> None:
    registry, rs = resolved(tiny_url)
    with registry.connect() as conn:
        counts = qi.backlog_counts(conn, rs, mi.backlog_bounds(AS_OF))
    got = mi.backlog(counts)
    assert got == {"le_1d": 1, "d1_3": 0, "d3_7": 0, "gt_7d": 1}
    assert sum(got.values()) == EXPECTED_ALL["incidents"]["open"]


def test_rental_figures_are_the_snapshots(tiny_url: str) -> None:
    registry, rs = resolved(tiny_url)
    plan = SnapshotPlan.for_day(AS_OF)
    with registry.connect() as conn:
        table = mr.by_grid(
            rs.grids,
            q.rental_counts(conn, rs, mr.inspected_since(AS_OF)),
            qr.rented_households(conn, rs),
            mr.floating_by_grid(q.resident_counts(conn, rs, plan.elderly_born_by)),
        )
    got = mr.summary(table)
    snap = EXPECTED_ALL["rentals"]
    assert (got["rentals"], got["pledge_signed"], got["inspected_90d"]) == (
        snap["total"], snap["pledge_signed"], snap["inspected_90d"],
    )  # fmt: skip
    # household 1 (AH-01) is rented; of its floating residents 李四 is active, 王五 left on the day
    assert (got["rented_households"], got["floating_in_rented"]) == (1, 1)
    assert got["floating"] == EXPECTED_ALL["residents"]["floating"]
    assert got["floating_in_rented_share"] == 0.5
    assert table.filter(pl.col("code") == "AH-01")["rented_households"].to_list() == [1]


@pytest.mark.parametrize(
    ("problem", "ids"), [("any", [2]), ("no_pledge", [2]), ("not_inspected", [2])]
)
def test_rentals_to_follow_up(tiny_url: str, problem: str, ids: list[int]) -> None:
    registry, rs = resolved(tiny_url)
    with registry.connect() as conn:
        rows, total = qr.rentals_to_follow_up(conn, rs, mr.inspected_since(AS_OF), problem, 0, 50)
    # rental 1: pledged on the day, inspected on the window's first day; 3: household closed
    assert rows["id"].to_list() == ids and total == len(ids)
    flags = mr.follow_up_flags(rows, AS_OF)
    assert flags.select(pl.col("no_pledge") | pl.col("not_inspected")).to_series().all()


def test_unknown_rental_problem_is_an_error(tiny_url: str) -> None:
    registry, rs = resolved(tiny_url)
    with registry.connect() as conn, pytest.raises(ValueError, match="bogus"):
        qr.rentals_to_follow_up(conn, rs, mr.inspected_since(AS_OF), "bogus", 0, 50)


def test_overdue_page_of_the_tiny_registry(tiny_url: str) -> None:
    registry, rs = resolved(tiny_url)
    with registry.connect() as conn:
        rows, total = qi.overdue_page(conn, rs, overdue_reported_before(AS_OF), 0, 20)
    assert (rows["id"].to_list(), total) == ([3], 1)
    assert rows["category_en"].to_list() == ["Other"]


def test_empty_scope_is_empty_everywhere(tiny_url: str) -> None:
    registry, rs = resolved(tiny_url, communities=("AH",), grids=("JF-01",))
    with registry.connect() as conn:
        assert qi.incident_rows(conn, rs, AS_OF, AS_OF).is_empty()
        assert qi.backlog_counts(conn, rs, mi.backlog_bounds(AS_OF)).is_empty()
        assert qi.overdue_page(conn, rs, overdue_reported_before(AS_OF), 0, 20)[1] == 0
        assert qr.rented_households(conn, rs).is_empty()
        assert qr.rentals_to_follow_up(conn, rs, mr.inspected_since(AS_OF), "any", 0, 20)[1] == 0


# --- a registry of backlog edges ------------------------------------------------------------

H = dt.timedelta(hours=1)
S = dt.timedelta(seconds=1)
#: id → reported_at, all open at the end of AS_OF, youngest first
EDGES = {
    1: END - 24 * H,  # exactly one day: le_1d
    2: END - 24 * H - S,  # d1_3
    3: END - 72 * H,  # exactly 72 h: d1_3, not overdue
    4: END - 72 * H - S,  # d3_7, overdue
    5: END - 168 * H,  # exactly seven days: d3_7
    6: END - 168 * H - S,  # gt_7d
}


def build_edges(engine: sa.Engine) -> None:
    s.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            s.community.insert(), [dict(id=1, code="AH", name="爱和社区", township="上派镇")]
        )
        conn.execute(
            s.grid.insert(),
            [
                dict(
                    id=1,
                    community_id=1,
                    code="AH-01",
                    name="建新",
                    kind="scattered",
                    inhabited=True,
                )
            ],
        )
        conn.execute(
            s.incident_category.insert(), [dict(code="other", name_zh="其他", name_en="Other")]
        )
        rows = [
            dict(id=i, grid_id=1, reported_by=None, category="other", reported_at=at,
                 accepted_at=None, resolved_at=None, escalated=i == 6)
            for i, at in EDGES.items()
        ]  # fmt: skip
        rows.append(
            dict(id=7, grid_id=1, reported_by=None, category="other", reported_at=END - 100 * H,
                 accepted_at=None, resolved_at=END, escalated=False)
        )  # fmt: skip  # resolved exactly at the end of the day: still open
        rows.append(
            dict(id=8, grid_id=1, reported_by=None, category="other", reported_at=END - 100 * H,
                 accepted_at=None, resolved_at=END - S, escalated=False)
        )  # fmt: skip  # resolved a second before the end: closed
        conn.execute(s.incident.insert(), rows)


@pytest.fixture
def edges_url(engine_name: str, registry_url) -> str:
    return registry_url(engine_name, "incident_edges", build_edges)


def test_backlog_buckets_at_their_exact_boundaries(edges_url: str) -> None:
    registry, rs = resolved(edges_url)
    with registry.connect() as conn:
        counts = qi.backlog_counts(conn, rs, mi.backlog_bounds(AS_OF))
    # 7 (100 h, resolved exactly at the end) is open and in d3_7; 8 is closed
    assert mi.backlog(counts) == {"le_1d": 1, "d1_3": 2, "d3_7": 3, "gt_7d": 1}


def test_overdue_pages_oldest_first(edges_url: str) -> None:
    registry, rs = resolved(edges_url)
    before = overdue_reported_before(AS_OF)
    with registry.connect() as conn:
        everything, total = qi.overdue_page(conn, rs, before, 0, 20)
        middle, total_again = qi.overdue_page(conn, rs, before, 1, 2)
    assert everything["id"].to_list() == [6, 5, 7, 4] and total == total_again == 4
    assert middle["id"].to_list() == [5, 7]
    with registry.connect() as conn:
        counts = mi.backlog(qi.backlog_counts(conn, rs, mi.backlog_bounds(AS_OF)))
    assert mi.overdue(counts) == total
