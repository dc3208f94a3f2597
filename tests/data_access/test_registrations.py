"""Residents registered per week, pushed into the database, on both engines: equal to counting
the raw rows (tiny registry), scope and the last day respected."""

from __future__ import annotations

import datetime as dt

import polars as pl
import sqlalchemy as sa

from data_access import daily
from data_access.config import CAMPAIGN_ENV, campaign_periods
from data_access.loaders import Registry
from data_access.schema import grid, household, resident
from data_access.scope import Scope
from metrics.core import week_start
from tests.data_access.tiny import AS_OF


def naive(conn, grids: set[str], starts: list[dt.date], last: dt.date) -> dict[dt.date, int]:
    rows = conn.execute(
        sa.select(resident.c.registered_on, grid.c.code)
        .join(household, household.c.id == resident.c.household_id)
        .join(grid, grid.c.id == household.c.grid_id)
    ).all()
    counts: dict[dt.date, int] = {}
    for registered_on, code in rows:
        if code in grids and starts[0] <= registered_on <= last:
            monday = week_start(registered_on)
            counts[monday] = counts.get(monday, 0) + 1
    return counts


def test_weekly_registrations_equal_the_raw_rows(tiny_url: str) -> None:
    registry = Registry.open(tiny_url)
    starts = [week_start(AS_OF) - dt.timedelta(weeks=w) for w in range(80, -1, -1)]
    try:
        with registry.connect() as conn:
            for communities, grids in (((), {"AH-01", "AH-02", "JF-01"}), (("JF",), {"JF-01"})):
                rs = registry.resolve(Scope(as_of=AS_OF, communities=communities), AS_OF)
                frame = daily.registrations_by_week(conn, rs, starts, AS_OF)
                got = dict(zip(frame["week_start"], frame["registered"], strict=True))
                assert got == naive(conn, grids, starts, AS_OF)
                assert got  # the tiny registry has registrations in these weeks
                assert frame.schema == pl.Schema({"week_start": pl.Date, "registered": pl.Int64})
            rs = registry.resolve(Scope(as_of=AS_OF), AS_OF)
            assert daily.registrations_by_week(conn, rs, [], AS_OF).is_empty()
    finally:
        registry.engine.dispose()


def test_campaign_periods_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv(
        CAMPAIGN_ENV, "2026-02-09..2026-03-08; 2026-13-01..2026-14-01;2026-05-02..2026-05-01"
    )
    periods, problems = campaign_periods()
    assert periods == [(dt.date(2026, 2, 9), dt.date(2026, 3, 8))]
    assert len(problems) == 2
    monkeypatch.setenv(CAMPAIGN_ENV, "")
    assert campaign_periods()[0] == []  # no secrets file in the test checkout: none configured
