"""`streamlit run` as a real server process for end-to-end tests."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .net import free_port, tail
from .paths import PROJECT_ROOT

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
        announced = threading.Event()
        threading.Thread(target=self._copy_output, args=(announced,), daemon=True).start()
        self.wait_healthy(announced, timeout)
        return self.base_url

    def _copy_output(self, announced: threading.Event) -> None:
        assert self.process is not None and self.process.stdout is not None
        with self.log_file.open("wb") as log:
            for line in self.process.stdout:
                log.write(line)
                log.flush()
                if READY_LINE in line:
                    announced.set()
        announced.set()

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
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)

    def stop(self) -> None:
        """Terminate the whole process group; kill it if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        self.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


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

    def stop_all(self) -> None:
        """Terminate every server at once, then wait for each (they shut down side by side)."""
        for server in self._servers.values():
            server.terminate()
        for server in self._servers.values():
            server.stop()
        self._servers.clear()
