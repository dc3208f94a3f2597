"""The grid map's figures (网格地图): boundaries read defensively, one row of figures per grid.

A grid's ``boundary`` is GeoJSON text (``Polygon`` or ``MultiPolygon``, WGS84 lon/lat). It is
written by other systems, so it is parsed without trust: a missing or malformed boundary gives
a ``problem`` code (and a short detail), never an exception.

Per-grid figures are computed from the snapshot's own per-grid frames (``SnapshotInputs``) with
the definitions of ``kpi-definitions.md``: each grid's row equals the snapshot of a scope made of
that grid alone (``python -m metrics snapshot --grid CODE``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import polars as pl

from metrics.core import ratio
from metrics.snapshot import SnapshotInputs, week_rules_by_grid, with_coverage

#: problem codes of a boundary that cannot be drawn
MISSING = "missing"
MALFORMED = "malformed"  # not JSON
UNSUPPORTED = "unsupported"  # JSON, but not a Polygon or MultiPolygon
BAD_COORDINATES = "bad_coordinates"  # a ring or position that is not lon/lat
#: a ring needs at least three distinct corners; a closing position repeating the first is optional
MIN_RING_POSITIONS = 3

Ring = list[tuple[float, float]]
Polygon = list[Ring]  # outer ring first, then holes


@dataclass(frozen=True)
class Boundary:
    """A parsed boundary: its polygons (outer ring, then holes), or why there are none."""

    polygons: tuple[Polygon, ...] = ()
    problem: str | None = None
    detail: str = ""

    @property
    def drawable(self) -> bool:
        return self.problem is None


class _Bad(Exception):
    """A boundary that is JSON but not a drawable polygon; the message says why."""

    @property
    def detail(self) -> str:
        return str(self.args[0]) if self.args else ""


def _position(value: Any) -> tuple[float, float]:
    if not isinstance(value, list | tuple) or len(value) < 2:
        raise _Bad(f"position {str(value)[:40]} is not [lon, lat]")
    lon, lat = value[0], value[1]
    for number in (lon, lat):
        if (
            isinstance(number, bool)
            or not isinstance(number, int | float)
            or not math.isfinite(number)
        ):
            raise _Bad(f"position {str(value)[:40]} is not numeric")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise _Bad(f"position {str(value)[:40]} is outside lon/lat range")
    return float(lon), float(lat)


def _ring(value: Any) -> Ring:
    if not isinstance(value, list):
        raise _Bad("a ring is not a list of positions")
    ring = [_position(p) for p in value]
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring = ring[:-1]
    if len(set(ring)) < MIN_RING_POSITIONS:
        raise _Bad(f"a ring has fewer than {MIN_RING_POSITIONS} distinct positions")
    return ring


def _polygon(value: Any) -> Polygon:
    if not isinstance(value, list) or not value:
        raise _Bad("a polygon has no rings")
    return [_ring(r) for r in value]


def parse_boundary(text: str | None) -> Boundary:
    """Parse a grid's ``boundary``; the ``problem`` says why a boundary cannot be drawn.

    ``missing``: NULL or blank. ``malformed``: not JSON. ``unsupported``: JSON whose ``type`` is
    not ``Polygon``/``MultiPolygon``. ``bad_coordinates``: a polygon without rings, a ring with
    fewer than 3 distinct positions, or a position that is not a finite [lon, lat] in range.
    """
    if text is None or not str(text).strip():
        return Boundary(problem=MISSING)
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return Boundary(problem=MALFORMED, detail=str(exc)[:80])
    kind = doc.get("type") if isinstance(doc, dict) else None
    if kind not in ("Polygon", "MultiPolygon"):
        shown = kind if isinstance(kind, str) else type(doc).__name__
        return Boundary(problem=UNSUPPORTED, detail=str(shown)[:40])
    coordinates = doc.get("coordinates")
    try:
        if kind == "Polygon":
            polygons = (_polygon(coordinates),)
        else:
            if not isinstance(coordinates, list) or not coordinates:
                raise _Bad("a MultiPolygon has no polygons")
            polygons = tuple(_polygon(p) for p in coordinates)
    except _Bad as bad:
        return Boundary(problem=BAD_COORDINATES, detail=bad.detail)
    return Boundary(polygons=polygons)


def bounds(boundaries: list[Boundary]) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) around every outer ring; ``None`` when nothing is drawable."""
    lons = [lon for b in boundaries for p in b.polygons for lon, _ in p[0]]
    lats = [lat for b in boundaries for p in b.polygons for _, lat in p[0]]
    if not lons:
        return None
    return min(lons), min(lats), max(lons), max(lats)


def label_point(polygon: Polygon) -> tuple[float, float]:
    """Where a polygon's label goes: the mean of its outer ring's corners."""
    ring = polygon[0]
    return sum(lon for lon, _ in ring) / len(ring), sum(lat for _, lat in ring) / len(ring)


