"""Figures of the 特殊人群 page that ``kpi-definitions.md`` does not define.

A group's count on a day is the contract's ``special_groups.<code>``: a
resident-level group counts distinct active residents in scope with a membership
active that day, a household-level group distinct active households in scope with
a membership active that day (``metrics.snapshot.special_group_totals``). Groups
come from the registry's ``special_group`` table, whatever it holds.

Disclosure: a group marked ``sensitive`` is shown as counts only, by the role's
``Disclosure`` (``metrics.privacy``: exact, or "<5" and multiples of 5 — every cell and total
rounded from its own exact count), and its members are never listed.

Pure polars, no I/O.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from metrics.core import age_on, ratio, window_start
from metrics.privacy import Disclosure, drawn_count, mask_address, mask_name, shown_text
from metrics.snapshot import special_group_totals

#: The elderly groups of the care gap (空巢、独居、孤寡老人).
ELDERLY_GROUPS = ("empty_nest_elderly", "solitary_elderly", "widowed_elderly")
#: Every group the care gap looks at: the elderly groups and 残疾人.
CARE_GROUPS = (*ELDERLY_GROUPS, "disabled")
#: A care-gap member's household had no visit in the last this many days, ``[d-29, d]``.
CARE_WINDOW_DAYS = 30
LEVELS = ("resident", "household")


# --- every group ----------------------------------------------------------


def group_table(groups: pl.DataFrame, counts: pl.DataFrame, disclosure: Disclosure) -> pl.DataFrame:
    """Every row of ``special_group`` with its count on ``d`` in scope.

    ``groups`` is the lookup (code, name_zh, name_en, applies_to, sensitive — NULL is taken
    as sensitive: the flag fails closed);
    ``counts`` is ``special_group_counts`` (group_code, grid_id, members). Out: the
    lookup's columns plus ``members`` (exact; 0 when none) and ``shown`` (the text a
    page may show to ``disclosure``, rounded from the exact total). Resident-level groups first, then household-level (a level other
    than the two codes last); within a level the groups that are not sensitive first,
    each in code order.
    """
    totals = special_group_totals(groups, counts)
    level_order = {level: i for i, level in enumerate(LEVELS)}
    return (
        groups.with_columns(
            pl.col("code")
            .replace_strict(totals, default=0, return_dtype=pl.Int64)
            .alias("members"),
            pl.col("sensitive").fill_null(True),
        )
        .with_columns(
            pl.struct("members", "sensitive")
            .map_elements(
                lambda r: shown_text(r["members"], r["sensitive"], disclosure),
                return_dtype=pl.String,
            )
            .alias("shown"),
            pl.col("applies_to")
            .replace_strict(level_order, default=len(LEVELS), return_dtype=pl.Int64)
            .alias("_level"),
        )
        .sort("_level", "sensitive", "code")
        .drop("_level")
    )


def grid_group_matrix(
    groups: pl.DataFrame, grids: pl.DataFrame, counts: pl.DataFrame, disclosure: Disclosure
) -> pl.DataFrame:
    """Members of every group in every grid in scope on ``d`` (the heatmap's cells).

    Out, one row per (grid, group): grid_id, grid_code, code, members (exact),
    shown (text, by ``disclosure``), and intensity — the cell's drawn count (shown, rounded for
    a protected role) ÷ the largest drawn cell of the same group, for colouring; ``None`` for a
    "<5" cell (its colour must not tell the count) and 0.0 for a group with no member anywhere.
    Grids in code order, groups in ``group_table`` order.
    """
    table = group_table(groups, counts, disclosure)
    cells = (
        grids.select(pl.col("id").alias("grid_id"), pl.col("code").alias("grid_code"))
        .join(table.select("code", "sensitive").with_row_index("_g"), how="cross")
        .join(
            counts.group_by("group_code", "grid_id").agg(pl.col("members").sum()),
            left_on=["code", "grid_id"],
            right_on=["group_code", "grid_id"],
            how="left",
        )
        .with_columns(pl.col("members").fill_null(0).cast(pl.Int64))
    )
    cells = cells.with_columns(
        pl.struct("members", "sensitive")
        .map_elements(
            lambda r: shown_text(r["members"], r["sensitive"], disclosure), return_dtype=pl.String
        )
        .alias("shown"),
        pl.struct("members", "sensitive")
        .map_elements(
            lambda r: drawn_count(r["members"], r["sensitive"], disclosure),
            return_dtype=pl.Int64,
        )
        .alias("_drawn"),
    )
    largest = pl.col("_drawn").max().over("code")
    return (
        cells.with_columns(
            pl.when(pl.col("_drawn").is_null())
            .then(None)
            .when(largest.fill_null(0) == 0)
            .then(0.0)
            .otherwise(pl.col("_drawn") / largest)
            .alias("intensity"),
        )
        .sort("grid_code", "_g")
        .select("grid_id", "grid_code", "code", "members", "shown", "intensity")
    )


# --- trend ----------------------------------------------------------------


def group_trend(
    days: list[dt.date], members: pl.DataFrame, sensitive: bool, disclosure: Disclosure
) -> pl.DataFrame:
    """A group's count on each trend day (``metrics.population.week_end_days``).

    The count on day ``e`` is ``special_groups.<code>`` as of ``e`` (memberships,
    residents and households active on ``e``; grid in scope). ``members`` has day,
    members. Out: day, members (exact; 0 when absent), shown (text, by ``disclosure``), plotted
    — the value a chart may draw: the shown count (rounded for a protected role), or ``None``
    where it is "<5".
    """
    frame = pl.DataFrame({"day": days}, schema={"day": pl.Date}).join(
        members.select("day", "members").cast({"day": pl.Date}), on="day", how="left"
    )
    frame = frame.with_columns(pl.col("members").fill_null(0).cast(pl.Int64))
    counts = frame["members"].to_list()
    shown = [shown_text(n, sensitive, disclosure) for n in counts]
    plotted = [drawn_count(n, sensitive, disclosure) for n in counts]
    return frame.with_columns(
        pl.Series("shown", shown, dtype=pl.String), pl.Series("plotted", plotted, dtype=pl.Int64)
    ).sort("day")


# --- care gap -------------------------------------------------------------


def care_window_start(day: dt.date) -> dt.date:
    """First day of the care gap's window ``[d-29, d]``."""
    return window_start(day, CARE_WINDOW_DAYS)


