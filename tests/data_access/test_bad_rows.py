# ruff: noqa: E501 -- the registry rows below read best one per line
"""One bad row must not move every figure (issue 9, section 4), on SQLite and PostgreSQL.

The registry is the tiny one plus bad rows, in tables created without the schema's constraints
(no primary key, unique, NOT NULL or foreign key), as an imported registry may be. Each bad row
is a data-quality finding with a count, and the figures leave it out (or fail closed) instead of
changing silently.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
import sqlalchemy as sa

import models.workers
from commands.metrics_cli import run_snapshot, run_workers
from data_access import daily
from data_access import quality as dq
from data_access import queries as q
from data_access import schema as s
from data_access.errors import RegistryError
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics.privacy import Disclosure
from metrics.special_groups import group_table
from tests.data_access.tiny import AS_OF, EXPECTED_ALL, build_tiny

D = dt.date
T = dt.datetime
TODAY = D(2026, 3, 12)  # the injected "today" of these tests


def _loose(engine: sa.Engine) -> None:
    """The contract's tables and columns, without any constraint."""
    loose = sa.MetaData()
    for table in s.metadata.sorted_tables:
        sa.Table(table.name, loose, *(sa.Column(c.name, c.type) for c in table.columns))
    loose.create_all(engine)


def insert(conn: sa.Connection, table: sa.Table, *rows: dict) -> None:
    conn.execute(table.insert(), [{c.name: r.get(c.name) for c in table.columns} for r in rows])


def build_bad(engine: sa.Engine) -> None:
    _loose(engine)
    build_tiny(engine)  # create_all skips the loose tables that exist; the rows go in
    with engine.begin() as conn:
        # twenty visits dated 2099 (DQ23): the default day must not move
        insert(
            conn,
            s.visit,
            *(
                dict(
                    id=100 + i,
                    worker_id=1,
                    household_id=1,
                    visited_at=T(2099, 1, 1 + i, 9),
                    purpose="collection",
                )
                for i in range(20)
            ),
        )
        insert(conn, s.special_group,
            dict(code="secret", name_zh="保密对象", name_en="Secret", applies_to="resident", sensitive=None),  # DQ24
            dict(code="family", name_zh="家庭", name_en="Family", applies_to=None, sensitive=False),  # DQ12
            dict(code="party_household", name_zh="党员家庭", name_en="Party household",
                 applies_to="household", sensitive=False),  # DQ27 (repeated code)
        )  # fmt: skip
        insert(conn, s.resident_group,
            dict(resident_id=1, group_code="secret", since=D(2026, 1, 1)),  # 1 member: "<5"
            dict(resident_id=1, group_code="family", since=D(2026, 1, 1)),  # left out (no level)
            dict(resident_id=2, group_code="ghost", since=D(2026, 1, 1)),  # DQ28, left out
        )  # fmt: skip
        insert(conn, s.assessment_criterion,
            dict(code="bonus", name_zh="加分", name_en="Bonus", max_score=0),  # DQ26
            dict(code="huge", name_zh="超大", name_en="Huge", max_score=5000),  # DQ26
            dict(code="service", name_zh="服务", name_en="Service", max_score=10),  # DQ27 ×2
            dict(code="service", name_zh="服务", name_en="Service", max_score=10),
            dict(code="visits2", name_zh="入户走访", name_en="Visits", max_score=25),  # same name and max as visits
        )  # fmt: skip
        insert(conn, s.assessment,
            dict(worker_id=3, period="2026-03", criterion_code="bonus", score=5),
            dict(worker_id=3, period="2026-03", criterion_code="huge", score=10),
            dict(worker_id=3, period="2026-03", criterion_code="service", score=8),
            dict(worker_id=3, period="2026-03", criterion_code="patrol", score=-3),  # DQ25
            dict(worker_id=3, period="2026-03", criterion_code="missing", score=5),  # DQ28
            dict(worker_id=1, period="2026-03", criterion_code="visits", score=20),  # DQ27 ×2
            dict(worker_id=1, period="2026-03", criterion_code="visits", score=24),
        )  # fmt: skip
        # orphans (DQ28): a household of no grid, a resident of no household, a visit to no household
        insert(
            conn,
            s.household,
            dict(id=9, grid_id=99, address="无网格1号", registered_on=D(2026, 1, 1)),
        )
        insert(conn, s.resident, dict(id=9, household_id=99, name="无户", gender="M", birth_date=D(1950, 1, 1),
                                      residency="resident", registered_on=D(2026, 1, 1)))  # fmt: skip
        insert(conn, s.visit, dict(id=99, worker_id=1, household_id=999, visited_at=T(2026, 3, 10, 8),
                                   purpose="collection"))  # fmt: skip


