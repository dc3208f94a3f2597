"""The only engine-specific SQL in the project: the calendar day of a timestamp, and a column
among many ids.

Everything else is portable SQLAlchemy Core; a new engine needs a rule here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Boolean, Date, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.visitors import InternalTraversal


class day_of(FunctionElement):  # noqa: N801 - reads like a SQL function
    """``day_of(ts)``: the date part of a local-time timestamp."""

    type = Date()
    inherit_cache = True
    name = "day_of"


@compiles(day_of)
def _day_of_default(element: day_of, compiler: Any, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS DATE)"


@compiles(day_of, "sqlite")
def _day_of_sqlite(element: day_of, compiler: Any, **kw: Any) -> str:
    # timestamps are ISO text in SQLite; the first ten characters are the day
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 10)"


class ids_in(ColumnElement[bool]):  # noqa: N801 - reads like a SQL operator
    """``ids_in(column, ids)``: ``column`` is one of the whole numbers ``ids`` — ``column IN
    (…)`` with one parameter a number on SQLite; ``column = ANY(:ids)`` with one array parameter
    on PostgreSQL. A list of a thousand ids makes a 40 kB statement there, which psycopg parses
    on every execution (it keeps only statements under 4 kB parsed): 6–8 ms a statement."""

    type = Boolean()
    inherit_cache = True
    _is_implicitly_boolean = True  # a predicate: no "= 1" after it on SQLite
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement),
        ("ids", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: ColumnElement[Any], ids: Iterable[int]) -> None:
        self.column = column
        self.ids = bindparam(None, [int(i) for i in ids], type_=column.type, expanding=True)

    @property
    def _from_objects(self) -> list[Any]:
        return self.column._from_objects  # the column's table is in the statement's FROM


@compiles(ids_in)
def _ids_in_default(element: ids_in, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.column.in_(element.ids), **kw)


@compiles(ids_in, "postgresql")
def _ids_in_postgresql(element: ids_in, compiler: Any, **kw: Any) -> str:
    # the same parameter (a clone keeps its place among the statement's cached parameters),
    # bound whole as an array
    array = element.ids._clone()
    array.expanding = False
    array.type = ARRAY(element.column.type)
    return f"{compiler.process(element.column, **kw)} = ANY ({compiler.process(array, **kw)})"
