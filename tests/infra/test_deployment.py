"""Deployment defaults (README, "Deployment defaults"): the committed configuration, and what the
server does with an absurdly long link."""

from __future__ import annotations

import contextlib
import socket
import tomllib
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from tests.support.paths import PROJECT_ROOT

CONFIG = PROJECT_ROOT / ".streamlit" / "config.toml"


def test_committed_config_is_locked_down() -> None:
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    server = config["server"]
    assert server["address"] == "127.0.0.1"
    assert server["enableCORS"] is True
    assert server["enableXsrfProtection"] is True
    assert server["enableStaticServing"] is False
    assert server["maxUploadSize"] <= 1
    assert server["maxMessageSize"] < 200
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False


def _status_line(base: str, query_length: int) -> bytes:
    parts = urlsplit(base)
    request = (
        f"GET /?community={'A' * query_length} HTTP/1.1\r\nHost: {parts.hostname}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        # the server may answer and close before it has read the whole head
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(request)
        return sock.recv(64).split(b"\r\n", 1)[0]


def test_a_link_past_the_size_limit_gets_400_and_the_server_stays_up(
    streamlit_app, demo_sqlite: Path
) -> None:
    base = streamlit_app(env={"REGISTRY_DB_URL": f"sqlite:///{demo_sqlite}"})
    assert _status_line(base, 110_000).endswith(b"200 OK")
    assert _status_line(base, 200_000).endswith(b"400 Bad Request")
    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=10) as response:
        assert response.read().decode().strip() == "ok"
