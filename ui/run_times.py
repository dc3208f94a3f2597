"""Each page run's script time, for the load benchmark (``bench.load``), off unless asked.

With ``GM_RUN_TIMES`` naming a file when the server starts, every script run appends one JSON
line: the page (the key ``page_setup`` was given; empty for a run that reached no page), the
session's id (Streamlit's random id, nothing of the user), the value of the browser's
``gm_bench`` cookie (the harness's tag of the load, e.g. ``AH.cold``; empty without one), when
the run started (epoch seconds), its seconds, and how it ended (``done``; ``stop`` for
``st.stop``; ``rerun`` when a newer run replaced it; ``error``). It is the time Streamlit's
script thread spends running the page — what Streamlit itself reports as a run's execution
time — so the browser's own time to draw a page is not in it: this is the server's time alone.

``install`` wraps Streamlit's call that executes a script (``exec_func_with_error_handling`` in
its script runner); it fails loudly if a Streamlit upgrade moved it.
"""

from __future__ import annotations

import json
import os
import threading
import time
from typing import Any

RUN_TIMES_ENV = "GM_RUN_TIMES"
#: the cookie the load harness tags each of its page loads with
TAG_COOKIE = "gm_bench"
_write = threading.Lock()
_current = threading.local()


def page(key: str) -> None:
    """The page this thread's run is showing (``ui.setup.page_setup`` says it first)."""
    _current.page = key


def _tag() -> str:
    import streamlit as st

    try:
        tag = st.context.cookies.get(TAG_COOKIE)
    except Exception:  # no browser behind the run: no tag
        return ""
    return tag if isinstance(tag, str) else ""  # AppTest's context is a stand-in


def _line(path: str, line: dict[str, Any]) -> None:
    with _write, open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


def install(path: str | None = None) -> bool:
    """Record every script run to ``path`` (default: ``GM_RUN_TIMES``); False when neither is
    set (nothing is wrapped). Installing twice wraps once."""
    path = path or os.environ.get(RUN_TIMES_ENV)
    if not path:
        return False
    from streamlit.runtime.scriptrunner import script_runner

    run = script_runner.exec_func_with_error_handling  # AttributeError: Streamlit moved it
    if getattr(run, "_records_to", None) is not None:
        run._records_to = path
        return True

    def timed(func: Any, ctx: Any) -> Any:
        _current.page = ""
        at = time.time()
        started = time.perf_counter()
        result = run(func, ctx)
        seconds = time.perf_counter() - started
        # (result, run without errors, rerun data, premature stop, uncaught exception)
        ended = (
            "rerun" if result[2] else "error" if not result[1] else "stop" if result[3] else "done"
        )
        line = {
            "page": getattr(_current, "page", ""),
            "session": ctx.session_id,
            "tag": _tag(),
            "at": round(at, 3),
            "seconds": round(seconds, 4),
            "ended": ended,
        }
        _line(timed._records_to, line)
        return result

    timed._records_to = path  # type: ignore[attr-defined]
    script_runner.exec_func_with_error_handling = timed
    return True
