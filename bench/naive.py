"""The naive peer: load the tables the snapshot needs whole (SQLAlchemy → polars), compute in polars.

This is what a dashboard without push-down would do: ``SELECT * FROM <table>`` for every
table the figures touch (visits and residents included), then filter, join and group
in polars. The final step reuses ``metrics.snapshot`` (same definitions, same rounding),
so the only difference from the snapshot through ``data_access`` is *where* the rows
are filtered and aggregated: in polars after moving every row, instead of in the
database. The load is not made artificially slow: one ``pl.read_database`` per table
on the raw SQL text (no per-row type processing), then vectorised casts of SQLite's ISO
text dates.

Independent on purpose: the naive peer keeps its own loading, filtering and joins and does not
call the page models (``models/``) or ``data_access.loaders``; only the final arithmetic is
``metrics.snapshot``. It checks the product's push-down, so it must not share it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.schema import metadata
from data_access.scope import Scope, resolve
from metrics.snapshot import SnapshotInputs, SnapshotPlan, snapshot

#: The tables the snapshot's figures read.
TABLES = (
    "community", "area", "grid", "household", "resident", "special_group", "resident_group",
    "household_group", "rental", "worker", "grid_assignment", "visit", "incident",
    "assessment", "assessment_criterion",
)  # fmt: skip


def _dtype(column: sa.Column) -> pl.DataType:
    t = column.type
    if isinstance(t, sa.DateTime):
        return pl.Datetime("us")
    if isinstance(t, sa.Date):
        return pl.Date()
    if isinstance(t, sa.Boolean):
        return pl.Boolean()
    if isinstance(t, sa.Integer):
        return pl.Int64()
    if isinstance(t, sa.Float):
        return pl.Float64()
    return pl.String()


def _typed(frame: pl.DataFrame, table: sa.Table) -> pl.DataFrame:
    """Cast every column to the schema's type (SQLite hands dates over as ISO text)."""
    exprs = []
    for column in table.columns:
        want = _dtype(column)
        have = frame.schema.get(column.name)
        expr = pl.col(column.name)
        if have is None:
            exprs.append(pl.lit(None, dtype=want).alias(column.name))
            continue
        if want == pl.Datetime("us") and have in (pl.String, pl.Null):
            expr = expr.cast(pl.String).str.to_datetime("%Y-%m-%d %H:%M:%S", time_unit="us")
        elif want == pl.Date() and have in (pl.String, pl.Null):
            expr = expr.cast(pl.String).str.to_date("%Y-%m-%d")
        else:
            expr = expr.cast(want)
        exprs.append(expr.alias(column.name))
    return frame.select(exprs)


def load_tables(conn: Connection, tables: tuple[str, ...] = TABLES) -> dict[str, pl.DataFrame]:
    """Every row of every table in ``tables``, as typed polars frames."""
    out = {}
    for name in tables:
        frame = pl.read_database(
            f"SELECT * FROM {name}",  # noqa: S608 - a fixed table name
            connection=conn,
            infer_schema_length=None,
        )
        out[name] = _typed(frame, metadata.tables[name])
    return out


def _active(since: str, until: str, day: dt.date) -> pl.Expr:
    return (pl.col(since) <= day) & (pl.col(until).is_null() | (pl.col(until) > day))


def _dated_in(column: str, first: dt.date, last: dt.date) -> pl.Expr:
    start = dt.datetime.combine(first, dt.time())
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    return (pl.col(column) >= start) & (pl.col(column) < end)


def _count(name: str) -> pl.Expr:
    return pl.len().cast(pl.Int64).alias(name)


