"""Loads started ahead (``ui.data.ahead``): a page starts a cached load on a worker thread so
that its SQL runs while the page computes something else. The page's own call of the loader
must then find that load (waiting for it or reading it cached), never load a second time; a
failure ahead is the page's call's to report; nothing is loaded ahead that the user may not
see."""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Iterator

import pytest
import streamlit as st

import models.visits
import models.workers
from auth.roles import Role
from data_access.errors import RegistryError
from metrics.assessment import trailing_months
from tests.pages.conftest import no_exceptions
from ui import data, faults
from ui.i18n import Labels

VISITS = "pages/visits.py"


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def test_the_call_after_a_load_ahead_does_not_load_again(fresh_cache: None) -> None:
    started, release = threading.Event(), threading.Event()
    loads: list[str] = []

    @data.loader
    def figures(month: str) -> dict[str, str]:
        loads.append(month)
        started.set()
        release.wait()
        return {"month": month}

    pending = data.ahead(figures, "2026-11")
    assert started.wait(timeout=60)  # the load ahead is running, held open
    answer: list[dict[str, str]] = []
    caller = threading.Thread(target=lambda: answer.append(figures("2026-11")))
    caller.start()
    release.set()
    caller.join(timeout=60)
    pending.result(timeout=60)
    assert answer == [{"month": "2026-11"}]
    assert loads == ["2026-11"]  # one load, not one per caller
    assert figures("2026-11") == {"month": "2026-11"} and loads == ["2026-11"]


def test_a_failure_ahead_is_not_cached_and_the_call_meets_it(fresh_cache: None) -> None:
    loads: list[str] = []

    @data.loader
    def figures(month: str) -> dict[str, str]:
        loads.append(month)
        raise RegistryError("registry query failed: no such table: visit")

    data.ahead(figures, "2026-11").result(timeout=60)  # swallowed there, not raised
    with pytest.raises(RegistryError, match="no such table"):
        figures("2026-11")
    assert loads == ["2026-11", "2026-11"]  # the page's call loaded again: nothing was cached


def test_a_load_ahead_runs_outside_the_page_run(fresh_cache: None) -> None:
    """In the page's run a fault stops the page with its message; ahead there is no page to draw
    on (``faults.current()`` is None), so a failure there can only be raised and swallowed."""
    seen: list[object] = []

    @data.loader
    def figures(month: str) -> str:
        seen.append(faults.current())
        return month

    token = faults._showing.set(faults.Showing("visits", Labels("zh")))
    try:
        data.ahead(figures, "2026-11").result(timeout=60)
        assert faults.current() is not None  # the caller's run still shows its page
    finally:
        faults._showing.reset(token)
    assert seen == [None]


def _count_builder(monkeypatch: pytest.MonkeyPatch, name: str) -> Counter:
    calls: Counter = Counter()
    real = getattr(models.visits, name)

    def counted(conn, rs, *options):
        calls[options] += 1
        return real(conn, rs, *options)

    monkeypatch.setattr(models.visits, name, counted)
    return calls


def test_the_visits_list_is_loaded_once_on_a_cold_run(
    app_page, monkeypatch: pytest.MonkeyPatch, fresh_cache: None
) -> None:
    calls = _count_builder(monkeypatch, "not_visited_page")
    options = _count_builder(monkeypatch, "month_options")
    at = app_page(VISITS)
    no_exceptions(at)
    assert calls == Counter({(0, 50, True): 1})  # ahead and the list's own call: one load
    assert options == Counter({(): 1})


def test_the_visits_list_ahead_follows_the_link_s_page(
    app_page, monkeypatch: pytest.MonkeyPatch, fresh_cache: None
) -> None:
    calls = _count_builder(monkeypatch, "not_visited_page")
    at = app_page(VISITS, page="2")
    no_exceptions(at)
    assert at.number_input(key="visits_gap_page").value == 2  # the demo's list has a page 2
    assert calls == Counter({(50, 50, True): 1})