@pytest.fixture
def registry(engine_name: str, registry_url) -> Registry:
    return Registry.open(registry_url(engine_name, "bad_rows", build_bad))


def counts(registry: Registry, code: str) -> int:
    rs = registry.resolve(Scope(), AS_OF)
    with registry.connect() as conn:
        return int(dq.check_counts(conn, rs, code, today=TODAY)["records"].sum())


def listed(registry: Registry, code: str) -> set[tuple]:
    rs = registry.resolve(Scope(), AS_OF)
    with registry.connect() as conn:
        rows, _ = dq.check_list(conn, rs, code, 0, 1000, today=TODAY)
    return {(r["table"], r["record_key"], r["field"]) for r in rows.iter_rows(named=True)}


# --- the default day ---------------------------------------------------------------------


def test_visits_after_today_do_not_move_the_default_day(registry: Registry) -> None:
    assert registry.default_as_of(today=TODAY) == AS_OF
    assert registry.default_as_of(today=D(2026, 3, 5)) == D(
        2026, 3, 4
    )  # today's own visits count up to its end
    assert registry.default_as_of(today=D(2026, 3, 10)) == AS_OF
    assert registry.default_as_of(today=D(2026, 1, 1)) == D(2026, 1, 1)  # no visit yet: today
    assert counts(registry, "DQ23") == 20


def test_a_visit_before_the_first_day_shown_does_not_become_the_default(registry_url) -> None:
    """A registry whose only visits are dated 1970 (an epoch slip) opens on today, a day the
    date picker can show (2000-01-01 to 2100-12-31), not on 1970."""

    def build(engine: sa.Engine) -> None:
        build_bad(engine)
        with engine.begin() as conn:
            conn.execute(s.visit.update().values(visited_at=T(1970, 1, 1, 8)))

    registry = Registry.open(registry_url("sqlite", "epoch_visits", build))
    assert registry.default_as_of(today=TODAY) == TODAY


def test_visits_after_today_count_from_today_whatever_the_as_of_day(registry: Registry) -> None:
    rs = registry.resolve(Scope(), D(2026, 2, 1))
    with registry.connect() as conn:
        assert int(dq.check_counts(conn, rs, "DQ23", today=TODAY)["records"].sum()) == 20
        assert int(dq.check_counts(conn, rs, "DQ23", today=D(2099, 1, 10))["records"].sum()) == 10


# --- special groups fail closed ----------------------------------------------------------


def test_null_sensitive_flag_is_sensitive(registry: Registry) -> None:
    with registry.connect() as conn:
        groups = q.special_groups(conn)
        rs = registry.resolve(Scope(), AS_OF)
        table = group_table(groups, q.special_group_counts(conn, rs), Disclosure.PROTECTED)
    secret = table.filter(pl.col("code") == "secret").row(0, named=True)
    assert secret["sensitive"] is True and secret["members"] == 1 and secret["shown"] == "<5"
    assert counts(registry, "DQ24") == 1


