"""The only engine-specific SQL in the project: the calendar day of a timestamp.

Everything else is portable SQLAlchemy Core; a new engine needs a rule here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


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
