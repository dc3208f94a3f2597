"""Population figures of the 人口结构 page that ``kpi-definitions.md`` does not define.

The contract's own figures (``households``, ``residents.*``, ``floating_origin.*``)
stay in ``metrics.snapshot``; everything here is built on the same frames and the
same rules: "active on ``d``" is the schema's half-open interval, age is in full
years (``metrics.core.age_on``), counts count distinct residents or households.

Pure polars, no I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from metrics.core import born_by_for_age, ratio, week_start
from metrics.snapshot import FLOATING_ORIGINS, RESIDENCIES, UNKNOWN_ORIGIN, origin_code

#: The trend charts look back over this many ISO weeks.
TREND_WEEKS = 26
#: Age bands of the pyramid are this many years wide ...
AGE_BAND_YEARS = 5
#: ... up to the open top band "100+".
AGE_TOP = 100
#: Household sizes from this one up are shown together ("6+").
HOUSEHOLD_SIZE_TOP = 6
GENDERS = ("M", "F")
OTHER_GENDER = "other"
MOVEMENTS = ("arrivals", "departures")


# --- weeks ----------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    """One ISO week of a trend, cut at the as-of day: the days ``[start, end]``."""

    start: dt.date  # Monday
    end: dt.date  # Sunday, or the as-of day for the week containing it

    @property
    def complete(self) -> bool:
        return (self.end - self.start).days == 6


def trend_weeks(day: dt.date, weeks: int = TREND_WEEKS) -> list[Week]:
    """The ``weeks`` ISO weeks ending with the week that contains ``day``, oldest first.

    Every week runs Monday to Sunday, except the last, which ends on ``day`` itself
    (nothing after the as-of day is ever counted). When ``day`` is a Sunday all
    weeks are complete.
    """
    last_monday = week_start(day)
    result = []
    for back in range(weeks - 1, -1, -1):
        start = last_monday - dt.timedelta(weeks=back)
        result.append(Week(start, min(start + dt.timedelta(days=6), day)))
    return result


def week_end_days(day: dt.date, weeks: int = TREND_WEEKS) -> list[dt.date]:
    """Each week's last day (``day`` for the current week): the day a trend point describes."""
    return [week.end for week in trend_weeks(day, weeks)]


# --- per grid -------------------------------------------------------------


def residency_by_grid(counts: pl.DataFrame) -> pl.DataFrame:
    """Active residents on ``d`` per grid, split by residency (``residents.*`` per grid).

    ``counts`` is ``data_access.queries.resident_counts``: grid_id, residency,
    floating_origin, elderly, residents. Columns out: grid_id, resident, floating,
    nominal, total, elderly_60_plus. ``total`` counts every active resident of the
    grid, also one whose residency is not one of the three codes (as ``residents.total``
    does), so ``total`` may exceed the sum of the three.
    """
    schema = {"grid_id": pl.Int64} | {
        code: pl.Int64 for code in (*RESIDENCIES, "total", "elderly_60_plus")
    }
    if counts.is_empty():
        return pl.DataFrame(schema=schema)
    return (
        counts.group_by("grid_id")
        .agg(
            *[
                pl.col("residents").filter(pl.col("residency") == code).sum().alias(code)
                for code in RESIDENCIES
            ],
            pl.col("residents").sum().alias("total"),
            pl.col("residents").filter(pl.col("elderly")).sum().alias("elderly_60_plus"),
        )
        .cast(schema)
        .sort("grid_id")
    )


def origin_by_grid(counts: pl.DataFrame) -> pl.DataFrame:
    """Active floating residents on ``d`` per grid and origin (``floating_origin.*`` per grid).

    A NULL origin or one that is not one of the four codes counts as ``unknown``.
    Long format: grid_id, origin, residents; only (grid, origin) pairs with residents.
    """
    schema = {"grid_id": pl.Int64, "origin": pl.String, "residents": pl.Int64}
    floating = counts.filter(pl.col("residency") == "floating")
    if floating.is_empty():
        return pl.DataFrame(schema=schema)
    order = {code: i for i, code in enumerate((*FLOATING_ORIGINS, UNKNOWN_ORIGIN))}
    return (
        floating.with_columns(origin=origin_code())
        .group_by("grid_id", "origin")
        .agg(pl.col("residents").sum())
        .filter(pl.col("residents") > 0)
        .with_columns(pl.col("origin").replace_strict(order, return_dtype=pl.Int64).alias("_order"))
        .sort("grid_id", "_order")
        .select(list(schema))
        .cast(schema)
    )


