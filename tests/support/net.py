"""Small networking helpers for servers the tests start."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A localhost TCP port that was free a moment ago (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tail(text: str, lines: int = 40) -> str:
    """The last ``lines`` lines of a log, for failure messages."""
    return "\n".join(text.splitlines()[-lines:])
