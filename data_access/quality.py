"""Data-quality checks pushed into the database (the definitions are in ``metrics.quality``).

Every SQL check is one SELECT in a common *list shape* — grid_id, record_table, record_id,
record_key, name, address, id_number, field_name, field_value, sensitive — with one row per
reported record (per record and field for DQ20/DQ21). Counting per grid and paging the
drill-down list are the same two generic queries over it. The identity-number checks
(DQ01–DQ03) need the GB 11643 arithmetic: their input is read here in pages of rows by
resident id (``identity_chunks``), so memory stays bounded whatever the registry's size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.dialect import day_of, ids_in
from data_access.queries import (
    ONE,
    _active,
    _end,
    _frame,
    _household_active,
    _in_scope,
    _resident_active,
    scoring_criteria,
)
from data_access.schema import (
    FLOATING_ORIGINS,
    GENDERS,
    GRID_KINDS,
    RESIDENCY,
    ROLES,
    VISIT_PURPOSES,
    assessment,
    assessment_criterion,
    grid,
    grid_assignment,
    household,
    household_group,
    incident,
    incident_category,
    metadata,
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
from metrics.quality import FUTURE_FIELDS, INTERVAL_FIELDS, KEY_FIELDS, LIST_SCHEMA, ORPHAN_FIELDS

APPLIES_TO = ("resident", "household")
CHUNK_ROWS = 50_000

#: records: the rows a check reports; sensitive: those of them about a sensitive group's membership
#: (counted, never listed: a role without personal-data access sees counts that include any
#: rounded, so that a total minus the listed rows does not tell them)
COUNT_SCHEMA = {"grid_id": pl.Int64, "records": pl.Int64, "sensitive": pl.Int64}


def _text(value: Any) -> sa.ColumnElement:
    """A value as TEXT on every engine (a Python value becomes a bound parameter)."""
    if value is None:
        return sa.cast(sa.null(), sa.Text)
    if isinstance(value, str):
        return sa.cast(sa.literal(value), sa.Text)
    return sa.cast(value, sa.Text)


def _shape(
    *,
    grid_id: Any,
    table: str,
    record_id: Any,
    field: str,
    value: Any = None,
    record_key: Any = None,
    name: Any = None,
    address: Any = None,
    id_number: Any = None,
    sensitive: Any = None,
) -> list[sa.ColumnElement]:
    return [
        sa.cast(sa.null() if grid_id is None else grid_id, sa.Integer).label("grid_id"),
        _text(table).label("record_table"),
        sa.cast(sa.null() if record_id is None else record_id, sa.Integer).label("record_id"),
        _text(record_key).label("record_key"),
        _text(name).label("name"),
        _text(address).label("address"),
        _text(id_number).label("id_number"),
        _text(field).label("field_name"),
        _text(value).label("field_value"),
        (sa.false() if sensitive is None else sensitive).label("sensitive"),
    ]


def _not_code(column: sa.ColumnElement, codes: Sequence[str]) -> sa.ColumnElement:
    return sa.or_(column.is_(None), column.not_in(list(codes)))


def _blank(column: sa.ColumnElement) -> sa.ColumnElement:
    return sa.or_(column.is_(None), sa.func.trim(column) == "")


def _present(column: sa.ColumnElement) -> sa.ColumnElement:
    return sa.and_(column.is_not(None), sa.func.trim(column) != "")


def _join(*parts: sa.ColumnElement) -> sa.ColumnElement:
    """Texts joined with a space, with ``||`` (portable)."""
    out = _text(parts[0])
    for part in parts[1:]:
        out = out + _text(" ") + _text(part)
    return out


def _worker_grid(worker_id: sa.ColumnElement, rs: ResolvedScope) -> sa.ColumnElement:
    """The first grid in scope, by code, that the worker has any assignment to (else NULL)."""
    return (
        sa.select(grid.c.id)
        .select_from(grid_assignment.join(grid, grid.c.id == grid_assignment.c.grid_id))
        .where(grid_assignment.c.worker_id == worker_id, _in_scope(grid.c.id, rs))
        .order_by(grid.c.code)
        .limit(1)
        .scalar_subquery()
    )


# --- the subjects of the checks ---------------------------------------------------------


@dataclass(frozen=True)
class _Subject:
    """How one table's rows are reached, attributed to a grid and named in a list."""

    from_: Any
    grid_id: sa.ColumnElement
    record_id: sa.ColumnElement
    where: tuple[sa.ColumnElement, ...]
    record_key: Any = None
    sensitive: Any = None


