"""A test server's process: its output copied to a log file line by line (announcing the line
that says it listens), and its process group stopped — shared by the Streamlit servers and the
OpenID provider of the tests."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path


def copy_output(
    process: subprocess.Popen[bytes],
    log_file: Path,
    ready_line: bytes,
    announced: threading.Event,
    on_line: Callable[[bytes], None] | None = None,
) -> None:
    """Copy ``process``'s output to ``log_file``; set ``announced`` at ``ready_line`` or when the
    output ends (the process died). Runs in a thread of its own."""
    assert process.stdout is not None
    with log_file.open("wb") as log:
        for line in process.stdout:
            log.write(line)
            log.flush()
            if on_line is not None:
                on_line(line)
            if ready_line in line:
                announced.set()
    announced.set()


def start_copying(
    process: subprocess.Popen[bytes],
    log_file: Path,
    ready_line: bytes,
    on_line: Callable[[bytes], None] | None = None,
) -> threading.Event:
    """``copy_output`` in a daemon thread; returns the event it sets."""
    announced = threading.Event()
    threading.Thread(
        target=copy_output, args=(process, log_file, ready_line, announced, on_line), daemon=True
    ).start()
    return announced


def terminate_group(process: subprocess.Popen[bytes] | None) -> None:
    """Ask the whole process group to end."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)


def stop_group(process: subprocess.Popen[bytes] | None) -> None:
    """Terminate the whole process group; kill it if it lingers."""
    if process is None or process.poll() is not None:
        return
    terminate_group(process)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
