"""The committee's scoring in the app database: the rubric's versions, the month's sheets.

The workflow, with who may do what:

- the chair saves a rubric (a new version, with a reason) and opens a community's month;
- members and the chair enter scores on the draft; a score further than the rubric's margin
  from the proposal needs a written reason;
- the chair signs (every worker scored on every criterion, the month over on the evidence's
  day), then a second member confirms: the sheet is locked;
- the chair may withdraw his signature before it is confirmed, and reopen a locked sheet with a
  reason: the next version, a draft with the same scores; the signed one stays as it was.

Every change commits with its access-log row (who, when, old → new, reason), or not at all.
The registry is never written: the signed sheet is exported for entry there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from app_db.schema import rubric_version, score_entry, score_sheet
from auth import log
from auth.roles import Role
from metrics import rubric as rb
from metrics.core import month_bounds

PAGE = "scoring"


class Status(StrEnum):
    DRAFT = "draft"
    AWAITING = "awaiting_confirmation"
    SIGNED = "signed"
    SUPERSEDED = "superseded"


class ScoringError(ValueError):
    """A step the workflow refuses. ``code`` is the label key's last part
    (``scoring.error.<code>``), ``params`` fill it; ``str()`` is an English line."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(f"{code}: {params}" if params else code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Actor:
    """Who acts: an account of the dashboard (``auth.accounts.User``) and where from."""

    login: str
    name: str
    role: str
    is_chair: bool = False
    client: str | None = None

    @property
    def is_committee(self) -> bool:
        return self.role == Role.COMMITTEE

    @classmethod
    def of(cls, user: Any, client: str | None = None) -> Actor:
        return cls(user.login, user.display_name, str(user.role), bool(user.is_chair), client)


@dataclass(frozen=True)
class RubricVersion:
    version: int
    body: str
    reason: str
    created_by: str
    created_at: dt.datetime

    def rubric(self, criteria: Iterable[str] | None = None) -> rb.Rubric:
        return rb.parse(self.body, criteria)