def _subject(table: str, rs: ResolvedScope) -> _Subject:
    in_household = _in_scope(household.c.grid_id, rs)
    if table == "resident":
        return _Subject(
            resident.join(household, household.c.id == resident.c.household_id),
            household.c.grid_id,
            resident.c.id,
            (in_household,),
        )
    if table == "household":
        return _Subject(household, household.c.grid_id, household.c.id, (in_household,))
    if table == "visit":
        return _Subject(
            visit.join(household, household.c.id == visit.c.household_id),
            household.c.grid_id,
            visit.c.id,
            (in_household,),
        )
    if table == "rental":
        return _Subject(
            rental.join(household, household.c.id == rental.c.household_id),
            household.c.grid_id,
            rental.c.id,
            (in_household,),
        )
    if table == "patrol":
        return _Subject(patrol, patrol.c.grid_id, patrol.c.id, (_in_scope(patrol.c.grid_id, rs),))
    if table == "incident":
        return _Subject(
            incident, incident.c.grid_id, incident.c.id, (_in_scope(incident.c.grid_id, rs),)
        )
    if table == "grid_assignment":
        return _Subject(
            grid_assignment,
            grid_assignment.c.grid_id,
            grid_assignment.c.worker_id,
            (_in_scope(grid_assignment.c.grid_id, rs),),
            record_key=grid_assignment.c.since,
        )
    if table == "resident_group":
        return _Subject(
            resident_group.join(resident, resident.c.id == resident_group.c.resident_id)
            .join(household, household.c.id == resident.c.household_id)
            .outerjoin(special_group, special_group.c.code == resident_group.c.group_code),
            household.c.grid_id,
            resident_group.c.resident_id,
            (in_household,),
            record_key=_join(resident_group.c.group_code, resident_group.c.since),
            sensitive=sa.func.coalesce(special_group.c.sensitive, sa.true()),  # fails closed
        )
    if table == "household_group":
        return _Subject(
            household_group.join(
                household, household.c.id == household_group.c.household_id
            ).outerjoin(special_group, special_group.c.code == household_group.c.group_code),
            household.c.grid_id,
            household_group.c.household_id,
            (in_household,),
            record_key=_join(household_group.c.group_code, household_group.c.since),
            sensitive=sa.func.coalesce(special_group.c.sensitive, sa.true()),  # fails closed
        )
    worker_level = {
        "worker": (worker, worker.c.id, worker.c.id, None),
        "work_log": (work_log, work_log.c.worker_id, work_log.c.id, None),
        "assessment": (
            assessment,
            assessment.c.worker_id,
            assessment.c.worker_id,
            _join(assessment.c.period, assessment.c.criterion_code),
        ),
    }
    if table in worker_level:
        from_, worker_id, record_id, key = worker_level[table]
        attributed = _worker_grid(worker_id, rs)
        return _Subject(from_, attributed, record_id, (attributed.is_not(None),), record_key=key)
    raise ValueError(f"no data-quality subject for table {table!r}")


_TABLES = {
    t.name: t
    for t in (
        resident,
        household,
        visit,
        patrol,
        work_log,
        incident,
        rental,
        worker,
        grid_assignment,
        resident_group,
        household_group,
        assessment,
    )
}


def _after(column: sa.Column, day: dt.date) -> sa.ColumnElement:
    """A date after ``day``, or a timestamp at or after its end."""
    if isinstance(column.type, sa.DateTime):
        return column >= _end(day)
    return column > day


# --- the SQL checks -----------------------------------------------------------------------


def _residents(rs: ResolvedScope, field: str, value: Any, *where: sa.ColumnElement) -> sa.Select:
    """Active residents in scope meeting ``where``."""
    return (
        sa.select(
            *_shape(
                grid_id=household.c.grid_id,
                table="resident",
                record_id=resident.c.id,
                name=resident.c.name,
                address=household.c.address,
                id_number=resident.c.id_number,
                field=field,
                value=value,
            )
        )
        .select_from(resident.join(household, household.c.id == resident.c.household_id))
        .where(_resident_active(rs.as_of), _in_scope(household.c.grid_id, rs), *where)
    )


