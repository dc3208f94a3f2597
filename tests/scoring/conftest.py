"""The committee's scoring on both app-database engines: the account tests' databases
(``tests.auth.conftest``), three actors, a demo rubric and a month's evidence built by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import polars as pl
import pytest
import sqlalchemy as sa

from metrics import rubric as rb
from models.workers import MonthSheet
from scoring import store
from scoring.sheet import MonthView

# the app databases, once per engine (SQLite file, the session's PostgreSQL)
from tests.auth.conftest import app_engine, app_url  # noqa: F401

#: a fixed moment after the month: every call passes time explicitly
#: (UTC, as the app database stores it: 2 April 00:30 in Asia/Shanghai, still 1 April in UTC)
T0 = dt.datetime(2026, 4, 1, 16, 30, 0)
PERIOD = "2026-03"
COMMUNITY = "AH"
#: the day the evidence is read on: the month's last day
OVER = dt.date(2026, 3, 31)

CHAIR = store.Actor("chair", "张主任", "committee", is_chair=True, client="10.0.0.1")
MEMBER = store.Actor("member", "李委员", "committee", client="10.0.0.2")
SECRETARY = store.Actor("secretary", "王书记", "secretary")
#: a committee member who is not the chair
NOT_CHAIR = MEMBER

CRITERIA = pl.DataFrame(
    {
        "code": ["visits", "patrol", "satisfaction"],
        "name_zh": ["入户走访", "巡查", "群众满意度"],
        "name_en": ["Household visits", "Patrols", "Residents' satisfaction"],
        "max_score": [25.0, 15.0, 10.0],
    }
)
CODES = tuple(CRITERIA["code"])
#: the registry's criterion codes a rubric may name (the demo's, demo/build.py)
REGISTRY_CODES = ("collection", "visits", "patrol", "work_log", "incidents", "satisfaction")


def worker(worker_id: int, name: str, **values: object) -> dict[str, object]:
    """A worker row of ``python -m metrics workers`` for March 2026 (4 weeks counted)."""
    return {
        "id": worker_id,
        "name": name,
        "role": "grid_worker",
        "grids": ["AH-01"],
        "visits": 20,
        "visit_days": 12,
        "weeks": 4,
        "weeks_meeting_visit_days": 4,
        "visit_days_meeting_rate": 12,
        "patrol_rate": 1.0,
        "log_on_time_rate": 1.0,
        "incidents_reported": 0,
        "incidents_resolved_72h_rate": None,
        "score_total": None,
        "scores": {},
    } | values


#: 王五: visits ½ of the weeks and ½ of the days → 12.5, patrol 0.8 → 9;
#: 赵六: full visits → 25, patrol at half → 0; satisfaction has no rule (no proposal)
WORKERS = (
    worker(1, "王五", weeks_meeting_visit_days=2, visit_days_meeting_rate=6, patrol_rate=0.8),
    worker(2, "赵六", patrol_rate=0.5),
)
PROPOSED = {
    (1, "visits"): 12.5,
    (1, "patrol"): 9.0,
    (1, "satisfaction"): None,
    (2, "visits"): 25.0,
    (2, "patrol"): 0.0,
    (2, "satisfaction"): None,
}
#: scores within the margin of every proposal (satisfaction: any)
SCORES = {
    (1, "visits"): 13.0,
    (1, "patrol"): 9.0,
    (1, "satisfaction"): 8.5,
    (2, "visits"): 24.0,
    (2, "patrol"): 1.5,
    (2, "satisfaction"): 9.0,
}


def evidence(as_of: dt.date = OVER) -> MonthSheet:
    return MonthSheet(month=PERIOD, as_of=as_of, weeks=4, rows=WORKERS)


def view(engine: sa.Engine, sheet: store.Sheet | None, as_of: dt.date = OVER) -> MonthView:
    """The month as the page reads it: evidence, the sheet's rubric, its stored scores."""
    rubric = (
        store.rubric_of(engine, sheet.rubric_version)
        if sheet is not None
        else store.rubric_in_force(engine)
    )
    return MonthView(
        community=COMMUNITY,
        period=PERIOD,
        as_of=as_of,
        evidence=evidence(as_of),
        criteria=CRITERIA,
        rubric=rubric.rubric(REGISTRY_CODES),
        sheet=sheet,
        entries=tuple(store.entries(engine, sheet.id)) if sheet is not None else (),
    )


def change(
    worker_id: int, code: str, score: float | None, reason: str | None = None
) -> store.Change:
    names = {w["id"]: w["name"] for w in WORKERS}
    most = dict(CRITERIA.select("code", "max_score").iter_rows())
    return store.Change(
        worker_id, names[worker_id], code, most[code], PROPOSED[(worker_id, code)], score, reason
    )


def all_scores(scores: dict[tuple[int, str], float] = SCORES) -> list[store.Change]:
    return [change(w, c, s) for (w, c), s in scores.items()]


@pytest.fixture
def scoring_db(app_engine: sa.Engine) -> Iterator[sa.Engine]:  # noqa: F811
    """An app database with the demo rubric as version 1."""
    store.ensure_rubric(app_engine, T0, rb.DEMO_RUBRIC, "the demo's rubric", "system")
    yield app_engine


def signed_sheet(engine: sa.Engine, signer: store.Actor = CHAIR) -> store.Sheet:
    """Open, score within the margin, sign on the month's last day, confirm: a locked sheet."""
    sheet = store.open_month(engine, T0, signer, COMMUNITY, PERIOD)
    store.set_scores(engine, T0 + dt.timedelta(minutes=1), MEMBER, sheet.id, all_scores())
    pairs = view(engine, sheet).pairs()
    store.sign(engine, T0 + dt.timedelta(minutes=2), signer, sheet.id, OVER, pairs)
    return store.confirm(engine, T0 + dt.timedelta(minutes=3), MEMBER, sheet.id)
