"""The data-quality page (数据质量): every check's counts, and one check's rows.

The summary runs every check once for a scope and day: the SQL checks as grouped counts in the
database, the identity-number checks as one pass over the residents' numbers read in pages of
rows (the faulty residents' ids are kept, a small frame, for the drill-down).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import polars as pl
from sqlalchemy.engine import Connection

from data_access import quality as dq
from data_access.scope import ResolvedScope
from metrics import quality as mq
from metrics.privacy import Disclosure

EXPORT_LIMIT = 10_000


@dataclass(frozen=True)
class QualitySummary:
    counts: pl.DataFrame  # metrics.quality.COUNT_SCHEMA (check, grid_id, records, sensitive)
    totals: dict[str, int]  # every check code → rows reported
    per_grid: pl.DataFrame  # metrics.quality.per_grid
    id_faults: pl.DataFrame  # id, grid_id, check: the identity checks' findings
    grids: pl.DataFrame  # the grids in scope
    held_back: dict[str, int]  # every check code → rows about a sensitive membership (exact)
    #: whether ``totals`` and ``per_grid`` include the rows held back (``disclosed``)
    includes_held_back: bool = True

    def disclosed(self, disclosure: Disclosure) -> QualitySummary:
        """The summary as ``disclosure`` may see it (``metrics.quality.disclosed``)."""
        if disclosure is Disclosure.EXACT:
            return self
        counts = mq.disclosed(self.counts, disclosure)
        return replace(
            self,
            counts=counts,
            totals=mq.totals(counts),
            per_grid=mq.per_grid(self.grids, counts),
            includes_held_back=False,
        )


#: ``progress(done, total)``: after each check (the identity checks are the last step)
Progress = Callable[[int, int], None]


def summary(
    conn: Connection, rs: ResolvedScope, progress: Progress | None = None
) -> QualitySummary:
    """Every check's rows reported, per grid and in all."""
    steps = len(mq.SQL_CHECKS) + 1
    parts = []
    for done, code in enumerate(mq.SQL_CHECKS, start=1):
        parts.append(dq.check_counts(conn, rs, code).with_columns(check=pl.lit(code)))
        if progress is not None:
            progress(done, steps)
    faults = [mq.EMPTY_FAULTS, *(mq.id_number_faults(c) for c in dq.identity_chunks(conn, rs))]
    if progress is not None:
        progress(steps, steps)
    id_faults = pl.concat(faults)
    counts = pl.concat(
        [*(p.select(list(mq.COUNT_SCHEMA)) for p in parts), mq.fault_counts(id_faults)]
    )
    return QualitySummary(
        counts=counts,
        totals=mq.totals(counts),
        per_grid=mq.per_grid(rs.grids, counts),
        id_faults=id_faults,
        grids=rs.grids,
        held_back=mq.held_back(counts),
    )


def drill(
    conn: Connection,
    rs: ResolvedScope,
    code: str,
    offset: int,
    limit: int,
    masked: bool = True,
    id_faults: Callable[[], pl.DataFrame] | None = None,
) -> tuple[pl.DataFrame, int]:
    """One page of check ``code``'s rows, masked (unless ``masked`` is False: an unmasking with a
    reason), and how many may be listed. ``id_faults()`` gives the identity checks' findings
    (the page passes its cached summary's); by default the summary is built here."""
    if code in mq.ID_CHECKS:
        faults = id_faults() if id_faults is not None else summary(conn, rs).id_faults
        ids = mq.fault_page(faults, code, rs.grids, offset, limit)
        rows = dq.residents_listed(conn, ids)
        total = faults.filter(pl.col("check") == code).height
    else:
        rows, total = dq.check_list(conn, rs, code, offset, limit)
    return (mq.masked_list(rows) if masked else rows), total
