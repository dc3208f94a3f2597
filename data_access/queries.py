"""Query functions: filtering and grouping pushed into the database, small polars frames out.

Every function takes a connection and either a ``ResolvedScope`` or explicit ids
and days; values are always bound parameters. Day windows are passed in by the
caller (``metrics`` decides what a window is); here they are only turned into
half-open SQL predicates.
"""

from __future__ import annotations

import datetime as dt
import warnings
import weakref
from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import visitors

from data_access.dialect import day_of, ids_in
from data_access.errors import RegistryError
from data_access.schema import (
    area,
    assessment,
    assessment_criterion,
    community,
    grid,
    grid_assignment,
    household,
    household_group,
    incident,
    patrol,
    rental,
    resident,
    resident_group,
    special_group,
    visit,
    work_log,
    worker,
)
from data_access.scope import ResolvedScope
from metrics.core import MAX_SCORE_LIMIT

ONE = sa.literal(1)


def _frame(conn: Connection, stmt: Any, schema: dict[str, Any]) -> pl.DataFrame:
    """Run ``stmt`` and return its rows as a frame with ``schema``; bad rows become one message.

    A value the contract's type cannot hold (SQLite keeps whatever it is given: ``'abc'`` in an
    integer column, ``'n/a'`` as a score, ``'yesterday'`` as a timestamp) is a ``RegistryError``
    naming the table and column, raised here, the one place frames are built from SQL results.
    """
    try:
        rows = conn.execute(stmt).all()
    except sa.exc.DBAPIError as exc:
        orig = exc.orig if exc.orig is not None else exc
        raise RegistryError(f"registry query failed: {str(orig).strip().splitlines()[0]}") from None
    except (ValueError, TypeError, OverflowError) as exc:  # a result processor (dates in SQLite)
        raise _malformed_raw(conn, stmt, schema, exc) from None
    try:
        return _rows_frame([tuple(r) for r in rows], schema)
    except (pl.exceptions.PolarsError, ValueError, TypeError, OverflowError) as exc:
        raise _malformed_rows(stmt, schema, [tuple(r) for r in rows], exc) from None


def _rows_frame(rows: Sequence[tuple], schema: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema, orient="row")


_EXPECTED = {
    pl.Int64: "an integer",
    pl.Float64: "a number",
    pl.Boolean: "0 or 1",
    pl.Date: "a date YYYY-MM-DD",
    pl.String: "text",
}


def _source(stmt: Any, index: int, name: str) -> str:
    """``table.column`` behind output column ``index`` of ``stmt`` (its name when not one column)."""
    try:
        expr = list(stmt.selected_columns)[index]
    except (AttributeError, IndexError):
        return name
    found = {
        f"{e.table.name}.{e.name}"
        for e in visitors.iterate(expr)
        if isinstance(e, sa.Column) and isinstance(e.table, sa.Table)
    }
    return found.pop() if len(found) == 1 else name


def _message(stmt: Any, schema: dict[str, Any], index: int, value: Any) -> RegistryError:
    name, dtype = list(schema.items())[index]
    expected = _EXPECTED.get(dtype) or (
        "a timestamp YYYY-MM-DD HH:MM:SS" if isinstance(dtype, pl.Datetime) else str(dtype)
    )
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
    return RegistryError(
        f"malformed value in the registry: column {_source(stmt, index, name)} "
        f"holds {shown} where the schema wants {expected}"
    )


