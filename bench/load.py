"""``python -m bench.load --db URL [--app-db URL] [--sessions 20] [--pages …] [--out FILE]``:
simultaneous browser sessions against one dashboard server (BENCHMARKS.md, issue 14).

Starts ``streamlit run app.py`` on the registry (``tests/support``'s server, accounts and
browser settings) (the store of ``--app-db`` read if it holds
one; no background refresh), makes one community secretary per session, each granted a
different community, and drives Chromium (one browser, a context per session, all at once):
every session opens each page (cold for its scope), then each again (warm). For every page
load: the time from the navigation to the end of the page's script run (the app's own script
state), an error (an exception or error box on the page), and whether the page names a
community of another session (it must not: the sessions' data are apart). The server's
resident memory before and after.

Beside that browser-side time, the server's own script time of every run (``ui.run_times``,
``GM_RUN_TIMES``). On a small machine the browser's 20 contexts drawing charts take the CPU
the server needs (Chromium raises its own GPU and browser processes' priority, so ``nice``
does not hold it back), so by default the server and the browser get CPUs of their own
(``--server-cpus``, ``--browser-cpus``: the first and the second half of the machine's; on 2
vCPUs one each), and the server's time is reported apart from the browser's. One JSON line of
results; a summary on stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import shlex
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from data_access.config import PROJECT_ROOT
from tests.support.browser import CHROMIUM_ARGS, chromium_executable
from tests.support.streamlit_server import StreamlitServer
from ui.run_times import RUN_TIMES_ENV, TAG_COOKIE

PAGES = ("overview", "visits", "workers", "population", "special_groups", "township", "rentals")
SCRIPT_TIMEOUT_MS = 300_000


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _users(app_url: str, registry_url: str, n: int) -> list[dict[str, str]]:
    """``n`` secretaries, each granted one community (the registry's first ``n``), signed in."""
    from auth.roles import Role
    from tests.support.accounts import Accounts

    registry = sa.create_engine(registry_url)
    with registry.connect() as conn:
        rows = conn.execute(sa.text("SELECT code, name FROM community ORDER BY code")).all()
    registry.dispose()
    if len(rows) < n:
        raise SystemExit(f"the registry has {len(rows)} communities, fewer than {n} sessions")
    accounts = Accounts(app_url)
    stamp = dt.datetime.now().strftime("%H%M%S")
    out = []
    for i, (code, name) in enumerate(rows[:n]):
        user = accounts.user(Role.SECRETARY, [("community", code)], login=f"load{stamp}{i:02d}")
        out.append({"code": code, "name": name, "cookie": accounts.cookie(user)})
    accounts.engine.dispose()
    return out


async def _session(
    browser: Any, base: str, user: dict[str, str], others: list[str], pages: list[str]
) -> list[dict[str, Any]]:
    context = await browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    # every wait's ceiling, the reads of the page too (CI of 02abc2c: a page's text, read after
    # a warm overview on a slow machine, ran past Playwright's default of 30 s)
    context.set_default_timeout(SCRIPT_TIMEOUT_MS)
    await context.add_cookies([{"name": "gm_session", "value": user["cookie"], "url": base}])
    page = await context.new_page()
    out = []
    for round_ in ("cold", "warm"):
        for key in pages:
            started = time.perf_counter()
            error = None
            try:
                # the tag the server's run times carry (``ui.run_times``)
                tag = f"{user['code']}.{round_}"
                await context.add_cookies([{"name": TAG_COOKIE, "value": tag, "url": base}])
                await page.goto(f"{base}/{key}?lang=zh", timeout=SCRIPT_TIMEOUT_MS)
                await page.locator('[data-testid="stMain"] h1').first.wait_for(
                    timeout=SCRIPT_TIMEOUT_MS
                )
                await page.locator(
                    '[data-testid="stApp"][data-test-script-state="notRunning"]'
                ).wait_for(timeout=SCRIPT_TIMEOUT_MS)
                seconds = time.perf_counter() - started
                boxes = await page.locator(
                    '[data-testid="stException"], [data-testid="stAlertContentError"]'
                ).count()
                if boxes:
                    error = "an error box on the page"
                text = await page.locator('[data-testid="stMain"]').inner_text()
                leaked = [name for name in others if name in text]
            except Exception as exc:  # a timeout or a dead page: reported, the run goes on
                seconds = time.perf_counter() - started
                error = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
                leaked = []
            _say(f"  {user['code']:<5} {key:<15} {round_:<4} {seconds:7.2f} s {error or ''}")
            out.append(
                {
                    "session": user["code"],
                    "page": key,
                    "round": round_,
                    "seconds": seconds,
                    "error": error,
                    "leaked": leaked,
                }
            )
    await context.close()
    return out


def _cpus(text: str) -> set[int]:
    """``0`` or ``0,1`` or ``0-3``: a CPU set."""
    cpus: set[int] = set()
    for part in text.split(","):
        first, _, last = part.partition("-")
        cpus.update(range(int(first), int(last or first) + 1))
    return cpus


def _default_cpus() -> tuple[set[int], set[int]]:
    """(server's, browser's): the first and the second half of this process's CPUs; all of
    them for both on a machine of one."""
    mine = sorted(os.sched_getaffinity(0))
    if len(mine) < 2:
        return set(mine), set(mine)
    half = len(mine) // 2
    return set(mine[:half]), set(mine[half:])


def _pin(pid: int, cpus: set[int]) -> None:
    """Every thread of ``pid`` (and so the threads it starts later) onto ``cpus``."""
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(ProcessLookupError):  # a thread that ended meanwhile
            os.sched_setaffinity(int(task.name), cpus)


def _pinned_browser(folder: Path, cpus: set[int]) -> str:
    """Chromium started on ``cpus`` alone (``taskset``, a wrapper script in ``folder``): its
    children inherit the CPU set, and unlike a priority Chromium does not change it."""
    wrapper = folder / "chromium-pinned"
    cpu_list = ",".join(str(c) for c in sorted(cpus))
    wrapper.write_text(
        f'#!/bin/sh\nexec taskset -c {cpu_list} {shlex.quote(chromium_executable())} "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    return str(wrapper)


async def _drive(
    base: str, users: list[dict[str, str]], pages: list[str], executable: str
) -> list[dict]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        names = [u["name"] for u in users]
        results = await asyncio.gather(
            *(
                # another's name inside one's own (金桥社区 in 金桥东社区) proves nothing
                _session(browser, base, u, [n for n in names if n not in u["name"]], pages)
                for u in users
            )
        )
        await browser.close()
    return [row for rows in results for row in rows]


def _quantile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1]


def _server_runs(path: Path, pages: list[str]) -> dict[str, Any]:
    """The server's script runs (``ui.run_times``) per page and round (cold, warm: the tag the
    harness set as a cookie before each load); p50/p95 of each, how many runs there were and how
    they ended (a run without the tag — none is expected — is counted apart)."""
    runs = []
    if path.is_file():
        runs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    ended: dict[str, int] = defaultdict(int)
    for run in runs:
        ended[run["ended"]] += 1
    times: dict[str, list[float]] = defaultdict(list)
    untagged = 0
    for run in runs:
        round_ = run.get("tag", "").rpartition(".")[2]
        if round_ not in ("cold", "warm"):
            untagged += 1
        elif run["ended"] in ("done", "stop"):
            times[f"{run['page']}:{round_}"].append(run["seconds"])
    out: dict[str, Any] = {"runs": len(runs), "ended": dict(ended), "untagged": untagged}
    out["pages"] = {
        f"{key}:{round_}": {
            "runs": len(times[f"{key}:{round_}"]),
            "p50_s": round(statistics.median(times[f"{key}:{round_}"]), 2),
            "p95_s": round(_quantile(times[f"{key}:{round_}"], 0.95), 2),
        }
        for key in pages
        for round_ in ("cold", "warm")
        if times[f"{key}:{round_}"]
    }
    every = [t for page_times in times.values() for t in page_times]
    if every:
        out["all"] = {
            "p50_s": round(statistics.median(every), 2),
            "p95_s": round(_quantile(every, 0.95), 2),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--db", required=True, help="the registry's URL")
    parser.add_argument("--app-db", help="the app database (its store is read when it has one)")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--pages", nargs="*", default=list(PAGES))
    parser.add_argument("--out", type=Path)
    parser.add_argument("--server-cpus", type=_cpus, help="the server's CPUs (e.g. 0 or 0-1)")
    parser.add_argument("--browser-cpus", type=_cpus, help="the browser's CPUs (e.g. 1)")
    args = parser.parse_args(argv)
    from data_access.engine import normalise_url

    registry_url = normalise_url(args.db)
    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    app_url = args.app_db or f"sqlite:///{folder / 'app.sqlite'}"
    users = _users(app_url, registry_url, args.sessions)
    server = StreamlitServer(
        script=PROJECT_ROOT / "app.py",
        env={
            "REGISTRY_DB_URL": registry_url,
            "APP_DB_URL": app_url,
            "STORE_BACKGROUND": "0",
            RUN_TIMES_ENV: str(folder / "runs.jsonl"),
        },
        log_file=folder / "server.log",
    )
    base = server.start(120)
    try:
        before = _rss_mib(server.process.pid)
        started = time.perf_counter()
        server_cpus, browser_cpus = _default_cpus()
        server_cpus = args.server_cpus or server_cpus
        browser_cpus = args.browser_cpus or browser_cpus
        _pin(server.process.pid, server_cpus)
        executable = _pinned_browser(folder, browser_cpus)
        rows = asyncio.run(_drive(base, users, args.pages, executable))
        wall = time.perf_counter() - started
        after = _rss_mib(server.process.pid)
    finally:
        server.stop()
    summary: dict[str, Any] = {"sessions": args.sessions, "wall_s": round(wall, 1)}
    summary["rss_mib"] = {"before": round(before), "after": round(after)}
    summary["errors"] = [r for r in rows if r["error"]]
    summary["leaks"] = [r for r in rows if r["leaked"]]
    per_page: dict[str, Any] = {}
    for key in args.pages:
        for round_ in ("cold", "warm"):
            times = [r["seconds"] for r in rows if r["page"] == key and r["round"] == round_]
            per_page[f"{key}:{round_}"] = {
                "p50_s": round(statistics.median(times), 2),
                "p95_s": round(_quantile(times, 0.95), 2),
            }
            _say(
                f"  {key:<15} {round_:<4} p50 {per_page[f'{key}:{round_}']['p50_s']:6.2f} s  "
                f"p95 {per_page[f'{key}:{round_}']['p95_s']:6.2f} s"
            )
    every = [r["seconds"] for r in rows]
    summary["all"] = {
        "p50_s": round(statistics.median(every), 2),
        "p95_s": round(_quantile(every, 0.95), 2),
    }
    summary["pages"] = per_page
    summary["cpus"] = {"server": sorted(server_cpus), "browser": sorted(browser_cpus)}
    summary["server"] = _server_runs(folder / "runs.jsonl", args.pages)
    for name, entry in summary["server"]["pages"].items():
        _say(
            f"  server {name:<20} p50 {entry['p50_s']:6.2f} s  p95 {entry['p95_s']:6.2f} s"
            f"  ({entry['runs']} runs)"
        )
    _say(
        f"{args.sessions} sessions, {len(rows)} page loads in {wall:.0f} s: p50 "
        f"{summary['all']['p50_s']} s, p95 {summary['all']['p95_s']} s; "
        f"{len(summary['errors'])} errors, {len(summary['leaks'])} pages naming another "
        f"session's community; server RSS {before:.0f} → {after:.0f} MiB"
    )
    line = json.dumps(summary, ensure_ascii=False)
    print(line)
    if args.out:
        args.out.write_text(line + "\n", encoding="utf-8")
    return 1 if summary["errors"] or summary["leaks"] else 0


if __name__ == "__main__":
    sys.exit(main())
