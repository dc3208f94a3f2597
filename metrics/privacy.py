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


def mask_name(name: str | None) -> str:
    """张小明 → 张*明, 张三 → 张*, 欧阳小明 → 欧**明: the first and last characters stay."""
    if not name:
        return ""
    name = name.strip()
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


_BUILDING_MARKS = ("号楼", "栋", "幢", "座")
_PLACE_MARKS = ("居民组", "小区", "村", "组", "巷", "街", "路")


def mask_address(address: str | None) -> str:
    """Keep the address down to the building (建新小区3栋**); mask the unit and room below it.

    Without a building, keep down to the compound, group or street name.
    """
    if not address:
        return ""
    for marks in (_BUILDING_MARKS, _PLACE_MARKS):
        ends = [address.find(m) + len(m) for m in marks if m in address]
        if ends:
            cut = min(ends)
            return address[:cut] + ("**" if cut < len(address) else "")
    return address[: max(1, len(address) // 2)] + "**"


def mask_phone(phone: str | None) -> str:
    """13812345678 → 138****5678."""
    if not phone:
        return ""
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_id_number(id_number: str | None) -> str:
    """340121198001011234 → 3401************34: the birth date and sequence are hidden."""
    if not id_number:
        return ""
    text = id_number.strip()
    if len(text) < 8:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 6) + text[-2:]
