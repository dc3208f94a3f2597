"""The measured items: the snapshot through ``metrics/``, the floor, the naive peer, one page.

Each item is a function of an open ``Registry`` (and a community code, ``None`` for the
whole registry) that returns the snapshot object it computed, so the benchmark can
assert that they agree.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench.floor import floor_snapshot
from bench.naive import naive_run
from commands.metrics_cli import run_snapshot
from data_access.config import ENV_VAR, PROJECT_ROOT
from data_access.loaders import Registry
from data_access.scope import Scope

APP = str(PROJECT_ROOT / "app.py")
PAGE_TIMEOUT_S = 900


def snapshot_item(
    registry: Registry, community: str | None, as_of: dt.date | None = None
) -> dict[str, Any]:
    """(1) ``commands.metrics_cli.run_snapshot``: scope resolution, then the page model
    ``models.snapshot.snapshot_figures`` (the loaders' queries, metrics) — what the overview and
    the command compute."""
    return run_snapshot(registry, Scope(as_of=as_of, communities=(community,) if community else ()))


def floor_item(
    registry: Registry, community: str | None, as_of: dt.date | None = None
) -> dict[str, Any]:
    """(2) the hand-written aggregate SQL of ``bench/floor.py``."""
    with registry.connect() as conn:
        return floor_snapshot(conn, as_of, community)


def naive_item(
    registry: Registry, community: str | None, as_of: dt.date | None = None
) -> dict[str, Any]:
    """(3) whole tables into polars, figures computed there."""
    with registry.connect() as conn:
        return naive_run(conn, as_of, community)


FIGURE_ITEMS: dict[str, Callable[..., dict[str, Any]]] = {
    "snapshot": snapshot_item,
    "floor": floor_item,
    "naive": naive_item,
}


class FiguresDiffer(AssertionError):
    """The floor or the naive peer disagrees with the snapshot; the message lists the keys."""


_MISSING = object()


def differences(expected: Any, got: Any, path: str = "") -> list[str]:
    """Dotted keys where two snapshot objects differ, in value or type (``[]`` when equal)."""
    if isinstance(expected, dict) and isinstance(got, dict):
        out = []
        for key in sorted(set(expected) | set(got)):
            here = f"{path}.{key}" if path else key
            out += differences(expected.get(key, _MISSING), got.get(key, _MISSING), here)
        return out
    if expected == got and type(expected) is type(got):
        return []
    shown = ["(missing)" if v is _MISSING else repr(v) for v in (expected, got)]
    return [f"{path}: {shown[0]} != {shown[1]}"]


def check_figures(
    registry: Registry, community: str | None, as_of: dt.date | None = None
) -> dict[str, Any]:
    """Run the three computations once; raise ``FiguresDiffer`` unless all give the same object."""
    expected = snapshot_item(registry, community, as_of)
    for name in ("floor", "naive"):
        got = FIGURE_ITEMS[name](registry, community, as_of)
        diff = differences(expected, got)
        if diff:
            scope = community or "whole registry"
            raise FiguresDiffer(f"{name} ≠ snapshot ({scope}): " + "; ".join(diff[:10]))
    return expected


# -- pages ----------------------------------------------------------------------------------------


def clear_streamlit_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


#: the app database of the bench's sessions (and of its store), chosen once per run
_app_db_url: list[str] = []


def session_app_db(app_db: str | None = None) -> str:
    """The app database the page runs sign in to: ``app_db`` on the first call (``--app-db``),
    else a file in a temporary folder (never the dashboard's ``data/app.sqlite``)."""
    if not _app_db_url:
        folder = tempfile.mkdtemp(prefix="bench-app-db-")
        _app_db_url.append(app_db or f"sqlite:///{folder}/app.sqlite")
    return _app_db_url[0]


@functools.cache
def session_token(url: str) -> str:
    """A signed-in session for the page runs: a community secretary granted every community of
    the registry at ``url`` (the whole registry, as a district office opens it), in an app
    database of its own under a temporary folder (never the dashboard's ``data/app.sqlite``).
    Without it every page would stop at the sign-in form and the timings would be the form's.
    An app database given with ``--app-db`` may hold the account of an earlier run: reused."""
    from app_db import APP_DB_ENV, open_app_db
    from auth import accounts
    from auth.roles import Role

    os.environ[APP_DB_ENV] = session_app_db()
    os.environ.setdefault("STORE_BACKGROUND", "0")  # the bench builds the store itself
    engine = open_app_db(os.environ[APP_DB_ENV])
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with Registry.open(url).connect() as conn:
        codes = conn.execute(sa.text("SELECT code FROM community ORDER BY code")).scalars().all()
    grants = [("community", code) for code in codes]
    user = accounts.find_user(engine, login="bench")
    if user is None:
        user = accounts.create_user(
            engine, now, "bench", Role.SECRETARY, actor="bench", display_name="bench", grants=grants
        )
    else:  # an app database of an earlier run (``--app-db``): its account, every community
        user = accounts.add_grants(engine, now, "bench", grants, actor="bench")
    return accounts.start_session(engine, user, "127.0.0.1", now)


class PageFailed(RuntimeError):
    """A page raised or showed an error while benchmarked."""


def _check_page(at: Any, page: str) -> None:
    if at.exception:
        exc = at.exception[0]
        trace = [line for line in (exc.stack_trace or []) if line.strip()]
        raise PageFailed(f"{page}: {exc.message or exc.value} {trace[-1].strip() if trace else ''}")
    if at.error:
        raise PageFailed(f"{page}: {at.error[0].value}")


def page_runs(
    url: str, page: str, runs: int, query: dict[str, str] | None = None
) -> list[tuple[float, float]]:
    """(cold, warm) seconds of ``runs`` reruns of ``page`` through AppTest.

    One AppTest per page: ``app.py`` runs once (the default page) and ``switch_page``
    moves to ``page``; then, ``runs`` times, every Streamlit cache is cleared and the
    page's script is run (cold: registry opened and checked, every loader queries the
    database) and run again (warm: loaders answer from ``st.cache_data``).
    """
    from streamlit.testing.v1 import AppTest

    from ui.signin import TOKEN

    os.environ[ENV_VAR] = url
    at = AppTest.from_file(APP, default_timeout=PAGE_TIMEOUT_S)
    at.session_state[TOKEN] = session_token(url)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.run()
    _check_page(at, "app.py")
    if Path(page).as_posix() != "pages/overview.py":
        at.switch_page(page)
    out = []
    for _ in range(runs):
        clear_streamlit_caches()
        started = time.perf_counter()
        at.run()
        cold = time.perf_counter() - started
        _check_page(at, page)
        started = time.perf_counter()
        at.run()
        warm = time.perf_counter() - started
        _check_page(at, page)
        out.append((cold, warm))
    return out


def page_once(url: str, page: str) -> None:
    """Run ``page``'s script directly (no ``app.py``, no other page), cold then warm: for the
    memory probe, so its peak is this page's alone."""
    from streamlit.testing.v1 import AppTest

    from ui.signin import TOKEN

    os.environ[ENV_VAR] = url
    clear_streamlit_caches()
    at = AppTest.from_file(str(PROJECT_ROOT / page), default_timeout=PAGE_TIMEOUT_S)
    at.session_state[TOKEN] = session_token(url)
    at.run()
    _check_page(at, page)
    at.run()
    _check_page(at, page)
