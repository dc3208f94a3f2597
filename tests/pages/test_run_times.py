"""``GM_RUN_TIMES`` (``ui.run_times``): every script run is one line of the server's own time —
what ``bench.load`` reports beside the browser's — keyed by page and session, with how it
ended; without the setting nothing is wrapped or written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.runtime.scriptrunner import script_runner

from ui import run_times


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(
        script_runner, "exec_func_with_error_handling", script_runner.exec_func_with_error_handling
    )  # the wrapper is taken off after the test
    path = tmp_path / "runs.jsonl"
    assert run_times.install(str(path))
    return path


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_each_run_is_one_line_with_its_page_session_and_ending(app_page, log: Path) -> None:
    at = app_page("pages/visits.py")
    assert not at.exception
    at.switch_page("pages/workers.py")
    at.run()
    assert not at.exception
    got = lines(log)
    assert [line["page"] for line in got] == ["visits", "workers"]
    assert {line["ended"] for line in got} == {"done"}
    assert len({line["session"] for line in got}) == 1 and got[0]["session"]
    assert all(line["seconds"] > 0 for line in got)
    assert got[0]["at"] <= got[1]["at"]
    assert {line["tag"] for line in got} == {""}  # no browser, no tag cookie


def test_a_stopped_run_and_a_failed_one_say_so(log: Path) -> None:
    from streamlit.testing.v1 import AppTest

    def stops() -> None:
        import streamlit as st

        from ui import run_times

        run_times.page("overview")
        st.stop()

    def fails() -> None:
        from ui import run_times

        run_times.page("workers")
        raise ValueError("a bug")

    AppTest.from_function(stops, default_timeout=60).run()
    AppTest.from_function(fails, default_timeout=60).run()
    assert [(line["page"], line["ended"]) for line in lines(log)] == [
        ("overview", "stop"),
        ("workers", "error"),
    ]


def test_nothing_is_wrapped_without_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(run_times.RUN_TIMES_ENV, raising=False)
    before = script_runner.exec_func_with_error_handling
    assert run_times.install() is False
    assert script_runner.exec_func_with_error_handling is before
