"""What a signed-in user may see on a day: his grids and his rights.

The grids narrow the one ``Scope`` (``Scope.narrowed_to``) for every page; a user with no
grid (a grid worker between assignments, an administrator) sees no registry data at all —
never everything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from auth.accounts import User
from auth.roles import RIGHTS, Rights
from data_access import access as registry


@dataclass(frozen=True)
class Access:
    user: User
    day: dt.date
    grids: frozenset[str]
    rights: Rights

    def may_open(self, page_key: str) -> bool:
        return page_key in self.rights.pages


def access_on(conn: Connection, user: User, day: dt.date) -> Access:
    """``conn``: a registry connection (read-only)."""
    rights = RIGHTS[user.role]
    grids = (
        registry.grids_of_townships(conn, user.granted("township"))
        | registry.grids_of_communities(conn, user.granted("community"))
        | registry.grids_known(conn, user.granted("grid"))
    )
    if rights.from_assignment and user.worker_id is not None:
        grids |= registry.assigned_grids(conn, user.worker_id, day)
    if not rights.pages - {"glossary", "access_log"}:
        grids = frozenset()  # the administrator sees no registry data
    return Access(user=user, day=day, grids=frozenset(grids), rights=rights)
