"""Contract 1.1, "as known on d": a score counts on ``d`` only once entered (``assessed_on`` ≤ d,
or NULL), in the snapshot, the worker sheet and the township review; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from commands.metrics_cli import run_snapshot, run_workers
from data_access import queries as q
from data_access.assessment import scored_months
from data_access.loaders import Registry
from data_access.queries import scores_in_periods
from data_access.schema import assessment
from data_access.scope import Scope
from data_access.township import latest_period_by_worker
from tests.data_access.tiny import AS_OF, EXPECTED_AH, build_tiny

ENTERED = dt.date(2026, 3, 12)  # worker 1's February scores are entered two days after AS_OF


def build_late_scores(engine: sa.Engine) -> None:
    """The tiny registry, with worker 1's February scores entered on ENTERED and worker 3's
    March score left without a date (taken as known)."""
    build_tiny(engine)
    with engine.begin() as conn:
        conn.execute(
            assessment.update().where(assessment.c.worker_id == 1).values(assessed_on=ENTERED)
        )


@pytest.fixture
def registry(engine_name: str, registry_url) -> Registry:
    return Registry.open(registry_url(engine_name, "late_scores", build_late_scores))


def test_a_score_entered_later_is_not_known_on_the_day(registry: Registry) -> None:
    before = run_snapshot(registry, Scope(as_of=AS_OF, communities=("AH",)))
    assert before["assessment"] == {
        "period": None,
        "workers_scored": 0,
        "mean_total": None,
        "min_total": None,
        "max_total": None,
    }
    after = run_snapshot(registry, Scope(as_of=ENTERED, communities=("AH",)))
    assert after["assessment"] == EXPECTED_AH["assessment"]  # 2026-02, 83.38


def test_the_day_of_entry_counts(registry: Registry) -> None:
    with registry.connect() as conn:
        assert q.latest_assessment_period(conn, [1], "2026-03", ENTERED - dt.timedelta(1)) is None
        assert q.latest_assessment_period(conn, [1], "2026-03", ENTERED) == "2026-02"
        assert q.assessment_scores(conn, [1], "2026-02", ENTERED).height == 2


def test_a_score_without_a_date_is_known(registry: Registry) -> None:
    with registry.connect() as conn:
        assert q.latest_assessment_period(conn, [3], "2026-03", AS_OF) == "2026-03"


def test_worker_sheet_as_known_on_the_day(registry: Registry) -> None:
    early = {w["id"]: w for w in run_workers(registry, Scope(as_of=AS_OF), "2026-02")["workers"]}
    assert early[1]["scores"] == {} and early[1]["score_total"] is None
    late = {w["id"]: w for w in run_workers(registry, Scope(as_of=ENTERED), "2026-02")["workers"]}
    assert late[1]["scores"] == {"patrol": 12.0, "visits": 21.35}
    assert late[1]["score_total"] == 83.38


def test_scores_not_yet_entered_are_not_left_out(registry: Registry) -> None:
    with registry.connect() as conn:
        assert q.scores_left_out(conn, [1], "2026-02", AS_OF) == 0
        assert q.scores_left_out(conn, [1], "2026-02", ENTERED) == 0


def test_township_periods_as_known_on_the_day(registry: Registry) -> None:
    with registry.connect() as conn:
        early = latest_period_by_worker(conn, [1, 3], "2026-03", AS_OF)
        late = latest_period_by_worker(conn, [1, 3], "2026-03", ENTERED)
        scores = scores_in_periods(conn, [1, 3], ["2026-02"], AS_OF)
    assert early.rows() == [(3, "2026-03")]
    assert sorted(late.rows()) == [(1, "2026-02"), (3, "2026-03")]
    assert scores.is_empty()


def test_scored_months_of_the_scope_as_known_on_the_day(registry: Registry) -> None:
    ah = registry.resolve(Scope(communities=("AH",)), AS_OF)
    with registry.connect() as conn:
        assert scored_months(conn, ah, AS_OF) == []
        assert scored_months(conn, ah, ENTERED) == ["2026-02"]
        jf = registry.resolve(Scope(communities=("JF",)), AS_OF)
        assert "2026-02" not in scored_months(conn, jf, ENTERED)  # worker 1 is AH's