def care_group_codes(groups: pl.DataFrame) -> tuple[str, ...]:
    """The care groups this registry holds as resident-level, non-sensitive groups.

    Of ``CARE_GROUPS``, those present in ``special_group`` with ``applies_to`` =
    ``resident``; a sensitive one is left out, because its members may never be listed.
    """
    usable = groups.filter(
        pl.col("code").is_in(list(CARE_GROUPS))
        & (pl.col("applies_to") == "resident")
        & ~pl.col("sensitive").fill_null(True)
    )["code"].to_list()
    return tuple(code for code in CARE_GROUPS if code in usable)


def withheld_care_groups(groups: pl.DataFrame) -> tuple[str, ...]:
    """Care groups present in the registry but marked sensitive: never listed."""
    found = groups.filter(
        pl.col("code").is_in(list(CARE_GROUPS)) & pl.col("sensitive").fill_null(True)
    )
    return tuple(code for code in CARE_GROUPS if code in found["code"].to_list())


def care_gap_by_grid(grids: pl.DataFrame, counts: pl.DataFrame) -> pl.DataFrame:
    """The care gap per grid in scope on ``d``.

    **Care-group members** are distinct residents active on ``d`` whose household's grid
    is in scope and who hold, on ``d``, an active membership of at least one care group
    (``care_group_codes``). Of them, the **care gap** are those whose household has no
    visit dated in ``[d-29, d]`` (any purpose, any worker; the household's grid is the
    resident's). ``share`` = gap ÷ members (4 decimals, ``None`` without members).

    ``counts`` has grid_id, members, without_visit. Out: grid_id, grid_code, grid_name,
    members, without_visit, share — every grid in scope, in code order.
    """
    frame = (
        grids.select(
            pl.col("id").alias("grid_id"),
            pl.col("code").alias("grid_code"),
            pl.col("name").alias("grid_name"),
        )
        .join(counts.select("grid_id", "members", "without_visit"), on="grid_id", how="left")
        .with_columns(pl.col("members", "without_visit").fill_null(0).cast(pl.Int64))
        .sort("grid_code")
    )
    shares = [ratio(g, m) for g, m in zip(frame["without_visit"], frame["members"], strict=True)]
    return frame.with_columns(pl.Series("share", shares, dtype=pl.Float64))


def care_gap_totals(by_grid: pl.DataFrame) -> dict[str, int | float | None]:
    """Members, gap and share over the whole scope (sums over sums)."""
    members = int(by_grid["members"].sum()) if by_grid.height else 0
    gap = int(by_grid["without_visit"].sum()) if by_grid.height else 0
    return {"members": members, "without_visit": gap, "share": ratio(gap, members)}


def days_since(last_visit: dt.datetime | dt.date | None, day: dt.date) -> int | None:
    """Whole days from the date of the last visit to ``d``; ``None`` when never visited."""
    if last_visit is None:
        return None
    on = last_visit.date() if isinstance(last_visit, dt.datetime) else last_visit
    return (day - on).days


def care_gap_rows(
    rows: pl.DataFrame, memberships: pl.DataFrame, day: dt.date, *, masked: bool = True
) -> pl.DataFrame:
    """The care-gap list as it may be shown: personal data masked (``masked=False``: in full,
    for a user who gave a reason).

    ``rows``: resident_id, name, birth_date, address, grid_code, grid_name, last_visit
    (the latest visit of the household before the end of ``d``, or NULL).
    ``memberships``: resident_id, group_code (care groups active on ``d``).
    Out, in the order of ``rows``: resident_id, name (张*明), age (full years on ``d``),
    address (masked below the building), days_since_visit (``None`` = never visited),
    last_visit_day, grid_code, grid_name, groups (the care-group codes, in
    ``CARE_GROUPS`` order).
    """
    order = {code: i for i, code in enumerate(CARE_GROUPS)}
    groups_of: dict[int, list[str]] = {}
    for rid, code in memberships.select("resident_id", "group_code").unique().iter_rows():
        groups_of.setdefault(rid, []).append(code)
    out = []
    for row in rows.iter_rows(named=True):
        last = row["last_visit"]
        out.append(
            {
                "resident_id": row["resident_id"],
                "name": mask_name(row["name"]) if masked else row["name"],
                "age": age_on(row["birth_date"], day),
                "address": mask_address(row["address"]) if masked else row["address"],
                "days_since_visit": days_since(last, day),
                "last_visit_day": None
                if last is None
                else (last.date() if isinstance(last, dt.datetime) else last),
                "grid_code": row["grid_code"],
                "grid_name": row["grid_name"],
                "groups": sorted(
                    groups_of.get(row["resident_id"], []), key=lambda c: order.get(c, len(order))
                ),
            }
        )
    schema = {
        "resident_id": pl.Int64,
        "name": pl.String,
        "age": pl.Int64,
        "address": pl.String,
        "days_since_visit": pl.Int64,
        "last_visit_day": pl.Date,
        "grid_code": pl.String,
        "grid_name": pl.String,
        "groups": pl.List(pl.String),
    }
    return pl.DataFrame(out, schema=schema)
