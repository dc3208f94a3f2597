"""Disclosure rules for personal and sensitive data (the schema's ``sensitive`` flag).

A sensitive group's count is shown by the role's ``Disclosure``, decided once here:

- ``EXACT`` (a role with personal-data access: secretary, grid leader, grid worker): the count
  itself, 1 to 4 included.
- ``PROTECTED`` (every other role: township office, committee, administrator): 0 stays 0, a
  count from 1 to 4 is "<5", and a count of 5 or more is rounded to the nearest multiple of 5,
  half up (7 → 5, 8 → 10, 12 → 10, 13 → 15).

Why base-5 rounding and not "<5" alone: "<5" next to exact figures is undone by subtraction
(a township's 22 minus the other communities' 18 gives the "<5" community's 4; a scope total
minus its exact grid cells gives the one "<5" grid). So every sensitive figure a protected role
sees — cells, subtotals and totals alike, on every page, chart, tooltip and export — is rounded
from its own exact value (never summed from rounded cells), and subtracting shown figures only
yields an interval: a shown 25 means 23–27, a shown 5 means 5–7, "<5" means 1–4. Rounding is
deterministic (the same cell always shows the same value), so repeating or re-slicing a query
reveals nothing new — unlike fresh random noise, which averages out. Cell-key perturbation
would protect as well but needs a per-record key in the registry and shows figures that look
exact and are not; a multiple of 5 says plainly that it is rounded. Its known limit: several
few "<5" cells under a large rounded total can still be pinned (two "<5" cells whose total
shows 10, that is 8–12, must both be 4) — a residue of rounding that controlled rounding or
cell-key perturbation would close.

A share of a sensitive group seen by a protected role is computed from the shown (rounded)
count (``drawn_count``), as is any colour or chart scaled by it; a "<5" cell gets no value at
all. Counts that are not sensitive are shown as they are, to everyone.
"""

from __future__ import annotations

from enum import StrEnum

SMALL_COUNT_LIMIT = 5
SUPPRESSED = "<5"
#: a protected role's sensitive counts of ``SMALL_COUNT_LIMIT`` or more are multiples of this
ROUNDING_BASE = 5


class Disclosure(StrEnum):
    """How a role may see sensitive counts (``auth.roles.Rights.exact_small_counts``)."""

    EXACT = "exact"
    PROTECTED = "protected"

    @classmethod
    def of(cls, exact_small_counts: bool) -> Disclosure:
        return cls.EXACT if exact_small_counts else cls.PROTECTED


def rounded(count: int) -> int:
    """``count`` to the nearest multiple of ``ROUNDING_BASE``, half up (7 → 5, 8 → 10)."""
    return ROUNDING_BASE * ((count + ROUNDING_BASE // 2) // ROUNDING_BASE)


def shown_count(count: int, sensitive: bool, disclosure: Disclosure) -> int | str:
    """The count as it may be shown: exact when not sensitive or to ``EXACT``; to ``PROTECTED``
    0, ``"<5"`` for 1 to 4, else rounded to a multiple of 5."""
    if not sensitive or disclosure is Disclosure.EXACT or count <= 0:
        return count
    if count < SMALL_COUNT_LIMIT:
        return SUPPRESSED
    return rounded(count)


def drawn_count(count: int, sensitive: bool, disclosure: Disclosure) -> int | None:
    """The value a chart, colour or share may use: the shown count, ``None`` for "<5"."""
    shown = shown_count(count, sensitive, disclosure)
    return None if isinstance(shown, str) else shown


def shown_text(count: int, sensitive: bool, disclosure: Disclosure) -> str:
    """The shown count as text, with thousands separators."""
    shown = shown_count(int(count), bool(sensitive), disclosure)
    return shown if isinstance(shown, str) else f"{shown:,}"


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
