"""What a page shows when the registry fails while it runs: one line of ours naming the page and
the problem, and a retry button — never Streamlit's error box, never a host, user, port or path.

``page_setup`` declares which page this run shows (``showing``); the fault boundary of the
cached loaders (``ui.data.boundary``) hands the error to ``stop_page``. The details (where, the
driver's words) go to the server log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import NoReturn

import streamlit as st

from data_access.errors import DashboardError, QueryTimeout, RegistryUnavailable
from ui.i18n import Labels

logger = logging.getLogger(__name__)

RETRY_KEY = "fault_retry"


@dataclass(frozen=True)
class Showing:
    """The page a script run draws, and in which language: what a fault message names."""

    page_key: str
    labels: Labels

    @property
    def title(self) -> str:
        return self.labels(f"nav.{self.page_key}")


# Set by ``page_setup`` at the start of every run, in the run's own thread; unset elsewhere
# (e.g. a download's data made on the server outside any run).
_showing: ContextVar[Showing | None] = ContextVar("showing", default=None)


def showing(page_key: str, labels: Labels) -> None:
    """Declare the page (and language) this script run shows."""
    _showing.set(Showing(page_key, labels))


def current() -> Showing | None:
    return _showing.get()


def message(fault: DashboardError, page: Showing) -> str:
    """The one line a user reads: the page, the problem, how to retry."""
    labels = page.labels
    if isinstance(fault, QueryTimeout):
        text = labels(f"fault.timeout.{fault.kind}", page=page.title, seconds=f"{fault.seconds:g}")
    elif isinstance(fault, RegistryUnavailable):
        text = labels(f"fault.unavailable.{fault.reason}", page=page.title)
    else:
        text = labels("fault.registry", page=page.title, message=str(fault).rstrip("."))
    line = f"{text}{'' if labels.lang == 'zh' else ' '}{labels('fault.retry_hint')}"
    return " ".join(line.split())  # one line, whatever a message holds


def stop_page(
    fault: DashboardError,
    page: Showing,
    *,
    retry: Callable[[], None],
    before: Callable[[], None] | None = None,
) -> NoReturn:
    """Log the fault with its details, show our line and a retry button, and end the run."""
    logger.warning("page %s stopped: %s", page.page_key, fault.for_operator())
    if before is not None:
        before()
    st.error(message(fault, page), icon=":material/error:")
    if not isinstance(fault, QueryTimeout):  # a timeout is no sign of a wrong address
        st.caption(page.labels("error.registry_hint"))
    st.button(page.labels("fault.retry"), key=RETRY_KEY, on_click=retry, icon=":material/refresh:")
    st.stop()
