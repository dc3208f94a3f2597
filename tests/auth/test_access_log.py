"""The access log's hash chain: intact, changed, removed, and many writers at once."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from app_db import open_app_db
from app_db.schema import access_log
from auth import log
from tests.auth.conftest import T0, tamper


def fill(engine: sa.Engine, n: int) -> None:
    for i in range(n):
        log.append(
            engine,
            T0 + dt.timedelta(minutes=i),
            "export",
            login="demo-secretary",
            role="secretary",
            page="visits",
            scope={"communities": ["AH"]},
            filters={"grid": ["AH-01"]},
            rows=10 + i,
            reason="走访",
        )


def test_an_intact_log_verifies(app_engine: sa.Engine) -> None:
    assert log.verify(app_engine) == (0, None)
    fill(app_engine, 5)
    assert log.verify(app_engine) == (5, None)
    newest = log.entries(app_engine, limit=1)[0]
    assert newest["id"] == 5 and newest["rows"] == 14
    assert newest["scope"] == '{"communities": ["AH"]}'


def test_a_changed_row_is_named(app_engine: sa.Engine) -> None:
    fill(app_engine, 5)
    tamper(app_engine, access_log.update().where(access_log.c.id == 3).values(rows=0))
    assert log.verify(app_engine) == (2, log.Broken(3, "changed after it was written"))


def test_a_removed_row_is_named(app_engine: sa.Engine) -> None:
    fill(app_engine, 5)
    tamper(app_engine, access_log.delete().where(access_log.c.id == 2))
    count, broken = log.verify(app_engine)
    assert count == 1 and broken.id == 3 and "missing" in broken.problem


def test_a_rewritten_row_with_a_fresh_hash_breaks_the_next_link(app_engine: sa.Engine) -> None:
    fill(app_engine, 4)
    with app_engine.connect() as conn:
        row = conn.execute(sa.select(access_log).where(access_log.c.id == 2)).one()._mapping
    forged = {**row, "reason": "核实"}
    tamper(
        app_engine,
        access_log.update()
        .where(access_log.c.id == 2)
        .values(reason="核实", hash=log.row_hash(row["prev_hash"], forged)),
    )
    assert log.verify(app_engine) == (2, log.Broken(3, "does not follow the row before"))


@pytest.mark.parametrize(
    "statement",
    [
        access_log.update().where(access_log.c.id == 1).values(reason="核实"),
        access_log.delete().where(access_log.c.id == 2),
        access_log.delete(),
    ],
    ids=["update", "delete", "delete-all"],
)
def test_the_database_refuses_to_change_or_remove_a_row(app_engine, statement) -> None:
    fill(app_engine, 2)
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), app_engine.begin() as conn:
        conn.execute(statement)
    assert log.verify(app_engine) == (2, None)


def test_truncate_is_refused_on_postgres(pg_app_engine: sa.Engine) -> None:
    fill(pg_app_engine, 1)
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), pg_app_engine.begin() as conn:
        conn.execute(sa.text("TRUNCATE access_log"))
    assert log.verify(pg_app_engine) == (1, None)


def test_moments_are_stored_in_utc_and_shown_in_shanghai(app_engine: sa.Engine) -> None:
    beijing = dt.timezone(dt.timedelta(hours=8))
    log.append(app_engine, dt.datetime(2026, 12, 1, 8, 30, tzinfo=beijing), "brief", login="s")
    (row,) = log.entries(app_engine)
    assert row["at"] == dt.datetime(2026, 12, 1, 0, 30)
    assert row["at_local"].isoformat() == "2026-12-01T08:30:00+08:00"
    assert log.entries(app_engine, since=dt.datetime(2026, 12, 1, 0, 31)) == []
    assert log.verify(app_engine) == (1, None)


def test_rows_of_a_community(app_engine: sa.Engine) -> None:
    log.append(app_engine, T0, "unmask", login="a", communities=["AH"])
    log.append(app_engine, T0, "export", login="b", communities=["JF", "AH"])
    log.append(app_engine, T0, "export", login="c", communities=["JF"])
    log.append(app_engine, T0, "sign_in", login="d")
    log.append(app_engine, T0, "export", login="e", communities=["A_"])  # LIKE's _ is literal
    logins = lambda codes: [r["login"] for r in log.entries(app_engine, communities=codes)]  # noqa: E731
    assert logins(["AH"]) == ["b", "a"]
    assert logins(["JF"]) == ["c", "b"]
    assert logins(["A_"]) == ["e"]
    assert logins([]) == []
    assert len(log.entries(app_engine)) == 5


def test_unknown_action_is_refused(app_engine: sa.Engine) -> None:
    with pytest.raises(ValueError, match="unknown access-log action"):
        log.append(app_engine, T0, "delete_everything")


def test_writers_in_parallel_keep_one_chain(app_url: str) -> None:
    engines = [open_app_db(app_url) for _ in range(4)]
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            ids = list(
                pool.map(
                    lambda i: log.append(engines[i % 4], T0, "unmask", login=f"u{i}", rows=i),
                    range(40),
                )
            )
        assert sorted(ids) == list(range(1, 41))
        assert log.verify(engines[0]) == (40, None)
    finally:
        for e in engines:
            e.dispose()
