"""The loaders' cache keys a scope by its digest (``ScopeKey.digest``, not Streamlit's slow
hashing of a dataclass): every field of the key still tells two scopes apart — one user's
cached figures are never another's — and an equal key, built afresh, is a hit."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
import streamlit as st

from ui import data
from ui.data import ScopeKey

BASE = ScopeKey(("AH", "BK"), (3,), ("AH-01",), ("AH-01", "AH-02", "BK-07"))
VARIANTS = [
    dataclasses.replace(BASE, communities=("AH",)),
    dataclasses.replace(BASE, communities=("BK", "AH")),
    dataclasses.replace(BASE, areas=()),
    dataclasses.replace(BASE, areas=(4,)),
    dataclasses.replace(BASE, grids=()),
    dataclasses.replace(BASE, grids=("AH-02",)),
    dataclasses.replace(BASE, access=None),
    dataclasses.replace(BASE, access=()),
    dataclasses.replace(BASE, access=("AH-01", "AH-02")),
    dataclasses.replace(BASE, access=("AH-01", "AH-02", "BK-08")),
    # the same codes cut differently between fields
    ScopeKey(("AH", "BK"), (3,), ("AH-01", "AH-02"), ("BK-07",)),
]


@pytest.fixture
def seen() -> list[ScopeKey]:
    st.cache_data.clear()
    yield []
    st.cache_data.clear()


def test_every_field_of_the_scope_key_is_its_own_cache_entry(seen: list[ScopeKey]) -> None:
    @data.loader
    def figures(key: ScopeKey, month: str) -> tuple[ScopeKey, str]:
        seen.append(key)
        return key, month

    for key in [BASE, *VARIANTS]:
        assert figures(key, "2026-11") == (key, "2026-11")
    assert seen == [BASE, *VARIANTS]
    assert len({key.digest for key in [BASE, *VARIANTS]}) == len(VARIANTS) + 1

    # equal keys built afresh answer from the cache, each with its own value
    for key in [BASE, *VARIANTS]:
        again = ScopeKey(key.communities, key.areas, key.grids, key.access)
        assert figures(again, "2026-11") == (key, "2026-11")
    assert len(seen) == len(VARIANTS) + 1
    # the other arguments still count
    assert figures(BASE, "2026-10") == (BASE, "2026-10")
    assert len(seen) == len(VARIANTS) + 2


def test_the_digest_is_the_keys_fields_alone() -> None:
    for a, b in itertools.combinations([BASE, *VARIANTS], 2):
        assert (a.digest == b.digest) == (a == b)
    assert ScopeKey(("AH",), (), (), None).digest == ScopeKey(("AH",), (), (), None).digest