def _visits(
    rs: ResolvedScope, *where: sa.ColumnElement, field: str = "visited_at", value: Any = None
) -> sa.Select:
    """Visits in scope dated by the as-of day meeting ``where`` (household joined, worker named)."""
    return (
        sa.select(
            *_shape(
                grid_id=household.c.grid_id,
                table="visit",
                record_id=visit.c.id,
                name=worker.c.name,
                address=household.c.address,
                field=field,
                value=visit.c.visited_at if value is None else value,
            )
        )
        .select_from(
            visit.join(household, household.c.id == visit.c.household_id).outerjoin(
                worker, worker.c.id == visit.c.worker_id
            )
        )
        .where(visit.c.visited_at < _end(rs.as_of), _in_scope(household.c.grid_id, rs), *where)
    )


def _grids(rs: ResolvedScope, field: str, value: Any, *where: sa.ColumnElement) -> sa.Select:
    return sa.select(
        *_shape(grid_id=grid.c.id, table="grid", record_id=grid.c.id, field=field, value=value)
    ).where(_in_scope(grid.c.id, rs), *where)


def dq04(rs: ResolvedScope) -> sa.Select:
    return _residents(
        rs,
        "floating_origin",
        resident.c.floating_origin,
        resident.c.residency == "floating",
        _blank(resident.c.floating_origin),
    )


def dq05(rs: ResolvedScope) -> sa.Select:
    return _residents(
        rs, "residency", resident.c.residency, _not_code(resident.c.residency, RESIDENCY)
    )


def dq06(rs: ResolvedScope) -> sa.Select:
    return _residents(rs, "gender", resident.c.gender, _not_code(resident.c.gender, GENDERS))


def dq07(rs: ResolvedScope) -> sa.Select:
    origin = resident.c.floating_origin
    return _residents(
        rs, "floating_origin", origin, _present(origin), origin.not_in(list(FLOATING_ORIGINS))
    )


def dq08(rs: ResolvedScope) -> sa.Select:
    origin = resident.c.floating_origin
    return _residents(
        rs,
        "floating_origin",
        origin,
        resident.c.residency.in_(["resident", "nominal"]),
        _present(origin),
    )


def dq09(rs: ResolvedScope) -> sa.Select:
    return _grids(rs, "kind", grid.c.kind, _not_code(grid.c.kind, GRID_KINDS))


def dq10(rs: ResolvedScope) -> sa.Select:
    attributed = _worker_grid(worker.c.id, rs)
    return sa.select(
        *_shape(
            grid_id=attributed,
            table="worker",
            record_id=worker.c.id,
            name=worker.c.name,
            field="role",
            value=worker.c.role,
        )
    ).where(attributed.is_not(None), _not_code(worker.c.role, ROLES))


def dq11(rs: ResolvedScope) -> sa.Select:
    return _visits(
        rs, _not_code(visit.c.purpose, VISIT_PURPOSES), field="purpose", value=visit.c.purpose
    )


def dq12(rs: ResolvedScope) -> sa.Select:
    return sa.select(
        *_shape(
            grid_id=None,
            table="special_group",
            record_id=None,
            record_key=special_group.c.code,
            field="applies_to",
            value=special_group.c.applies_to,
        )
    ).where(_not_code(special_group.c.applies_to, APPLIES_TO))


def dq13(rs: ResolvedScope) -> sa.Select:
    known = sa.exists(sa.select(ONE).where(incident_category.c.code == incident.c.category))
    return sa.select(
        *_shape(
            grid_id=incident.c.grid_id,
            table="incident",
            record_id=incident.c.id,
            field="category",
            value=incident.c.category,
        )
    ).where(
        incident.c.reported_at < _end(rs.as_of),
        _in_scope(incident.c.grid_id, rs),
        sa.not_(known),
    )


def dq14(rs: ResolvedScope) -> sa.Select:
    return _residents(rs, "household_id", household.c.id, sa.not_(_household_active(rs.as_of)))


def dq15(rs: ResolvedScope) -> sa.Select:
    lives_here = sa.exists(
        sa.select(ONE).where(resident.c.household_id == household.c.id, _resident_active(rs.as_of))
    )
    return sa.select(
        *_shape(
            grid_id=household.c.grid_id,
            table="household",
            record_id=household.c.id,
            address=household.c.address,
            field="registered_on",
            value=household.c.registered_on,
        )
    ).where(_household_active(rs.as_of), _in_scope(household.c.grid_id, rs), sa.not_(lives_here))


def dq16(rs: ResolvedScope) -> sa.Select:
    day = day_of(visit.c.visited_at)
    return _visits(rs, sa.not_(_active(household.c.registered_on, household.c.closed_on, day)))


