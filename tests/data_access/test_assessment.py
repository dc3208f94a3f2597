"""The assessment page's queries on the tiny registry, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from data_access import assessment as qa
from data_access.loaders import Registry
from data_access.schema import metadata

D = dt.date
MARCH = (D(2026, 3, 1), D(2026, 3, 31))


@pytest.fixture
def registry(tiny_url: str) -> Registry:
    return Registry.open(tiny_url)


def _days(registry: Registry, worker_id: int, first: dt.date, last: dt.date) -> list[tuple]:
    with registry.connect() as conn:
        return qa.worker_days(conn, worker_id, first, last).rows()


def test_worker_days_unite_visits_patrols_and_logs(registry: Registry) -> None:
    assert _days(registry, 1, *MARCH) == [
        # day, visits, households visited, patrols, logs, logs on time
        (D(2026, 3, 2), 1, 1, 1, 1, 1),
        (D(2026, 3, 3), 1, 1, 2, 1, 0),  # two patrols (two grids); the log came the next day
        (D(2026, 3, 4), 1, 1, 0, 0, 0),
        (D(2026, 3, 10), 2, 2, 0, 0, 0),  # one visit at 23:59:59
    ]


def test_worker_days_last_day_is_inclusive_to_the_second(registry: Registry) -> None:
    through_10th = _days(registry, 1, D(2026, 3, 10), D(2026, 3, 10))
    assert through_10th == [(D(2026, 3, 10), 2, 2, 0, 0, 0)]
    assert _days(registry, 1, D(2026, 3, 5), D(2026, 3, 9)) == []


def test_worker_days_first_day_is_inclusive(registry: Registry) -> None:
    assert [r[0] for r in _days(registry, 1, D(2026, 3, 3), D(2026, 3, 3))] == [D(2026, 3, 3)]


def test_worker_days_of_another_worker_only(registry: Registry) -> None:
    # worker 3 visited on 8 February at 23:59:59 and did nothing in March
    assert _days(registry, 3, *MARCH) == []
    assert _days(registry, 3, D(2026, 2, 1), D(2026, 2, 28)) == [(D(2026, 2, 8), 1, 1, 0, 0, 0)]


def test_worker_communities(registry: Registry) -> None:
    with registry.connect() as conn:
        frame = qa.worker_communities(conn, [3, 1, 99])
        assert qa.worker_communities(conn, []).is_empty()
    assert frame.rows() == [(1, "AH", "爱和社区"), (3, "JF", "解放社区")]


def test_first_activity_is_the_earlier_of_visits_and_periods(registry: Registry) -> None:
    # the first visit is on 8 February; the first period is 2026-02 → its first day
    with registry.connect() as conn:
        assert qa.first_activity(conn) == D(2026, 2, 1)


def _empty_registry(url: str) -> Registry:
    engine = sa.create_engine(url)
    metadata.create_all(engine)
    engine.dispose()
    return Registry.open(url)


def test_first_activity_of_an_empty_registry_is_none(tmp_path: Path) -> None:
    registry = _empty_registry(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    with registry.connect() as conn:
        assert qa.first_activity(conn) is None
        assert qa.worker_days(conn, 1, *MARCH).is_empty()


def test_first_activity_of_an_empty_registry_on_postgres(pg_server) -> None:
    registry = _empty_registry(pg_server.create_database("assessment_empty"))
    with registry.connect() as conn:
        assert qa.first_activity(conn) is None
        assert qa.worker_days(conn, 1, *MARCH).is_empty()