def test_a_repeated_group_code_is_one_group(registry: Registry) -> None:
    with registry.connect() as conn:
        groups = q.special_groups(conn)
    assert groups["code"].to_list() == sorted(set(groups["code"].to_list()))
    assert run_snapshot(registry, Scope(as_of=AS_OF))["special_groups"]["party_household"] == 1
    assert ("special_group", "party_household", "code") in listed(registry, "DQ27")


def test_memberships_without_a_level_or_a_group_are_left_out_and_counted(
    registry: Registry,
) -> None:
    rs = registry.resolve(Scope(), AS_OF)
    with registry.connect() as conn:
        assert daily.memberships_left_out(conn, rs) == 2  # family (no level), ghost (no group)
    figures = run_snapshot(registry, Scope(as_of=AS_OF))["special_groups"]
    assert figures["family"] == 0 and "ghost" not in figures
    assert counts(registry, "DQ12") == 1
    assert counts(registry, "DQ28") >= 1


# --- assessment ----------------------------------------------------------------------------


def test_bad_scores_are_left_out_of_totals_and_counted(registry: Registry) -> None:
    figures = run_snapshot(registry, Scope(as_of=AS_OF))
    assert figures["assessment"] == EXPECTED_ALL["assessment"]  # worker 3: 20 of 25 → 80.0
    by_id = {w["id"]: w for w in run_workers(registry, Scope(as_of=AS_OF), "2026-03")["workers"]}
    assert by_id[3]["scores"] == {"visits": 20.0} and by_id[3]["score_total"] == 80.0
    assert by_id[1]["scores"] == {} and by_id[1]["score_total"] is None  # two rows, one key
    with registry.connect() as conn:
        assert q.scores_left_out(conn, [1, 3], "2026-03", AS_OF) == 7
    assert counts(registry, "DQ25") == 1
    assert listed(registry, "DQ26") == {
        ("assessment_criterion", "bonus", "max_score"),
        ("assessment_criterion", "huge", "max_score"),
    }
    assert {k for t, k, _ in listed(registry, "DQ27") if t != "special_group"} == {
        "service",
        "1 2026-03 visits",
    }
    assert ("assessment", "3 2026-03", "criterion_code") in listed(registry, "DQ28")


def test_the_month_sheets_count_the_scores_left_out(registry: Registry) -> None:
    """The workers page's sheets (the month and the month before, read together; one worker's
    trend) name the rows left out as ``scores_left_out`` counts them, month by month."""
    rs = registry.resolve(Scope(as_of=AS_OF))
    months = ["2026-03", "2026-02"]
    with registry.connect() as conn:
        sheets = models.workers.month_sheets(conn, rs, months)
        assert [sheet.month for sheet in sheets] == months
        for sheet in sheets:
            ids = [r["id"] for r in sheet.rows]
            assert sheet.scores_left_out == q.scores_left_out(conn, ids, sheet.month, AS_OF)
            assert sheet == models.workers.month_sheet(conn, rs, sheet.month)
        assert sheets[0].scores_left_out == 7
        for worker_id in (1, 3):
            trend = models.workers.worker_months(conn, rs, months, worker_id)
            for month, sheet in trend.items():
                assert [r["id"] for r in sheet.rows] == [worker_id]
                expected = q.scores_left_out(conn, [worker_id], month, AS_OF)
                assert sheet.scores_left_out == expected
        assert models.workers.worker_months(conn, rs, months, 1)["2026-03"].scores_left_out > 0


def build_left_in_february(engine: sa.Engine) -> None:
    """The tiny registry and a worker who left his post in February, with a score for March."""
    build_tiny(engine)
    with engine.begin() as conn:
        insert(
            conn,
            s.worker,
            dict(
                id=5,
                community_id=1,
                name="陈网格员",
                role="grid_worker",
                started_on=D(2025, 1, 1),
                ended_on=D(2026, 2, 20),
            ),
        )
        insert(
            conn,
            s.grid_assignment,
            dict(worker_id=5, grid_id=1, since=D(2025, 1, 1), until=D(2026, 2, 20)),
        )
        insert(
            conn,
            s.assessment,
            dict(worker_id=5, period="2026-02", criterion_code="visits", score=15),
            dict(worker_id=5, period="2026-03", criterion_code="visits", score=10),
        )


