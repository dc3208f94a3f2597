"""``python -m bench.load`` end to end on the demo: real server, real Chromium (each on CPUs of
its own), two secretaries at once. Each load is tagged, so the server's own script time of
every run is reported by page and round beside the browser's — and each is part of its load,
so never longer. Nothing here is timed against a limit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from data_access.config import PROJECT_ROOT


def test_the_harness_reports_each_runs_server_time_beside_the_browsers(
    demo_sqlite: Path, tmp_path: Path
) -> None:
    out = tmp_path / "load.json"
    # its own process, as it is run: the harness drives Chromium with asyncio, which cannot
    # start inside the event loop that the other browser tests' Playwright keeps in this one
    done = subprocess.run(
        [sys.executable, "-m", "bench.load", "--db", f"sqlite:///{demo_sqlite}"]
        + ["--sessions", "2", "--pages", "overview", "workers", "--out", str(out)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,  # a guard for a hung run, not a speed limit
    )
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert summary["errors"] == [] and summary["leaks"] == []
    assert summary["cpus"]["server"] and summary["cpus"]["browser"]
    server = summary["server"]
    assert server["untagged"] == 0 and server["ended"] == {"done": 8}
    for name in ("overview:cold", "overview:warm", "workers:cold", "workers:warm"):
        assert server["pages"][name]["runs"] == 2
        # one server run per load, inside it: order statistics keep the inequality
        assert 0 < server["pages"][name]["p50_s"] <= summary["pages"][name]["p50_s"]
