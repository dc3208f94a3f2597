"""Grid boundaries: each community a block on a square spiral around 爱和社区, its grids
non-overlapping quads of a jittered lattice inside the block (GeoJSON, WGS84 lon/lat)."""

from __future__ import annotations

import json
import math
import random

CENTER_LON = 117.16
CENTER_LAT = 31.71
BLOCK_LON = 0.016  # block size in degrees (≈ 1.5 km × 1.3 km)
BLOCK_LAT = 0.012
GAP = 0.002


def spiral_position(index: int) -> tuple[int, int]:
    """Cell (x, y) of ``index`` on a square spiral starting at (0, 0)."""
    if index == 0:
        return 0, 0
    k = (math.isqrt(index) + 1) // 2
    while (2 * k + 1) ** 2 <= index:
        k += 1
    while (2 * k - 1) ** 2 > index:
        k -= 1
    # Ring k holds 8k cells, counted anticlockwise from (k, -k + 1).
    offset, side = index - (2 * k - 1) ** 2, 2 * k
    if offset < side:
        return k, -k + 1 + offset
    offset -= side
    if offset < side:
        return k - 1 - offset, k
    offset -= side
    if offset < side:
        return -k, k - 1 - offset
    return -k + 1 + offset - side, -k


def grid_boundaries(community_index: int, n_grids: int, rng: random.Random) -> list[str]:
    """One GeoJSON Polygon text per grid, laid out row by row inside the community's block."""
    bx, by = spiral_position(community_index)
    west = CENTER_LON - BLOCK_LON / 2 + bx * (BLOCK_LON + GAP)
    south = CENTER_LAT - BLOCK_LAT / 2 + by * (BLOCK_LAT + GAP)
    cols = max(1, math.ceil(math.sqrt(n_grids * 1.2)))
    rows = math.ceil(n_grids / cols)
    dx, dy = BLOCK_LON / cols, BLOCK_LAT / rows
    points: list[list[tuple[float, float]]] = []
    for j in range(rows + 1):
        row = []
        for i in range(cols + 1):
            x, y = west + i * dx, south + j * dy
            if 0 < i < cols:
                x += rng.uniform(-0.18, 0.18) * dx
            if 0 < j < rows:
                y += rng.uniform(-0.18, 0.18) * dy
            row.append((round(x, 6), round(y, 6)))
        points.append(row)
    out = []
    for k in range(n_grids):
        # Rows from the north down, so AH-01 sits in the north-west corner.
        j, i = rows - 1 - k // cols, k % cols
        ring = [
            points[j][i],
            points[j][i + 1],
            points[j + 1][i + 1],
            points[j + 1][i],
            points[j][i],
        ]
        out.append(
            json.dumps(
                {"type": "Polygon", "coordinates": [[list(p) for p in ring]]},
                separators=(",", ":"),
            )
        )
    return out
