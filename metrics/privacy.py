"""Disclosure rules for personal and sensitive data (the schema's ``sensitive`` flag).

A sensitive group's count from 1 to 4 is shown as "<5", so a small group cannot
point to a person; its members are never listed.
"""

from __future__ import annotations

SMALL_COUNT_LIMIT = 5
SUPPRESSED = "<5"


def shown_count(count: int, sensitive: bool) -> int | str:
    """The count as it may be shown: ``"<5"`` for a sensitive count from 1 to 4."""
    if sensitive and 0 < count < SMALL_COUNT_LIMIT:
        return SUPPRESSED
    return count
