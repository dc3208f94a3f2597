"""The access log's rows that a page writes: every export and every unmasked list.

One row each: who (login, role), when, the page, the scope in words and its community codes,
the filters, how many rows, and the reason (an unmasking's). ``Audit`` is made by
``ui.setup.page_setup`` for the signed-in user and travels with the page's ``About`` to the
download buttons: a download's file is made when its button is pressed (outside the page's run),
and its row is written then — a file that was never made is not logged.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from app_db import AppEngine
from auth import log
from auth.accounts import User

_log = logging.getLogger(__name__)

#: the reasons a list may be unmasked for (``other`` needs a text)
REASONS = ("visit", "verify", "report", "other")
#: the longest reason text kept
REASON_MAX = 200


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Audit:
    engine: AppEngine = field(repr=False, compare=False)
    user: User
    client: str
    page: str
    #: the scope in words, as the downloads' About sheet has it
    scope: str
    communities: tuple[str, ...]
    #: (filter, value) pairs: the shared filters and the page's own
    filters: tuple[tuple[str, str], ...] = ()

    def record(
        self,
        action: str,
        *,
        rows: int | None,
        reason: str | None = None,
        detail: Any = None,
        filters: Sequence[tuple[str, str]] = (),
    ) -> None:
        """Append the row; a failure to log is logged on the server and raised (an export or an
        unmasking that cannot be recorded does not happen)."""
        log.append(
            self.engine,
            now_utc(),
            action,
            login=self.user.login,
            role=self.user.role.value,
            client=self.client,
            page=self.page,
            scope=self.scope,
            communities=self.communities,
            filters=dict((*self.filters, *filters)),
            rows=rows,
            reason=reason,
            detail=detail,
        )


def reason_text(code: str, other: str | None) -> str:
    """The reason as the log keeps it: the code, and for ``other`` its text (one line, bounded)."""
    if code != "other":
        return code
    words = " ".join((other or "").split())[:REASON_MAX]
    return f"other: {words}"
