"""The one ``Scope`` value every query takes, and its resolution to a set of grids.

A ``Scope`` is what the user asked for (communities, areas, grids, as-of day);
``access`` is what the user may see (``None``: everything). Narrowing by access
happens here and only here, so a later sign-in can restrict every page at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import polars as pl

from data_access.errors import UnknownCode


@dataclass(frozen=True)
class Scope:
    """A set of grids and a day. Empty filters mean "no filter"."""

    as_of: dt.date | None = None
    communities: tuple[str, ...] = ()
    areas: tuple[int, ...] = ()
    grids: tuple[str, ...] = ()
    #: grid codes the user may see; ``None`` = no restriction (set by sign-in, never by a filter)
    access: frozenset[str] | None = None

    def with_as_of(self, day: dt.date) -> Scope:
        return replace(self, as_of=day)

    def narrowed_to(self, grid_codes: frozenset[str]) -> Scope:
        """The same scope, with the user's access restricted further to ``grid_codes``."""
        allowed = grid_codes if self.access is None else self.access & grid_codes
        return replace(self, access=frozenset(allowed))


@dataclass(frozen=True)
class ResolvedScope:
    """The grids a scope stands for, looked up in the registry."""

    as_of: dt.date
    grid_ids: tuple[int, ...]
    grid_codes: tuple[str, ...]
    community_codes: tuple[str, ...]
    #: True when no filter and no access restriction applies: queries check that the grid exists
    #: instead of listing every grid id
    everything: bool = False
    grids: pl.DataFrame = field(default_factory=pl.DataFrame, compare=False, repr=False)

    @property
    def empty(self) -> bool:
        return not self.grid_ids


def resolve(
    scope: Scope, as_of: dt.date, grids: pl.DataFrame, communities: pl.DataFrame
) -> ResolvedScope:
    """Resolve ``scope`` against the registry's grid and community tables.

    ``grids`` has columns id, code, community_code, area_id; ``communities`` has code.
    Unknown community or grid codes raise ``UnknownCode`` (exact, case-sensitive match).
    Known codes whose intersection is empty give an empty scope.
    """
    known_communities = set(communities["code"].to_list())
    for code in scope.communities:
        if code not in known_communities:
            raise UnknownCode("community", code)
    known_grids = set(grids["code"].to_list())
    for code in scope.grids:
        if code not in known_grids:
            raise UnknownCode("grid", code)
    known_areas = set(grids["area_id"].drop_nulls().to_list())
    for area_id in scope.areas:
        if area_id not in known_areas:
            raise UnknownCode("area", str(area_id))

    selected = grids
    if scope.communities:
        selected = selected.filter(pl.col("community_code").is_in(list(scope.communities)))
    if scope.areas:
        selected = selected.filter(pl.col("area_id").is_in(list(scope.areas)))
    if scope.grids:
        selected = selected.filter(pl.col("code").is_in(list(scope.grids)))
    if scope.access is not None:
        selected = selected.filter(pl.col("code").is_in(sorted(scope.access)))
    selected = selected.sort("code")
    everything = not (scope.communities or scope.areas or scope.grids) and scope.access is None
    return ResolvedScope(
        as_of=as_of,
        grid_ids=tuple(selected["id"].to_list()),
        grid_codes=tuple(selected["code"].to_list()),
        community_codes=tuple(sorted(set(selected["community_code"].to_list()))),
        everything=everything,
        grids=selected,
    )


def township_wide(scope: Scope, grids: pl.DataFrame, communities: pl.DataFrame) -> Scope:
    """The township review's scope: every community of the township(s) that ``scope``'s
    communities, areas and grids lie in (every township when it names none). The area and grid
    filters do not narrow it; the user's access (``scope.access``) still does.

    ``grids`` has columns code, area_id, township; ``communities`` has code, township.
    """
    if not (scope.communities or scope.areas or scope.grids):
        return scope
    townships = set(
        communities.filter(pl.col("code").is_in(list(scope.communities)))["township"].to_list()
    ) | set(
        grids.filter(
            pl.col("area_id").is_in(list(scope.areas)) | pl.col("code").is_in(list(scope.grids))
        )["township"].to_list()
    )
    members = communities.filter(pl.col("township").is_in(list(townships)))["code"].to_list()
    every = set(communities["code"].to_list())
    chosen = () if set(members) == every else tuple(sorted(members))
    return replace(scope, communities=chosen, areas=(), grids=())
