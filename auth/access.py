"""What a signed-in user may see on a day: his grids and his rights.

The grids narrow the one ``Scope`` (``Access.narrow`` → ``Scope.narrowed_to``) for every page; a
user with no grid (a grid worker between assignments, an administrator) sees no registry data
at all — never everything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
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


def access_from(user: User, day: dt.date, grids: pl.DataFrame, assigned: frozenset[str]) -> Access:
    """The rule, once: his granted townships', communities' and grids' grids (``grids``: the
    registry's grid table with ``code``, ``community_code``, ``township``), and for a grid leader
    or worker also ``assigned`` (his ``grid_assignment`` on ``day``). A disabled account and a
    role without registry pages get none."""
    rights = RIGHTS[user.role]
    codes: set[str] = set()
    if rights.registry_data and not user.disabled:
        granted = grids.filter(
            pl.col("township").is_in(list(user.granted("township")))
            | pl.col("community_code").is_in(list(user.granted("community")))
            | pl.col("code").is_in(list(user.granted("grid")))
        )
        codes = set(granted["code"].to_list())
        if rights.from_assignment:
            codes |= assigned
    return Access(user=user, day=day, grids=frozenset(codes), rights=rights)


def needs_assignment(user: User) -> bool:
    """His grids depend on the registry's assignments of the day."""
    return RIGHTS[user.role].from_assignment and user.worker_id is not None and not user.disabled


def access_on(conn: Connection, user: User, day: dt.date) -> Access:
    """``conn``: a registry connection (read-only). A disabled account has no access."""
    assigned = (
        registry.assigned_grids(conn, user.worker_id, day)
        if needs_assignment(user) and user.worker_id is not None
        else frozenset()
    )
    return access_from(user, day, registry.grid_table(conn), assigned)
