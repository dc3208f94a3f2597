"""Faults made for real: a SQLite file locked by another process, a file swapped under a reader."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_HOLD_LOCK = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()  # until the test closes our stdin
db.execute("ROLLBACK")
"""


@contextmanager
def sqlite_locked_by_another_process(path: Path) -> Iterator[None]:
    """Another process holds ``BEGIN EXCLUSIVE`` on ``path`` (as a writer would) until the block
    ends; it has the lock once it says so."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        if holder.stdin is not None:
            holder.stdin.close()
        holder.wait(timeout=30)


def overwrite_with_junk(path: Path) -> None:
    """The file's bytes replaced in place (same inode) by something that is no database."""
    with path.open("r+b") as file:
        file.write(b"this is no database\n" * 300)
        file.truncate()


def replace_with_junk(path: Path) -> None:
    """Another file, that is no database, renamed over ``path`` (a new inode)."""
    junk = path.with_suffix(".junk")
    junk.write_bytes(b"this is no database\n" * 300)
    junk.replace(path)


@contextmanager
def silent_server() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts TCP connections and never answers: a PostgreSQL host
    that hangs (the client waits for its connect timeout). Yields the port."""
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)  # the kernel completes handshakes; nobody ever reads
        yield listener.getsockname()[1]
