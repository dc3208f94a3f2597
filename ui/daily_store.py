"""The daily store in the server: reading it for the pages, refreshing it in the background,
and the line each page shows beside the data's freshness (``store``).

One ``Runtime`` per server process and registry (``st.cache_resource``): the store's reader,
attached to every engine the server opens on the registry (``ui.data.registry_for``), and the
background refresher (``store.background``; off with ``STORE_BACKGROUND=0``). A store that
cannot be opened leaves the pages on live queries, never without figures.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass

import streamlit as st

from app_db.config import app_db_url
from data_access import daily
from data_access.errors import DashboardError
from data_access.loaders import LOCAL_TZ, Registry
from store.background import Refresher, Schedule
from store.reader import StoreSource
from ui.i18n import Labels

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Runtime:
    source: StoreSource
    refresher: Refresher


@st.cache_resource(show_spinner=False)
def runtime(registry_url: str, key: str) -> Runtime | None:
    from ui import signin  # here: signin reads ui.data, which attaches through this module

    try:
        app_engine = signin.app_engine(app_db_url())
    except DashboardError as exc:
        log.warning("daily store not used: %s", exc)
        return None
    source = StoreSource(app_engine, key)
    refresher = Refresher(app_engine, registry_url, source, Schedule.configured())
    refresher.start()
    return Runtime(source, refresher)


#: ``STORE_READ=0``: the pages never read the store (live queries only, e.g. to compare)
READ_ENV = "STORE_READ"


def reads_store() -> bool:
    return os.environ.get(READ_ENV, "").strip().lower() not in ("0", "false", "no", "off")


def attach(registry_url: str, registry: Registry) -> None:
    """Let the pages read the store of this registry (and keep it refreshed)."""
    if not reads_store():
        return
    found = runtime(registry_url, registry.key)
    if found is not None:
        daily.attach(registry.engine, found.source)


def line(labels: Labels, registry: Registry, registry_url: str, day: dt.date) -> str | None:
    """Where the page's figures come from: the store (and when it was refreshed), or live."""
    if not reads_store():
        return None
    found = runtime(registry_url, registry.key)
    if found is None:
        return None
    state = found.refresher.state()
    if found.source.holds(day):
        refreshed = found.source.refreshed_at()
        if refreshed is None:
            return labels("store.line.stored_unknown")
        local = refreshed.replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ)
        return labels("store.line.stored", time=local.strftime("%m-%d %H:%M"))
    if state.building:
        return labels("store.line.building", done=state.done, total=state.total)
    if state.failure:
        return labels("store.line.failed", message=state.failure)
    return labels("store.line.live")
