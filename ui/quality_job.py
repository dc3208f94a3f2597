"""The data-quality checks as a background job: the page never waits for them longer than
``WAIT_ENV`` seconds (default 1.5).

The checks read every record by design (23 s for a district of 1M residents on SQLite), so
a job per scope and day runs them in a thread of the server, with its progress; the page shows
the last result with the time it was made (and reruns it on demand), or the progress while
there is none yet. Results are kept per server process, the newest ``KEEP`` (scope, day) pairs.
A job is keyed by the scope the user may see (``ScopeKey``, already narrowed to his access), so
no one sees a result of a scope he may not open; the page then applies his disclosure.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import streamlit as st

import models.quality
from app_db.schema import now_utc
from data_access.loaders import Registry
from data_access.scope import ResolvedScope
from models.quality import QualitySummary
from ui.data import ScopeKey

WAIT_ENV = "QUALITY_WAIT_SECONDS"
DEFAULT_WAIT = 1.5
KEEP = 32


def page_wait() -> float:
    try:
        return max(0.0, float(os.environ.get(WAIT_ENV, "") or DEFAULT_WAIT))
    except ValueError:
        return DEFAULT_WAIT


@dataclass
class Job:
    started_at: dt.datetime  # UTC
    done: int = 0
    total: int = 0
    finished_at: dt.datetime | None = None
    result: QualitySummary | None = None
    #: why the job did not finish (a database fault: the page shows it as any loader's)
    error: Exception | None = None
    finished: threading.Event = field(default_factory=threading.Event)


@dataclass
class Slot:
    """One scope and day: the last finished job, and one running now (a rerun)."""

    last: Job | None = None
    running: Job | None = None


class Jobs:
    def __init__(self) -> None:
        self._slots: OrderedDict[tuple, Slot] = OrderedDict()
        self._lock = threading.Lock()

    def slot(self, key: tuple) -> Slot:
        with self._lock:
            slot = self._slots.setdefault(key, Slot())
            self._slots.move_to_end(key)
            while len(self._slots) > KEEP:
                self._slots.popitem(last=False)
            return slot

    def start(self, key: tuple, registry: Registry, rs: ResolvedScope) -> Job:
        """A job for ``key`` unless one is running (then that one)."""
        with self._lock:
            slot = self._slots.setdefault(key, Slot())
            if slot.running is not None:
                return slot.running
            job = slot.running = Job(started_at=now_utc())
        threading.Thread(
            target=self._run, args=(slot, job, registry, rs), name="data-quality", daemon=True
        ).start()
        return job

    def _run(self, slot: Slot, job: Job, registry: Registry, rs: ResolvedScope) -> None:
        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        try:
            with registry.connect() as conn:
                job.result = models.quality.summary(conn, rs, progress)
        except Exception as exc:
            job.error = exc
        job.finished_at = now_utc()
        with self._lock:
            if job.result is not None or slot.last is None:
                slot.last = job
            slot.running = None
        job.finished.set()


@st.cache_resource(show_spinner=False)
def jobs() -> Jobs:
    return Jobs()


def current(
    url: str,
    key: ScopeKey,
    as_of: dt.date,
    registry: Registry,
    rs: ResolvedScope,
    rerun: bool = False,
) -> Slot:
    """The slot of this scope and day, a job started when it has no result (none yet, or the last
    one failed) or on ``rerun``, and waited for at most ``page_wait()`` seconds."""
    k = (url, key, as_of)
    all_jobs = jobs()
    slot = all_jobs.slot(k)
    if slot.last is None or slot.last.result is None or rerun:
        job = all_jobs.start(k, registry, rs)
        job.finished.wait(page_wait())
    return all_jobs.slot(k)
