"""The scoring rubric (考核细则): rules, kept as data, that propose a criterion's score from a
worker's month of evidence (the worker indicators of ``kpi-definitions.md``).

A rubric is JSON (stored, versioned, in the app database; the chair edits it on a page)::

    {"margin": 0.1, "step": 0.5,
     "criteria": {"patrol": {"terms": [{"measure": "patrol_rate", "weight": 1,
                                        "zero_at": 0.5, "full_at": 1}]}, ...}}

A criterion's proposal is ``max_score × Σ weight × clamp((value − zero_at) ÷ (full_at − zero_at))``
with each term's ``value`` an indicator, or an indicator ÷ (``per_factor`` × another
indicator), capped at 1 — e.g. days meeting 4 % ÷ (3 × the month's weeks). It is rounded
half-up to ``step`` points. A term whose value is undefined (no duty day, no week ended by the
day, no incident reported) leaves the criterion without a proposal, and says why; so does a
criterion the rubric has no rule for (satisfaction, party building): the committee scores it.

A committee score that differs from the proposal by more than ``margin`` × the criterion's
maximum needs a written reason.

Pure: no I/O. Exact arithmetic (``Fraction``) until the one rounding.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import polars as pl

from metrics.core import MAX_SCORE_LIMIT, exact, round_half_up
from metrics.snapshot import RULE_VISIT_DAYS
from metrics.workers import INDICATOR_IS_RATIO, INDICATORS

#: what a term may measure: a worker indicator
MEASURES = INDICATORS
#: why a criterion has no proposal
NO_RULE = "no_rule"  # the rubric has no rule for it (no evidence: satisfaction, party building)
NO_DUTY_DAY = "no_duty_day"  # a rate over duty days, and the worker had none
NO_WEEK = "no_week"  # a count per week, and no week of the month had ended by the day
NO_INCIDENT = "no_incident"  # the 72-hour rate, and the worker reported no incident
NO_VALUE = "no_value"  # any other undefined value
#: the indicator whose undefined value means what
_WHY_UNDEFINED = {
    "patrol_rate": NO_DUTY_DAY,
    "log_on_time_rate": NO_DUTY_DAY,
    "incidents_resolved_72h_rate": NO_INCIDENT,
    "weeks": NO_WEEK,
}
DEFAULT_MARGIN = Fraction(1, 10)
DEFAULT_STEP = Fraction(1, 2)


class RubricError(ValueError):
    """A rubric that cannot be used; ``str()`` names the criterion and the field."""


@dataclass(frozen=True)
class Term:
    measure: str
    weight: Fraction
    zero_at: Fraction
    full_at: Fraction
    per: str | None = None
    per_factor: Fraction = Fraction(1)

    def value(self, row: Mapping[str, Any]) -> Fraction | None:
        """The term's measured value for one worker row, or None when undefined."""
        top = row.get(self.measure)
        if top is None:
            return None
        if self.per is None:
            return exact(top)
        bottom = row.get(self.per)
        if bottom is None or bottom == 0:
            return None
        return min(Fraction(1), exact(top) / (self.per_factor * exact(bottom)))

    def share(self, value: Fraction) -> Fraction:
        """The part of the term's weight earned: 0 at ``zero_at`` or below, 1 at ``full_at`` or
        above, linear between."""
        if value <= self.zero_at:
            return Fraction(0)
        if value >= self.full_at:
            return Fraction(1)
        return (value - self.zero_at) / (self.full_at - self.zero_at)

    def why_undefined(self, row: Mapping[str, Any]) -> str:
        if row.get(self.measure) is None:
            return _WHY_UNDEFINED.get(self.measure, NO_VALUE)
        return _WHY_UNDEFINED.get(self.per or "", NO_VALUE)


@dataclass(frozen=True)
class Rule:
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Rubric:
    rules: Mapping[str, Rule]
    margin: Fraction = DEFAULT_MARGIN
    step: Fraction = DEFAULT_STEP

    def allowed(self, max_score: float) -> Fraction:
        """The largest difference from the proposal that needs no reason, in points."""
        return self.margin * exact(max_score)


@dataclass(frozen=True)
class Proposal:
    """One worker's proposal on one criterion: the score, or None and why."""

    score: float | None
    why_none: str | None = None
    #: the measured values the score rests on (term measure → value), for the evidence column
    values: dict[str, float | None] = field(default_factory=dict)


