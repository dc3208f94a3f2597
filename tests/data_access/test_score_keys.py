"""Whether a registry keeps ``assessment``'s key unique itself (``keeps_unique``), on both
engines: then ``counted_scores`` need not look for a repeated key. Only a constraint the
database enforces on the key or part of it counts — never a partial, expression, non-unique or
wider index. An imported registry without the constraint keeps the row-by-row check
(``test_bad_rows``: its repeated keys are left out of the totals)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from data_access import queries as q
from data_access.schema import assessment
from tests.data_access.test_bad_rows import build_bad
from tests.data_access.tiny import build_tiny

#: table name → (extra DDL after CREATE TABLE, whether the key is kept unique)
VARIANTS = {
    "primary_key": ("", True),
    "unique_constraint": ("", True),
    "unique_index": ("CREATE UNIQUE INDEX ux_{t} ON {t} (criterion_code, worker_id, period)", True),
    "unique_on_part": ("CREATE UNIQUE INDEX ux_{t} ON {t} (worker_id, period)", True),
    "plain_index": ("CREATE INDEX ix_{t} ON {t} (worker_id, period, criterion_code)", False),
    "unique_on_more": (
        "CREATE UNIQUE INDEX ux_{t} ON {t} (worker_id, period, criterion_code, assessed_on)",
        False,
    ),
    "partial_unique": (
        "CREATE UNIQUE INDEX ux_{t} ON {t} (worker_id, period, criterion_code) WHERE score > 0",
        False,
    ),
    "expression_unique": (
        "CREATE UNIQUE INDEX ux_{t} ON {t} (worker_id, lower(period), criterion_code)",
        False,
    ),
    "no_key": ("", False),
}


def build_variants(engine: sa.Engine) -> None:
    metadata = sa.MetaData()
    for name in VARIANTS:
        extra: list[sa.SchemaItem] = []
        if name == "primary_key":
            extra.append(sa.PrimaryKeyConstraint(*q.SCORE_KEY))
        if name == "unique_constraint":
            extra.append(sa.UniqueConstraint(*q.SCORE_KEY))
        sa.Table(name, metadata, *(sa.Column(c.name, c.type) for c in assessment.columns), *extra)
    metadata.create_all(engine)
    with engine.begin() as conn:
        for name, (ddl, _) in VARIANTS.items():
            if ddl:
                conn.execute(sa.text(ddl.format(t=name)))


@pytest.mark.parametrize("table", list(VARIANTS))
def test_only_an_enforced_constraint_on_the_key_keeps_it_unique(
    engine_name: str, registry_url, table: str
) -> None:
    engine = sa.create_engine(registry_url(engine_name, "score_keys", build_variants))
    try:
        with engine.connect() as conn:
            assert q.keeps_unique(conn, table, q.SCORE_KEY) is VARIANTS[table][1]
    finally:
        engine.dispose()


def test_the_registry_is_asked_once_per_engine(engine_name: str, registry_url) -> None:
    """The schema's registry keeps the key (its primary key); an imported one without any
    constraint does not; the answer belongs to the engine, not to the process."""
    tiny = sa.create_engine(registry_url(engine_name, "tiny", build_tiny))
    loose = sa.create_engine(registry_url(engine_name, "bad", build_bad))
    try:
        for engine, wanted in ((tiny, True), (loose, False), (tiny, True)):
            with engine.connect() as conn:
                assert q.score_keys_unique(conn) is wanted
                assert q.score_keys_unique(conn) is wanted
    finally:
        tiny.dispose()
        loose.dispose()
