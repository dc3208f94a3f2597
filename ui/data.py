"""Cached loaders: the one place where Streamlit caching meets the data layer, and the page's
fault boundary.

The engine is a ``cache_resource`` keyed by URL; loaders are ``cache_data`` keyed
by plain values (URL, tuples of codes, dates), never by frames, with a
time-to-live so a registry that changes is read again; "refresh data" clears them.
Every loader (``@loader``) runs inside ``boundary()``: a database failure ends the page's run
with our one-line message and a retry button (``ui.faults``), nothing failed is cached, and an
unavailable registry is reopened on the next run, so the page recovers by itself.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import hashlib
import logging
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

import polars as pl
import streamlit as st

import models.overview
import models.snapshot
from auth.access import Access, access_from, needs_assignment
from auth.accounts import User
from data_access import access as registry_access
from data_access import queries as q
from data_access.errors import RegistryUnavailable
from data_access.faults import fault_of
from data_access.loaders import Registry
from data_access.scope import ResolvedScope, Scope, resolve
from models.overview import Overview
from ui import daily_store, faults

TTL = dt.timedelta(minutes=10)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScopeKey:
    """A scope as plain, hashable values: what cached loaders are keyed on."""

    communities: tuple[str, ...]
    areas: tuple[int, ...]
    grids: tuple[str, ...]
    access: tuple[str, ...] | None

    @classmethod
    def of(cls, scope: Scope) -> ScopeKey:
        access = None if scope.access is None else tuple(sorted(scope.access))
        return cls(scope.communities, scope.areas, scope.grids, access)

    def scope(self, as_of: dt.date) -> Scope:
        access = None if self.access is None else frozenset(self.access)
        return Scope(as_of, self.communities, self.areas, self.grids, access)

    @functools.cached_property
    def digest(self) -> str:
        """The key as one short text, what the loaders' cache hashes: Streamlit hashes a
        dataclass by deep-copying it to a dict and hashing each item, 3.8 ms for a district's
        834 granted grid codes, on every cached call of a page run."""
        fields = (self.communities, self.areas, self.grids, self.access)
        return hashlib.blake2b(repr(fields).encode(), digest_size=20).hexdigest()


#: how the loaders' cache hashes an argument of these types
HASH_FUNCS: dict[Any, Callable[[Any], Any]] = {ScopeKey: lambda key: key.digest}

P = ParamSpec("P")
R = TypeVar("R")

# True while a boundary is active in this thread's run: an inner one leaves the fault to it
_inside_boundary: ContextVar[bool] = ContextVar("inside_fault_boundary", default=False)


def _close(registry: Registry) -> None:
    registry.engine.dispose()


@st.cache_resource(show_spinner=False, on_release=_close)
def registry_for(url: str) -> Registry:
    """The opened, checked, read-only registry (raises ``DashboardError`` with a message).

    Cleared (and its engine disposed) when the registry is unavailable and by "refresh data",
    so a restored or replaced file, or a restarted server, is opened afresh."""
    registry = Registry.open(url)
    daily_store.attach(url, registry)
    return registry


@contextmanager
def boundary(before: Callable[[], None] | None = None) -> Iterator[None]:
    """The fault boundary: a database failure inside ends the run with our message (after
    ``before``, e.g. the navigation). Streamlit's stop and rerun pass through (they are not an
    ``Exception``), as does anything that is no database failure (a bug). Boundaries nest: the
    outermost speaks, so a loader used by another loader leaves the message to its caller."""
    if _inside_boundary.get():
        yield
        return
    token = _inside_boundary.set(True)
    try:
        yield
    except Exception as exc:
        fault = fault_of(exc)
        if fault is None:
            raise
        if isinstance(fault, RegistryUnavailable):
            registry_for.clear()
        page = faults.current()
        if page is None:  # outside a page's run (a download made on the server): just ours
            if fault is exc:
                raise
            raise fault from exc
        faults.stop_page(fault, page, retry=clear_caches, before=before)
    finally:
        _inside_boundary.reset(token)


def loader(func: Callable[P, R]) -> Callable[P, R]:
    """A cached loader: ``st.cache_data`` keyed by its plain arguments, with the TTL, called
    inside the fault boundary. A call that fails is not cached: the next run asks again."""
    cached = st.cache_data(ttl=TTL, show_spinner=False, hash_funcs=HASH_FUNCS)(func)

    @functools.wraps(func)
    def load(*args: P.args, **kwargs: P.kwargs) -> R:
        with boundary():
            return cached(*args, **kwargs)

    return load


#: threads that run loads started ahead (``ahead``), shared by every session of the server: they
#: overlap a page's database reads with its own computing (a query releases the interpreter)
AHEAD_THREADS = 4
_ahead_pool = ThreadPoolExecutor(max_workers=AHEAD_THREADS, thread_name_prefix="loader-ahead")
# a load is started ahead only onto a free thread, never queued, and only while no more pages
# run at once than the server has cores: on a loaded server the cores are already shared by the
# runs, and loads ahead only add contention (20 sessions at once: visits' first loads p50 2.5 →
# 5.0–5.3 s with them)
_ahead_free = threading.BoundedSemaphore(AHEAD_THREADS)
#: the name Streamlit gives the thread of a script run
SCRIPT_THREAD = "ScriptRunner.scriptThread"


def _server_quiet() -> bool:
    runs = sum(1 for thread in threading.enumerate() if thread.name == SCRIPT_THREAD)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return runs <= (cores or 1)


def ahead(load: Callable[P, Any], *args: P.args, **kwargs: P.kwargs) -> Future[None] | None:
    """Start the cached ``load(*args, **kwargs)`` on a worker thread now, for a call of it later
    in the page's run with the very same arguments (for the cache, an argument left to its
    default is not the same as one given). That call then waits for this one, or reads its
    result from the cache, or, while this one is still queued, loads by itself; this one then
    finds it cached. What the page shows is always its own call's: the same figures either way.

    The load runs in a context of its own, outside the page's run: a failure there is never
    shown and never cached (the page's call loads again, inside its fault boundary, which
    speaks), and the load draws nothing. Start only what the page will read, for a user allowed
    to see it: the load is real work on the server.

    ``None``: the server is loaded (more pages running than cores, or every thread busy), so
    nothing is started; the page's call loads by itself, as without this."""
    if not _server_quiet() or not _ahead_free.acquire(blocking=False):
        return None
    try:
        return _ahead_pool.submit(contextvars.Context().run, _load_quietly, load, args, kwargs)
    except BaseException:
        _ahead_free.release()
        raise