def naive_snapshot(
    t: dict[str, pl.DataFrame], as_of: dt.date | None = None, community: str | None = None
) -> dict[str, Any]:
    """The snapshot object from whole tables ``t`` (see ``load_tables``), computed in polars."""
    visit = t["visit"]
    if as_of is None:
        latest = visit["visited_at"].max()
        as_of = latest.date() if latest is not None else dt.date.today()  # type: ignore[union-attr]
    plan = SnapshotPlan.for_day(as_of)
    d = as_of

    # scope: the same resolution as the dashboard's, on frames built here
    communities = t["community"].select("id", "code", "name", "township", "area_km2")
    grids = (
        t["grid"]
        .join(
            communities.select(
                pl.col("id").alias("community_id"),
                pl.col("code").alias("community_code"),
                pl.col("name").alias("community_name"),
                "township",
            ),
            on="community_id",
        )
        .join(
            t["area"].select(
                pl.col("id").alias("area_id"),
                pl.col("name").alias("area_name"),
                pl.col("lead_name").alias("area_lead"),
            ),
            on="area_id",
            how="left",
        )
        .with_columns(has_boundary=pl.col("boundary").is_not_null())
        .select(
            "id",
            "code",
            "name",
            "kind",
            "inhabited",
            "area_id",
            "area_name",
            "area_lead",
            "community_id",
            "community_code",
            "community_name",
            "township",
            "has_boundary",
        )  # fmt: skip
        .sort("code")
    )
    rs = resolve(Scope(communities=(community,) if community else ()), d, grids, communities)
    in_scope = list(rs.grid_ids)

    hh = t["household"].filter(pl.col("grid_id").is_in(in_scope))
    hh_grid = hh.select(pl.col("id").alias("household_id"), "grid_id")
    hh_active = hh.filter(_active("registered_on", "closed_on", d))

    res_active = (
        t["resident"]
        .filter(_active("registered_on", "left_on", d))
        .join(hh_grid, on="household_id")
    )
    residents = res_active.group_by(
        "grid_id", "residency", "floating_origin",
        (pl.col("birth_date") <= plan.elderly_born_by).alias("elderly"),
    ).agg(_count("residents"))  # fmt: skip

    groups = t["special_group"].sort("code")
    by_applies = {
        kind: groups.filter(pl.col("applies_to") == kind).select(pl.col("code").alias("group_code"))
        for kind in ("resident", "household")
    }
    resident_members = (
        t["resident_group"]
        .filter(_active("since", "until", d))
        .join(by_applies["resident"], on="group_code")
        .join(res_active.select(pl.col("id").alias("resident_id"), "grid_id"), on="resident_id")
        .group_by("group_code", "grid_id")
        .agg(pl.col("resident_id").n_unique().cast(pl.Int64).alias("members"))
    )
    household_members = (
        t["household_group"]
        .filter(_active("since", "until", d))
        .join(by_applies["household"], on="group_code")
        .join(hh_active.select(pl.col("id").alias("household_id"), "grid_id"), on="household_id")
        .group_by("group_code", "grid_id")
        .agg(pl.col("household_id").n_unique().cast(pl.Int64).alias("members"))
    )

    workers = (
        t["worker"]
        .filter(_active("started_on", "ended_on", d))
        .join(
            t["grid_assignment"].filter(_active("since", "until", d)),
            left_on="id",
            right_on="worker_id",
        )
        .filter(pl.col("grid_id").is_in(in_scope))
        .select(pl.col("id").alias("worker_id"), "name", "role", "grid_id")
        .unique()
    )

    def visits_in(first: dt.date, last: dt.date) -> pl.DataFrame:
        return visit.filter(_dated_in("visited_at", first, last)).join(hh_grid, on="household_id")

    this_week = (
        visits_in(plan.week_start, d)
        .group_by("grid_id")
        .agg(
            _count("visits"),
            pl.col("household_id").n_unique().cast(pl.Int64).alias("households_visited"),
        )
    )
    covered = {
        name: visits_in(first, d)["household_id"].unique()
        for name, first in (
            ("covered_30d", plan.coverage_30d_from),
            ("covered_90d", plan.coverage_90d_from),
        )
    }
    coverage = (
        hh_active.with_columns(
            [pl.col("id").is_in(ids.implode()).alias(name) for name, ids in covered.items()]
        )
        .group_by("grid_id")
        .agg(
            _count("households"),
            *[pl.col(name).sum().cast(pl.Int64) for name in covered],
        )
    )
    last_week_visits = (
        visits_in(plan.last_week_start, plan.last_week_end)
        .with_columns(day=pl.col("visited_at").dt.date())
        .group_by("grid_id", "day")
        .agg(
            _count("visits"),
            pl.col("household_id").n_unique().cast(pl.Int64).alias("households_visited"),
        )
    )
    inhabited = rs.grids.filter(pl.col("inhabited"))["id"].to_list()
    hh_inhabited = hh.filter(pl.col("grid_id").is_in(inhabited))
    week_days = [plan.last_week_start + dt.timedelta(days=k) for k in range(7)]
    last_week_households = pl.concat(
        [
            hh_inhabited.filter(_active("registered_on", "closed_on", day))
            .group_by("grid_id")
            .agg(_count("households"))
            .with_columns(day=pl.lit(day, dtype=pl.Date))
            .select("grid_id", "day", "households")
            for day in week_days
        ]
    )

    incident = t["incident"].filter(pl.col("grid_id").is_in(in_scope))
    end = dt.datetime.combine(d + dt.timedelta(days=1), dt.time())
    open_incidents = (
        incident.filter(
            (pl.col("reported_at") < end)
            & (pl.col("resolved_at").is_null() | (pl.col("resolved_at") >= end))
        )
        .group_by("grid_id")
        .agg(_count("open"))
    )
    reported = incident.filter(_dated_in("reported_at", plan.incidents_from, d)).select(
        "id", "grid_id", "reported_at", "resolved_at"
    )

    rentals = (
        t["rental"]
        .join(hh_active.select(pl.col("id").alias("household_id"), "grid_id"), on="household_id")
        .group_by("grid_id")
        .agg(
            _count("rentals"),
            (pl.col("pledge_signed_on") <= d).sum().cast(pl.Int64).alias("pledge_signed"),
            pl.col("last_inspected_on")
            .is_between(plan.inspected_from, d)
            .sum()
            .cast(pl.Int64)
            .alias("inspected"),
        )
    )

    worker_ids = workers["worker_id"].unique().to_list()
    known = pl.col("assessed_on").is_null() | (pl.col("assessed_on") <= d)  # contract 1.1
    mine = t["assessment"].filter(pl.col("worker_id").is_in(worker_ids) & known)
    period = mine.filter(pl.col("period") <= plan.month)["period"].max() if worker_ids else None
    scores = (
        mine.filter(pl.col("period") == period if period is not None else pl.lit(False))
        .join(
            t["assessment_criterion"].select(pl.col("code").alias("criterion_code"), "max_score"),
            on="criterion_code",
        )
        .select("worker_id", "criterion_code", "score", "max_score")
    )

    inputs = SnapshotInputs(
        grids=rs.grids,
        households=hh_active.group_by("grid_id").agg(_count("households")),
        residents=residents,
        special_groups=groups.select("code", "name_zh", "name_en", "applies_to", "sensitive"),
        special_group_counts=pl.concat([resident_members, household_members]),
        workers=workers,
        visits_this_week=this_week,
        coverage=coverage,
        last_week_visits=last_week_visits,
        last_week_households=last_week_households,
        open_incidents=open_incidents,
        incidents_reported=reported,
        rentals=rentals,
        assessment_period=period,  # type: ignore[arg-type]
        assessment_scores=scores,
    )
    return snapshot(plan, inputs)


def naive_run(
    conn: Connection, as_of: dt.date | None = None, community: str | None = None
) -> dict[str, Any]:
    """Load the tables whole, then compute: what the benchmark times."""
    return naive_snapshot(load_tables(conn), as_of, community)
