"""A month's scoring sheet as the page, the review and the export read it: the evidence of
every listed worker (``models.workers.month_sheet``), the rubric's proposals
(``metrics.rubric``) and the committee's stored scores, one row per worker × criterion.

Pure joins over what the callers read; the worker total is the contract's (``100 × Σ score ÷
Σ max_score`` over the criteria scored), applied to the committee's scores.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import polars as pl

from metrics import rubric as rb
from metrics.core import exact, round_score
from models.workers import MonthSheet
from scoring.store import Entry, Sheet

#: the long frame's columns, in order
COLUMNS: dict[str, Any] = {
    "worker_id": pl.Int64,
    "worker_name": pl.String,
    "role": pl.String,
    "criterion_code": pl.String,
    "max_score": pl.Float64,
    "proposed": pl.Float64,
    "why_none": pl.String,
    "score": pl.Float64,
    "reason": pl.String,
    "entered_by": pl.String,
    "recorded": pl.Float64,  # the registry's score of that worker, criterion and month
    "needs_reason": pl.Boolean,
}


@dataclass(frozen=True)
class MonthView:
    """One community's month: evidence, proposals, the sheet (None: not opened) and its scores."""

    community: str
    period: str
    as_of: dt.date
    evidence: MonthSheet
    criteria: pl.DataFrame  # code, name_zh, name_en, max_score (the registry's table)
    rubric: rb.Rubric
    sheet: Sheet | None
    entries: tuple[Entry, ...]
    #: the community's name (the files name it; the code when not given)
    community_name: str | None = None

    @property
    def community_label(self) -> str:
        return (
            f"{self.community_name}（{self.community}）" if self.community_name else self.community
        )

    @property
    def workers(self) -> tuple[dict[str, Any], ...]:
        return self.evidence.rows

    @property
    def codes(self) -> list[str]:
        return self.criteria["code"].to_list()

    def proposals(self) -> pl.DataFrame:
        return rb.proposals(self.rubric, self.criteria, self.workers)

    def pairs(self) -> dict[tuple[int, str], tuple[float | None, float]]:
        """Every (worker, criterion) the sheet lists → (proposal, maximum): what signing checks."""
        return {
            (w, c): (p, m)
            for w, c, p, m in self.proposals()
            .select("worker_id", "criterion_code", "proposed", "max_score")
            .iter_rows()
        }

    def long(self) -> pl.DataFrame:
        """One row per listed worker × criterion, in worker and criterion order."""
        stored = {(e.worker_id, e.criterion_code): e for e in self.entries}
        rows = {r["id"]: r for r in self.workers}
        records = []
        for p in self.proposals().iter_rows(named=True):
            worker = rows[p["worker_id"]]
            entry = stored.get((p["worker_id"], p["criterion_code"]))
            score = entry.score if entry is not None else None
            # a signed sheet's proposal is the one it was signed against
            proposed = entry.proposed if entry is not None and self._frozen else p["proposed"]
            records.append(
                {
                    "worker_id": p["worker_id"],
                    "worker_name": worker["name"],
                    "role": worker["role"],
                    "criterion_code": p["criterion_code"],
                    "max_score": p["max_score"],
                    "proposed": proposed,
                    "why_none": p["why_none"] if proposed is None else None,
                    "score": score,
                    "reason": entry.reason if entry is not None else None,
                    "entered_by": entry.entered_by if entry is not None else None,
                    "recorded": worker["scores"].get(p["criterion_code"]),
                    "needs_reason": score is not None
                    and rb.needs_reason(self.rubric, p["max_score"], proposed, score),
                }
            )
        return pl.DataFrame(records, schema=COLUMNS)

    @property
    def _frozen(self) -> bool:
        return self.sheet is not None and self.sheet.evidence_as_of is not None

    def missing(self) -> pl.DataFrame:
        return self.long().filter(pl.col("score").is_null())

    def draft_rows(self) -> list[dict[str, Any]]:
        """The evidence rows with the committee's scores in place of the registry's: what the
        month sheet's flags, ranking and month-over-month read (``metrics.assessment.sheet``)."""
        most = dict(self.criteria.select("code", "max_score").iter_rows())
        by_worker: dict[int, dict[str, float]] = {}
        for e in self.entries:
            if e.score is not None and e.criterion_code in most:
                by_worker.setdefault(e.worker_id, {})[e.criterion_code] = e.score
        out = []
        for row in self.workers:
            scores = by_worker.get(row["id"], {})
            out.append({**row, "scores": scores, "score_total": worker_total(scores, most)})
        return out


def worker_total(scores: dict[str, float], max_scores: dict[str, float]) -> float | None:
    """``100 × Σ score ÷ Σ max_score`` over the criteria scored (kpi-definitions: worker
    total), 2 decimals; None when nothing is scored."""
    got = sum((exact(s) for s in scores.values()), Fraction(0))
    top = sum((exact(max_scores[c]) for c in scores), Fraction(0))
    return round_score(100 * got / top) if top > 0 else None


def registry_rows(view: MonthView) -> list[dict[str, Any]]:
    """The signed sheet as the registry's ``assessment`` rows: worker_id, period,
    criterion_code, score, assessed_by (the chair who signed), assessed_on (the day it was
    confirmed, Asia/Shanghai). Only for a locked sheet."""
    from auth.log import local

    sheet = view.sheet
    if sheet is None or sheet.confirmed_at is None:
        raise ValueError("only a signed and confirmed sheet is exported for the registry")
    day = local(sheet.confirmed_at).date()
    return [
        {
            "worker_id": r["worker_id"],
            "period": view.period,
            "criterion_code": r["criterion_code"],
            "score": r["score"],
            "assessed_by": sheet.signed_by_name,
            "assessed_on": day,
        }
        for r in view.long().iter_rows(named=True)
        if r["score"] is not None
    ]


REGISTRY_COLUMNS: Sequence[str] = (
    "worker_id",
    "period",
    "criterion_code",
    "score",
    "assessed_by",
    "assessed_on",
)
