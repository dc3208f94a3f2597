"""Every community's row of the township review (``models.township.township_review``, all
communities computed at once by ``metrics.snapshot.snapshots``) equals the single snapshot of
that community — ``python -m metrics snapshot --community CODE`` within the same filters — on
the tiny edge-case registry (SQLite and PostgreSQL; every day of three weeks around its as-of
day, whole and filtered scopes) and on the demo (several days)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import models.township
from commands.metrics_cli import run_snapshot
from data_access.loaders import Registry
from data_access.scope import Scope
from tests.data_access.tiny import AS_OF

D = dt.date


def check_every_community(registry: Registry, scope: Scope, day: dt.date) -> int:
    """Assert each community's row equals its own snapshot; the number of communities checked."""
    rs = registry.resolve(scope, day)
    with registry.connect() as conn:
        review = models.township.township_review(conn, rs)
    assert sorted(review.snapshots) == sorted(set(rs.grids["community_code"].to_list()))
    for code, got in review.snapshots.items():
        alone = Scope(as_of=day, communities=(code,), grids=scope.grids)
        assert got == run_snapshot(registry, alone), (code, day, scope)
    assert review.table["community_code"].to_list() == list(review.snapshots)
    return len(review.snapshots)


#: the tiny registry's scopes: all of it, one grid of each community, one community's grid
TINY_SCOPES = (Scope(), Scope(grids=("AH-02", "JF-01")), Scope(grids=("AH-01",)))


@pytest.mark.parametrize("scope", TINY_SCOPES, ids=["all", "two_grids", "one_grid"])
def test_tiny_every_community_row_equals_its_snapshot_on_every_day(
    tiny_url: str, scope: Scope
) -> None:
    registry = Registry.open(tiny_url)
    checked = sum(
        check_every_community(registry, scope, AS_OF + dt.timedelta(days=offset))
        for offset in range(-14, 8)
    )
    assert checked == 22 * (2 if scope.grids != ("AH-01",) else 1)


def test_demo_every_community_row_equals_its_snapshot(demo_sqlite: Path) -> None:
    registry = Registry.open(str(demo_sqlite))
    days = [D(2026, 3, 10), D(2026, 3, 8), D(2026, 3, 1), D(2026, 1, 31)]  # Sunday, month ends
    assert all(check_every_community(registry, Scope(), day) > 1 for day in days)
