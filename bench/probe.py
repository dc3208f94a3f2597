"""``python -m bench.probe --db URL --item NAME [--community CODE] [--page PATH]``: peak memory.

Runs ONE measured item once in this fresh process and prints one JSON line:
``baseline_mib`` is the resident set (VmRSS) just before the item runs (interpreter,
imports, registry opened); ``peak_mib`` is the process's high-water mark of resident
memory after it (VmHWM of /proc/self/status). RSS, not tracemalloc: polars and the
database drivers allocate outside Python's allocator, which tracemalloc does not see.
Not ``getrusage().ru_maxrss`` either: Linux carries it over ``fork``/``exec`` from the
parent, so a fresh child started by a big parent would report the parent's peak.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys


def _status_mib(field: str) -> float:
    """``VmRSS`` or ``VmHWM`` of this process in MiB (ru_maxrss where /proc is missing)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.probe")
    parser.add_argument("--db", required=True)
    parser.add_argument("--item", required=True, choices=("snapshot", "floor", "naive", "page"))
    parser.add_argument("--community")
    parser.add_argument("--page")
    args = parser.parse_args(argv)

    if args.item == "page":
        import streamlit.testing.v1  # noqa: F401 - imported before the baseline

        from bench.items import page_once

        baseline = _status_mib("VmRSS")
        page_once(args.db, args.page)
    else:
        from bench.items import FIGURE_ITEMS
        from data_access.loaders import Registry

        registry = Registry.open(args.db)
        baseline = _status_mib("VmRSS")
        FIGURE_ITEMS[args.item](registry, args.community)
    peak = _status_mib("VmHWM")
    json.dump({"baseline_mib": round(baseline, 1), "peak_mib": round(peak, 1)}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
