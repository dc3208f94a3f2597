"""The 人口结构 page (population): one builder per section."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl
from sqlalchemy.engine import Connection

from data_access import daily
from data_access.scope import ResolvedScope
from metrics import population as mp
from metrics import snapshot as ms
from metrics.core import ELDERLY_AGE, born_by_for_age
from models.overview import registration_weeks_in


@dataclass(frozen=True)
class GridPopulation:
    """The contract's population figures for the scope, and their per-grid split."""

    households: int
    residents: dict[str, int]  # residents.*
    floating_origin: dict[str, int]  # floating_origin.*
    table: pl.DataFrame  # metrics.population.grid_table
    origins: pl.DataFrame  # origin_by_grid with grid code: grid_id, code, origin, residents


@dataclass(frozen=True)
class Movements:
    weeks: (
        pl.DataFrame
    )  # weekly_movements: week_start, week_end, residency, arrivals, departures, net
    net: pl.DataFrame  # weekly_net
    totals: dict[str, int]  # arrivals, departures, net over the weeks
    first: dt.date
    last: dt.date
    #: the Mondays of the shown weeks that are registration weeks (``metrics.registration``)
    registration_weeks: tuple[dt.date, ...] = field(default=())


@dataclass(frozen=True)
class HouseholdSizes:
    distribution: pl.DataFrame  # size, label, households
    mean: float | None
    households: int


def grid_population(conn: Connection, rs: ResolvedScope) -> GridPopulation:
    """The contract's population figures for the scope and their per-grid split."""
    households = daily.household_counts(conn, rs)
    counts = daily.resident_counts(conn, rs, born_by_for_age(rs.as_of, ELDERLY_AGE))
    origins = mp.origin_by_grid(counts).join(
        rs.grids.select(pl.col("id").alias("grid_id"), "code"), on="grid_id"
    )
    return GridPopulation(
        households=ms.households(households),
        residents=ms.residents(counts),
        floating_origin=ms.floating_origin(counts),
        table=mp.grid_table(rs.grids, households, counts),
        origins=origins,
    )


def age_pyramid(conn: Connection, rs: ResolvedScope) -> pl.DataFrame:
    return mp.age_sex_pyramid(daily.age_sex_counts(conn, rs, mp.age_band_born_by(rs.as_of)))


def movements(conn: Connection, rs: ResolvedScope) -> Movements:
    as_of = rs.as_of
    weeks = mp.trend_weeks(as_of)
    raw = daily.movements_by_week(conn, rs, [w.start for w in weeks], as_of)
    judged = registration_weeks_in(conn, rs, as_of, shown_weeks=len(weeks))
    by_residency = mp.weekly_movements(weeks, raw)
    return Movements(
        weeks=by_residency,
        net=mp.weekly_net(by_residency),
        totals=mp.movement_totals(by_residency),
        first=weeks[0].start,
        last=weeks[-1].end,
        registration_weeks=tuple(
            judged.filter(pl.col("registration_week"), pl.col("week_start") >= weeks[0].start)[
                "week_start"
            ].to_list()
        ),
    )


def household_sizes(conn: Connection, rs: ResolvedScope) -> HouseholdSizes:
    sizes = daily.household_sizes(conn, rs)
    distribution = mp.household_size_distribution(sizes)
    return HouseholdSizes(
        distribution=distribution,
        mean=mp.mean_household_size(sizes),
        households=int(distribution["households"].sum()),
    )
