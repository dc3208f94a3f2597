"""`streamlit run` as a real server process for end-to-end tests."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .net import free_port, tail
from .paths import PROJECT_ROOT
from .process import start_copying, stop_group, terminate_group

READY_TIMEOUT_S = 60.0
#: what `streamlit run` prints once its server listens
READY_LINE = b"You can now view your Streamlit app"
# Variables from the developer's shell that must not leak into a test server.
SCRUBBED_ENV = ("REGISTRY_DB_URL",)


class StreamlitFailed(RuntimeError):
    """The server exited or never became healthy; the message carries its output."""


@dataclass
class StreamlitServer:
    """One ``streamlit run`` process in its own process group."""

    script: Path
    env: dict[str, str]
    log_file: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    #: notified on every line copied to the log (``wait_for_output``)
    _copied: threading.Condition = field(default_factory=threading.Condition, repr=False)
    _lines: list[bytes] = field(default_factory=list, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        try:
            return tail(self.log_file.read_text(encoding="utf-8", errors="replace"), 60)
        except OSError:
            return "(no output)"

    def start(self, timeout: float = READY_TIMEOUT_S) -> str:
        """Start on ``port`` (a free one when 0: single sign-on needs it known beforehand, for
        the redirect URI in the secrets)."""
        self.port = self.port or free_port()
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(self.script),
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            # No file watching: nothing edits the script during a test, and inotify is finite.
            "--server.fileWatcherType",
            "none",
        ]
        env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
        env.update(
            STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
            STREAMLIT_SERVER_HEADLESS="true",
            PYTHONUNBUFFERED="1",
        )
        env.update(self.env)
        self.process = subprocess.Popen(
            cmd,
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        # a reader thread copies the output to the log and signals the line Streamlit prints
        # once it listens (or the end of the output, when the process dies)
        announced = start_copying(self.process, self.log_file, READY_LINE, self._copied_line)
        self.wait_healthy(announced, timeout)
        return self.base_url

    def _copied_line(self, line: bytes) -> None:
        with self._copied:
            self._lines.append(line)
            self._copied.notify_all()

    def wait_for_output(self, text: str, timeout: float = READY_TIMEOUT_S) -> str:
        """The server's output once a line holds ``text`` (woken by each copied line; gives up
        after ``timeout`` and returns what there is)."""
        wanted = text.encode()
        with self._copied:
            self._copied.wait_for(lambda: any(wanted in line for line in self._lines), timeout)
            return b"".join(self._lines).decode(errors="replace")

    def wait_healthy(self, announced: threading.Event, timeout: float) -> None:
        """Wait until the server says it listens (or its output ends), then check its health
        endpoint once."""
        assert self.process is not None
        health = f"{self.base_url}/_stcore/health"
        if not announced.wait(timeout):
            self.stop()
            raise StreamlitFailed(
                f"`streamlit run {self.script}` did not start listening within {timeout}s; "
                f"its output:\n{self.output()}"
            )
        code = self.process.poll()
        if code is not None:
            raise StreamlitFailed(
                f"`streamlit run {self.script}` exited with code {code} before it was "
                f"healthy; its output:\n{self.output()}"
            )
        try:
            with urllib.request.urlopen(health, timeout=10) as response:
                body = response.read().decode(errors="replace").strip()
                if response.status == 200 and body == "ok":
                    return
                problem = f"HTTP {response.status}: {body!r}"
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            problem = str(exc)
        self.stop()
        raise StreamlitFailed(
            f"`streamlit run {self.script}` not healthy at {health} ({problem}); "
            f"its output:\n{self.output()}"
        )

    def terminate(self) -> None:
        """Ask the whole process group to end (``stop`` waits for it)."""
        terminate_group(self.process)

    def stop(self) -> None:
        """Terminate the whole process group; kill it if it lingers."""
        stop_group(self.process)


class StreamlitLauncher:
    """Starts servers on demand and stops them all at the end; same request, same server."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self._servers: dict[tuple[str, tuple[tuple[str, str], ...]], StreamlitServer] = {}

    def __call__(
        self,
        script: str | Path = "app.py",
        env: dict[str, str] | None = None,
        timeout: float = READY_TIMEOUT_S,
    ) -> str:
        """Base URL of a healthy server running ``script`` (relative to the project root)."""
        path = Path(script)
        path = path if path.is_absolute() else PROJECT_ROOT / path
        env = {k: str(v) for k, v in (env or {}).items()}
        key = (str(path), tuple(sorted(env.items())))
        server = self._servers.get(key)
        if server is not None and server.process is not None and server.process.poll() is None:
            return server.base_url
        server = StreamlitServer(
            script=path, env=env, log_file=self.log_dir / f"streamlit-{len(self._servers)}.log"
        )
        self._servers[key] = server
        return server.start(timeout)

    def server_at(self, base_url: str) -> StreamlitServer:
        """The running server whose base URL is ``base_url``."""
        return next(s for s in self._servers.values() if s.base_url == base_url)

    def stop_all(self) -> None:
        """Terminate every server at once, then wait for each (they shut down side by side)."""
        for server in self._servers.values():
            server.terminate()
        for server in self._servers.values():
            server.stop()
        self._servers.clear()
