"""What a signed-in user may see on a day: his grids and his rights.

The grids narrow the one ``Scope`` (``Access.narrow`` → ``Scope.narrowed_to``) for every page; a
user with no grid (a grid worker between assignments, an administrator) sees no registry data
at all — never everything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from auth.accounts import User
from auth.roles import RIGHTS, Rights
from data_access import access as registry
from data_access.scope import Scope


@dataclass(frozen=True)
class Access:
    user: User
    day: dt.date
    #: the grid codes he may see on ``day`` (empty: none)
    grids: frozenset[str]
    rights: Rights

    def may_open(self, page_key: str) -> bool:
        return page_key in self.rights.pages

    @property
    def may_see_lists(self) -> bool:
        return self.rights.resident_lists and bool(self.grids)

    def may_unmask(self, grid_code: str) -> bool:
        """May unmask residents of this grid (his own grids only; always with a reason)."""
        return self.rights.may_unmask and grid_code in self.grids

    def narrow(self, scope: Scope) -> Scope:
        """``scope`` restricted to what he may see — the only way a page gets its scope."""
        return scope.narrowed_to(self.grids)


def access_on(conn: Connection, user: User, day: dt.date) -> Access:
    """``conn``: a registry connection (read-only). A disabled account has no access."""
    rights = RIGHTS[user.role]
    grids: frozenset[str] = frozenset()
    if rights.registry_data and not user.disabled:
        grids = (
            registry.grids_of_townships(conn, user.granted("township"))
            | registry.grids_of_communities(conn, user.granted("community"))
            | registry.grids_known(conn, user.granted("grid"))
        )
        if rights.from_assignment and user.worker_id is not None:
            grids |= registry.assigned_grids(conn, user.worker_id, day)
    return Access(user=user, day=day, grids=frozenset(grids), rights=rights)