def _fraction(value: Any, where: str) -> Fraction:
    if isinstance(value, Fraction):  # a default (``DEFAULT_MARGIN``, ``DEFAULT_STEP``)
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RubricError(f"{where}: a number is needed, not {value!r}")
    try:
        number = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        raise RubricError(f"{where}: a number is needed, not {value!r}") from None
    return number


def _term(raw: Any, where: str) -> Term:
    if not isinstance(raw, Mapping):
        raise RubricError(f"{where}: a term is an object")
    unknown = set(raw) - {"measure", "weight", "zero_at", "full_at", "per", "per_factor"}
    if unknown:
        raise RubricError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    measure = raw.get("measure")
    if measure not in MEASURES:
        raise RubricError(f"{where}: measure {measure!r} is not a worker indicator")
    per = raw.get("per")
    if per is not None and per not in MEASURES:
        raise RubricError(f"{where}: per {per!r} is not a worker indicator")
    if per is not None and INDICATOR_IS_RATIO[measure]:
        raise RubricError(f"{where}: a rate ({measure}) is not divided by another indicator")
    weight = _fraction(raw.get("weight", 1), f"{where}.weight")
    zero_at = _fraction(raw.get("zero_at", 0), f"{where}.zero_at")
    full_at = _fraction(raw.get("full_at", 1), f"{where}.full_at")
    factor = _fraction(raw.get("per_factor", 1), f"{where}.per_factor")
    if not 0 < weight <= 1:
        raise RubricError(f"{where}.weight: between 0 (excluded) and 1")
    if zero_at >= full_at:
        raise RubricError(f"{where}: zero_at must be below full_at")
    if factor <= 0:
        raise RubricError(f"{where}.per_factor: above 0")
    return Term(measure, weight, zero_at, full_at, per, factor)


def parse(text: str | Mapping[str, Any], criteria: Iterable[str] | None = None) -> Rubric:
    """A rubric from its JSON (text or parsed); ``criteria``: the registry's criterion codes
    (a rule for another code is refused). Raises ``RubricError`` naming the problem."""
    if isinstance(text, str):
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RubricError(f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    else:
        raw = text
    if not isinstance(raw, Mapping):
        raise RubricError("a rubric is an object with margin, step and criteria")
    unknown = set(raw) - {"margin", "step", "criteria"}
    if unknown:
        raise RubricError(f"unknown field(s) {', '.join(sorted(unknown))}")
    margin = _fraction(raw.get("margin", DEFAULT_MARGIN), "margin")
    step = _fraction(raw.get("step", DEFAULT_STEP), "step")
    if not 0 <= margin <= 1:
        raise RubricError("margin: a share of the criterion's maximum, 0 to 1")
    if step <= 0:
        raise RubricError("step: above 0")
    known = None if criteria is None else set(criteria)
    rules: dict[str, Rule] = {}
    body = raw.get("criteria", {})
    if not isinstance(body, Mapping):
        raise RubricError("criteria: an object, criterion code → rule")
    for code, rule in body.items():
        if known is not None and code not in known:
            raise RubricError(f"criteria.{code}: not a criterion of the registry")
        if not isinstance(rule, Mapping) or not isinstance(rule.get("terms"), list):
            raise RubricError(f"criteria.{code}: a rule is an object with a list of terms")
        if set(rule) - {"terms"}:
            raise RubricError(
                f"criteria.{code}: unknown field(s) {', '.join(set(rule) - {'terms'})}"
            )
        terms = tuple(_term(t, f"criteria.{code}.terms[{i}]") for i, t in enumerate(rule["terms"]))
        if not terms:
            raise RubricError(f"criteria.{code}: at least one term (or no rule at all)")
        if sum(t.weight for t in terms) != 1:
            raise RubricError(f"criteria.{code}: the terms' weights add up to 1")
        rules[str(code)] = Rule(terms)
    return Rubric(rules=rules, margin=margin, step=step)


def _number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


def dump(rubric: Rubric) -> str:
    """The rubric's JSON (what is stored), keys sorted: ``parse(dump(r)) == r``."""
    criteria = {}
    for code, rule in rubric.rules.items():
        terms = []
        for t in rule.terms:
            term: dict[str, Any] = {
                "measure": t.measure,
                "weight": _number(t.weight),
                "zero_at": _number(t.zero_at),
                "full_at": _number(t.full_at),
            }
            if t.per is not None:
                term |= {"per": t.per, "per_factor": _number(t.per_factor)}
            terms.append(term)
        criteria[code] = {"terms": terms}
    body = {"margin": _number(rubric.margin), "step": _number(rubric.step), "criteria": criteria}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, indent=2)


