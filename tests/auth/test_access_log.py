"""The access log's hash chain: intact, changed, removed, and many writers at once."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from app_db import open_app_db
from app_db.schema import access_log
from auth import log
from tests.auth.conftest import T0


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
    with app_engine.begin() as conn:
        conn.execute(access_log.update().where(access_log.c.id == 3).values(rows=0))
    assert log.verify(app_engine) == (2, log.Broken(3, "changed after it was written"))


def test_a_removed_row_is_named(app_engine: sa.Engine) -> None:
    fill(app_engine, 5)
    with app_engine.begin() as conn:
        conn.execute(access_log.delete().where(access_log.c.id == 2))
    count, broken = log.verify(app_engine)
    assert count == 1 and broken.id == 3 and "missing" in broken.problem


def test_a_rewritten_row_with_a_fresh_hash_breaks_the_next_link(app_engine: sa.Engine) -> None:
    fill(app_engine, 4)
    with app_engine.begin() as conn:
        row = conn.execute(sa.select(access_log).where(access_log.c.id == 2)).one()._mapping
        forged = {**row, "reason": "核实"}
        conn.execute(
            access_log.update()
            .where(access_log.c.id == 2)
            .values(reason="核实", hash=log.row_hash(row["prev_hash"], forged))
        )
    assert log.verify(app_engine) == (2, log.Broken(3, "does not follow the row before"))


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
