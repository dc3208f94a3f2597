"""The committee's workflow in the app database, on SQLite and PostgreSQL: draft → scores (a
reason where the margin asks for one) → sign → confirm by a second member → reopen as the next
version; who may do what; every change and its access-log row commit together or not at all."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from app_db.schema import rubric_version, score_entry, score_sheet
from auth import log
from metrics import rubric as rb
from scoring import store
from tests.scoring.conftest import (
    CHAIR,
    CODES,
    COMMUNITY,
    MEMBER,
    NOT_CHAIR,
    OVER,
    PERIOD,
    REGISTRY_CODES,
    SCORES,
    SECRETARY,
    T0,
    all_scores,
    change,
    signed_sheet,
    view,
)

MINUTE = dt.timedelta(minutes=1)


def at(n: int) -> dt.datetime:
    return T0 + n * MINUTE


def actions(engine: sa.Engine) -> list[str]:
    """The log's actions, oldest first."""
    return [e["action"] for e in reversed(log.entries(engine))]


def refused(code: str, call, *args, **kwargs) -> store.ScoringError:
    with pytest.raises(store.ScoringError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, caught.value
    return caught.value


def count(engine: sa.Engine, table: sa.Table) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_the_whole_workflow(scoring_db: sa.Engine) -> None:
    db = scoring_db
    assert actions(db) == ["rubric_save"]

    sheet = store.open_month(db, at(0), CHAIR, COMMUNITY, PERIOD)
    assert (sheet.version, sheet.status, sheet.rubric_version) == (1, store.Status.DRAFT, 1)
    assert sheet.editable and not sheet.locked

    # 王五's visits: proposal 12.5, the margin 0.1 × 25 = 2.5; 16 is 3.5 off and has no reason
    far = change(1, "visits", 16.0)
    with pytest.raises(store.ScoreProblems) as caught:
        store.set_scores(db, at(1), MEMBER, sheet.id, [change(1, "patrol", 9.0), far])
    assert caught.value.code == "score_problems"
    assert caught.value.problems == (store.Problem(1, "王五", "visits", "reason_needed"),)
    assert store.entries(db, sheet.id) == []  # not even the patrol score that was fine
    assert actions(db) == ["rubric_save", "score_open"]

    why = "补录了两次走访记录"
    kept = store.set_scores(
        db, at(2), MEMBER, sheet.id, [change(1, "patrol", 9.0), change(1, "visits", 16.0, why)]
    )
    assert kept == 2
    [patrol, visits] = sorted(store.entries(db, sheet.id), key=lambda e: e.criterion_code)
    assert (visits.score, visits.proposed, visits.reason, visits.entered_by) == (
        16.0,
        12.5,
        why,
        "member",
    )
    assert (patrol.score, patrol.reason) == (9.0, None)
    # the same batch again changes nothing and writes no log row
    store.set_scores(
        db, at(3), MEMBER, sheet.id, [change(1, "patrol", 9.0), change(1, "visits", 16.0, why)]
    )
    assert actions(db).count("score_set") == 2

    pairs = view(db, sheet).pairs()
    assert set(pairs) == {(w, c) for w in (1, 2) for c in CODES}
    err = refused("scores_missing", store.sign, db, at(4), CHAIR, sheet.id, OVER, pairs)
    assert err.params == {"count": 4}

    rest = {k: v for k, v in SCORES.items() if k not in {(1, "visits"), (1, "patrol")}}
    assert store.set_scores(db, at(5), CHAIR, sheet.id, all_scores(rest)) == 4
    err = refused(
        "month_not_over", store.sign, db, at(6), CHAIR, sheet.id, dt.date(2026, 3, 30), pairs
    )
    assert err.params == {"month": PERIOD, "day": "2026-03-30"}
    assert store.latest(db, COMMUNITY, PERIOD).status == store.Status.DRAFT

    signed = store.sign(db, at(7), CHAIR, sheet.id, OVER, pairs)
    assert signed.status == store.Status.AWAITING
    assert (signed.signed_by, signed.signed_by_name, signed.evidence_as_of) == (
        "chair",
        "张主任",
        OVER,
    )
    assert signed.signed_at == at(7)
    err = refused(
        "not_draft", store.set_scores, db, at(8), MEMBER, sheet.id, [change(2, "patrol", 3.0)]
    )
    assert err.params == {"status": "awaiting_confirmation"}
    refused("second_member", store.confirm, db, at(9), CHAIR, sheet.id)

    locked = store.confirm(db, at(10), MEMBER, sheet.id)
    assert locked.status == store.Status.SIGNED and locked.locked
    assert (locked.confirmed_by, locked.confirmed_by_name, locked.confirmed_at) == (
        "member",
        "李委员",
        at(10),
    )
    assert store.in_force(db, COMMUNITY, PERIOD) == locked
    refused("not_draft", store.set_scores, db, at(11), CHAIR, sheet.id, [change(2, "patrol", 3.0)])
    refused("reason_needed", store.reopen, db, at(12), CHAIR, sheet.id, "  ")
    before = store.entries(db, sheet.id)

    again = store.reopen(db, at(13), CHAIR, sheet.id, "王五的巡查记录有误")
    assert (again.version, again.status, again.reopen_reason) == (
        2,
        store.Status.DRAFT,
        "王五的巡查记录有误",
    )
    assert again.signed_by is None and again.confirmed_by is None
    old = store.sheet_by_id(db, sheet.id)
    assert old.status == store.Status.SUPERSEDED and old.locked
    assert (old.signed_by, old.confirmed_by, old.evidence_as_of) == ("chair", "member", OVER)
    assert store.entries(db, sheet.id) == before
    copied = store.entries(db, again.id)
    assert [(e.worker_id, e.criterion_code, e.score, e.reason, e.proposed) for e in copied] == [
        (e.worker_id, e.criterion_code, e.score, e.reason, e.proposed) for e in before
    ]
    assert [s.version for s in store.versions(db, COMMUNITY, PERIOD)] == [2, 1]
    assert store.latest(db, COMMUNITY, PERIOD) == again
    # until version 2 is signed, the signed version 1 stays the one in force
    assert store.in_force(db, COMMUNITY, PERIOD) == old
    # the new version is a draft: its scores change, the superseded version's do not
    store.set_scores(db, at(14), CHAIR, again.id, [change(1, "patrol", 7.5)])
    assert store.entries(db, sheet.id) == before

    # every change is one log row, in order; the refused steps wrote none
    assert actions(db) == [
        "rubric_save",
        "score_open",
        *["score_set"] * 6,
        "score_sign",
        "score_confirm",
        "score_reopen",
        "score_set",
    ]
    rows = list(reversed(log.entries(db)))
    assert all(r["page"] == "scoring" for r in rows[1:])
    assert all(r["communities"] == f",{COMMUNITY}," for r in rows[1:])
    first_set = rows[2]
    assert (first_set["login"], first_set["role"], first_set["client"]) == (
        "member",
        "committee",
        "10.0.0.2",
    )
    by_criterion = {
        (d["worker_id"], d["criterion"]): (r, d)
        for r in rows
        if r["action"] == "score_set"
        for d in [json.loads(r["detail"])]
        if d["version"] == 1
    }
    row, detail = by_criterion[(1, "visits")]
    assert detail == {
        "period": PERIOD,
        "version": 1,
        "worker_id": 1,
        "worker": "王五",
        "criterion": "visits",
        "old": None,
        "new": 16.0,
        "proposed": 12.5,
    }
    assert row["reason"] == why
    assert by_criterion[(1, "patrol")][0]["reason"] is None
    sign_row = rows[8]
    assert (sign_row["login"], sign_row["rows"]) == ("chair", 6)
    assert json.loads(sign_row["detail"]) == {
        "period": PERIOD,
        "version": 1,
        "evidence_as_of": "2026-03-31",
    }
    reopen_row = rows[10]
    assert reopen_row["reason"] == "王五的巡查记录有误"
    assert json.loads(reopen_row["detail"]) == {
        "period": PERIOD,
        "version": 2,
        "superseded_version": 1,
    }
    last = json.loads(rows[-1]["detail"])
    assert (last["version"], last["old"], last["new"]) == (2, 9.0, 7.5)
    assert log.verify(db) == (len(rows), None)


def test_a_changed_score_logs_old_and_new(scoring_db: sa.Engine) -> None:
    sheet = store.open_month(scoring_db, at(0), CHAIR, COMMUNITY, PERIOD)
    store.set_scores(scoring_db, at(1), MEMBER, sheet.id, [change(2, "patrol", 1.0)])
    store.set_scores(scoring_db, at(2), CHAIR, sheet.id, [change(2, "patrol", 1.5)])
    [entry] = store.entries(scoring_db, sheet.id)
    assert (entry.score, entry.entered_by, entry.entered_at) == (1.5, "chair", at(2))
    newest = log.entries(scoring_db, limit=1)[0]
    assert newest["login"] == "chair"
    detail = json.loads(newest["detail"])
    assert (detail["old"], detail["new"]) == (1.0, 1.5)


def test_scores_out_of_range_or_too_precise_are_refused_together(scoring_db: sa.Engine) -> None:
    sheet = store.open_month(scoring_db, at(0), CHAIR, COMMUNITY, PERIOD)
    batch = [change(1, "satisfaction", 10.5), change(2, "satisfaction", 8.125)]
    with pytest.raises(store.ScoreProblems) as caught:
        store.set_scores(scoring_db, at(1), MEMBER, sheet.id, batch)
    assert [p.problem for p in caught.value.problems] == ["out_of_range", "too_precise"]
    assert caught.value.params == {"count": 2}
    assert count(scoring_db, score_entry) == 0


def test_withdraw_makes_a_draft_again(scoring_db: sa.Engine) -> None:
    sheet = store.open_month(scoring_db, at(0), CHAIR, COMMUNITY, PERIOD)
    store.set_scores(scoring_db, at(1), CHAIR, sheet.id, all_scores())
    store.sign(scoring_db, at(2), CHAIR, sheet.id, OVER, view(scoring_db, sheet).pairs())
    refused("reason_needed", store.withdraw, scoring_db, at(3), CHAIR, sheet.id, None)
    refused("chair_only", store.withdraw, scoring_db, at(3), MEMBER, sheet.id, "看错了")
    back = store.withdraw(scoring_db, at(4), CHAIR, sheet.id, "看错了")
    assert back.status == store.Status.DRAFT
    assert (back.signed_by, back.signed_at, back.evidence_as_of) == (None, None, None)
    refused("not_awaiting", store.confirm, scoring_db, at(5), MEMBER, sheet.id)
    assert actions(scoring_db)[-1] == "score_withdraw"


# --- who may do what ------------------------------------------------------------------------


def test_only_the_chair_opens_signs_reopens_and_saves_a_rubric(scoring_db: sa.Engine) -> None:
    db = scoring_db
    for actor in (NOT_CHAIR, SECRETARY):
        refused("chair_only", store.open_month, db, at(0), actor, COMMUNITY, PERIOD)
        refused(
            "chair_only",
            store.save_rubric,
            db,
            at(0),
            actor,
            rb.DEMO_RUBRIC,
            "新细则",
            REGISTRY_CODES,
        )
    # a chair flag on an account outside the committee does not make a chair
    outsider = store.Actor("sec2", "赵书记", "secretary", is_chair=True)
    refused("chair_only", store.open_month, db, at(0), outsider, COMMUNITY, PERIOD)

    sheet = store.open_month(db, at(1), CHAIR, COMMUNITY, PERIOD)
    store.set_scores(db, at(2), MEMBER, sheet.id, all_scores())
    pairs = view(db, sheet).pairs()
    refused("chair_only", store.sign, db, at(3), NOT_CHAIR, sheet.id, OVER, pairs)
    store.sign(db, at(4), CHAIR, sheet.id, OVER, pairs)
    refused("committee_only", store.confirm, db, at(5), SECRETARY, sheet.id)
    store.confirm(db, at(6), MEMBER, sheet.id)
    refused("chair_only", store.reopen, db, at(7), NOT_CHAIR, sheet.id, "更正")
    assert store.sheet_by_id(db, sheet.id).status == store.Status.SIGNED
    assert "score_reopen" not in actions(db)


def test_a_role_outside_the_committee_cannot_set_scores(scoring_db: sa.Engine) -> None:
    sheet = store.open_month(scoring_db, at(0), CHAIR, COMMUNITY, PERIOD)
    refused(
        "committee_only",
        store.set_scores,
        scoring_db,
        at(1),
        SECRETARY,
        sheet.id,
        [change(1, "patrol", 9.0)],
    )
    assert store.entries(scoring_db, sheet.id) == []
    assert actions(scoring_db) == ["rubric_save", "score_open"]


# --- the rubric's versions, the month's one opening -----------------------------------------


def test_save_rubric_makes_version_two_and_refuses_a_bad_body(scoring_db: sa.Engine) -> None:
    db = scoring_db
    first = store.open_month(db, at(0), CHAIR, COMMUNITY, PERIOD)
    body = json.loads(rb.DEMO_RUBRIC) | {"margin": 0.2}
    with pytest.raises(rb.RubricError, match=r"criteria\.party"):
        bad = body | {"criteria": {"party": {"terms": [{"measure": "patrol_rate"}]}}}
        store.save_rubric(db, at(1), CHAIR, json.dumps(bad), "加党建", REGISTRY_CODES)
    refused(
        "reason_needed", store.save_rubric, db, at(1), CHAIR, json.dumps(body), " ", REGISTRY_CODES
    )
    assert count(db, rubric_version) == 1

    version = store.save_rubric(db, at(2), CHAIR, json.dumps(body), "偏差放宽", REGISTRY_CODES)
    assert version == 2
    newest = store.rubric_in_force(db)
    assert (newest.version, newest.reason, newest.created_by) == (2, "偏差放宽", "chair")
    assert newest.rubric().margin == rb.parse(json.dumps(body)).margin
    assert [v.version for v in store.rubric_versions(db)] == [2, 1]
    assert store.rubric_of(db, 1).body == rb.DEMO_RUBRIC
    # a sheet already open keeps its version; the next month opens under version 2
    assert store.sheet_by_id(db, first.id).rubric_version == 1
    assert store.open_month(db, at(3), CHAIR, COMMUNITY, "2026-04").rubric_version == 2
    saved = [e for e in log.entries(db) if e["action"] == "rubric_save"][0]
    assert saved["reason"] == "偏差放宽"
    assert json.loads(saved["detail"]) == {"version": 2, "previous": 1}
    assert log.verify(db)[1] is None


def test_ensure_rubric_writes_version_one_once(scoring_db: sa.Engine) -> None:
    store.ensure_rubric(scoring_db, at(1), '{"criteria": {}}', "again", "system")
    assert [v.body for v in store.rubric_versions(scoring_db)] == [rb.DEMO_RUBRIC]
    assert actions(scoring_db) == ["rubric_save"]


def test_a_month_opens_once(scoring_db: sa.Engine) -> None:
    store.open_month(scoring_db, at(0), CHAIR, COMMUNITY, PERIOD)
    refused("already_open", store.open_month, scoring_db, at(1), CHAIR, COMMUNITY, PERIOD)
    # another community's same month, and a bad period (nothing written)
    store.open_month(scoring_db, at(2), CHAIR, "JF", PERIOD)
    with pytest.raises(ValueError, match="malformed month"):
        store.open_month(scoring_db, at(3), CHAIR, COMMUNITY, "2026-3")
    assert count(scoring_db, score_sheet) == 2
    assert actions(scoring_db) == ["rubric_save", "score_open", "score_open"]


def test_no_month_opens_without_a_rubric(app_engine: sa.Engine) -> None:
    refused("no_rubric", store.open_month, app_engine, at(0), CHAIR, COMMUNITY, PERIOD)
    assert count(app_engine, score_sheet) == 0 and log.verify(app_engine) == (0, None)


# --- a change and its log row commit together -----------------------------------------------


def test_a_refused_batch_leaves_neither_the_scores_nor_a_log_row(scoring_db: sa.Engine) -> None:
    sheet = store.open_month(scoring_db, at(0), CHAIR, COMMUNITY, PERIOD)
    logged = len(log.entries(scoring_db))
    good = [change(w, c, s) for (w, c), s in SCORES.items()]
    with pytest.raises(store.ScoreProblems):
        store.set_scores(scoring_db, at(1), MEMBER, sheet.id, [*good, change(2, "visits", 20.0)])
    assert count(scoring_db, score_entry) == 0
    assert len(log.entries(scoring_db)) == logged


def test_a_log_row_that_cannot_be_written_takes_the_change_with_it(
    scoring_db: sa.Engine,
) -> None:
    # the log's next id is taken (a writer that failed after its row): the batch is retried,
    # and when the log never accepts the row the scores are not kept either
    sheet = store.open_month(scoring_db, at(0), CHAIR, COMMUNITY, PERIOD)
    bad = store.Actor("m" * 300, "长名", "committee")  # login longer than the log's column
    dialect = scoring_db.dialect.name
    try:
        store.set_scores(scoring_db, at(1), bad, sheet.id, [change(1, "patrol", 9.0)])
    except sa.exc.DBAPIError:
        assert dialect == "postgresql"
        assert store.entries(scoring_db, sheet.id) == []
        assert actions(scoring_db) == ["rubric_save", "score_open"]
    else:  # SQLite does not enforce a VARCHAR's length: both were kept, together
        assert dialect == "sqlite"
        assert len(store.entries(scoring_db, sheet.id)) == 1
        assert actions(scoring_db)[-1] == "score_set"
    assert log.verify(scoring_db)[1] is None


def test_signed_sheet_helper_locks_the_month(scoring_db: sa.Engine) -> None:
    sheet = signed_sheet(scoring_db)
    assert sheet.status == store.Status.SIGNED
    assert len(store.entries(scoring_db, sheet.id)) == len(SCORES)
