"""A throw-away PostgreSQL server for the test session.

The server is started from the installed binaries (``initdb``/``pg_ctl``), lives in a temp
directory, listens on 127.0.0.1 on a free port and trusts every local connection. As root,
the binaries run as the ``postgres`` user, who owns the data directory.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

from .net import free_port, tail

READY_TIMEOUT_S = 30.0
SUPERUSER = "postgres"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL could not be found or started; the message says why and what to install."""


def find_bin_dir() -> Path:
    """The directory holding ``initdb`` and ``pg_ctl``: PATH first, then Debian's layout."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(os.path.realpath(on_path)).parent
    # Debian keeps the server binaries out of PATH; prefer the newest major version.
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    for candidate in candidates:
        if (Path(candidate) / "initdb").is_file() and (Path(candidate) / "pg_ctl").is_file():
            return Path(candidate)
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in "
        "/usr/lib/postgresql/*/bin. Install them: apt-get install -y postgresql-15"
    )


@dataclass
class PostgresServer:
    """A running server: ``url(dbname)`` for SQLAlchemy, ``create_database(name)`` to add one."""

    bin_dir: Path
    base_dir: Path
    port: int = 0
    host: str = "127.0.0.1"
    _run_as: list[str] = field(default_factory=list)

    @property
    def data_dir(self) -> Path:
        return self.base_dir / "data"

    @property
    def socket_dir(self) -> Path:
        return self.base_dir / "sock"

    @property
    def log_file(self) -> Path:
        return self.base_dir / "server.log"

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@{self.host}:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres", **kwargs: object) -> psycopg.Connection:
        """A plain psycopg connection (autocommit unless told otherwise)."""
        kwargs.setdefault("autocommit", True)
        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=SUPERUSER,
            dbname=dbname,
            connect_timeout=5,
            **kwargs,
        )

    def create_database(self, name: str) -> str:
        """Create database ``name`` (UTF8) and return its SQLAlchemy URL."""
        with self.connect() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def log_tail(self) -> str:
        try:
            return tail(self.log_file.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            return "(no server log)"

    # -- lifecycle -------------------------------------------------------------------------

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        cmd = [*self._run_as, *args]
        try:
            return subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=True,
                env={**os.environ, "LC_ALL": "C.UTF-8"},
            )
        except subprocess.CalledProcessError as exc:
            raise PostgresUnavailable(
                f"`{' '.join(cmd)}` failed (exit {exc.returncode}):\n{exc.stdout}{exc.stderr}\n"
                f"server log:\n{self.log_tail()}"
            ) from exc
        except subprocess.TimeoutExpired as exc:
            raise PostgresUnavailable(
                f"`{' '.join(cmd)}` timed out after {timeout}s\nserver log:\n{self.log_tail()}"
            ) from exc

    def init(self) -> None:
        self.base_dir.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam(SUPERUSER)
            except KeyError as exc:
                raise PostgresUnavailable(
                    "running as root but there is no 'postgres' user to run the server as "
                    "(the Debian postgresql package creates it)"
                ) from exc
            for path in (self.base_dir, self.socket_dir):
                os.chown(path, owner.pw_uid, owner.pw_gid)
            runuser = shutil.which("runuser") or next(
                (p for p in ("/usr/sbin/runuser", "/sbin/runuser") if os.access(p, os.X_OK)), None
            )
            if runuser is None:
                raise PostgresUnavailable("running as root but `runuser` is missing")
            self._run_as = [runuser, "-u", SUPERUSER, "--"]
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data_dir),
            "-A",
            "trust",
            "-U",
            SUPERUSER,
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )

    def start(self, attempts: int = 3) -> None:
        """Start on a free port; retry with another port if one was taken in between."""
        last_error: PostgresUnavailable | None = None
        for _ in range(attempts):
            try:
                self._start_on(free_port())
                return
            except PostgresUnavailable as exc:
                last_error = exc
                self.stop()
        assert last_error is not None
        raise last_error

    def restart(self) -> None:
        """Start again after ``stop()``, on the same port, so clients' URLs still hold."""
        self._start_on(self.port)

    def _start_on(self, port: int) -> None:
        self.port = port
        opts = (
            f"-k {self.socket_dir} -p {self.port} -c listen_addresses={self.host} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "start",
            "-D",
            str(self.data_dir),
            "-l",
            str(self.log_file),
            "-o",
            opts,
            "-w",
            "-t",
            str(int(READY_TIMEOUT_S)),
            timeout=READY_TIMEOUT_S + 10,
        )
        self.check_ready()

    def check_ready(self) -> None:
        """``pg_ctl start -w`` has already waited until the server accepts connections; one
        query over TCP proves it (and that the port is ours)."""
        try:
            with self.connect() as conn:
                conn.execute("SELECT 1")
        except psycopg.OperationalError as exc:
            raise PostgresUnavailable(
                f"PostgreSQL on port {self.port} started but refuses connections: {exc}\n"
                f"server log:\n{self.log_tail()}"
            ) from exc

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            subprocess.run(
                [
                    *self._run_as,
                    str(self.bin_dir / "pg_ctl"),
                    "stop",
                    "-D",
                    str(self.data_dir),
                    "-m",
                    "immediate",
                    "-w",
                    "-t",
                    "30",
                ],
                capture_output=True,
                timeout=40,
                check=False,
            )

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.base_dir, ignore_errors=True)


def start_postgres() -> PostgresServer:
    """Initialise and start a fresh server; raises ``PostgresUnavailable`` with the reason."""
    # Not under pytest's tmp dir: that is mode 0700 for root, so `postgres` could not enter it.
    bin_dir = find_bin_dir()
    server = PostgresServer(bin_dir=bin_dir, base_dir=Path(tempfile.mkdtemp(prefix="pgtest-")))
    try:
        server.init()
        server.start()
    except BaseException:
        server.destroy()
        raise
    return server
