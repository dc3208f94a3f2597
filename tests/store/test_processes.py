"""The refresh's worker processes (``--jobs``): what stops one reaches the operator as one line
naming it (the CLI prints ``DashboardError``s), not as a broken process pool."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import pickle
import shutil
from pathlib import Path

import pytest

from app_db.engine import open_app_db
from data_access.errors import (
    BadArgument,
    DashboardError,
    QueryTimeout,
    RegistryError,
    RegistryUnavailable,
    UnknownCode,
)
from data_access.loaders import Registry
from store.build import (
    StoreWorkerLost,
    _computed,
    built_days,
    refresh,
    registry_days,
    registry_id,
    writer_lock,
)


@pytest.mark.parametrize(
    "error",
    [
        QueryTimeout(
            "statement",
            30.0,
            setting="REGISTRY_STATEMENT_TIMEOUT_S",
            detail="sqlite:///r.sqlite: interrupted",
        ),
        QueryTimeout("lock", 10.0),
        RegistryUnavailable("not_a_database", detail="sqlite:///r.sqlite: file is not a database"),
        UnknownCode("grid", "G9"),
        BadArgument("--window wants a number of days", detail="x"),
        RegistryError("malformed value in the registry: column visit.visited_at"),
        StoreWorkerLost("a process stopped"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_a_dashboard_error_crosses_a_process_boundary_whole(error: DashboardError) -> None:
    """A worker's error comes back pickled: the same class, message, detail and attributes (a
    ``QueryTimeout`` rebuilt through ``__init__(message)`` broke the whole pool instead)."""
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert (str(back), back.args, vars(back)) == (str(error), error.args, vars(error))
    assert back.for_operator() == error.for_operator()


def test_a_worker_that_cannot_open_the_registry_says_why(tiny_sqlite: Path, tmp_path: Path) -> None:
    copy = tmp_path / "tiny.sqlite"
    shutil.copy(tiny_sqlite, copy)
    registry = Registry.open(str(copy))
    first, last = registry_days(registry)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    assert len(days) > 7  # enough days for the worker processes (a week or less: in-process)
    registry.engine.dispose()
    copy.write_bytes(b"not a database, " * 512)  # the file replaced after the refresh opened it
    with pytest.raises(RegistryUnavailable) as caught:
        list(_computed(registry, [days], 2, first))
    assert caught.value.reason == "not_a_database"
    assert str(caught.value) == "the registry file is not a database (or is damaged)"


def test_a_worker_killed_midway_is_one_message_and_the_days_written_are_kept(
    demo_sqlite: Path, tmp_path: Path
) -> None:
    """The out-of-memory killer's way: the refresh's worker processes killed after its first
    day is written. The refresh says so in a line, keeps the days it wrote and frees its lock."""
    app_engine = open_app_db(f"sqlite:///{tmp_path / 'app.sqlite'}")
    registry = Registry.open(str(demo_sqlite))
    killed: list[multiprocessing.Process] = []

    def progress(done: int, total: int, day: dt.date) -> None:
        if not killed:  # weeks of days are still to come: the pool is needed again
            killed.extend(multiprocessing.active_children())
            for process in killed:
                process.kill()

    with pytest.raises(StoreWorkerLost) as caught:
        refresh(app_engine, registry, jobs=2, progress=progress)
    assert killed and "run the refresh again" in str(caught.value)
    first, last = registry_days(registry)
    with app_engine.connect() as conn:
        kept = built_days(conn, registry_id(app_engine, registry.key))
    assert 0 < len(kept) < (last - first).days + 1
    with writer_lock(app_engine, wait=False):  # the lock was let go: the next refresh may run
        pass
    registry.engine.dispose()
    app_engine.dispose()