@dataclass(frozen=True)
class Sheet:
    id: int
    community_code: str
    period: str
    version: int
    status: Status
    rubric_version: int
    opened_by: str
    opened_at: dt.datetime
    reopen_reason: str | None
    evidence_as_of: dt.date | None
    signed_by: str | None
    signed_by_name: str | None
    signed_at: dt.datetime | None
    confirmed_by: str | None
    confirmed_by_name: str | None
    confirmed_at: dt.datetime | None

    @property
    def editable(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def locked(self) -> bool:
        return self.status in (Status.SIGNED, Status.SUPERSEDED)


@dataclass(frozen=True)
class Entry:
    worker_id: int
    criterion_code: str
    worker_name: str
    proposed: float | None
    score: float | None
    reason: str | None
    entered_by: str | None
    entered_at: dt.datetime | None


@dataclass(frozen=True)
class Change:
    """A score to keep (``score`` None clears it), judged against ``proposed``."""

    worker_id: int
    worker_name: str
    criterion_code: str
    max_score: float
    proposed: float | None
    score: float | None
    reason: str | None = None


@dataclass(frozen=True)
class Problem:
    worker_id: int
    worker_name: str
    criterion_code: str
    problem: str  # out_of_range | too_precise | reason_needed


class ScoreProblems(ScoringError):
    """Scores that cannot be kept; none of the batch was."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("score_problems", count=len(problems))
        self.problems = tuple(problems)


def _sheet(row: sa.Row) -> Sheet:
    values = dict(row._mapping)
    values["status"] = Status(values["status"])
    return Sheet(**values)


def _entry(row: sa.Row) -> Entry:
    values = dict(row._mapping)
    values.pop("sheet_id")
    return Entry(**values)


def _log(
    conn: sa.Connection,
    now: dt.datetime,
    actor: Actor,
    action: str,
    sheet: Sheet | None,
    *,
    community: str | None = None,
    reason: str | None = None,
    rows: int | None = None,
    **detail: Any,
) -> None:
    where = sheet.community_code if sheet is not None else community
    if sheet is not None:
        detail = {"period": sheet.period, "version": sheet.version, **detail}
    log.append_on(
        conn,
        now,
        action,
        login=actor.login,
        role=actor.role,
        client=actor.client,
        page=PAGE,
        communities=(where,) if where else (),
        rows=rows,
        reason=reason,
        detail=detail or None,
    )


def _chair_with_reason(actor: Actor, reason: str | None) -> str:
    """The chair's steps that need a written reason (a rubric, a withdrawal, a reopening)."""
    _require(actor.is_committee and actor.is_chair, "chair_only")
    text = _reason(reason)
    _require(text is not None, "reason_needed")
    return text


def _rubric(conn: sa.Connection, sheet: Sheet) -> rb.Rubric:
    body = conn.execute(
        sa.select(rubric_version.c.body).where(rubric_version.c.version == sheet.rubric_version)
    ).scalar_one()
    return rb.parse(body)


def _require(condition: bool, code: str, **params: Any) -> None:
    if not condition:
        raise ScoringError(code, **params)


def _reason(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


# --- the rubric ---------------------------------------------------------------------------


def rubric_versions(engine: sa.Engine) -> list[RubricVersion]:
    """Every version, newest first."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(rubric_version).order_by(rubric_version.c.version.desc()))
        return [RubricVersion(**r._mapping) for r in rows]


def rubric_in_force(engine: sa.Engine) -> RubricVersion | None:
    versions = rubric_versions(engine)
    return versions[0] if versions else None


def rubric_of(engine: sa.Engine, version: int) -> RubricVersion:
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(rubric_version).where(rubric_version.c.version == version)
        ).first()
    _require(row is not None, "no_rubric")
    return RubricVersion(**row._mapping)


def save_rubric(
    engine: sa.Engine,
    now: dt.datetime,
    actor: Actor,
    body: str,
    reason: str | None,
    criteria: Iterable[str],
) -> int:
    """The chair saves a rubric as the next version (the body checked, a reason given);
    returns the version. Sheets already open keep the version they were opened with."""
    reason = _chair_with_reason(actor, reason)
    stored = rb.dump(rb.parse(body, criteria))  # RubricError names the problem

    def work(conn: sa.Connection) -> int:
        last = conn.execute(sa.select(sa.func.max(rubric_version.c.version))).scalar()
        version = (last or 0) + 1
        conn.execute(
            rubric_version.insert().values(
                version=version,
                body=stored,
                reason=reason,
                created_by=actor.login,
                created_at=log.utc(now),
            )
        )
        _log(conn, now, actor, "rubric_save", None, reason=reason, version=version, previous=last)
        return version

    return log.in_transaction(engine, work)


def ensure_rubric(engine: sa.Engine, now: dt.datetime, body: str, reason: str, by: str) -> None:
    """Version 1 when there is none (the demo's rubric, following the seed's rules)."""
    if rubric_in_force(engine) is not None:
        return

    def work(conn: sa.Connection) -> None:
        if conn.execute(sa.select(sa.func.count()).select_from(rubric_version)).scalar():
            return
        conn.execute(
            rubric_version.insert().values(
                version=1, body=body, reason=reason, created_by=by, created_at=log.utc(now)
            )
        )
        log.append_on(
            conn,
            now,
            "rubric_save",
            login=by,
            page=PAGE,
            reason=reason,
            detail={"version": 1, "previous": None},
        )

    log.in_transaction(engine, work)


# --- the sheets ---------------------------------------------------------------------------


def versions(engine: sa.Engine, community: str, period: str) -> list[Sheet]:
    """The month's sheets of a community, newest version first."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(score_sheet)
            .where(score_sheet.c.community_code == community, score_sheet.c.period == period)
            .order_by(score_sheet.c.version.desc())
        )
        return [_sheet(r) for r in rows]


def latest(engine: sa.Engine, community: str, period: str) -> Sheet | None:
    found = versions(engine, community, period)
    return found[0] if found else None


def in_force(engine: sa.Engine, community: str, period: str) -> Sheet | None:
    """The version in force: the newest one signed and confirmed. A reopened version is not in
    force until it is signed again; until then the version it supersedes still is."""
    for sheet in versions(engine, community, period):
        if sheet.confirmed_at is not None:
            return sheet
    return None


def sheet_by_id(engine: sa.Engine, sheet_id: int) -> Sheet:
    with engine.connect() as conn:
        return _load(conn, sheet_id)


def _load(conn: sa.Connection, sheet_id: int) -> Sheet:
    row = conn.execute(sa.select(score_sheet).where(score_sheet.c.id == sheet_id)).first()
    _require(row is not None, "no_sheet")
    return _sheet(row)


def entries(engine: sa.Engine, sheet_id: int) -> list[Entry]:
    with engine.connect() as conn:
        return _entries(conn, sheet_id)


def _entries(conn: sa.Connection, sheet_id: int) -> list[Entry]:
    rows = conn.execute(
        sa.select(score_entry)
        .where(score_entry.c.sheet_id == sheet_id)
        .order_by(score_entry.c.worker_id, score_entry.c.criterion_code)
    )
    return [_entry(r) for r in rows]


def open_month(
    engine: sa.Engine, now: dt.datetime, actor: Actor, community: str, period: str
) -> Sheet:
    """The chair opens a community's month: version 1, a draft under the rubric in force."""
    _require(actor.is_committee and actor.is_chair, "chair_only")
    month_bounds(period)  # a bad period is a ValueError before anything is written

    def work(conn: sa.Connection) -> Sheet:
        exists = conn.execute(
            sa.select(score_sheet.c.id).where(
                score_sheet.c.community_code == community, score_sheet.c.period == period
            )
        ).first()
        _require(exists is None, "already_open")
        rubric = conn.execute(sa.select(sa.func.max(rubric_version.c.version))).scalar()
        _require(rubric is not None, "no_rubric")
        sheet_id = conn.execute(
            score_sheet.insert()
            .values(
                community_code=community,
                period=period,
                version=1,
                status=Status.DRAFT,
                rubric_version=rubric,
                opened_by=actor.login,
                opened_at=log.utc(now),
            )
            .returning(score_sheet.c.id)
        ).scalar_one()
        sheet = _load(conn, sheet_id)
        _log(conn, now, actor, "score_open", sheet, rubric_version=rubric)
        return sheet

    return log.in_transaction(engine, work)


def problems_of(rubric: rb.Rubric, changes: Iterable[Change]) -> list[Problem]:
    """What keeps each score of ``changes`` from being kept (a cleared score: nothing)."""
    found = []
    for c in changes:
        if c.score is None:
            continue
        problem = rb.score_problem(c.max_score, c.score)
        if (
            problem is None
            and rb.needs_reason(rubric, c.max_score, c.proposed, c.score)
            and _reason(c.reason) is None
        ):
            problem = "reason_needed"
        if problem is not None:
            found.append(Problem(c.worker_id, c.worker_name, c.criterion_code, problem))
    return found


def set_scores(
    engine: sa.Engine,
    now: dt.datetime,
    actor: Actor,
    sheet_id: int,
    changes: Sequence[Change],
) -> int:
    """A member or the chair keeps scores on a draft: all of ``changes`` or, with a problem
    (``ScoreProblems``), none. Each entry that changes is one log row (old → new, proposal,
    reason). Returns how many changed."""
    _require(actor.is_committee, "committee_only")

    def work(conn: sa.Connection) -> int:
        sheet = _load(conn, sheet_id)
        _require(sheet.editable, "not_draft", status=sheet.status.value)
        problems = problems_of(_rubric(conn, sheet), changes)
        if problems:
            raise ScoreProblems(problems)
        # the sheet's row is written first: a concurrent sign-off waits for this batch
        conn.execute(
            score_sheet.update()
            .where(score_sheet.c.id == sheet_id, score_sheet.c.status == Status.DRAFT)
            .values(status=Status.DRAFT)
        )
        stored = {(e.worker_id, e.criterion_code): e for e in _entries(conn, sheet_id)}
        changed = 0
        for c in changes:
            old = stored.get((c.worker_id, c.criterion_code))
            reason = _reason(c.reason)
            if old is not None and old.score == c.score and old.reason == reason:
                continue
            if old is None and c.score is None:
                continue
            values = {
                "worker_name": c.worker_name,
                "proposed": c.proposed,
                "score": c.score,
                "reason": reason,
                "entered_by": actor.login,
                "entered_at": log.utc(now),
            }
            key = (
                (score_entry.c.sheet_id == sheet_id)
                & (score_entry.c.worker_id == c.worker_id)
                & (score_entry.c.criterion_code == c.criterion_code)
            )
            if old is None:
                conn.execute(
                    score_entry.insert().values(
                        sheet_id=sheet_id,
                        worker_id=c.worker_id,
                        criterion_code=c.criterion_code,
                        **values,
                    )
                )
            else:
                conn.execute(score_entry.update().where(key).values(**values))
            _log(
                conn,
                now,
                actor,
                "score_set",
                sheet,
                reason=reason,
                worker_id=c.worker_id,
                worker=c.worker_name,
                criterion=c.criterion_code,
                old=None if old is None else old.score,
                new=c.score,
                proposed=c.proposed,
            )
            changed += 1
        return changed

    return log.in_transaction(engine, work)


def missing(expected: Iterable[tuple[int, str]], stored: Iterable[Entry]) -> list[tuple[int, str]]:
    """The (worker, criterion) pairs of ``expected`` without a score."""
    scored = {(e.worker_id, e.criterion_code) for e in stored if e.score is not None}
    return [pair for pair in expected if pair not in scored]


def sign(
    engine: sa.Engine,
    now: dt.datetime,
    actor: Actor,
    sheet_id: int,
    evidence_as_of: dt.date,
    proposals: Mapping[tuple[int, str], tuple[float | None, float]],
) -> Sheet:
    """The chair signs a draft. ``proposals``: every (worker, criterion) the sheet lists →
    (proposal on ``evidence_as_of``, the criterion's maximum). Refused while the month is not
    over on that day, a pair has no score, or a score needs a reason against these proposals;
    else the proposals are kept with the scores and the sheet awaits a second member."""
    _require(actor.is_committee and actor.is_chair, "chair_only")

    def work(conn: sa.Connection) -> Sheet:
        sheet = _load(conn, sheet_id)
        _require(sheet.editable, "not_draft", status=sheet.status.value)
        _require(
            evidence_as_of >= month_bounds(sheet.period)[1],
            "month_not_over",
            month=sheet.period,
            day=evidence_as_of.isoformat(),
        )
        stored = _entries(conn, sheet_id)
        gaps = missing(proposals, stored)
        _require(not gaps, "scores_missing", count=len(gaps))
        by_pair = {(e.worker_id, e.criterion_code): e for e in stored}
        changes = [
            Change(
                w,
                by_pair[(w, c)].worker_name,
                c,
                most,
                proposed,
                by_pair[(w, c)].score,
                by_pair[(w, c)].reason,
            )
            for (w, c), (proposed, most) in proposals.items()
        ]
        problems = problems_of(_rubric(conn, sheet), changes)
        if problems:
            raise ScoreProblems(problems)
        for (w, c), (proposed, _most) in proposals.items():
            conn.execute(
                score_entry.update()
                .where(
                    (score_entry.c.sheet_id == sheet_id)
                    & (score_entry.c.worker_id == w)
                    & (score_entry.c.criterion_code == c)
                )
                .values(proposed=proposed)
            )
        # a score of a worker no longer listed on the evidence's day (the registry changed) is
        # not part of the signed sheet: cleared, and the log says so
        listed = set(proposals)
        for e in stored:
            if (e.worker_id, e.criterion_code) not in listed:
                _log(
                    conn,
                    now,
                    actor,
                    "score_set",
                    sheet,
                    reason="not_listed",
                    worker_id=e.worker_id,
                    worker=e.worker_name,
                    criterion=e.criterion_code,
                    old=e.score,
                    new=None,
                    proposed=e.proposed,
                )
                conn.execute(
                    score_entry.delete().where(
                        (score_entry.c.sheet_id == sheet_id)
                        & (score_entry.c.worker_id == e.worker_id)
                        & (score_entry.c.criterion_code == e.criterion_code)
                    )
                )
        done = conn.execute(
            score_sheet.update()
            .where(score_sheet.c.id == sheet_id, score_sheet.c.status == Status.DRAFT)
            .values(
                status=Status.AWAITING,
                evidence_as_of=evidence_as_of,
                signed_by=actor.login,
                signed_by_name=actor.name,
                signed_at=log.utc(now),
            )
        )
        _require(done.rowcount == 1, "not_draft", status="changed")
        signed = _load(conn, sheet_id)
        _log(
            conn,
            now,
            actor,
            "score_sign",
            signed,
            rows=len(proposals),
            evidence_as_of=evidence_as_of.isoformat(),
        )
        return signed

    return log.in_transaction(engine, work)


def withdraw(
    engine: sa.Engine, now: dt.datetime, actor: Actor, sheet_id: int, reason: str | None
) -> Sheet:
    """The chair takes back his signature before a member confirms it: a draft again."""
    reason = _chair_with_reason(actor, reason)

    def work(conn: sa.Connection) -> Sheet:
        sheet = _load(conn, sheet_id)
        _require(sheet.status == Status.AWAITING, "not_awaiting", status=sheet.status.value)
        conn.execute(
            score_sheet.update()
            .where(score_sheet.c.id == sheet_id)
            .values(
                status=Status.DRAFT,
                evidence_as_of=None,
                signed_by=None,
                signed_by_name=None,
                signed_at=None,
            )
        )
        back = _load(conn, sheet_id)
        _log(conn, now, actor, "score_withdraw", back, reason=reason)
        return back

    return log.in_transaction(engine, work)


def confirm(engine: sa.Engine, now: dt.datetime, actor: Actor, sheet_id: int) -> Sheet:
    """A second member of the committee (not the signer) confirms: the sheet is locked."""
    _require(actor.is_committee, "committee_only")

    def work(conn: sa.Connection) -> Sheet:
        sheet = _load(conn, sheet_id)
        _require(sheet.status == Status.AWAITING, "not_awaiting", status=sheet.status.value)
        _require(sheet.signed_by != actor.login, "second_member")
        conn.execute(
            score_sheet.update()
            .where(score_sheet.c.id == sheet_id, score_sheet.c.status == Status.AWAITING)
            .values(
                status=Status.SIGNED,
                confirmed_by=actor.login,
                confirmed_by_name=actor.name,
                confirmed_at=log.utc(now),
            )
        )
        locked = _load(conn, sheet_id)
        _log(conn, now, actor, "score_confirm", locked)
        return locked

    return log.in_transaction(engine, work)


def reopen(
    engine: sa.Engine, now: dt.datetime, actor: Actor, sheet_id: int, reason: str | None
) -> Sheet:
    """The chair reopens a locked sheet for a correction: the next version, a draft with the
    same scores and reasons; the signed version is kept as it was (superseded)."""
    reason = _chair_with_reason(actor, reason)

    def work(conn: sa.Connection) -> Sheet:
        sheet = _load(conn, sheet_id)
        _require(sheet.status == Status.SIGNED, "not_signed", status=sheet.status.value)
        conn.execute(
            score_sheet.update()
            .where(score_sheet.c.id == sheet_id)
            .values(status=Status.SUPERSEDED)
        )
        new_id = conn.execute(
            score_sheet.insert()
            .values(
                community_code=sheet.community_code,
                period=sheet.period,
                version=sheet.version + 1,
                status=Status.DRAFT,
                rubric_version=sheet.rubric_version,
                opened_by=actor.login,
                opened_at=log.utc(now),
                reopen_reason=reason,
            )
            .returning(score_sheet.c.id)
        ).scalar_one()
        for e in _entries(conn, sheet_id):
            conn.execute(
                score_entry.insert().values(
                    sheet_id=new_id,
                    worker_id=e.worker_id,
                    criterion_code=e.criterion_code,
                    worker_name=e.worker_name,
                    proposed=e.proposed,
                    score=e.score,
                    reason=e.reason,
                    entered_by=e.entered_by,
                    entered_at=e.entered_at,
                )
            )
        new = _load(conn, new_id)
        _log(conn, now, actor, "score_reopen", new, reason=reason, superseded_version=sheet.version)
        return new

    return log.in_transaction(engine, work)


def exported(
    engine: sa.Engine, now: dt.datetime, actor: Actor, sheet: Sheet, fmt: str, rows: int
) -> None:
    """One log row per export of a sheet."""
    log.in_transaction(
        engine, lambda conn: _log(conn, now, actor, "score_export", sheet, rows=rows, format=fmt)
    )
