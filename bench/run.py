"""``python -m bench``: one run on one registry — snapshot, floor, naive peer, every page.

See ``bench/__main__.py`` for the options and BENCHMARKS.md for results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench.items import FIGURE_ITEMS, PageFailed, check_figures, page_runs, session_app_db
from data_access.config import PROJECT_ROOT, configured_url
from data_access.engine import describe, normalise_url
from data_access.loaders import Registry

#: The issue's targets (for the benchmark's own verdicts; tests never assert timings).
TARGET_SNAPSHOT_OVER_FLOOR = 1.3
TARGET_NAIVE_OVER_SNAPSHOT = 10.0
TARGET_PEAK_MIB = 600.0
TARGET_PAGE_WARM_S = 0.25
TARGET_PAGE_COLD_S = 2.0


def _say(line: str = "") -> None:
    print(line, flush=True)


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def timed(fn: Callable[[], Any], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


# -- what the run is about ------------------------------------------------------------------------


#: the calibration loop's length: about a sixth of a second of CPython on an idle, ordinary core
CALIBRATION_LOOP = 3_000_000


def calibration_s(runs: int = 3) -> float:
    """Seconds of a fixed pure-Python loop (``CALIBRATION_LOOP`` additions), the best of
    ``runs``: how fast this machine runs Python at the time of the run. Page times of two runs
    (or two machines) compare only beside it: a cloud VM of the same kind has run the same
    code 2–2.5 times slower one day than another."""
    best = math.inf
    for _ in range(runs):
        started = time.perf_counter()
        total = 0
        for i in range(CALIBRATION_LOOP):
            total += i
        best = min(best, time.perf_counter() - started)
    return best


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    import polars
    import sqlalchemy
    import streamlit

    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "calibration_s": round(calibration_s(), 3),
        "memory_gib": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "polars": polars.__version__,
        "sqlalchemy": sqlalchemy.__version__,
        "streamlit": streamlit.__version__,
    }


def registry_facts(registry: Registry, url: str) -> dict[str, Any]:
    """Engine, server version, size on disk and the main tables' row counts."""
    engine = registry.engine
    facts: dict[str, Any] = {"url": describe(url), "engine": engine.dialect.name}
    with engine.connect() as conn:
        for table in ("community", "grid", "household", "resident", "visit", "incident"):
            facts[table] = conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608
        if engine.dialect.name == "sqlite":
            facts["server"] = (
                "SQLite " + conn.execute(sa.text("SELECT sqlite_version()")).scalar_one()
            )
            path = sa.engine.make_url(normalise_url(url)).database or ""
            facts["size_mib"] = round(Path(path).stat().st_size / 2**20, 1)
        else:
            facts["server"] = conn.execute(sa.text("SHOW server_version")).scalar_one()
            facts["size_mib"] = round(
                conn.execute(sa.text("SELECT pg_database_size(current_database())")).scalar_one()
                / 2**20,
                1,
            )
    return facts


def pages(only: list[str] | None = None) -> list[tuple[str, str]]:
    """(key, path) of every page in ``ui/nav.py``'s PAGES, whatever it holds now."""
    from ui.nav import PAGES

    return [(p.key, p.path) for p in PAGES if not only or p.key in only]


