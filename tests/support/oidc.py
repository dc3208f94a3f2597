"""A real OpenID provider for the single sign-on tests (``oidc-provider-mock``), and the
``[auth]`` secrets that point a Streamlit server at it.

The provider runs as ``python -m oidc_provider_mock`` in a process group of its own: its
authorization page is the one a person fills in (any ``sub`` is accepted; a ``sub`` registered
with ``--user-claims`` also gets that e-mail and name), and any client id and secret are taken.
"""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .net import free_port, tail
from .process import start_copying, stop_group

READY_TIMEOUT_S = 30.0
#: what uvicorn logs once the provider listens
READY_LINE = b"Uvicorn running on"
CLIENT_ID = "grid-dashboard"


class OidcProviderUnavailable(RuntimeError):
    """The provider package is missing, or its server never answered; the message says why."""


@dataclass(frozen=True)
class OidcUser:
    """A person the provider knows: his subject and the claims it puts into the ID token."""

    sub: str
    email: str
    name: str
    #: whether the provider vouches for the e-mail (the ``email_verified`` claim)
    email_verified: bool = True

    def claims_json(self) -> str:
        claims = {
            "sub": self.sub,
            "email": self.email,
            "name": self.name,
            "email_verified": self.email_verified,
        }
        return json.dumps(claims, ensure_ascii=False)


@dataclass
class OidcProvider:
    """One ``oidc-provider-mock`` server on 127.0.0.1."""

    log_file: Path
    users: Sequence[OidcUser] = ()
    port: int = 0
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def issuer(self) -> str:
        """The ``iss`` of its tokens: the origin it is reached at."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def subject(self, user: OidcUser) -> str:
        """The account's ``oidc_subject`` for ``user``, as ``ui.signin`` matches it."""
        return f"{self.issuer}|{user.sub}"

    def output(self) -> str:
        try:
            return tail(self.log_file.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            return "(no output)"

    def start(self, timeout: float = READY_TIMEOUT_S) -> None:
        if importlib.util.find_spec("oidc_provider_mock") is None:
            raise OidcProviderUnavailable(
                "the package oidc-provider-mock is not installed; "
                "install the test dependencies: pip install -r requirements.lock"
            )
        self.port = free_port()
        cmd = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1"]
        cmd += ["--port", str(self.port)]
        for user in self.users:
            cmd += ["--user-claims", user.claims_json()]
        self.process = subprocess.Popen(
            cmd,
            env={**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        announced = start_copying(self.process, self.log_file, READY_LINE)
        if not announced.wait(timeout):
            self.stop()
            raise OidcProviderUnavailable(
                f"the OpenID provider did not start listening within {timeout}s; "
                f"its output:\n{self.output()}"
            )
        self._check_discovery()

    def _check_discovery(self) -> None:
        """Its discovery document names it as the issuer (once it says it listens)."""
        assert self.process is not None
        code = self.process.poll()
        if code is not None:
            raise OidcProviderUnavailable(
                f"the OpenID provider exited with code {code}; its output:\n{self.output()}"
            )
        try:
            with urllib.request.urlopen(self.metadata_url, timeout=10) as response:
                document = json.load(response)
        except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError) as exc:
            self.stop()
            raise OidcProviderUnavailable(
                f"no discovery document at {self.metadata_url} ({exc}); "
                f"its output:\n{self.output()}"
            ) from None
        if document.get("issuer") != self.issuer:
            self.stop()
            raise OidcProviderUnavailable(
                f"the discovery document names issuer {document.get('issuer')!r}, "
                f"not {self.issuer!r}"
            )

    def stop(self) -> None:
        """Terminate its process group; kill it if it lingers."""
        stop_group(self.process)


def write_auth_secrets(folder: Path, provider: OidcProvider, app_port: int) -> Path:
    """A ``secrets.toml`` with an ``[auth]`` section for a Streamlit server on ``app_port``
    signing in at ``provider``; returns its path (for ``STREAMLIT_SECRETS_FILES``)."""
    path = folder / "secrets.toml"
    auth = {
        "redirect_uri": f"http://127.0.0.1:{app_port}/oauth2callback",
        "cookie_secret": secrets.token_urlsafe(32),
        "client_id": CLIENT_ID,
        "client_secret": secrets.token_urlsafe(16),
        "server_metadata_url": provider.metadata_url,
    }
    lines = ["[auth]"] + [f"{key} = {json.dumps(value)}" for key, value in auth.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