def grid_table(grids: pl.DataFrame, households: pl.DataFrame, counts: pl.DataFrame) -> pl.DataFrame:
    """One row per grid in scope: households and residents active on ``d``, by residency.

    ``grids`` are the grids in scope (id, code, name, community_name, inhabited …),
    ``households`` is ``household_counts`` (grid_id, households), ``counts`` is
    ``resident_counts``. A grid without households or residents shows 0. The sums of
    the columns are the contract's ``households`` and ``residents.*`` for the scope.
    Sorted by grid code.
    """
    split = residency_by_grid(counts)
    value_columns = ["households", *RESIDENCIES, "total", "elderly_60_plus"]
    return (
        grids.select(
            pl.col("id").alias("grid_id"),
            pl.col("code"),
            pl.col("name"),
            pl.col("community_name"),
            pl.col("inhabited"),
        )
        .join(households.select("grid_id", "households"), on="grid_id", how="left")
        .join(split, on="grid_id", how="left")
        .with_columns(pl.col(value_columns).fill_null(0).cast(pl.Int64))
        .sort("code")
    )


# --- age and sex ----------------------------------------------------------


def age_band_count() -> int:
    """Bands 0–4, 5–9, …, 95–99 and the open band 100+."""
    return AGE_TOP // AGE_BAND_YEARS + 1


def age_band_born_by(day: dt.date) -> list[dt.date]:
    """Band ``k`` (k ≥ 1) begins at age ``5k``: its members were born on or before element ``k-1``.

    A resident whose ``birth_date`` is on or before ``age_band_born_by(d)[k-1]`` is at
    least ``5k`` full years old on ``d``; the data layer puts each resident in the
    highest band whose threshold he meets, else band 0.
    """
    return [born_by_for_age(day, AGE_BAND_YEARS * k) for k in range(1, age_band_count())]


def age_band_label(band: int) -> str:
    """``0–4`` … ``95–99``, ``100+``."""
    low = band * AGE_BAND_YEARS
    if low >= AGE_TOP:
        return f"{AGE_TOP}+"
    return f"{low}–{low + AGE_BAND_YEARS - 1}"


def age_sex_pyramid(counts: pl.DataFrame) -> pl.DataFrame:
    """Active residents in scope on ``d`` by 5-year age band and sex.

    Age is in full years on ``d``; band ``k`` holds ages ``[5k, 5k+5)`` and the last
    band every age from 100 up. A resident born after ``d`` (a data error) falls in
    band 0, so the pyramid's total equals ``residents.total``. ``counts`` has gender,
    band, residents; gender ``M`` and ``F`` are the schema's codes, any other value
    is counted under ``other``. Out: band, label, male, female, other — every band
    present, youngest first.
    """
    bands = pl.DataFrame(
        {
            "band": list(range(age_band_count())),
            "label": [age_band_label(b) for b in range(age_band_count())],
        },
        schema={"band": pl.Int64, "label": pl.String},
    )
    tagged = counts.with_columns(
        pl.when(pl.col("gender") == "M")
        .then(pl.lit("male"))
        .when(pl.col("gender") == "F")
        .then(pl.lit("female"))
        .otherwise(pl.lit(OTHER_GENDER))
        .alias("sex")
    )
    wide = tagged.group_by("band").agg(
        *[
            pl.col("residents").filter(pl.col("sex") == sex).sum().alias(sex)
            for sex in ("male", "female", OTHER_GENDER)
        ]
    )
    return (
        bands.join(wide.cast({"band": pl.Int64}), on="band", how="left")
        .with_columns(pl.col("male", "female", OTHER_GENDER).fill_null(0).cast(pl.Int64))
        .sort("band")
    )


# --- arrivals and departures ---------------------------------------------


