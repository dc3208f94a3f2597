"""The 特殊人群 page (special groups): one builder per section.

What leaves a builder is what the page may show: member lists come masked, and
only for the care groups that are not sensitive; sensitive counts come shown for the role's
``Disclosure`` (a builder argument, so each disclosure has its own cache entry in the page's loader).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
from sqlalchemy.engine import Connection

from data_access import daily
from data_access import queries as q
from data_access import special_groups as sq
from data_access.scope import ResolvedScope
from metrics import population as mp
from metrics import special_groups as msg
from metrics.privacy import Disclosure

#: An export never holds more rows than this (the page says so when the list is longer).
EXPORT_LIMIT = 10_000


@dataclass(frozen=True)
class GroupsOverview:
    groups: (
        pl.DataFrame
    )  # group_table: code, name_zh, name_en, applies_to, sensitive, members, shown
    matrix: pl.DataFrame  # grid_group_matrix with grid_name
    left_out: int = 0  # memberships no group count holds (unknown group or level: DQ12, DQ28)


@dataclass(frozen=True)
class GroupTrend:
    code: str
    name_zh: str
    name_en: str
    applies_to: str
    sensitive: bool
    points: pl.DataFrame  # day, shown, plotted (by the disclosure; None where shown "<5")
    has_members: bool


@dataclass(frozen=True)
class CareGap:
    codes: tuple[str, ...]  # care groups listed (present, resident-level, not sensitive)
    withheld: tuple[str, ...]  # care groups present but sensitive: never listed
    window_from: dt.date
    by_grid: pl.DataFrame  # care_gap_by_grid
    totals: dict[str, int | float | None]


@dataclass(frozen=True)
class CareGapRows:
    rows: pl.DataFrame  # care_gap_rows (masked)
    total: int


def groups_overview(conn: Connection, rs: ResolvedScope, disclosure: Disclosure) -> GroupsOverview:
    """Every group's count in scope and the grid × group matrix, shown for ``disclosure``."""
    groups = q.special_groups(conn)
    counts = daily.special_group_counts(conn, rs)
    left_out = daily.memberships_left_out(conn, rs)
    matrix = msg.grid_group_matrix(groups, rs.grids, counts, disclosure).join(
        rs.grids.select(pl.col("id").alias("grid_id"), pl.col("name").alias("grid_name")),
        on="grid_id",
    )
    return GroupsOverview(
        groups=msg.group_table(groups, counts, disclosure), matrix=matrix, left_out=left_out
    )


def group_trend(
    conn: Connection, rs: ResolvedScope, code: str, disclosure: Disclosure
) -> GroupTrend | None:
    """The group's count at the end of each of the last 26 weeks; ``None`` for an unknown code."""
    days = mp.week_end_days(rs.as_of)
    groups = q.special_groups(conn).filter(pl.col("code") == code)
    if groups.is_empty():
        return None
    group = groups.row(0, named=True)
    members = daily.members_on_days(conn, rs, code, group["applies_to"], days)
    sensitive = bool(group["sensitive"])
    trend = msg.group_trend(days, members, sensitive, disclosure)
    return GroupTrend(
        code=code,
        name_zh=group["name_zh"],
        name_en=group["name_en"],
        applies_to=group["applies_to"],
        sensitive=sensitive,
        points=trend.select("day", "shown", "plotted"),  # exact counts stay here
        has_members=bool(trend["members"].sum()),
    )


def _care_codes(conn: Connection) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(care groups that may be listed, care groups withheld as sensitive) of this registry."""
    groups = q.special_groups(conn)
    return msg.care_group_codes(groups), msg.withheld_care_groups(groups)


def care_gap(conn: Connection, rs: ResolvedScope) -> CareGap:
    """Care-group members not visited in the care window, per grid and in all."""
    window_from = msg.care_window_start(rs.as_of)
    codes, withheld = _care_codes(conn)
    counts = daily.care_gap_counts(conn, rs, codes, window_from)
    by_grid = msg.care_gap_by_grid(rs.grids, counts)
    return CareGap(
        codes=codes,
        withheld=withheld,
        window_from=window_from,
        by_grid=by_grid,
        totals=msg.care_gap_totals(by_grid),
    )


def care_gap_rows(
    conn: Connection, rs: ResolvedScope, offset: int, limit: int, masked: bool = True
) -> CareGapRows:
    """One page of the care-gap list, masked (unless ``masked`` is False: an unmasking with a
    reason), and the list's length."""
    as_of = rs.as_of
    window_from = msg.care_window_start(as_of)
    codes, _ = _care_codes(conn)
    rows, total = sq.care_gap_page(conn, rs, codes, window_from, offset, limit)
    memberships = sq.care_memberships(conn, rows["resident_id"].to_list(), codes, as_of)
    return CareGapRows(rows=msg.care_gap_rows(rows, memberships, as_of, masked=masked), total=total)