def dq17(rs: ResolvedScope) -> sa.Select:
    day = day_of(visit.c.visited_at)
    poster = worker.alias("poster")
    in_post = sa.exists(
        sa.select(ONE)
        .select_from(poster)
        .where(
            poster.c.id == visit.c.worker_id, _active(poster.c.started_on, poster.c.ended_on, day)
        )
    )
    return _visits(rs, sa.not_(in_post))


def dq18(rs: ResolvedScope) -> sa.Select:
    day = day_of(visit.c.visited_at)
    assigned = sa.exists(
        sa.select(ONE).where(
            grid_assignment.c.worker_id == visit.c.worker_id,
            grid_assignment.c.grid_id == household.c.grid_id,
            _active(grid_assignment.c.since, grid_assignment.c.until, day),
        )
    )
    return _visits(rs, sa.not_(assigned))


def dq19(rs: ResolvedScope) -> sa.Select:
    other = resident.alias("other")
    shared = (
        sa.select(other.c.id_number)
        .where(
            _active(other.c.registered_on, other.c.left_on, rs.as_of),
            _present(other.c.id_number),
        )
        .group_by(other.c.id_number)
        .having(sa.func.count() > 1)
    )
    return _residents(
        rs, "id_number", None, _present(resident.c.id_number), resident.c.id_number.in_(shared)
    )


def dq20(rs: ResolvedScope) -> sa.CompoundSelect:
    parts = []
    for table_name, field in FUTURE_FIELDS:
        subject = _subject(table_name, rs)
        column = _TABLES[table_name].c[field]
        parts.append(
            sa.select(
                *_shape(
                    grid_id=subject.grid_id,
                    table=table_name,
                    record_id=subject.record_id,
                    record_key=subject.record_key,
                    field=field,
                    value=column,
                    sensitive=subject.sensitive,
                )
            )
            .select_from(subject.from_)
            .where(*subject.where, _after(column, rs.as_of))
        )
    return sa.union_all(*parts)


def dq21(rs: ResolvedScope) -> sa.CompoundSelect:
    parts = []
    for table_name, start, end in INTERVAL_FIELDS:
        subject = _subject(table_name, rs)
        table = _TABLES[table_name]
        first, last = table.c[start], table.c[end]
        parts.append(
            sa.select(
                *_shape(
                    grid_id=subject.grid_id,
                    table=table_name,
                    record_id=subject.record_id,
                    record_key=subject.record_key,
                    field=f"{start} → {end}",
                    value=_text(first) + _text(" → ") + _text(last),
                    sensitive=subject.sensitive,
                )
            )
            .select_from(subject.from_)
            .where(*subject.where, last < first)
        )
    return sa.union_all(*parts)


def dq22(rs: ResolvedScope) -> sa.Select:
    return _grids(rs, "boundary", None, _blank(grid.c.boundary))


def dq23(rs: ResolvedScope, today: dt.date) -> sa.Select:
    """Visits in scope dated after ``today`` (whatever the as-of day)."""
    return (
        sa.select(
            *_shape(
                grid_id=household.c.grid_id,
                table="visit",
                record_id=visit.c.id,
                name=worker.c.name,
                address=household.c.address,
                field="visited_at",
                value=visit.c.visited_at,
            )
        )
        .select_from(
            visit.join(household, household.c.id == visit.c.household_id).outerjoin(
                worker, worker.c.id == visit.c.worker_id
            )
        )
        .where(visit.c.visited_at >= _end(today), _in_scope(household.c.grid_id, rs))
    )


def dq24(rs: ResolvedScope) -> sa.Select:
    return sa.select(
        *_shape(
            grid_id=None,
            table="special_group",
            record_id=None,
            record_key=special_group.c.code,
            field="sensitive",
        )
    ).where(special_group.c.sensitive.is_(None))


def dq25(rs: ResolvedScope) -> sa.Select:
    """Scores of scoring criteria that are NULL, negative or above the maximum (worker in scope)."""
    criteria = scoring_criteria()
    subject = _subject("assessment", rs)
    score = sa.cast(assessment.c.score, sa.Float)
    return (
        sa.select(
            *_shape(
                grid_id=subject.grid_id,
                table="assessment",
                record_id=subject.record_id,
                record_key=subject.record_key,
                field="score",
                value=_text(assessment.c.score) + _text(" / ") + _text(criteria.c.max_score),
            )
        )
        .select_from(assessment.join(criteria, criteria.c.code == assessment.c.criterion_code))
        .where(
            *subject.where,
            sa.or_(assessment.c.score.is_(None), score < 0, score > criteria.c.max_score),
        )
    )


