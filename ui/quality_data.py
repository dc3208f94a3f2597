"""Cached loaders of the data-quality page (数据质量).

The summary runs every check once for a scope and day: the SQL checks as grouped counts in the
database, the identity-number checks as one pass over the residents' numbers read in pages of
rows (the faulty residents' ids are kept, a small frame, for the drill-down).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import polars as pl

from data_access import quality as dq
from metrics import quality as mq
from metrics.privacy import Disclosure
from ui.data import ScopeKey, loader, registry_for, resolved_scope

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


@loader
def summary(url: str, key: ScopeKey, as_of: dt.date) -> QualitySummary:
    rs = resolved_scope(url, key, as_of)
    parts = []
    faults = [mq.EMPTY_FAULTS]
    with registry_for(url).connect() as conn:
        for code in mq.SQL_CHECKS:
            parts.append(dq.check_counts(conn, rs, code).with_columns(check=pl.lit(code)))
        for chunk in dq.identity_chunks(conn, rs):
            faults.append(mq.id_number_faults(chunk))
    id_faults = pl.concat(faults)
    counts = pl.concat(
        [*(p.select(list(mq.COUNT_SCHEMA)) for p in parts), mq.fault_counts(id_faults)]
    )
    return QualitySummary(
        counts=counts,
        totals=mq.totals(counts),
        per_grid=mq.per_grid(rs.grids, counts),
        grids=rs.grids,
        held_back=mq.held_back(counts),
        id_faults=id_faults,
    )


@loader
def drill(
    url: str,
    key: ScopeKey,
    as_of: dt.date,
    code: str,
    offset: int,
    limit: int,
    masked: bool = True,
) -> tuple[pl.DataFrame, int]:
    """One page of a check's rows, masked (unless ``masked`` is False: an unmasking with a
    reason, ``ui.personal``), and how many may be listed."""
    rs = resolved_scope(url, key, as_of)
    with registry_for(url).connect() as conn:
        if code in mq.ID_CHECKS:
            faults = summary(url, key, as_of).id_faults
            ids = mq.fault_page(faults, code, rs.grids, offset, limit)
            rows = dq.residents_listed(conn, ids)
            total = faults.filter(pl.col("check") == code).height
        else:
            rows, total = dq.check_list(conn, rs, code, offset, limit)
    return (mq.masked_list(rows) if masked else rows), total
