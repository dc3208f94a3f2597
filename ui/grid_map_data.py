"""Cached loader of the grid map (网格地图, ``models.grid_map`` cached), and where its optional base map comes from.

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
from dataclasses import replace

import models.grid_map
from data_access.config import SECRETS_PATH
from models.grid_map import GridMap
from ui.data import ScopeKey, built, loader

STYLE_ENV_VAR = "GRID_MAP_STYLE_URL"


def context_key(key: ScopeKey) -> ScopeKey:
    """The scope the map draws: the page's scope without the grid filter."""
    return replace(key, grids=())


@loader
def grid_map(url: str, key: ScopeKey, as_of: dt.date) -> GridMap:
    """Figures and boundaries of every grid in ``key``'s scope on ``as_of``."""
    return built(url, key, as_of, models.grid_map.grid_map)


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