def dq26(rs: ResolvedScope) -> sa.Select:
    most = sa.cast(assessment_criterion.c.max_score, sa.Float)
    return sa.select(
        *_shape(
            grid_id=None,
            table="assessment_criterion",
            record_id=None,
            record_key=assessment_criterion.c.code,
            field="max_score",
            value=assessment_criterion.c.max_score,
        )
    ).where(sa.or_(assessment_criterion.c.max_score.is_(None), most <= 0, most > MAX_SCORE_LIMIT))


def _key_text(table: sa.Table, columns: Sequence[str]) -> sa.ColumnElement:
    return _join(*(table.c[c] for c in columns)) if len(columns) > 1 else _text(table.c[columns[0]])


def dq27(rs: ResolvedScope) -> sa.CompoundSelect:
    parts = []
    for table_name, columns in KEY_FIELDS:
        table = metadata.tables[table_name]
        keys = [table.c[c] for c in columns]
        shared = (
            sa.select(*keys)
            .group_by(*keys)
            .having(sa.func.count() > 1)
            .subquery(f"dup_{table_name}")
        )
        on = sa.and_(*(shared.c[c] == table.c[c] for c in columns))
        parts.append(
            sa.select(
                *_shape(
                    grid_id=None,
                    table=table_name,
                    record_id=table.c.id if "id" in table.c and columns != ("id",) else None,
                    record_key=_key_text(table, columns),
                    field=", ".join(columns),
                    # a repeated resident or household id is personal: counted, not listed
                    sensitive=sa.true() if table_name in ("resident",) else None,
                )
            ).select_from(table.join(shared, on))
        )
    return sa.union_all(*parts)


def dq28(rs: ResolvedScope) -> sa.CompoundSelect:
    parts = []
    for table_name, column, parent_name, parent_column in ORPHAN_FIELDS:
        table, parent = metadata.tables[table_name], metadata.tables[parent_name]
        reference = table.c[column]
        found = sa.exists(sa.select(ONE).where(parent.c[parent_column] == reference))
        if "id" in table.c:
            record_id, key = table.c.id, None
        else:  # memberships, assignments, scores: their primary key
            pk = [c.name for c in table.primary_key.columns if c.name != column]
            record_id, key = None, _key_text(table, pk) if pk else None
        parts.append(
            sa.select(
                *_shape(
                    grid_id=None,
                    table=table_name,
                    record_id=record_id,
                    record_key=key,
                    field=column,
                    value=reference,
                    # a membership of a group that cannot be told: counted, never listed
                    sensitive=sa.true() if table_name.endswith("_group") else None,
                )
            ).where(reference.is_not(None), sa.not_(found))
        )
    return sa.union_all(*parts)


#: Checks that look at today (Asia/Shanghai) as well as the scope: called with ``(rs, today)``.
TODAY_CHECKS: dict[str, Callable[[ResolvedScope, dt.date], Any]] = {"DQ23": dq23}

SQL_CHECKS: dict[str, Callable[[ResolvedScope], Any]] = {
    "DQ04": dq04,
    "DQ05": dq05,
    "DQ06": dq06,
    "DQ07": dq07,
    "DQ08": dq08,
    "DQ09": dq09,
    "DQ10": dq10,
    "DQ11": dq11,
    "DQ12": dq12,
    "DQ13": dq13,
    "DQ14": dq14,
    "DQ15": dq15,
    "DQ16": dq16,
    "DQ17": dq17,
    "DQ18": dq18,
    "DQ19": dq19,
    "DQ20": dq20,
    "DQ21": dq21,
    "DQ22": dq22,
    "DQ24": dq24,
    "DQ25": dq25,
    "DQ26": dq26,
    "DQ27": dq27,
    "DQ28": dq28,
}


def check_statement(code: str, rs: ResolvedScope, today: dt.date | None = None) -> Any:
    """The list-shape SELECT of SQL check ``code``; ``today`` defaults to today in Asia/Shanghai."""
    if code in TODAY_CHECKS:
        from data_access.loaders import today_local  # loaders import the queries this builds on

        return TODAY_CHECKS[code](rs, today or today_local())
    return SQL_CHECKS[code](rs)


# --- generic counting and paging -------------------------------------------------------------