def test_a_month_s_scores_left_out_are_of_its_own_workers(engine_name: str, registry_url) -> None:
    """Read together, February lists worker 5 and March does not: his March row is no March
    sheet's row left out (the months' workers differ, the query reads them all)."""
    registry = Registry.open(registry_url(engine_name, "left_in_february", build_left_in_february))
    rs = registry.resolve(Scope(as_of=AS_OF))
    with registry.connect() as conn:
        march, february = models.workers.month_sheets(conn, rs, ["2026-03", "2026-02"])
        assert 5 in [r["id"] for r in february.rows] and 5 not in [r["id"] for r in march.rows]
        for sheet in (march, february):
            ids = [r["id"] for r in sheet.rows]
            assert sheet.scores_left_out == q.scores_left_out(conn, ids, sheet.month, AS_OF)
        assert march.scores_left_out == 0


def test_criteria_lookup_is_one_row_per_code(registry: Registry) -> None:
    with registry.connect() as conn:
        criteria = q.assessment_criteria(conn)
    assert criteria["code"].to_list() == sorted(set(criteria["code"].to_list()))
    service = criteria.filter(pl.col("code") == "service").row(0, named=True)
    assert service["max_score"] is None  # repeated: it scores nothing


# --- orphans -------------------------------------------------------------------------------


def test_rows_pointing_at_missing_parents_are_counted_and_left_out(registry: Registry) -> None:
    figures = run_snapshot(registry, Scope(as_of=AS_OF))
    assert figures["households"] == EXPECTED_ALL["households"]  # household 9 has no grid
    assert figures["residents"] == EXPECTED_ALL["residents"]
    assert figures["visits"]["this_week"] == EXPECTED_ALL["visits"]["this_week"]
    orphans = listed(registry, "DQ28")
    assert {
        ("household", None, "grid_id"),
        ("resident", None, "household_id"),
        ("visit", None, "household_id"),
    } <= orphans
    # 3 above, the score's criterion, and the membership of group ghost (counted, never listed)
    assert counts(registry, "DQ28") == 5


# --- a value the column's type cannot hold --------------------------------------------------


def test_a_value_the_schema_type_cannot_hold_names_its_column(
    engine_name: str, registry: Registry
) -> None:
    """PostgreSQL types its columns, so the registry cannot hold one; the conversion is the same."""
    stmt = sa.select(sa.type_coerce(sa.literal_column("'abc'"), sa.Integer).label("grid_id"))
    with (
        registry.connect() as conn,
        pytest.raises(RegistryError, match="malformed value.*grid_id.*'abc'.*integer"),
    ):
        q._frame(conn, stmt, {"grid_id": pl.Int64})


def test_text_in_an_integer_column_of_sqlite_names_table_and_column(registry_url) -> None:
    url = registry_url("sqlite", "bad_rows_text", build_bad)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE grid SET id = 'abc' WHERE id = 2"))
    engine.dispose()
    with pytest.raises(
        RegistryError, match=r"grid\.id holds 'abc' where the schema wants an integer"
    ):
        run_snapshot(Registry.open(url), Scope(as_of=AS_OF))


def test_text_in_a_reference_column_is_a_reference_to_no_row(registry_url) -> None:
    """``household.grid_id = 'abc'`` names no grid: the household is in no scope (DQ28)."""
    url = registry_url("sqlite", "bad_rows_reference", build_bad)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE household SET grid_id = 'abc' WHERE id = 4"))
    engine.dispose()
    registry = Registry.open(url)
    assert (
        run_snapshot(registry, Scope(as_of=AS_OF))["households"] == EXPECTED_ALL["households"] - 1
    )
    assert ("household", None, "grid_id") in listed(registry, "DQ28")
    assert counts(registry, "DQ28") == 6