def _malformed_rows(
    stmt: Any, schema: dict[str, Any], rows: list[tuple], exc: Exception
) -> RegistryError:
    """The column, and its first value, that the frame could not hold."""
    for index, (name, dtype) in enumerate(schema.items()):
        values = [(row[index],) for row in rows]
        if _fits(values, {name: dtype}):
            continue
        while len(values) > 1:  # bisect to the first value that does not fit
            half = values[: len(values) // 2]
            values = half if not _fits(half, {name: dtype}) else values[len(half) :]
        return _message(stmt, schema, index, values[0][0])
    return RegistryError(f"malformed value in the registry: {_first_line(exc)}")


def _fits(values: list[tuple], schema: dict[str, Any]) -> bool:
    try:
        _rows_frame(values, schema)
    except (pl.exceptions.PolarsError, ValueError, TypeError, OverflowError):
        return False
    return True


def _malformed_raw(
    conn: Connection, stmt: Any, schema: dict[str, Any], exc: Exception
) -> RegistryError:
    """A value the driver returned that a column type's result processor rejected (SQLite dates):
    run the query again with the values as the driver gives them, and try each column's processor."""
    fallback = RegistryError(f"malformed value in the registry: {_first_line(exc)}")
    if not isinstance(stmt, sa.Select):
        return fallback
    columns = list(stmt.selected_columns)
    raw = stmt.with_only_columns(
        *(sa.type_coerce(c, sa.types.NullType()).label(f"c{i}") for i, c in enumerate(columns))
    )
    try:
        rows = conn.execute(raw).all()
    except sa.exc.DBAPIError:
        return fallback
    for index, column in enumerate(columns):
        process = column.type.dialect_impl(conn.dialect).result_processor(conn.dialect, None)
        if process is None:
            continue
        for row in rows:
            try:
                process(row[index])
            except (ValueError, TypeError, OverflowError):
                return _message(stmt, schema, index, row[index])
    return fallback


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def _end(day: dt.date) -> dt.datetime:
    """The end of ``day``: the next day at 00:00:00 (exclusive)."""
    return _start(day + dt.timedelta(days=1))


def _active(since: sa.ColumnElement, until: sa.ColumnElement, day: dt.date) -> sa.ColumnElement:
    """Half-open validity ``[since, until)`` holds on ``day``; NULL ``until`` = still holds."""
    return sa.and_(since <= day, sa.or_(until.is_(None), until > day))


def _overlaps(
    since: sa.ColumnElement, until: sa.ColumnElement, first: dt.date, last: dt.date
) -> sa.ColumnElement:
    """``[since, until)`` holds on at least one day of ``[first, last]``."""
    return sa.and_(since <= last, sa.or_(until.is_(None), until > first))


def _in_scope(column: sa.ColumnElement, rs: ResolvedScope) -> sa.ColumnElement:
    """``column`` (a grid id) is a grid in scope; with no filter, any grid the registry holds —
    a row pointing at a grid that does not exist (DQ28) is in no scope."""
    if rs.everything:
        held = grid.alias("held_grid")  # its own alias: never correlated to a grid outside
        return sa.exists(sa.select(ONE).select_from(held).where(held.c.id == column))
    return ids_in(column, rs.grid_ids)


def _household_active(day: dt.date) -> sa.ColumnElement:
    return _active(household.c.registered_on, household.c.closed_on, day)


def _resident_active(day: dt.date) -> sa.ColumnElement:
    return _active(resident.c.registered_on, resident.c.left_on, day)


def _dated_in(ts: sa.ColumnElement, first: dt.date, last: dt.date) -> sa.ColumnElement:
    """A timestamp whose date lies in ``[first, last]``."""
    return sa.and_(ts >= _start(first), ts < _end(last))


# --- organisation ---------------------------------------------------------


def communities(conn: Connection) -> pl.DataFrame:
    stmt = sa.select(
        community.c.id,
        community.c.code,
        community.c.name,
        community.c.township,
        community.c.area_km2,
    ).order_by(community.c.code)
    return _frame(
        conn,
        stmt,
        {
            "id": pl.Int64,
            "code": pl.String,
            "name": pl.String,
            "township": pl.String,
            "area_km2": pl.Float64,
        },
    )


def grids(conn: Connection) -> pl.DataFrame:
    """Every grid with its community and area (a small table: one row per grid)."""
    stmt = (
        sa.select(
            grid.c.id,
            grid.c.code,
            grid.c.name,
            grid.c.kind,
            grid.c.inhabited,
            grid.c.area_id,
            area.c.name.label("area_name"),
            area.c.lead_name.label("area_lead"),
            grid.c.community_id,
            community.c.code.label("community_code"),
            community.c.name.label("community_name"),
            community.c.township,
            grid.c.boundary.is_not(None).label("has_boundary"),
        )
        .join(community, community.c.id == grid.c.community_id)
        .outerjoin(area, area.c.id == grid.c.area_id)
        .order_by(grid.c.code)
    )
    return _frame(
        conn,
        stmt,
        {
            "id": pl.Int64,
            "code": pl.String,
            "name": pl.String,
            "kind": pl.String,
            "inhabited": pl.Boolean,
            "area_id": pl.Int64,
            "area_name": pl.String,
            "area_lead": pl.String,
            "community_id": pl.Int64,
            "community_code": pl.String,
            "community_name": pl.String,
            "township": pl.String,
            "has_boundary": pl.Boolean,
        },
    )


def latest_visit_day(
    conn: Connection, not_after: dt.date | None = None, not_before: dt.date | None = None
) -> dt.date | None:
    """The date of the latest ``visit.visited_at`` in the whole registry within
    ``[not_before, not_after]``.

    ``not_after`` (today, for the default day) leaves out visits dated in the future: bad data
    that must not move every page's day (contract 1.1; the data-quality check DQ23 counts them).
    ``not_before`` (the first day figures are given for) leaves out a day no page could show.
    """
    stmt = sa.select(sa.func.max(visit.c.visited_at))
    if not_after is not None:
        stmt = stmt.where(visit.c.visited_at < _end(not_after))
    if not_before is not None:
        stmt = stmt.where(visit.c.visited_at >= _start(not_before))
    frame = _frame(conn, stmt, {"latest": pl.Datetime("us")})
    latest = frame["latest"][0]
    return None if latest is None else latest.date()


def earliest_visit_day(conn: Connection, not_before: dt.date) -> dt.date | None:
    """The date of the earliest ``visit.visited_at`` in the whole registry on or after
    ``not_before``: where the daily store begins."""
    stmt = sa.select(sa.func.min(visit.c.visited_at)).where(
        visit.c.visited_at >= _start(not_before)
    )
    first = _frame(conn, stmt, {"first": pl.Datetime("us")})["first"][0]
    return None if first is None else first.date()


#: what "fresh" is measured by: the kind of record → its column of dates (or timestamps)
FRESHNESS_COLUMNS: dict[str, sa.Column] = {
    "visit": visit.c.visited_at,
    "patrol": patrol.c.patrolled_on,
    "work_log": work_log.c.log_date,
    "incident": incident.c.reported_at,
    "household": household.c.registered_on,
    "resident": resident.c.registered_on,
    "assessment": assessment.c.assessed_on,
}


def latest_records(conn: Connection, today: dt.date) -> dict[str, dt.date | None]:
    """The day of the newest record of each kind in the whole registry (``FRESHNESS_COLUMNS``),
    not after ``today``: a record dated in the future is bad data, not fresh data. One round trip."""
    parts = []
    schema: dict[str, Any] = {}
    for kind, column in FRESHNESS_COLUMNS.items():
        timestamp = isinstance(column.type, sa.DateTime)
        bound = column < _end(today) if timestamp else column <= today
        parts.append(sa.select(sa.func.max(column)).where(bound).scalar_subquery().label(kind))
        schema[kind] = pl.Datetime("us") if timestamp else pl.Date
    row = _frame(conn, sa.select(*parts), schema).row(0, named=True)
    return {
        kind: (value.date() if isinstance(value, dt.datetime) else value)
        for kind, value in row.items()
    }


# --- register -------------------------------------------------------------


def household_counts(conn: Connection, rs: ResolvedScope) -> pl.DataFrame:
    """Households active on the as-of day, per grid in scope."""
    stmt = (
        sa.select(household.c.grid_id, sa.func.count().label("households"))
        .where(_household_active(rs.as_of), _in_scope(household.c.grid_id, rs))
        .group_by(household.c.grid_id)
    )
    return _frame(conn, stmt, {"grid_id": pl.Int64, "households": pl.Int64})


def elderly_flag(elderly_born_by: dt.date) -> sa.ColumnElement:
    """Whether a resident is elderly on the day: born by ``elderly_born_by`` (never NULL)."""
    return sa.case((resident.c.birth_date <= elderly_born_by, True), else_=False)


RESIDENT_COUNTS_SCHEMA = {
    "grid_id": pl.Int64,
    "residency": pl.String,
    "floating_origin": pl.String,
    "elderly": pl.Boolean,
    "residents": pl.Int64,
}


def active_residents_by(rs: ResolvedScope, *keys: sa.ColumnElement) -> sa.Select:
    """Residents active on the as-of day whose household's grid is in scope, counted per
    ``keys`` (as ``residents``): the statement of every per-resident count."""
    return (
        sa.select(*keys, sa.func.count().label("residents"))
        .join(household, household.c.id == resident.c.household_id)
        .where(_resident_active(rs.as_of), _in_scope(household.c.grid_id, rs))
        .group_by(*keys)
    )


def resident_counts_keys(elderly_born_by: dt.date) -> list[sa.ColumnElement]:
    """The keys of ``resident_counts``: grid, residency, raw floating origin, elderly flag."""
    return [
        household.c.grid_id,
        resident.c.residency,
        resident.c.floating_origin,
        elderly_flag(elderly_born_by).label("elderly"),
    ]


def resident_counts(conn: Connection, rs: ResolvedScope, elderly_born_by: dt.date) -> pl.DataFrame:
    """Residents active on the as-of day per grid, residency, raw floating origin and elderly flag.

    ``elderly_born_by`` is the latest birth date that makes a resident elderly on the day.
    """
    stmt = active_residents_by(rs, *resident_counts_keys(elderly_born_by))
    return _frame(conn, stmt, RESIDENT_COUNTS_SCHEMA)


def group_lookup() -> sa.Subquery:
    """``special_group`` as one row per code, failing closed.

    ``sensitive`` is true when any row of the code says so or leaves it NULL (an unknown flag is
    taken as sensitive: counts 1–4 show as "<5", members are never listed); ``applies_to`` is the
    code's level when its rows agree on one, else NULL (an unknown level: its memberships are
    left out of every count, DQ12 and DQ27 report it).
    """
    flagged = sa.case(
        (sa.or_(special_group.c.sensitive.is_(None), special_group.c.sensitive == sa.true()), 1),
        else_=0,
    )
    agreed = sa.and_(
        sa.func.count(sa.distinct(special_group.c.applies_to)) == 1,
        sa.func.count(special_group.c.applies_to) == sa.func.count(),
    )
    return (
        sa.select(
            special_group.c.code,
            sa.func.min(special_group.c.name_zh).label("name_zh"),
            sa.func.min(special_group.c.name_en).label("name_en"),
            sa.case((agreed, sa.func.min(special_group.c.applies_to)), else_=sa.null()).label(
                "applies_to"
            ),
            (sa.func.max(flagged) == 1).label("sensitive"),
        )
        .group_by(special_group.c.code)
        .subquery("group_lookup")
    )


def special_groups(conn: Connection) -> pl.DataFrame:
    """The ``special_group`` lookup, one row per code in code order (see ``group_lookup``)."""
    lookup = group_lookup()
    stmt = sa.select(
        lookup.c.code,
        lookup.c.name_zh,
        lookup.c.name_en,
        lookup.c.applies_to,
        lookup.c.sensitive,
    ).order_by(lookup.c.code)
    return _frame(
        conn,
        stmt,
        {
            "code": pl.String,
            "name_zh": pl.String,
            "name_en": pl.String,
            "applies_to": pl.String,
            "sensitive": pl.Boolean,
        },
    )


def special_group_counts(conn: Connection, rs: ResolvedScope) -> pl.DataFrame:
    """Distinct active members of each group on the as-of day, per grid in scope.

    Resident-level groups count active residents with an active ``resident_group``
    membership; household-level groups count active households with an active
    ``household_group`` membership. A membership of a group the lookup does not hold, or holds
    at the other or an unknown level, is left out (``memberships_left_out_by_grid`` counts it).
    """
    day = rs.as_of
    lookup = group_lookup()
    residents_q = (
        sa.select(
            resident_group.c.group_code,
            household.c.grid_id,
            sa.func.count(sa.distinct(resident.c.id)).label("members"),
        )
        .join(lookup, lookup.c.code == resident_group.c.group_code)
        .join(resident, resident.c.id == resident_group.c.resident_id)
        .join(household, household.c.id == resident.c.household_id)
        .where(
            lookup.c.applies_to == "resident",
            _active(resident_group.c.since, resident_group.c.until, day),
            _resident_active(day),
            _in_scope(household.c.grid_id, rs),
        )
        .group_by(resident_group.c.group_code, household.c.grid_id)
    )
    households_q = (
        sa.select(
            household_group.c.group_code,
            household.c.grid_id,
            sa.func.count(sa.distinct(household.c.id)).label("members"),
        )
        .join(lookup, lookup.c.code == household_group.c.group_code)
        .join(household, household.c.id == household_group.c.household_id)
        .where(
            lookup.c.applies_to == "household",
            _active(household_group.c.since, household_group.c.until, day),
            _household_active(day),
            _in_scope(household.c.grid_id, rs),
        )
        .group_by(household_group.c.group_code, household.c.grid_id)
    )
    schema = {"group_code": pl.String, "grid_id": pl.Int64, "members": pl.Int64}
    return pl.concat([_frame(conn, residents_q, schema), _frame(conn, households_q, schema)])


def memberships_left_out_by_grid(conn: Connection, rs: ResolvedScope) -> pl.DataFrame:
    """Per grid in scope: memberships active on the as-of day, of an active member, that no
    group count holds — the group is not in the lookup (DQ28), or is there at another or no
    level (DQ12). Out: grid_id, left_out (only grids with some)."""
    day = rs.as_of
    lookup = group_lookup()
    counted = {"resident": resident_group, "household": household_group}
    parts = []
    for level, table in counted.items():
        group = table.c.group_code
        level_ok = sa.exists(
            sa.select(ONE).where(lookup.c.code == group, lookup.c.applies_to == level)
        )
        if level == "resident":
            from_ = table.join(resident, resident.c.id == table.c.resident_id).join(
                household, household.c.id == resident.c.household_id
            )
            member_active = _resident_active(day)
        else:
            from_ = table.join(household, household.c.id == table.c.household_id)
            member_active = _household_active(day)
        parts.append(
            sa.select(household.c.grid_id, sa.func.count().label("left_out"))
            .select_from(from_)
            .where(
                _active(table.c.since, table.c.until, day),
                member_active,
                _in_scope(household.c.grid_id, rs),
                sa.not_(level_ok),
            )
            .group_by(household.c.grid_id)
        )
    schema = {"grid_id": pl.Int64, "left_out": pl.Int64}
    return (
        pl.concat([_frame(conn, part, schema) for part in parts])
        .group_by("grid_id")
        .agg(pl.col("left_out").sum())
        .select("grid_id", pl.col("left_out").cast(pl.Int64))
    )


def rental_counts(conn: Connection, rs: ResolvedScope, inspected_since: dt.date) -> pl.DataFrame:
    """Rental rows of households active on the as-of day, per grid, with pledge and inspection counts."""
    day = rs.as_of
    pledge = sa.case((rental.c.pledge_signed_on <= day, 1), else_=0)
    inspected = sa.case(
        (
            sa.and_(
                rental.c.last_inspected_on >= inspected_since, rental.c.last_inspected_on <= day
            ),
            1,
        ),
        else_=0,
    )
    stmt = (
        sa.select(
            household.c.grid_id,
            sa.func.count().label("rentals"),
            sa.func.coalesce(sa.func.sum(pledge), 0).label("pledge_signed"),
            sa.func.coalesce(sa.func.sum(inspected), 0).label("inspected"),
        )
        .join(household, household.c.id == rental.c.household_id)
        .where(_household_active(day), _in_scope(household.c.grid_id, rs))
        .group_by(household.c.grid_id)
    )
    return _frame(
        conn,
        stmt,
        {
            "grid_id": pl.Int64,
            "rentals": pl.Int64,
            "pledge_signed": pl.Int64,
            "inspected": pl.Int64,
        },
    )


# --- field work -----------------------------------------------------------


def workers_in_post(conn: Connection, rs: ResolvedScope) -> pl.DataFrame:
    """(worker, grid) pairs: workers in post on the as-of day with an active assignment to a grid in scope."""
    day = rs.as_of
    stmt = (
        sa.select(
            worker.c.id.label("worker_id"), worker.c.name, worker.c.role, grid_assignment.c.grid_id
        )
        .join(grid_assignment, grid_assignment.c.worker_id == worker.c.id)
        .where(
            _active(worker.c.started_on, worker.c.ended_on, day),
            _active(grid_assignment.c.since, grid_assignment.c.until, day),
            _in_scope(grid_assignment.c.grid_id, rs),
        )
        .distinct()
    )
    return _frame(
        conn,
        stmt,
        {"worker_id": pl.Int64, "name": pl.String, "role": pl.String, "grid_id": pl.Int64},
    )


def visits_by_grid(
    conn: Connection, rs: ResolvedScope, first: dt.date, last: dt.date
) -> pl.DataFrame:
    """Visits dated in ``[first, last]`` and distinct households visited, per grid in scope."""
    stmt = (
        sa.select(
            household.c.grid_id,
            sa.func.count().label("visits"),
            sa.func.count(sa.distinct(visit.c.household_id)).label("households_visited"),
        )
        .join(household, household.c.id == visit.c.household_id)
        .where(_dated_in(visit.c.visited_at, first, last), _in_scope(household.c.grid_id, rs))
        .group_by(household.c.grid_id)
    )
    return _frame(
        conn, stmt, {"grid_id": pl.Int64, "visits": pl.Int64, "households_visited": pl.Int64}
    )


def coverage_by_grid(
    conn: Connection, rs: ResolvedScope, windows: dict[str, dt.date]
) -> pl.DataFrame:
    """Households active on the as-of day per grid, and of them those visited in each window.

    ``windows`` maps an output column name to the first day of a window ending on the as-of day.
    """
    day = rs.as_of
    columns = []
    for name, first in windows.items():
        visited = sa.exists(
            sa.select(ONE).where(
                visit.c.household_id == household.c.id, _dated_in(visit.c.visited_at, first, day)
            )
        )
        columns.append(sa.func.coalesce(sa.func.sum(sa.case((visited, 1), else_=0)), 0).label(name))
    stmt = (
        sa.select(household.c.grid_id, sa.func.count().label("households"), *columns)
        .where(_household_active(day), _in_scope(household.c.grid_id, rs))
        .group_by(household.c.grid_id)
    )
    schema = {"grid_id": pl.Int64, "households": pl.Int64} | {name: pl.Int64 for name in windows}
    return _frame(conn, stmt, schema)


def grid_day_visits(
    conn: Connection, rs: ResolvedScope, first: dt.date, last: dt.date
) -> pl.DataFrame:
    """Per grid in scope and day in ``[first, last]`` with a visit: visits and distinct households visited."""
    day = day_of(visit.c.visited_at).label("day")
    stmt = (
        sa.select(
            household.c.grid_id,
            day,
            sa.func.count().label("visits"),
            sa.func.count(sa.distinct(visit.c.household_id)).label("households_visited"),
        )
        .join(household, household.c.id == visit.c.household_id)
        .where(_dated_in(visit.c.visited_at, first, last), _in_scope(household.c.grid_id, rs))
        .group_by(household.c.grid_id, day)
    )
    return _frame(
        conn,
        stmt,
        {"grid_id": pl.Int64, "day": pl.Date, "visits": pl.Int64, "households_visited": pl.Int64},
    )


def active_households_on_days(
    conn: Connection, grid_ids: Sequence[int] | None, days: Sequence[dt.date]
) -> pl.DataFrame:
    """Households active on each of ``days``, per grid (``grid_ids`` None: every grid), in one scan.

    Long format: grid_id, day, households (grids with no household at all are absent).
    """
    days = sorted(set(days))
    schema = {"grid_id": pl.Int64, "day": pl.Date, "households": pl.Int64}
    if not days or (grid_ids is not None and not grid_ids):
        return pl.DataFrame(schema=schema)
    columns = [
        sa.func.coalesce(sa.func.sum(sa.case((_household_active(d), 1), else_=0)), 0).label(f"d{i}")
        for i, d in enumerate(days)
    ]
    where = [
        household.c.registered_on <= days[-1],
        sa.or_(household.c.closed_on.is_(None), household.c.closed_on > days[0]),
    ]
    if grid_ids is not None:
        where.append(ids_in(household.c.grid_id, grid_ids))
    stmt = sa.select(household.c.grid_id, *columns).where(*where).group_by(household.c.grid_id)
    wide = _frame(conn, stmt, {"grid_id": pl.Int64} | {f"d{i}": pl.Int64 for i in range(len(days))})
    day_of_column = {f"d{i}": d for i, d in enumerate(days)}
    return (
        wide.unpivot(index="grid_id", variable_name="column", value_name="households")
        .with_columns(
            pl.col("column").replace_strict(day_of_column, return_dtype=pl.Date).alias("day")
        )
        .select("grid_id", "day", "households")
    )


def open_incidents(conn: Connection, rs: ResolvedScope) -> pl.DataFrame:
    """Incidents open at the end of the as-of day, per grid in scope."""
    end = _end(rs.as_of)
    stmt = (
        sa.select(incident.c.grid_id, sa.func.count().label("open"))
        .where(
            incident.c.reported_at < end,
            sa.or_(incident.c.resolved_at.is_(None), incident.c.resolved_at >= end),
            _in_scope(incident.c.grid_id, rs),
        )
        .group_by(incident.c.grid_id)
    )
    return _frame(conn, stmt, {"grid_id": pl.Int64, "open": pl.Int64})


def incidents_reported(
    conn: Connection, rs: ResolvedScope, first: dt.date, last: dt.date
) -> pl.DataFrame:
    """Incidents of grids in scope reported on a day of ``[first, last]`` (one row each)."""
    stmt = sa.select(
        incident.c.id, incident.c.grid_id, incident.c.reported_at, incident.c.resolved_at
    ).where(_dated_in(incident.c.reported_at, first, last), _in_scope(incident.c.grid_id, rs))
    return _frame(
        conn,
        stmt,
        {
            "id": pl.Int64,
            "grid_id": pl.Int64,
            "reported_at": pl.Datetime("us"),
            "resolved_at": pl.Datetime("us"),
        },
    )


# --- workers over a month -------------------------------------------------


def assignments_overlapping(
    conn: Connection,
    first: dt.date,
    last: dt.date,
    *,
    rs: ResolvedScope | None = None,
    worker_ids: Iterable[int] | None = None,
) -> pl.DataFrame:
    """Assignments (with their worker's post) overlapping ``[first, last]``.

    Restricted to grids in ``rs`` and/or to ``worker_ids``.
    """
    where = [
        _overlaps(grid_assignment.c.since, grid_assignment.c.until, first, last),
        _overlaps(worker.c.started_on, worker.c.ended_on, first, last),
    ]
    if rs is not None:
        where.append(_in_scope(grid_assignment.c.grid_id, rs))
    if worker_ids is not None:
        where.append(ids_in(worker.c.id, worker_ids))
    stmt = (
        sa.select(
            worker.c.id.label("worker_id"),
            worker.c.name,
            worker.c.role,
            worker.c.started_on,
            worker.c.ended_on,
            grid_assignment.c.grid_id,
            grid.c.code.label("grid_code"),
            grid_assignment.c.since,
            grid_assignment.c.until,
        )
        .join(grid_assignment, grid_assignment.c.worker_id == worker.c.id)
        # "+ 0": with no statistics (a registry the dashboard cannot ANALYZE) SQLite otherwise
        # scans every grid and probes the assignments once per grid and listed worker — 0.39 s
        # for 1,253 workers at 1M residents against 8 ms this way (BENCHMARKS.md)
        .join(grid, grid.c.id == grid_assignment.c.grid_id + 0)
        .where(*where)
    )
    return _frame(
        conn,
        stmt,
        {
            "worker_id": pl.Int64,
            "name": pl.String,
            "role": pl.String,
            "started_on": pl.Date,
            "ended_on": pl.Date,
            "grid_id": pl.Int64,
            "grid_code": pl.String,
            "since": pl.Date,
            "until": pl.Date,
        },
    )


def worker_day_visits(
    conn: Connection, worker_ids: Sequence[int] | None, first: dt.date, last: dt.date
) -> pl.DataFrame:
    """Per worker and day in ``[first, last]`` with a visit: visits and distinct households (any grid).

    ``worker_ids`` None: every worker a visit names (the daily store's build)."""
    day = day_of(visit.c.visited_at).label("day")
    made_by = (
        visit.c.worker_id.is_not(None)
        if worker_ids is None
        else ids_in(visit.c.worker_id, worker_ids)
    )
    stmt = (
        sa.select(
            visit.c.worker_id,
            day,
            sa.func.count().label("visits"),
            sa.func.count(sa.distinct(visit.c.household_id)).label("households_visited"),
        )
        .where(made_by, _dated_in(visit.c.visited_at, first, last))
        .group_by(visit.c.worker_id, day)
    )
    return _frame(
        conn,
        stmt,
        {"worker_id": pl.Int64, "day": pl.Date, "visits": pl.Int64, "households_visited": pl.Int64},
    )


def _by_workers(column: sa.ColumnElement, worker_ids: Sequence[int] | None) -> sa.ColumnElement:
    """``column`` names one of ``worker_ids``; ``None``: any worker (the daily store's build)."""
    return column.is_not(None) if worker_ids is None else ids_in(column, worker_ids)


def patrol_days(
    conn: Connection, worker_ids: Sequence[int] | None, first: dt.date, last: dt.date
) -> pl.DataFrame:
    """Distinct (worker, day) with at least one patrol in ``[first, last]``; ``worker_ids``
    None: every worker a patrol names."""
    stmt = (
        sa.select(patrol.c.worker_id, patrol.c.patrolled_on.label("day"))
        .where(
            _by_workers(patrol.c.worker_id, worker_ids),
            patrol.c.patrolled_on >= first,
            patrol.c.patrolled_on <= last,
        )
        .distinct()
    )
    return _frame(conn, stmt, {"worker_id": pl.Int64, "day": pl.Date})


def work_logs(
    conn: Connection, worker_ids: Sequence[int] | None, first: dt.date, last: dt.date
) -> pl.DataFrame:
    """Work logs about a day in ``[first, last]``, with the day they were submitted;
    ``worker_ids`` None: every worker a log names."""
    stmt = sa.select(
        work_log.c.worker_id,
        work_log.c.log_date,
        day_of(work_log.c.submitted_at).label("submitted_on"),
    ).where(
        _by_workers(work_log.c.worker_id, worker_ids),
        work_log.c.log_date >= first,
        work_log.c.log_date <= last,
    )
    return _frame(conn, stmt, {"worker_id": pl.Int64, "log_date": pl.Date, "submitted_on": pl.Date})


def incidents_by_reporter(
    conn: Connection, worker_ids: Sequence[int], first: dt.date, last: dt.date
) -> pl.DataFrame:
    """Incidents reported by these workers on a day of ``[first, last]``."""
    stmt = sa.select(
        incident.c.id,
        incident.c.reported_by.label("worker_id"),
        incident.c.reported_at,
        incident.c.resolved_at,
    ).where(
        ids_in(incident.c.reported_by, worker_ids), _dated_in(incident.c.reported_at, first, last)
    )
    return _frame(
        conn,
        stmt,
        {
            "id": pl.Int64,
            "worker_id": pl.Int64,
            "reported_at": pl.Datetime("us"),
            "resolved_at": pl.Datetime("us"),
        },
    )


# --- assessment -----------------------------------------------------------


def scoring_criteria() -> sa.Subquery:
    """Criteria whose scores count: the code appears once in the lookup and its ``max_score``
    lies in (0, MAX_SCORE_LIMIT]. Another criterion's scores are left out of every total
    (data-quality checks DQ26 and DQ27 report it)."""
    most = sa.func.max(assessment_criterion.c.max_score)
    return (
        sa.select(assessment_criterion.c.code, most.label("max_score"))
        .group_by(assessment_criterion.c.code)
        .having(sa.func.count() == 1, most > 0, most <= MAX_SCORE_LIMIT)
        .subquery("scoring_criterion")
    )


def duplicated_score_keys() -> sa.Subquery:
    """(worker_id, period, criterion_code) keys held by more than one ``assessment`` row."""
    return (
        sa.select(assessment.c.worker_id, assessment.c.period, assessment.c.criterion_code)
        .group_by(assessment.c.worker_id, assessment.c.period, assessment.c.criterion_code)
        .having(sa.func.count() > 1)
        .subquery("duplicated_score")
    )


def score_known_on(day: dt.date) -> sa.ColumnElement:
    """An ``assessment`` row is known on ``day`` when it was entered by then (``assessed_on`` ≤
    ``day``) or carries no date (contract 1.1, "as known on d")."""
    return sa.or_(assessment.c.assessed_on.is_(None), assessment.c.assessed_on <= day)


#: the columns of ``assessment``'s key (the contract's primary key)
SCORE_KEY = ("worker_id", "period", "criterion_code")
#: per registry engine: whether the database itself keeps the score key unique
_score_keys_unique: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def keeps_unique(conn: Connection, table: str, key: Sequence[str]) -> bool:
    """Whether the database forbids two rows of ``table`` with the same non-NULL ``key``: a
    primary key, a unique constraint or a unique index on ``key`` or on some of its columns (a
    partial or expression index does not count)."""
    inspector = sa.inspect(conn)
    wanted = set(key)

    def covers(columns: Sequence[str | None]) -> bool:
        return bool(columns) and None not in columns and set(columns) <= wanted

    # an expression index the dialect cannot reflect is skipped with a warning (SQLite's unique
    # constraints and PostgreSQL's indexes): it cannot make the key unique anyway
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection", sa.exc.SAWarning)
        primary = inspector.get_pk_constraint(table).get("constrained_columns") or []
        uniques = inspector.get_unique_constraints(table)
        indexes = inspector.get_indexes(table)
    if covers(primary) or any(covers(c.get("column_names") or []) for c in uniques):
        return True
    for index in indexes:
        options = index.get("dialect_options") or {}
        partial = any(
            name.endswith("_where") and value is not None for name, value in options.items()
        )
        if (
            index.get("unique")
            and not partial
            and not index.get("expressions")
            and covers(index.get("column_names") or [])
        ):
            return True
    return False


def score_keys_unique(conn: Connection) -> bool:
    """Whether this registry keeps ``assessment``'s key unique itself (``keeps_unique``), asked
    once per engine: then no key is repeated and ``counted_scores`` need not look for one. An
    imported registry without the constraint is checked row by row."""
    engine = conn.engine
    found = _score_keys_unique.get(engine)
    if found is None:
        found = _score_keys_unique[engine] = keeps_unique(conn, assessment.name, SCORE_KEY)
    return found


def counted_scores(
    known_on: dt.date, keys_unique: bool = False
) -> tuple[Any, sa.ColumnElement, sa.ColumnElement]:
    """(from clause, predicate, max_score) of the ``assessment`` rows a total counts on ``known_on``.

    A row counts when it is known on that day (``score_known_on``), its criterion is a scoring
    criterion, its score lies in [0, max_score] and no other row has its key (worker, period,
    criterion): a row that breaks the contract is left out, counted by the data-quality checks
    DQ25–DQ28, and named in the captions. ``keys_unique`` (``score_keys_unique``): the registry
    forbids a repeated key, so none is looked for — the rows counted are the same.
    """
    criteria = scoring_criteria()
    dups = duplicated_score_keys()
    duplicated = sa.exists(
        sa.select(ONE)
        .select_from(dups)
        .where(
            dups.c.worker_id == assessment.c.worker_id,
            dups.c.period == assessment.c.period,
            dups.c.criterion_code == assessment.c.criterion_code,
        )
    )
    from_ = assessment.join(criteria, criteria.c.code == assessment.c.criterion_code)
    # compared as a number: SQLite makes text 0 here, so a text score reaches ``_frame``, which
    # names the column, instead of being left out as "above the maximum" (text sorts above numbers)
    score = sa.cast(assessment.c.score, sa.Float)
    valid = sa.and_(
        score_known_on(known_on),
        assessment.c.score.is_not(None),
        score >= 0,
        score <= criteria.c.max_score,
        *(() if keys_unique else (sa.not_(duplicated),)),
    )
    return from_, valid, criteria.c.max_score


def latest_assessment_period(
    conn: Connection, worker_ids: Sequence[int], month: str, known_on: dt.date
) -> str | None:
    """The latest ``assessment.period`` not after ``month`` among these workers' scores counted
    on ``known_on``."""
    if not worker_ids:
        return None
    from_, counted, _ = counted_scores(known_on, score_keys_unique(conn))
    stmt = (
        sa.select(sa.func.max(assessment.c.period))
        .select_from(from_)
        .where(ids_in(assessment.c.worker_id, worker_ids), assessment.c.period <= month, counted)
    )
    frame = _frame(conn, stmt, {"period": pl.String})
    return frame["period"][0]


def scores_in_periods(
    conn: Connection, worker_ids: Sequence[int], periods: Sequence[str], known_on: dt.date
) -> pl.DataFrame:
    """worker_id, period, criterion_code, score, max_score of these workers in these periods,
    as counted on ``known_on``."""
    schema = {
        "worker_id": pl.Int64,
        "period": pl.String,
        "criterion_code": pl.String,
        "score": pl.Float64,
        "max_score": pl.Float64,
    }
    if not worker_ids or not periods:
        return pl.DataFrame(schema=schema)
    from_, counted, max_score = counted_scores(known_on, score_keys_unique(conn))
    stmt = (
        sa.select(
            assessment.c.worker_id,
            assessment.c.period,
            assessment.c.criterion_code,
            assessment.c.score,
            max_score.label("max_score"),
        )
        .select_from(from_)
        .where(
            ids_in(assessment.c.worker_id, worker_ids),
            assessment.c.period.in_(sorted(set(periods))),
            counted,
        )
    )
    return _frame(conn, stmt, schema)


def assessment_scores(
    conn: Connection, worker_ids: Sequence[int], period: str, known_on: dt.date
) -> pl.DataFrame:
    """Scores of these workers for ``period`` counted on ``known_on``, with each criterion's
    maximum: ``scores_in_periods`` of the one period."""
    return scores_in_periods(conn, worker_ids, [period], known_on).drop("period")


def scores_left_out(
    conn: Connection, worker_ids: Sequence[int], period: str, known_on: dt.date
) -> int:
    """``assessment`` rows of these workers for ``period``, known on ``known_on``, that no total
    counts (see ``counted_scores``): bad scores, criteria that cannot score or are unknown,
    repeated keys. Rows entered after ``known_on`` are not yet known, not left out."""
    if not worker_ids:
        return 0
    from_, counted, _ = counted_scores(known_on, score_keys_unique(conn))
    counted_q = (
        sa.select(sa.func.count())
        .select_from(from_)
        .where(ids_in(assessment.c.worker_id, worker_ids), assessment.c.period == period, counted)
    )
    stmt = sa.select(
        (
            sa.select(sa.func.count())
            .where(
                ids_in(assessment.c.worker_id, worker_ids),
                assessment.c.period == period,
                score_known_on(known_on),
            )
            .scalar_subquery()
            - counted_q.scalar_subquery()
        ).label("left_out")
    )
    return int(_frame(conn, stmt, {"left_out": pl.Int64})["left_out"][0])


def known_score_rows(
    conn: Connection, worker_ids: Sequence[int], periods: Sequence[str], known_on: dt.date
) -> pl.DataFrame:
    """worker_id, period, rows: how many ``assessment`` rows of these workers and periods are
    known on ``known_on``, counted by a total or not. Less the rows ``scores_in_periods`` gives,
    they are ``scores_left_out`` (for several months, or months and workers, in one query)."""
    schema = {"worker_id": pl.Int64, "period": pl.String, "rows": pl.Int64}
    if not worker_ids or not periods:
        return pl.DataFrame(schema=schema)
    stmt = (
        sa.select(assessment.c.worker_id, assessment.c.period, sa.func.count().label("rows"))
        .where(
            ids_in(assessment.c.worker_id, worker_ids),
            assessment.c.period.in_(sorted(set(periods))),
            score_known_on(known_on),
        )
        .group_by(assessment.c.worker_id, assessment.c.period)
    )
    return _frame(conn, stmt, schema)


def assessment_criteria(conn: Connection) -> pl.DataFrame:
    """The ``assessment_criterion`` lookup, one row per code (a repeated code keeps its first
    names and no maximum: it scores nothing)."""
    repeated = sa.func.count() > 1
    stmt = (
        sa.select(
            assessment_criterion.c.code,
            sa.func.min(assessment_criterion.c.name_zh).label("name_zh"),
            sa.func.min(assessment_criterion.c.name_en).label("name_en"),
            sa.case(
                (repeated, sa.null()), else_=sa.func.max(assessment_criterion.c.max_score)
            ).label("max_score"),
        )
        .group_by(assessment_criterion.c.code)
        .order_by(assessment_criterion.c.code)
    )
    return _frame(
        conn,
        stmt,
        {"code": pl.String, "name_zh": pl.String, "name_en": pl.String, "max_score": pl.Float64},
    )