def _to_step(value: Fraction, step: Fraction) -> Fraction:
    """Half-up to a multiple of ``step``."""
    return ((value / step * 2 + 1) // 2) * step


def propose(rubric: Rubric, code: str, max_score: float, row: Mapping[str, Any]) -> Proposal:
    """The proposal for criterion ``code`` (maximum ``max_score``) from one worker row of
    ``python -m metrics workers``."""
    rule = rubric.rules.get(code)
    if rule is None:
        return Proposal(None, NO_RULE)
    total, values = Fraction(0), {}
    for term in rule.terms:
        value = term.value(row)
        values[term.measure if term.per is None else f"{term.measure}/{term.per}"] = (
            None if value is None else float(value)
        )
        if value is None:
            return Proposal(None, term.why_undefined(row), values)
        total += term.weight * term.share(value)
    score = _to_step(exact(max_score) * total, rubric.step)
    return Proposal(round_half_up(min(score, exact(max_score)), 2), None, values)


def usable_criteria(criteria: pl.DataFrame) -> pl.DataFrame:
    """The criteria a sheet scores: a maximum above 0 and not above ``MAX_SCORE_LIMIT`` (a
    typing slip otherwise, DQ26), each code once (the first row of a repeated code, DQ27)."""
    return criteria.filter(
        pl.col("max_score").is_not_null()
        & (pl.col("max_score") > 0)
        & (pl.col("max_score") <= MAX_SCORE_LIMIT)
    ).unique("code", keep="first", maintain_order=True)


def proposals(
    rubric: Rubric, criteria: pl.DataFrame, rows: Iterable[Mapping[str, Any]]
) -> pl.DataFrame:
    """One row per worker × criterion (criteria in their table order): worker_id,
    criterion_code, max_score, proposed, why_none."""
    records = []
    for row in rows:
        for code, max_score in criteria.select("code", "max_score").iter_rows():
            p = propose(rubric, code, max_score, row)
            records.append(
                {
                    "worker_id": row["id"],
                    "criterion_code": code,
                    "max_score": float(max_score),
                    "proposed": p.score,
                    "why_none": p.why_none,
                }
            )
    return pl.DataFrame(
        records,
        schema={
            "worker_id": pl.Int64,
            "criterion_code": pl.String,
            "max_score": pl.Float64,
            "proposed": pl.Float64,
            "why_none": pl.String,
        },
    )


def needs_reason(rubric: Rubric, max_score: float, proposed: float | None, score: float) -> bool:
    """A score further than the margin from the proposal needs a written reason (no proposal:
    no reason needed)."""
    if proposed is None:
        return False
    return abs(exact(score) - exact(proposed)) > rubric.allowed(max_score)


def score_problem(max_score: float, score: float) -> str | None:
    """Why a score cannot be kept (the registry's 0 … max_score, in 0.01 steps), or None."""
    value = exact(score)
    if value < 0 or value > exact(max_score):
        return "out_of_range"
    if (value * 100).denominator != 1:
        return "too_precise"
    return None


def _demo_rules() -> dict[str, Any]:
    days = RULE_VISIT_DAYS
    return {
        # the seed: enter the grid on 3 days a week, visit 4 % of its households on each
        "visits": {
            "terms": [
                {"measure": "weeks_meeting_visit_days", "per": "weeks", "weight": 0.5},
                {
                    "measure": "visit_days_meeting_rate",
                    "per": "weeks",
                    "per_factor": days,
                    "weight": 0.5,
                },
            ]
        },
        # 坚持每天至少到网格巡查一次: full marks at a patrol every duty day, none at half of them
        "patrol": {"terms": [{"measure": "patrol_rate", "zero_at": 0.5, "full_at": 1}]},
        # 工作日清周结: the log written on its day
        "work_log": {"terms": [{"measure": "log_on_time_rate", "zero_at": 0.5, "full_at": 1}]},
        # 及时处置: resolved within 72 hours
        "incidents": {"terms": [{"measure": "incidents_resolved_72h_rate"}]},
    }


#: the rubric the demo ships (version 1), following the seed's rules; collection and
#: satisfaction have no evidence among the indicators, so no proposal
DEMO_RUBRIC: str = dump(parse({"margin": 0.1, "step": 0.5, "criteria": _demo_rules()}))