def check_counts(
    conn: Connection, rs: ResolvedScope, code: str, today: dt.date | None = None
) -> pl.DataFrame:
    """Rows one SQL check reports, per grid (grid_id NULL: registry-wide rows), and how many of
    them are about a sensitive group's membership (those ``check_list`` does not list)."""
    rows = check_statement(code, rs, today).subquery("dq")
    stmt = sa.select(
        rows.c.grid_id,
        sa.func.count().label("records"),
        sa.func.count().filter(rows.c.sensitive).label("sensitive"),
    ).group_by(rows.c.grid_id)
    return _frame(conn, stmt, COUNT_SCHEMA)


def check_list(
    conn: Connection,
    rs: ResolvedScope,
    code: str,
    offset: int,
    limit: int,
    today: dt.date | None = None,
) -> tuple[pl.DataFrame, int]:
    """One page of a SQL check's rows (unmasked) and how many may be listed.

    Rows about a sensitive group's membership are counted by ``check_counts`` but never listed.
    Order: grid code (registry-wide rows first), table, record, key, field.
    """
    rows = check_statement(code, rs, today).subquery("dq")
    listed = sa.not_(rows.c.sensitive)
    total = _frame(
        conn, sa.select(sa.func.count()).select_from(rows).where(listed), {"n": pl.Int64}
    )
    stmt = (
        sa.select(
            grid.c.code.label("grid_code"),
            rows.c.record_table,
            rows.c.record_id,
            rows.c.record_key,
            rows.c.name,
            rows.c.address,
            rows.c.id_number,
            rows.c.field_name,
            rows.c.field_value,
        )
        .select_from(rows.outerjoin(grid, grid.c.id == rows.c.grid_id))
        .where(listed)
        .order_by(
            sa.case((grid.c.code.is_(None), 0), else_=1),
            grid.c.code,
            rows.c.record_table,
            sa.func.coalesce(rows.c.record_id, -1),
            sa.func.coalesce(rows.c.record_key, ""),
            rows.c.field_name,
        )
        .offset(offset)
        .limit(limit)
    )
    return _frame(conn, stmt, LIST_SCHEMA), int(total["n"][0])


# --- the identity-number pass --------------------------------------------------------------

IDENTITY_SCHEMA = {
    "id": pl.Int64,
    "grid_id": pl.Int64,
    "id_number": pl.String,
    "birth_date": pl.Date,
    "gender": pl.String,
}


def identity_chunk(conn: Connection, rs: ResolvedScope, after_id: int, limit: int) -> pl.DataFrame:
    """Active residents in scope with an identity number (not NULL, not blank) and an id above
    ``after_id``: the next ``limit`` of them by id."""
    stmt = (
        sa.select(
            resident.c.id,
            household.c.grid_id,
            resident.c.id_number,
            # as text, parsed by polars: much faster than a Python date per row
            _text(resident.c.birth_date).label("birth_date"),
            resident.c.gender,
        )
        .join(household, household.c.id == resident.c.household_id)
        .where(
            resident.c.id > after_id,
            _resident_active(rs.as_of),
            _in_scope(household.c.grid_id, rs),
            _present(resident.c.id_number),
        )
        .order_by(resident.c.id)
        .limit(limit)
    )
    rows = _frame(conn, stmt, IDENTITY_SCHEMA | {"birth_date": pl.String})
    return rows.with_columns(pl.col("birth_date").str.to_date("%Y-%m-%d", strict=False))


def identity_chunks(
    conn: Connection, rs: ResolvedScope, rows: int = CHUNK_ROWS
) -> Iterator[pl.DataFrame]:
    """``identity_chunk`` after ``identity_chunk``, until the residents run out."""
    after = 0
    while True:
        chunk = identity_chunk(conn, rs, after, rows)
        if chunk.is_empty():
            return
        yield chunk
        if chunk.height < rows:
            return
        after = int(chunk["id"][-1])


def residents_listed(conn: Connection, ids: Sequence[int]) -> pl.DataFrame:
    """Residents by id in the list shape (unmasked), ordered by grid code, then id."""
    if not ids:
        return pl.DataFrame(schema=LIST_SCHEMA)
    stmt = (
        sa.select(
            grid.c.code.label("grid_code"),
            _text("resident").label("record_table"),
            resident.c.id.label("record_id"),
            _text(None).label("record_key"),
            resident.c.name,
            household.c.address,
            resident.c.id_number,
            _text("id_number").label("field_name"),
            _text(None).label("field_value"),
        )
        .join(household, household.c.id == resident.c.household_id)
        .join(grid, grid.c.id == household.c.grid_id)
        .where(ids_in(resident.c.id, ids))
        .order_by(grid.c.code, resident.c.id)
    )
    return _frame(conn, stmt, LIST_SCHEMA)
