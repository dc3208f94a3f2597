"""The committee's scoring page (AppTest on the demo, a fresh app database per test): the chair
opens June 2026 for 爱和社区, a member accepts the proposals and scores the criteria without
evidence, a score off the proposal needs a reason, the chair signs, a second member confirms
(locked), the chair reopens with a reason (version 2); each role sees and may do its part."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_db import APP_DB_ENV
from auth import log
from auth.roles import Role
from metrics import rubric as rb
from scoring import store
from tests.pages.conftest import _pages, no_exceptions
from tests.support.accounts import Accounts

PAGE = "pages/scoring.py"
MONTH = "2026-06"
MODE = {"worker": "逐人评分（看证据）", "criterion": "逐项评分（全部网格员）"}
CRITERION = {"collection": "信息采集", "satisfaction": "群众满意度", "incidents": "事件处置"}


@pytest.fixture
def scoring_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_env: str) -> Accounts:
    """An app database of the test's own, with the demo's rubric (version 1)."""
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    monkeypatch.setenv(APP_DB_ENV, url)
    accounts = Accounts(url)
    store.ensure_rubric(accounts.engine, dt.datetime(2026, 12, 1), rb.DEMO_RUBRIC, "seed", "demo")
    return accounts


@pytest.fixture
def scoring_page(scoring_db: Accounts) -> Iterator[Callable[..., AppTest]]:
    yield from _pages(scoring_db)


def on_month(at: AppTest) -> AppTest:
    at.selectbox(key="scoring_month").set_value(MONTH).run()
    no_exceptions(at)
    return at


def status(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "第" in m.value and "版" in m.value)


def inputs(at: AppTest, prefix: str) -> list:
    return [w for w in at.number_input if w.key and w.key.startswith(prefix)]


def reasons(at: AppTest, prefix: str) -> list:
    return [w for w in at.text_input if w.key and w.key.startswith(prefix)]


def score_criterion(at: AppTest, code: str, value: float) -> AppTest:
    at.segmented_control(key="scoring_mode").set_value(MODE["criterion"]).run()
    at.selectbox(key="scoring_criterion").set_value(CRITERION[code]).run()
    for widget in inputs(at, "scoring_score_"):
        if widget.value is None:  # a proposal accepted stays
            widget.set_value(value)
    at.button(key=f"scoring_criterion_form_{code}_save").click().run()
    no_exceptions(at)
    return at


def test_the_month_from_draft_to_signed_and_reopened(scoring_page, scoring_db) -> None:
    chair = scoring_db.user(Role.COMMITTEE, [("community", "AH")], is_chair=True)
    member = scoring_db.user(Role.COMMITTEE, [("community", "AH")])
    engine = scoring_db.engine

    at = on_month(scoring_page(PAGE, signed_in=chair))
    assert "本月尚未开启评分" in [m.value.strip("*") for m in at.markdown]
    at.button(key="scoring_open").click().run()
    no_exceptions(at)
    assert "草稿" in status(at)

    at = on_month(scoring_page(PAGE, signed_in=member))
    assert not [b for b in at.button if b.key in ("scoring_sign", "scoring_open")]
    at.button(key="scoring_accept_all").click().run()
    no_exceptions(at)
    sheet = store.latest(engine, "AH", MONTH)
    accepted = store.entries(engine, sheet.id)
    assert accepted and all(e.score == e.proposed for e in accepted)
    workers = {e.worker_id for e in accepted}
    # the criteria without evidence are the committee's: entered for every worker at once
    score_criterion(at, "collection", 22.5)
    score_criterion(at, "satisfaction", 9.0)
    # no incident reported, no proposal: the committee scores it
    score_criterion(at, "incidents", 15.0)

    # one worker's patrol score well below the proposal: refused without a reason
    at.segmented_control(key="scoring_mode").set_value(MODE["worker"]).run()
    worker = sorted(workers)[0]
    name = next(e.worker_name for e in accepted if e.worker_id == worker)
    at.selectbox(key="scoring_worker").set_value(f"{name}（{worker}）").run()
    patrol = next(
        e
        for e in store.entries(engine, sheet.id)
        if e.worker_id == worker and e.criterion_code == "patrol"
    )
    lowered = max(0.0, patrol.proposed - 5)
    inputs(at, f"scoring_score_{worker}_patrol_")[0].set_value(lowered)
    at.button(key=f"scoring_form_{worker}_save").click().run()
    assert any("未能保存" in e.value for e in at.error)
    assert (
        next(
            e
            for e in store.entries(engine, sheet.id)
            if e.worker_id == worker and e.criterion_code == "patrol"
        ).score
        == patrol.score
    )
    inputs(at, f"scoring_score_{worker}_patrol_")[0].set_value(lowered)
    reasons(at, f"scoring_reason_{worker}_patrol_")[0].input("两次巡查记录为补录，未计入")
    at.button(key=f"scoring_form_{worker}_save").click().run()
    no_exceptions(at)
    kept = next(
        e
        for e in store.entries(engine, sheet.id)
        if e.worker_id == worker and e.criterion_code == "patrol"
    )
    assert kept.score == lowered and kept.reason == "两次巡查记录为补录，未计入"

    at = on_month(scoring_page(PAGE, signed_in=chair))
    at.button(key="scoring_sign").click().run()
    no_exceptions(at)
    assert "待另一名成员确认" in status(at)
    assert not [b for b in at.button if b.key == "scoring_confirm"]  # not by the signer

    at = on_month(scoring_page(PAGE, signed_in=member))
    at.button(key="scoring_confirm").click().run()
    no_exceptions(at)
    assert "锁定" in status(at)
    assert not inputs(at, "scoring_score_")  # locked: no inputs
    signed = store.latest(engine, "AH", MONTH)
    assert signed.status == store.Status.SIGNED and signed.confirmed_by == member.login

    at = on_month(scoring_page(PAGE, signed_in=chair))
    at.button(key="scoring_reopen").click().run()
    assert any("理由" in e.value for e in at.error)
    at.text_area(key="scoring_reopen_reason").input("更正：补录的巡查记录经核实有效")
    at.button(key="scoring_reopen").click().run()
    no_exceptions(at)
    found = store.versions(engine, "AH", MONTH)
    assert [(s.version, s.status) for s in found] == [
        (2, store.Status.DRAFT),
        (1, store.Status.SUPERSEDED),
    ]
    assert {
        (e.worker_id, e.criterion_code, e.score) for e in store.entries(engine, found[0].id)
    } == {(e.worker_id, e.criterion_code, e.score) for e in store.entries(engine, found[1].id)}
    assert "第 2 版" in status(at)

    rows = log.entries(engine)
    actions = [r["action"] for r in rows]
    for action in ("score_open", "score_set", "score_sign", "score_confirm", "score_reopen"):
        assert action in actions
    lowered_row = next(
        r
        for r in rows
        if r["action"] == "score_set" and r["reason"] == "两次巡查记录为补录，未计入"
    )
    assert f'"old": {patrol.score}' in lowered_row["detail"]
    assert f'"new": {lowered}' in lowered_row["detail"]
    assert log.verify(engine)[1] is None


def test_a_worker_sees_his_own_month_only(scoring_page, scoring_db) -> None:
    worker_id = 1
    worker = scoring_db.user(Role.GRID_LEADER, worker_id=worker_id)
    at = on_month(scoring_page(PAGE, signed_in=worker))
    assert not at.button or not [b for b in at.button if b.key.startswith("scoring_")]
    assert not inputs(at, "scoring_score_")
    assert not [d for d in at.dataframe if "scoring_sheet" in (d.key or "")]
    # his own proposals, no one else's name
    shown = " ".join(str(d.value) for d in at.dataframe)
    assert "入户走访" in shown


def test_the_secretary_reads_but_does_not_score(scoring_page, scoring_db) -> None:
    secretary = scoring_db.user(Role.SECRETARY, [("community", "AH")])
    at = on_month(scoring_page(PAGE, signed_in=secretary))
    assert not [b for b in at.button if b.key.startswith("scoring_")]
    assert not inputs(at, "scoring_score_")


def test_the_township_office_and_administrator_cannot_open_the_page(
    scoring_page, scoring_db
) -> None:
    for user in (
        scoring_db.user(Role.TOWNSHIP_OFFICE, [("township", "上派镇")]),
        scoring_db.user(Role.ADMIN),
    ):
        at = scoring_page(PAGE, signed_in=user)
        assert not at.exception
        assert not [w for w in at.selectbox if w.key == "scoring_month"]


def test_the_chair_saves_a_new_rubric_version_with_a_preview(scoring_page, scoring_db) -> None:
    chair = scoring_db.user(Role.COMMITTEE, [("community", "AH")], is_chair=True)
    at = scoring_page("pages/rubric.py", signed_in=chair)
    no_exceptions(at)
    # last month's proposals under the rubric in force and the edited one
    assert any(m.value.startswith("**预览：2026-10") for m in at.markdown)
    at.number_input(key="rubric_margin").set_value(0.2).run()
    at.button(key="rubric_save").click().run()
    assert any("理由" in e.value for e in at.error)
    assert store.rubric_in_force(scoring_db.engine).version == 1
    at.number_input(key="rubric_margin").set_value(0.2)
    at.text_input(key="rubric_reason").input("委员会决定：允许偏离满分的两成")
    at.button(key="rubric_save").click().run()
    no_exceptions(at)
    in_force = store.rubric_in_force(scoring_db.engine)
    assert in_force.version == 2 and float(in_force.rubric().margin) == 0.2
    assert in_force.reason == "委员会决定：允许偏离满分的两成"
    assert "rubric_save" in [r["action"] for r in log.entries(scoring_db.engine)]


def test_a_member_reads_the_rubric_but_cannot_change_it(scoring_page, scoring_db) -> None:
    member = scoring_db.user(Role.COMMITTEE, [("community", "AH")])
    at = scoring_page("pages/rubric.py", signed_in=member)
    no_exceptions(at)
    assert not [b for b in at.button if b.key == "rubric_save"]
    assert any("只有考核小组组长" in c.value for c in at.caption)


def test_the_access_log_shows_a_score_change_old_to_new(scoring_page, scoring_db) -> None:
    chair = scoring_db.user(Role.COMMITTEE, [("community", "AH")], is_chair=True)
    secretary = scoring_db.user(Role.SECRETARY, [("community", "AH")])
    actor = store.Actor.of(chair)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    sheet = store.open_month(scoring_db.engine, now, actor, "AH", MONTH)
    change = store.Change(1, "陈辉梓", "patrol", 15.0, 11.0, 6.0, "巡查记录为补录")
    store.set_scores(scoring_db.engine, now, actor, sheet.id, [change])
    at = scoring_page("pages/access_log.py", signed_in=secretary)
    no_exceptions(at)
    shown = at.dataframe[0].value
    row = shown[shown.iloc[:, 1] == "评分"].iloc[0]
    assert "陈辉梓 · patrol：— → 6.00（建议 11.00）" in row.to_list()
    assert "巡查记录为补录" in row.to_list()