def test_no_list_is_loaded_ahead_for_a_role_that_sees_none(
    app_page, app_db_env, monkeypatch: pytest.MonkeyPatch, fresh_cache: None
) -> None:
    """The committee opens the visits page but sees no list of households: none is read."""
    committee = app_db_env.user(Role.COMMITTEE, [("community", "AH")])
    calls = _count_builder(monkeypatch, "not_visited_page")
    at = app_page(VISITS, signed_in=committee)
    no_exceptions(at)
    assert at.metric  # the page's figures are there
    assert calls == Counter()


WORKERS = "pages/workers.py"


def _count_sheets(monkeypatch: pytest.MonkeyPatch) -> tuple[Counter, Counter]:
    sheets: Counter = Counter()
    trends: Counter = Counter()
    real_sheets, real_trend = models.workers.month_sheets, models.workers.worker_months

    def month_sheets(conn, rs, months, only=None):
        sheets[tuple(months), None if only is None else tuple(only)] += 1
        return real_sheets(conn, rs, months, only)

    def worker_months(conn, rs, months, worker_id):
        trends[tuple(months), worker_id] += 1
        return real_trend(conn, rs, months, worker_id)

    monkeypatch.setattr(models.workers, "month_sheets", month_sheets)
    monkeypatch.setattr(models.workers, "worker_months", worker_months)
    return sheets, trends


@pytest.mark.parametrize(
    ("query", "month", "before"),
    [({}, "2026-02", "2026-01"), ({"month": "2026-03"}, "2026-03", "2026-02")],
)
def test_the_workers_sheets_and_trend_are_loaded_once_on_a_cold_run(
    app_page, monkeypatch: pytest.MonkeyPatch, fresh_cache: None, query, month, before
) -> None:
    """The month's sheets start ahead of the month picker (the link's month, else the
    default), the worker's trend ahead of his detail: each is read once."""
    sheets, trends = _count_sheets(monkeypatch)
    at = app_page(WORKERS, as_of="2026-03-10", community="AH", **query)
    no_exceptions(at)
    assert at.selectbox(key="workers_month").value == month
    pairs = {months: n for (months, _), n in sheets.items() if len(months) == 2}
    assert pairs == {(month, before): 1}  # no other month read ahead, none read twice
    worker = at.selectbox(key="workers_person").value
    assert trends == Counter({(tuple(trailing_months(month)), worker): 1})


def test_nothing_is_started_ahead_when_every_thread_is_busy(fresh_cache: None) -> None:
    release = threading.Event()

    @data.loader
    def slow(i: int) -> int:
        release.wait()
        return i

    loads: list[str] = []

    @data.loader
    def figures(month: str) -> str:
        loads.append(threading.current_thread().name)
        return month

    held = [data.ahead(slow, i) for i in range(data.AHEAD_THREADS)]
    try:
        assert all(future is not None for future in held)
        assert data.ahead(figures, "2026-11") is None  # not queued behind them
        assert figures("2026-11") == "2026-11"
        assert loads == [threading.current_thread().name]  # loaded by the caller itself
    finally:
        release.set()
        for future in held:
            future.result(timeout=60)
    started = data.ahead(figures, "2026-10")  # the threads are free again
    assert started is not None
    started.result(timeout=60)
    assert len(loads) == 2 and loads[1].startswith("loader-ahead")


def test_nothing_is_started_ahead_on_a_loaded_server(fresh_cache: None) -> None:
    """More pages running than the server's cores: the page's calls load by themselves."""
    loads: list[str] = []

    @data.loader
    def figures(month: str) -> str:
        loads.append(month)
        return month

    release = threading.Event()
    cores = len(os.sched_getaffinity(0))
    runs = [
        threading.Thread(target=release.wait, name=data.SCRIPT_THREAD) for _ in range(cores + 1)
    ]
    for run in runs:
        run.start()
    try:
        assert data.ahead(figures, "2026-11") is None
        assert loads == []
    finally:
        release.set()
        for run in runs:
            run.join(timeout=60)
    started = data.ahead(figures, "2026-11")
    assert started is not None
    started.result(timeout=60)
    assert loads == ["2026-11"]
