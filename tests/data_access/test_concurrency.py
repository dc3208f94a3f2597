"""One registry engine queried from many threads at once, as Streamlit's script threads do.

Before the SQLite engine chose its pool, eight threads were enough to crash the interpreter
(``SingletonThreadPool`` closed connections other threads still used). Correctness is checked,
not speed: every thread must get its own scope's exact figures, every time.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from commands.metrics_cli import run_snapshot
from data_access.engine import open_registry
from data_access.loaders import Registry
from data_access.scope import Scope
from tests.data_access.tiny import AS_OF, EXPECTED_AH, EXPECTED_ALL

THREADS = 24
ROUNDS = 5


def test_many_threads_share_one_engine(tiny_url: str) -> None:
    engine = open_registry(tiny_url)
    start = threading.Barrier(THREADS)

    def count(i: int) -> list[int]:
        start.wait()
        seen = []
        for _ in range(ROUNDS):
            with engine.connect() as conn:
                seen.append(conn.execute(sa.text("SELECT count(*) FROM visit")).scalar_one())
        return seen

    try:
        with ThreadPoolExecutor(THREADS) as pool:
            results = list(pool.map(count, range(THREADS)))
    finally:
        engine.dispose()
    assert results == [[6] * ROUNDS] * THREADS


def test_concurrent_snapshots_each_get_their_own_scope(tiny_url: str) -> None:
    registry = Registry.open(tiny_url)
    scopes = [
        (Scope(as_of=AS_OF), EXPECTED_ALL),
        (Scope(as_of=AS_OF, communities=("AH",)), EXPECTED_AH),
    ]
    start = threading.Barrier(THREADS)

    def work(i: int) -> bool:
        scope, expected = scopes[i % len(scopes)]
        start.wait()
        return all(run_snapshot(registry, scope) == expected for _ in range(ROUNDS))

    try:
        with ThreadPoolExecutor(THREADS) as pool:
            results = list(pool.map(work, range(THREADS)))
    finally:
        registry.engine.dispose()
    assert results == [True] * THREADS
