"""How fresh the data is: the newest record of each kind, never one dated after today."""

from __future__ import annotations

import datetime as dt

from data_access import queries as q
from data_access.loaders import Registry
from tests.data_access.tiny import AS_OF


def test_newest_record_of_each_kind(tiny_url: str) -> None:
    registry = Registry.open(tiny_url)
    with registry.connect() as conn:
        fresh = q.latest_records(conn, today=dt.date(2026, 12, 2))
        earlier = q.latest_records(conn, today=AS_OF - dt.timedelta(days=1))
    assert set(fresh) == set(q.FRESHNESS_COLUMNS)
    assert fresh["visit"] == registry.default_as_of(today=dt.date(2026, 12, 2)) == AS_OF
    assert all(d is None or isinstance(d, dt.date) for d in fresh.values())
    # a record dated after "today" is not fresh data: the newest is then an earlier one
    assert earlier["visit"] is None or earlier["visit"] < AS_OF
    assert all(d is None or d <= AS_OF - dt.timedelta(days=1) for d in earlier.values())
