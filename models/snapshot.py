"""The contract's snapshot object (``python -m metrics snapshot``) as a page model."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from data_access.loaders import load_snapshot_inputs
from data_access.scope import ResolvedScope
from metrics.snapshot import SnapshotPlan, snapshot


def snapshot_figures(conn: Connection, rs: ResolvedScope) -> dict[str, Any]:
    """The snapshot of ``kpi-definitions.md`` for ``rs`` on ``rs.as_of``."""
    plan = SnapshotPlan.for_day(rs.as_of)
    return snapshot(plan, load_snapshot_inputs(conn, rs, plan))