def weekly_movements(weeks: list[Week], movements: pl.DataFrame) -> pl.DataFrame:
    """Arrivals, departures and net change per week and residency (人来有登记, 人走有注销).

    For a week ``[start, end]`` of ``trend_weeks`` and residents whose household's grid
    is in scope: **arrivals** are residents with ``registered_on`` in the week,
    **departures** residents with ``left_on`` in the week (``left_on`` is the first day
    the resident is no longer active), **net** = arrivals − departures. For clean data
    net equals the change in active residents between the end of the previous week
    and the end of this one.

    ``movements`` has kind (``arrivals``/``departures``), week_start, residency,
    residents. Out: week_start, week_end, residency, arrivals, departures, net — every
    week × each of the three residency codes (0 when none), plus rows for any other
    residency value found. Oldest week first.
    """
    found = movements["residency"].unique().to_list() if movements.height else []
    residencies = [*RESIDENCIES, *sorted(r for r in found if r not in RESIDENCIES)]
    grid = pl.DataFrame(
        [(w.start, w.end, r) for w in weeks for r in residencies],
        schema={"week_start": pl.Date, "week_end": pl.Date, "residency": pl.String},
        orient="row",
    )
    wide = movements.group_by("week_start", "residency").agg(
        *[
            pl.col("residents").filter(pl.col("kind") == kind).sum().alias(kind)
            for kind in MOVEMENTS
        ]
    )
    order = {r: i for i, r in enumerate(residencies)}
    return (
        grid.join(wide.cast({"week_start": pl.Date}), on=["week_start", "residency"], how="left")
        .with_columns(pl.col(*MOVEMENTS).fill_null(0).cast(pl.Int64))
        .with_columns((pl.col("arrivals") - pl.col("departures")).alias("net"))
        .with_columns(pl.col("residency").replace_strict(order, return_dtype=pl.Int64).alias("_o"))
        .sort("week_start", "_o")
        .drop("_o")
    )


def weekly_net(movements: pl.DataFrame) -> pl.DataFrame:
    """``weekly_movements`` summed over residency: week_start, week_end, arrivals, departures,
    net."""
    return (
        movements.group_by("week_start", "week_end", maintain_order=True)
        .agg(pl.col("arrivals", "departures", "net").sum())
        .sort("week_start")
    )


def movement_totals(movements: pl.DataFrame) -> dict[str, int]:
    """Arrivals, departures and net over all the weeks of ``weekly_movements``."""
    return {
        name: int(movements[name].sum()) if movements.height else 0
        for name in ("arrivals", "departures", "net")
    }


# --- household size -------------------------------------------------------


def household_size_label(size: int) -> str:
    return f"{HOUSEHOLD_SIZE_TOP}+" if size >= HOUSEHOLD_SIZE_TOP else str(size)


def household_size_distribution(sizes: pl.DataFrame) -> pl.DataFrame:
    """Households active on ``d`` in scope by size.

    A household's **size** is the number of its residents active on ``d`` (the
    residents' own dates decide; a household with none has size 0). Sizes from 6 up
    are shown together as "6+". ``sizes`` has size, households. Out: size (0 … 6),
    label, households — every size present, 0 when none.
    """
    bands = pl.DataFrame(
        {
            "size": list(range(HOUSEHOLD_SIZE_TOP + 1)),
            "label": [household_size_label(s) for s in range(HOUSEHOLD_SIZE_TOP + 1)],
        },
        schema={"size": pl.Int64, "label": pl.String},
    )
    capped = (
        sizes.with_columns(pl.col("size").clip(upper_bound=HOUSEHOLD_SIZE_TOP).cast(pl.Int64))
        .group_by("size")
        .agg(pl.col("households").sum())
    )
    return (
        bands.join(capped, on="size", how="left")
        .with_columns(pl.col("households").fill_null(0).cast(pl.Int64))
        .sort("size")
    )


def mean_household_size(sizes: pl.DataFrame) -> float | None:
    """户均人口: Σ size ÷ households, over households active on ``d``.

    Rounded half-up to 4 decimals; ``None`` without households.

    Residents of a household that is no longer active are left out (they still count in
    ``residents.total``, whose residents' own dates decide).
    """
    if sizes.is_empty():
        return None
    people = int((sizes["size"] * sizes["households"]).sum())
    return ratio(people, int(sizes["households"].sum()))
