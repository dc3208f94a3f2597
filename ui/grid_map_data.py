"""Cached loader of the grid map (网格地图), and where its optional base map comes from.

The map shows the grids of the community and area filters (the "context"); the grid filter
only highlights grids in it, so a click on one grid does not make the others disappear.

Base map: none by default, so the map works without internet. An office with its own tile
server sets ``GRID_MAP_STYLE_URL`` (environment) or ``[map] style_url`` in
``.streamlit/secrets.toml`` to the URL of a MapLibre GL style document (``style.json``) that
points at its tiles; the environment wins. The browser fetches the style and the tiles, so the
server must allow cross-origin requests (CORS).
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, replace

import polars as pl

from data_access.config import SECRETS_PATH
from data_access.geo import grid_boundaries
from data_access.loaders import load_snapshot_inputs
from metrics.geo import Boundary, grid_figures, parse_boundary
from metrics.snapshot import SnapshotPlan
from ui.data import ScopeKey, loader, registry_for, resolved_scope

STYLE_ENV_VAR = "GRID_MAP_STYLE_URL"


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


def context_key(key: ScopeKey) -> ScopeKey:
    """The scope the map draws: the page's scope without the grid filter."""
    return replace(key, grids=())


@loader
def grid_map(url: str, key: ScopeKey, as_of: dt.date) -> GridMap:
    """Figures and boundaries of every grid in ``key``'s scope on ``as_of``."""
    registry = registry_for(url)
    rs = resolved_scope(url, key, as_of)
    plan = SnapshotPlan.for_day(as_of)
    with registry.connect() as conn:
        inputs = load_snapshot_inputs(conn, rs, plan)
        raw = grid_boundaries(conn, rs)
    return GridMap(
        as_of=as_of,
        figures=grid_figures(inputs),
        group_counts=inputs.special_group_counts,
        special_groups=inputs.special_groups,
        boundaries={g: parse_boundary(text) for g, text in raw.iter_rows()},
    )


def map_style_url() -> str | None:
    """The configured base-map style URL, or ``None`` for no base map (works offline)."""
    env = os.environ.get(STYLE_ENV_VAR, "").strip()
    if env:
        return env
    if SECRETS_PATH.is_file():
        try:
            secrets = tomllib.loads(SECRETS_PATH.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            return None
        section = secrets.get("map")
        value = section.get("style_url") if isinstance(section, dict) else None
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