def _load_quietly(load: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    try:
        load(*args, **kwargs)
    except Exception as exc:  # the page's own call meets it again and reports it
        log.debug("a load started ahead failed: %s", exc)
    finally:  # before the future is done: whoever waits for it finds the thread free
        _ahead_free.release()


@loader
def organisation(url: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(communities, grids) of the registry."""
    return registry_for(url).organisation()


@loader
def default_as_of(url: str) -> dt.date:
    return registry_for(url).default_as_of()


@loader
def latest_records(url: str, today: dt.date) -> dict[str, dt.date | None]:
    """The newest record of each kind, not after ``today``: how fresh the data is."""
    with registry_for(url).connect() as conn:
        return q.latest_records(conn, today)


@loader
def assigned_grids(url: str, worker_id: int, day: dt.date) -> frozenset[str]:
    with registry_for(url).connect() as conn:
        return registry_access.assigned_grids(conn, worker_id, day)


def access(url: str, user: User, day: dt.date) -> Access:
    """What ``user`` may see on ``day``: the grids of his grants (from the registry's grid table,
    already loaded) and, for a grid leader or worker, of his assignments that day (cached like
    any loader), with his role's rights."""
    _, grids = organisation(url)
    assigned = frozenset()
    if needs_assignment(user) and user.worker_id is not None:
        assigned = assigned_grids(url, user.worker_id, day)
    return access_from(user, day, grids, assigned)


def resolved_scope(url: str, key: ScopeKey, as_of: dt.date) -> ResolvedScope:
    communities, grids = organisation(url)
    return resolve(key.scope(as_of), as_of, grids, communities)


def clear_caches() -> None:
    """The "refresh data" and "retry" buttons: read everything again on the next run, through a
    freshly opened registry."""
    st.cache_data.clear()
    registry_for.clear()


def built(url: str, key: ScopeKey, as_of: dt.date, builder: Callable[..., R], *options: Any) -> R:
    """``builder(conn, rs, *options)``: a page model (``models``) built on a connection of the
    registry at ``url`` for ``key``'s scope resolved on ``as_of``. Loaders cache it."""
    rs = resolved_scope(url, key, as_of)
    with registry_for(url).connect() as conn:
        return builder(conn, rs, *options)


@loader
def snapshot_figures(url: str, key: ScopeKey, as_of: dt.date) -> dict[str, Any]:
    """The contract's snapshot for a scope and day (the same object as ``python -m metrics snapshot``)."""
    return built(url, key, as_of, models.snapshot.snapshot_figures)


@loader
def overview(url: str, key: ScopeKey, as_of: dt.date) -> Overview:
    """Everything the weekly overview shows: this day, the same day a week earlier, and what needs action."""
    return built(url, key, as_of, models.overview.overview)
