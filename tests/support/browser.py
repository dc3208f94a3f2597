"""Debian's Chromium under Playwright (Playwright's own browser downloads are not used)."""

from __future__ import annotations

import shutil

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class ChromiumUnavailable(RuntimeError):
    """No chromium executable; the message says what to install."""


def chromium_executable() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise ChromiumUnavailable(
        "Debian chromium not found on PATH; install it: apt-get install -y chromium fonts-noto-cjk"
    )
