"""The grid map (网格地图): figures and boundaries of every grid of the map's context."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
from sqlalchemy.engine import Connection

from data_access.geo import grid_boundaries
from data_access.loaders import load_snapshot_inputs
from data_access.scope import ResolvedScope
from metrics.geo import Boundary, grid_figures, parse_boundary
from metrics.snapshot import SnapshotPlan


@dataclass(frozen=True)
class GridMap:
    as_of: dt.date
    figures: pl.DataFrame  # metrics.geo.grid_figures, one row per grid of the context
    group_counts: pl.DataFrame  # group_code, grid_id, members
    special_groups: pl.DataFrame  # the lookup: code, name_zh, name_en, applies_to, sensitive
    boundaries: dict[int, Boundary]  # grid_id → parsed boundary

    @property
    def drawable(self) -> list[int]:
        return [g for g, b in self.boundaries.items() if b.drawable]


def grid_map(conn: Connection, rs: ResolvedScope) -> GridMap:
    """Figures and boundaries of every grid in ``rs`` on ``rs.as_of``."""
    plan = SnapshotPlan.for_day(rs.as_of)
    inputs = load_snapshot_inputs(conn, rs, plan)
    raw = grid_boundaries(conn, rs)
    return GridMap(
        as_of=rs.as_of,
        figures=grid_figures(inputs),
        group_counts=inputs.special_group_counts,
        special_groups=inputs.special_groups,
        boundaries={g: parse_boundary(text) for g, text in raw.iter_rows()},
    )
