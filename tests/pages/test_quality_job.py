"""The data-quality page never waits for its checks: they run as a background job; the page
shows the progress until the first result, then the result with the time it was made, and a
rerun keeps the last result on screen while the checks run again."""

from __future__ import annotations

import threading

import pytest

import models.quality
from tests.pages.conftest import metric_values, no_exceptions
from ui import quality_job


@pytest.fixture
def gate(monkeypatch) -> threading.Event:
    """The checks (the real ones) start only once the test opens the gate."""
    opened = threading.Event()
    checks = models.quality.summary

    def gated(conn, rs, progress=None):
        opened.wait()
        return checks(conn, rs, progress)

    monkeypatch.setattr(models.quality, "summary", gated)
    monkeypatch.setenv(quality_job.WAIT_ENV, "0")
    quality_job.jobs.clear()
    return opened


def _job_finished() -> None:
    for slot in list(quality_job.jobs()._slots.values()):
        for job in (slot.running, slot.last):
            if job is not None:
                assert job.finished.wait(300)


def _captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def test_the_page_shows_progress_then_the_result_with_its_time(tiny_page, gate) -> None:
    at = tiny_page("pages/data_quality.py")
    no_exceptions(at)
    assert not metric_values(at)  # no result yet: no tiles
    progress = at.get("progress")
    assert len(progress) == 1 and "正在后台检查" in progress[0].proto.text
    gate.set()
    _job_finished()
    at.run()
    no_exceptions(at)
    assert "发现问题的规则" in metric_values(at)
    assert "检查结果生成于" in _captions(at)

    gate.clear()  # a rerun: the last result stays on screen while the checks run again
    at.button(key="dq_rerun").click().run()
    no_exceptions(at)
    assert "发现问题的规则" in metric_values(at) and "正在重新检查" in _captions(at)
    gate.set()
    _job_finished()
    at.run()
    assert "正在重新检查" not in _captions(at) and "检查结果生成于" in _captions(at)