def fit_view(
    box: tuple[float, float, float, float], width_px: int = 900, height_px: int = 560
) -> dict[str, float]:
    """Centre and Web-Mercator zoom that show ``box`` in a ``width_px`` × ``height_px`` map."""
    west, south, east, north = box
    lat = (south + north) / 2
    lon_span = max(east - west, 1e-4)
    # a degree of latitude is stretched by 1/cos(lat) on the Mercator plane
    lat_span = max(north - south, 1e-4) / max(math.cos(math.radians(lat)), 1e-6)
    # deck.gl's Web-Mercator world is 512 pixels wide at zoom 0
    zoom_x = math.log2(360 * width_px / (512 * lon_span))
    zoom_y = math.log2(360 * height_px / (512 * lat_span))
    zoom = min(zoom_x, zoom_y) - 0.2  # a margin around the grids
    return {
        "longitude": (west + east) / 2,
        "latitude": lat,
        "zoom": round(max(1.0, min(zoom, 18.0)), 2),
    }


# --- figures per grid -------------------------------------------------------


def floating_share(floating: int, total: int) -> float | None:
    """``floating_share``: active ``floating`` residents ÷ all active residents of the same scope
    (``residents.floating`` ÷ ``residents.total``), a ratio; ``null`` when there is no resident."""
    return ratio(floating, total)


def _sum_by_grid(frame: pl.DataFrame, column: str, alias: str) -> pl.DataFrame:
    return frame.group_by("grid_id").agg(pl.col(column).sum().cast(pl.Int64).alias(alias))


def grid_figures(inputs: SnapshotInputs) -> pl.DataFrame:
    """One row per grid in scope, sorted by code, each figure as the snapshot defines it.

    Columns: grid_id, code, name, community_code, community_name, inhabited, households,
    residents, resident, floating, nominal, floating_share, covered_90d, coverage_90d,
    days_with_visits, meets_visit_days, visit_days, visit_days_meeting_rate, open_incidents.
    The week-rule columns are null for a grid that is not inhabited (the rule does not apply).
    """
    grids = inputs.grids.select(
        pl.col("id").alias("grid_id"),
        "code",
        "name",
        "community_code",
        "community_name",
        "inhabited",
    )
    residents = inputs.residents.group_by("grid_id").agg(
        pl.col("residents").sum().alias("residents"),
        *[
            pl.col("residents").filter(pl.col("residency") == code).sum().alias(code)
            for code in ("resident", "floating", "nominal")
        ],
    )
    rules = week_rules_by_grid(inputs.grids, inputs.last_week_visits, inputs.last_week_households)
    frame = (
        grids.join(
            _sum_by_grid(inputs.households, "households", "households"), on="grid_id", how="left"
        )
        .join(residents, on="grid_id", how="left")
        .join(_sum_by_grid(inputs.coverage, "covered_90d", "covered_90d"), on="grid_id", how="left")
        .join(
            _sum_by_grid(inputs.open_incidents, "open", "open_incidents"), on="grid_id", how="left"
        )
        .with_columns(
            pl.col(
                "households",
                "residents",
                "resident",
                "floating",
                "nominal",
                "covered_90d",
                "open_incidents",
            )
            .fill_null(0)
            .cast(pl.Int64)
        )
        .join(
            rules.select(
                "grid_id",
                "days_with_visits",
                "meets_visit_days",
                "visit_days",
                "visit_days_meeting_rate",
            ),
            on="grid_id",
            how="left",
        )
        .sort("code")
    )
    shares = [floating_share(f, t) for f, t in frame.select("floating", "residents").iter_rows()]
    return with_coverage(
        frame.with_columns(pl.Series("floating_share", shares, dtype=pl.Float64))
    ).select(
        "grid_id", "code", "name", "community_code", "community_name", "inhabited",
        "households", "residents", "resident", "floating", "nominal", "floating_share",
        "covered_90d", "coverage_90d", "days_with_visits", "meets_visit_days", "visit_days",
        "visit_days_meeting_rate", "open_incidents",
    )  # fmt: skip


def group_members_by_grid(
    grid_ids: list[int], counts: pl.DataFrame, group_code: str
) -> pl.DataFrame:
    """``special_groups.<code>`` per grid (grid_id, members) from the snapshot's
    ``special_group_counts`` (group_code, grid_id, members); 0 where the group has no member."""
    members = _sum_by_grid(counts.filter(pl.col("group_code") == group_code), "members", "members")
    return (
        pl.DataFrame({"grid_id": grid_ids}, schema={"grid_id": pl.Int64})
        .join(members, on="grid_id", how="left")
        .with_columns(pl.col("members").fill_null(0).cast(pl.Int64))
    )
