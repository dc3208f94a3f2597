"""The roles (issue "Sign-in, roles …"): what each may see and do, declared once.

| role | scope | personal data |
|---|---|---|
| township_office 镇综治办 | the communities of its township | aggregates; masked lists; no unmasking |
| secretary 社区书记 | one community | masked lists; may unmask, with a reason |
| committee 考核小组 | its community (or township) | the assessment page and aggregates; worker names; no resident lists |
| grid_leader / grid_worker 网格长/网格员 | his grids on the day (``grid_assignment``) or granted grids | masked lists of those grids; may unmask his own grids' residents, with a reason |
| admin 管理员 | accounts and the access log | none |
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    TOWNSHIP_OFFICE = "township_office"
    SECRETARY = "secretary"
    COMMITTEE = "committee"
    GRID_LEADER = "grid_leader"
    GRID_WORKER = "grid_worker"
    ADMIN = "admin"


#: the data pages (``ui.nav`` keys) every role but the administrator may open
DATA_PAGES = frozenset(
    {
        "overview",
        "workers",
        "population",
        "special_groups",
        "visits",
        "grid_map",
        "township",
        "incidents",
        "rentals",
        "data_quality",
        "glossary",
    }
)


@dataclass(frozen=True)
class Rights:
    pages: frozenset[str]
    #: lists of residents or households (masked) may be shown
    resident_lists: bool
    #: may unmask a list, giving a reason (logged)
    may_unmask: bool
    #: sees exact small counts of sensitive groups (1–4) instead of "<5"
    exact_small_counts: bool
    #: the access-log page (of his scope)
    access_log: bool = False
    #: manages accounts
    accounts: bool = False
    #: grants say the scope (township/community/grid); a grid leader's or worker's scope also
    #: comes from the registry's grid_assignment on the day
    from_assignment: bool = False


RIGHTS: dict[Role, Rights] = {
    Role.TOWNSHIP_OFFICE: Rights(DATA_PAGES, True, False, False),
    Role.SECRETARY: Rights(DATA_PAGES, True, True, True, access_log=True),
    Role.COMMITTEE: Rights(
        frozenset({"overview", "workers", "township", "visits", "glossary"}), False, False, False
    ),
    Role.GRID_LEADER: Rights(DATA_PAGES - {"township"}, True, True, True, from_assignment=True),
    Role.GRID_WORKER: Rights(DATA_PAGES - {"township"}, True, True, True, from_assignment=True),
    Role.ADMIN: Rights(frozenset({"access_log", "glossary"}), False, False, False, True, True),
}

#: the grants each role takes (kind of code)
GRANT_KINDS: dict[Role, frozenset[str]] = {
    Role.TOWNSHIP_OFFICE: frozenset({"township"}),
    Role.SECRETARY: frozenset({"community"}),
    Role.COMMITTEE: frozenset({"community", "township"}),
    Role.GRID_LEADER: frozenset({"grid"}),
    Role.GRID_WORKER: frozenset({"grid"}),
    Role.ADMIN: frozenset(),
}


def parse_role(text: str) -> Role:
    try:
        return Role(text)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise ValueError(f"unknown role {text!r}; one of: {known}") from None
