"""``data_access.dialect.ids_in`` on both engines: the rows of ``column IN (…)``, one array
parameter on PostgreSQL, and a statement compiled once answering later lists rightly (its
parameter keeps its place in SQLAlchemy's statement cache)."""

from __future__ import annotations

import sqlalchemy as sa

from data_access.dialect import ids_in

ROWS = [{"id": i, "grid_id": i % 7 if i % 5 else None} for i in range(1, 60)]


def build_numbers(engine: sa.Engine) -> None:
    metadata = sa.MetaData()
    table = sa.Table(
        "numbers", metadata, sa.Column("id", sa.Integer), sa.Column("grid_id", sa.Integer)
    )
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(table.insert(), ROWS)


def test_ids_in_is_the_in_list_and_its_cached_statement_takes_new_lists(
    engine_name: str, registry_url
) -> None:
    engine = sa.create_engine(registry_url(engine_name, "numbers", build_numbers))
    numbers = sa.Table("numbers", sa.MetaData(), autoload_with=engine)
    lists = [[3], [1, 2, 3, 40], [], list(range(50, 80)), [6, 6, 0], list(range(1, 60, 2))]
    try:
        with engine.connect() as conn:
            for ids in lists:
                for column in (numbers.c.id, numbers.c.grid_id):
                    got = conn.execute(
                        sa.select(numbers.c.id).where(ids_in(column, ids)).order_by(numbers.c.id)
                    ).scalars()
                    wanted = [r["id"] for r in ROWS if r[column.name] in set(ids)]
                    assert list(got) == wanted, (column.name, ids)
                    negated = conn.execute(
                        sa.select(sa.func.count()).where(~ids_in(column, ids))
                    ).scalar()
                    # SQL: a NULL is in no list, and "not in" no list only when it is empty
                    assert negated == sum(
                        1
                        for r in ROWS
                        if not ids or (r[column.name] is not None and r[column.name] not in ids)
                    ), (column.name, ids)
        statement = str(
            sa.select(numbers.c.id)
            .where(ids_in(numbers.c.id, range(500)))
            .compile(dialect=engine.dialect)
        )
        if engine_name == "postgres":
            assert "= ANY" in statement and len(statement) < 200
        else:
            assert "IN (__[POSTCOMPILE_" in statement and "= 1" not in statement
    finally:
        engine.dispose()
