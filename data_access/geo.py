"""Queries of the grid map: the raw boundary text of the grids in scope.

Boundaries are returned as stored (GeoJSON text or NULL); ``metrics.geo.parse_boundary``
decides whether one can be drawn, so a malformed row never fails the query.
"""

from __future__ import annotations

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.queries import _frame, _in_scope
from data_access.schema import grid
from data_access.scope import ResolvedScope


def grid_boundaries(conn: Connection, rs: ResolvedScope) -> pl.DataFrame:
    """grid_id, boundary (text or null) for every grid in scope, in code order."""
    schema = {"grid_id": pl.Int64, "boundary": pl.String}
    if rs.empty:
        return pl.DataFrame(schema=schema)
    stmt = (
        sa.select(grid.c.id.label("grid_id"), grid.c.boundary)
        .where(_in_scope(grid.c.id, rs))
        .order_by(grid.c.code)
    )
    return _frame(conn, stmt, schema)
