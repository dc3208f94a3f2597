"""The server's refresh of the daily store: a daemon thread that never blocks a page.

At start it builds what is missing (the whole history on a new app database: pages fall back
to live queries meanwhile), then every ``every_minutes`` refreshes the newest day (window 1) and
once a day, after ``nightly_at`` (Asia/Shanghai), the trailing window. Several server processes
may each run one: the writer's lock lets one refresh at a time, the others skip that turn.
``state()`` is what the pages show: building (days done of how many), the last refresh's time,
the last failure (the last refresh's time is the app database's, ``StoreSource.refreshed_at``:
another process may have made it).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from dataclasses import dataclass, replace

import sqlalchemy as sa

from data_access.errors import DashboardError
from data_access.faults import fault_of
from data_access.loaders import LOCAL_TZ, Registry
from store.build import DEFAULT_WINDOW, StoreBusy, refresh
from store.reader import StoreSource

log = logging.getLogger(__name__)

ENABLED_ENV = "STORE_BACKGROUND"
EVERY_ENV = "STORE_REFRESH_MINUTES"
NIGHTLY_ENV = "STORE_NIGHTLY_AT"
WINDOW_ENV = "STORE_WINDOW_DAYS"


@dataclass(frozen=True)
class Schedule:
    enabled: bool = True
    every_minutes: float = 10.0
    nightly_at: dt.time = dt.time(2, 30)
    window: int = DEFAULT_WINDOW

    @classmethod
    def configured(cls) -> Schedule:
        """From the environment; a bad value is the default, said once in the server's log."""
        s = cls()
        flag = os.environ.get(ENABLED_ENV, "").strip().lower()
        if flag in ("0", "false", "no", "off"):
            s = replace(s, enabled=False)
        try:
            if os.environ.get(EVERY_ENV, "").strip():
                s = replace(s, every_minutes=max(0.1, float(os.environ[EVERY_ENV])))
            if os.environ.get(NIGHTLY_ENV, "").strip():
                s = replace(s, nightly_at=dt.time.fromisoformat(os.environ[NIGHTLY_ENV].strip()))
            if os.environ.get(WINDOW_ENV, "").strip():
                s = replace(s, window=max(0, int(os.environ[WINDOW_ENV])))
        except ValueError as exc:
            log.warning("daily store schedule: %s; the defaults are used", exc)
        return s


@dataclass(frozen=True)
class State:
    building: bool = False
    done: int = 0
    total: int = 0
    failure: str | None = None  # the last refresh's message when it failed (for a user)


class Refresher:
    """One per server process and registry (``start`` once; ``state`` from any thread)."""

    def __init__(
        self, app_engine: sa.Engine, registry_url: str, source: StoreSource, schedule: Schedule
    ) -> None:
        self.app_engine = app_engine
        self.registry_url = registry_url
        self.source = source
        self.schedule = schedule
        self._state = State()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._nightly_done: dt.date | None = None

    def state(self) -> State:
        with self._lock:
            return self._state

    def _set(self, **changes) -> None:
        with self._lock:
            self._state = replace(self._state, **changes)

    def start(self) -> None:
        if self._thread is None and self.schedule.enabled:
            self._thread = threading.Thread(
                target=self._run, name="daily-store-refresh", daemon=True
            )
            self._thread.start()

    def _run(self) -> None:
        try:
            registry = Registry.open(self.registry_url)
        except DashboardError as exc:
            self._set(failure=str(exc))
            return
        window = self.schedule.window  # the first turn: whatever is missing and the window
        while True:  # a daemon thread: it ends with the server
            self._turn(registry, window)
            self._wake.wait(self.schedule.every_minutes * 60)
            self._wake.clear()
            now = dt.datetime.now(LOCAL_TZ)
            nightly = now.time() >= self.schedule.nightly_at and self._nightly_done != now.date()
            if nightly:
                self._nightly_done = now.date()
            window = self.schedule.window if nightly else 1

    def _turn(self, registry: Registry, window: int) -> None:
        def progress(done: int, total: int, _day: dt.date) -> None:
            self._set(building=True, done=done, total=total)
            if done % 7 == 0:
                self.source.forget()  # the pages may use the days built so far

        try:
            refresh(self.app_engine, registry, window=window, progress=progress)
        except StoreBusy:
            return  # another process refreshes: its days show through the app database
        except Exception as exc:
            fault = fault_of(exc)
            message = str(fault) if fault is not None else f"{type(exc).__name__}: {exc}"
            log.warning("daily store refresh failed: %s", message)
            self._set(building=False, failure=message.splitlines()[0] if message else "failed")
            return
        finally:
            self.source.forget()
        self._set(building=False, failure=None)