def _probe(module: str, args: list[str], what: str) -> dict[str, Any]:
    """Run ``python -m module args`` in a fresh interpreter; its last line of output (JSON)."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])
        ),
    }
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def probe_memory(
    url: str, item: str, community: str | None = None, page: str | None = None
) -> dict[str, float]:
    """Peak RSS of one item run once in a fresh interpreter (``bench.probe``)."""
    args = ["--db", url, "--item", item]
    if community:
        args += ["--community", community]
    if page:
        args += ["--page", page]
    return _probe("bench.probe", args, f"memory probe {item} {community or page or ''}")


# -- the run --------------------------------------------------------------------------------------


def run(
    url: str,
    *,
    runs: int = 5,
    naive_runs: int | None = None,
    page_runs_n: int | None = None,
    community: str | None = None,
    as_of: dt.date | None = None,
    with_pages: bool = True,
    only_pages: list[str] | None = None,
    with_memory: bool = True,
    check_only: bool = False,
    with_figures: bool = True,
    store: str = "live",
    store_jobs: int = 2,
    app_db: str | None = None,
    store_build: bool = True,
) -> dict[str, Any]:
    """Measure everything; return the results (also printed as they come)."""
    registry = Registry.open(url)
    communities = registry.organisation()[0]["code"].to_list()
    community = community or (communities[0] if communities else None)
    result: dict[str, Any] = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "registry": registry_facts(registry, url),
        "community": community,
        "runs": runs,
    }
    reg = result["registry"]
    _say(
        f"machine: {result['machine']['cpu']}, {result['machine']['cpus']} CPUs; calibration "
        f"{result['machine']['calibration_s']:.3f} s (a pure-Python loop: page times compare "
        "beside it)"
    )
    _say(
        f"registry {reg['url']} ({reg['server']}, {reg['size_mib']:,} MiB): {reg['community']} communities, "
        f"{reg['grid']:,} grids, {reg['household']:,} households, {reg['resident']:,} residents, "
        f"{reg['visit']:,} visits"
    )

    # correctness first (also the warm-up): floor and naive must equal the snapshot
    scopes: list[str | None] = [None, community] if community else [None]
    for scope in scopes if with_figures or check_only else []:
        figures = check_figures(registry, scope, as_of)
        _say(
            f"figures equal (snapshot = floor = naive) for {scope or 'the whole registry'} "
            f"as of {figures['as_of']}: {figures['households']:,} households, "
            f"{figures['residents']['total']:,} residents"
        )
        result.setdefault("as_of", figures["as_of"])
    if check_only:
        return result
    if not with_figures:
        scopes = []

    naive_runs = runs if naive_runs is None else naive_runs
    figures_out: dict[str, Any] = {}
    for scope in scopes:
        label = scope or "all"
        for name, fn in FIGURE_ITEMS.items():
            n = naive_runs if name == "naive" else runs
            seconds = timed(lambda fn=fn, scope=scope: fn(registry, scope, as_of), n)
            entry: dict[str, Any] = {"seconds": seconds, "median_s": _median(seconds)}
            if with_memory:
                entry["memory"] = probe_memory(url, name, scope)
            figures_out[f"{name}:{label}"] = entry
            mem = f", peak {entry['memory']['peak_mib']:,.0f} MiB" if with_memory else ""
            _say(f"  {name:<8} {label:<4} median {entry['median_s']:8.3f} s of {n}{mem}")
        snap = figures_out[f"snapshot:{label}"]["median_s"]
        floor = figures_out[f"floor:{label}"]["median_s"]
        naive = figures_out[f"naive:{label}"]["median_s"]
        figures_out[f"ratios:{label}"] = {
            "snapshot_over_floor": snap / floor,
            "naive_over_snapshot": naive / snap,
        }
        _say(
            f"  {label}: snapshot/floor = {snap / floor:.2f} (target ≤ {TARGET_SNAPSHOT_OVER_FLOOR}), "
            f"naive/snapshot = {naive / snap:.1f} (target ≥ {TARGET_NAIVE_OVER_SNAPSHOT:g})"
        )
    result["figures"] = figures_out

    if with_pages or store != "live":
        session_app_db(app_db)  # the app database of the sessions (and of the store)
    if with_pages and store in ("live", "both"):
        result["pages"] = _time_pages(
            url, only_pages, runs if page_runs_n is None else page_runs_n, with_memory
        )
    if store in ("stored", "both"):
        app_url = session_app_db()
        built: dict[str, Any] = {}
        if store_build:
            built["full"] = store_probe(url, app_url, ["--full", "--jobs", str(store_jobs)])
            full = built["full"]
            _say(
                f"  store full build {full['seconds']:8.1f} s, {full['days']} days, "
                f"{full['rows']:,} rows, peak {full['peak_mib']:,.0f} MiB "
                f"(workers {full['workers_peak_mib']} MiB), store {full['size_mib']:,} MiB"
            )
        built["one_day"] = store_probe(url, app_url, ["--window", "1"])
        day = built["one_day"]
        _say(
            f"  store: one day's refresh {day['seconds']:.1f} s ({day['days']} day), peak "
            f"{day['peak_mib']:,.0f} MiB, store {day['size_mib']:,} MiB"
        )
        result["store"] = built
        if with_pages:
            result["pages_stored"] = _time_pages(
                url, only_pages, runs if page_runs_n is None else page_runs_n, with_memory, True
            )
    return result


def store_probe(url: str, app_url: str, options: list[str]) -> dict[str, Any]:
    """One refresh of the store in a fresh interpreter (``bench.store_probe``)."""
    args = ["--db", url, "--app-db", app_url, *options]
    return _probe("bench.store_probe", args, f"store probe {options}")


def _time_pages(
    url: str, only_pages: list[str] | None, n: int, with_memory: bool, stored: bool = False
) -> dict[str, Any]:
    """Every page cold and warm: on live queries, or (``stored``) reading the store."""
    os.environ["STORE_READ"] = "1" if stored else "0"
    page_out: dict[str, Any] = {}
    for key, path in pages(only_pages):
        try:
            pairs = page_runs(url, path, n)
        except PageFailed as exc:  # measured pages go on; the failure is reported
            page_out[key] = {"error": str(exc)}
            _say(f"  page {key:<15} FAILED: {exc}")
            continue
        cold = [c for c, _ in pairs]
        warm = [w for _, w in pairs]
        entry = {
            "cold_s": cold,
            "warm_s": warm,
            "cold_median_s": _median(cold),
            "warm_median_s": _median(warm),
        }
        if with_memory:
            entry["memory"] = probe_memory(url, "page", page=path)
        page_out[key] = entry
        mem = f", peak {entry['memory']['peak_mib']:,.0f} MiB" if with_memory else ""
        _say(
            f"  page {key:<15} cold {entry['cold_median_s']:7.3f} s  warm {entry['warm_median_s']:6.3f} s (of {n}){mem}"
        )
    return page_out


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Time the snapshot through metrics/, the SQL floor, a naive peer and every page.",
    )
    parser.add_argument(
        "--db", metavar="URL", help="registry URL or SQLite path (default: the configured registry)"
    )
    parser.add_argument(
        "--runs", type=int, default=5, help="repetitions per item (default 5; medians are printed)"
    )
    parser.add_argument(
        "--naive-runs", type=int, help="repetitions of the naive peer (default: --runs)"
    )
    parser.add_argument(
        "--page-runs", type=int, help="cold/warm repetitions per page (default: --runs)"
    )
    parser.add_argument(
        "--community", metavar="CODE", help="the one community timed (default: the first code)"
    )
    parser.add_argument(
        "--as-of", metavar="YYYY-MM-DD", help="as-of day (default: the registry's default)"
    )
    parser.add_argument(
        "--pages", metavar="KEY", nargs="*", help="only these pages (keys of ui/nav.py)"
    )
    parser.add_argument("--no-pages", action="store_true", help="skip the pages")
    parser.add_argument(
        "--no-figures", action="store_true", help="skip the snapshot, floor and naive timings"
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the per-item memory probes")
    parser.add_argument(
        "--check-only", action="store_true", help="only assert floor = naive = snapshot"
    )
    parser.add_argument(
        "--store",
        choices=("live", "stored", "both"),
        default="live",
        help="pages on live queries (default), on the daily store (built first, timed), or both",
    )
    parser.add_argument(
        "--store-jobs", type=int, default=2, help="processes of the store's full build"
    )
    parser.add_argument(
        "--no-store-build",
        action="store_true",
        help="use the store already in --app-db (time one day's refresh, not a full build)",
    )
    parser.add_argument(
        "--app-db",
        metavar="URL",
        help="the app database holding the store (default: a temporary SQLite file)",
    )
    parser.add_argument("--out", type=Path, metavar="FILE", help="write the results as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.runs < 1:
        _parser().error("--runs must be at least 1")
    url = normalise_url(args.db) if args.db else configured_url()
    result = run(
        url,
        runs=args.runs,
        naive_runs=args.naive_runs,
        page_runs_n=args.page_runs,
        community=args.community,
        as_of=dt.date.fromisoformat(args.as_of) if args.as_of else None,
        with_pages=not args.no_pages,
        only_pages=args.pages,
        with_memory=not args.no_memory,
        check_only=args.check_only,
        with_figures=not args.no_figures,
        store=args.store,
        store_jobs=args.store_jobs,
        app_db=args.app_db,
        store_build=not args.no_store_build,
    )
    if args.out:
        args.out.write_text(
            json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        _say(f"results written to {args.out}")
    return 0
