"""The roles (issue "Sign-in, roles …"): what each may see and do, declared once.

| role | scope | personal data |
|---|---|---|
| township_office 镇综治办 | the communities of its township | aggregates; masked lists; no unmasking |
| secretary 社区书记 | one community | masked lists; may unmask, with a reason |
| committee 考核小组 | its community (or township) | the assessment page and aggregates; worker names; no resident lists |
| grid_leader / grid_worker 网格长/网格员 | his grids on the day (``grid_assignment``) or granted grids | masked lists of those grids; may unmask his own grids' residents, with a reason; of the assessment only his own month (the scoring page), no one else's scores |
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


#: the registry's pages (``ui.nav`` keys; a test keeps the two equal)
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
    }
)
#: pages without registry data that every role may open (the definitions of the figures)
COMMON_PAGES = frozenset({"glossary"})
#: the access-log page (issue 11, a later part): the secretary's (his community) and the
#: administrator's (everything)
ACCESS_LOG_PAGE = "access_log"
#: the assessment committee: the assessment page and pages of aggregates
COMMITTEE_PAGES = frozenset({"overview", "workers", "visits", "grid_map", "township"})
#: the committee's scoring (issue 13): the month's sheet and the rubric; the secretary reads
#: both, a grid leader or worker sees his own month's proposals and signed scores
SCORING_PAGES = frozenset({"scoring", "rubric"})


@dataclass(frozen=True)
class Rights:
    pages: frozenset[str]
    #: lists of residents or households (masked) may be shown
    resident_lists: bool
    #: may unmask a list of his own grids, giving a reason (logged)
    may_unmask: bool
    #: personal-data access: exact small counts of sensitive groups (1–4) instead of "<5"
    exact_small_counts: bool
    #: worker names (the committee scores workers; the administrator sees no registry data)
    worker_names: bool = True
    #: manages accounts (``python -m admin``) and reads the whole access log
    accounts: bool = False
    #: a grid leader's or worker's grids also come from the registry's ``grid_assignment``
    from_assignment: bool = False

    @property
    def registry_data(self) -> bool:
        return bool(self.pages & DATA_PAGES)


#: a grid leader's or worker's: every registry page but the township's comparison and the
#: committee's sheet of every worker (网格员考核); his own month's proposals, signed scores and
#: evidence are on the scoring page (issue 13: "nothing of others")
_GRID_PAGES = (DATA_PAGES - {"township", "workers"}) | COMMON_PAGES | {"scoring"}

RIGHTS: dict[Role, Rights] = {
    Role.TOWNSHIP_OFFICE: Rights(DATA_PAGES | COMMON_PAGES, True, False, False),
    Role.SECRETARY: Rights(
        DATA_PAGES | COMMON_PAGES | SCORING_PAGES | {ACCESS_LOG_PAGE}, True, True, True
    ),
    Role.COMMITTEE: Rights(COMMITTEE_PAGES | COMMON_PAGES | SCORING_PAGES, False, False, False),
    Role.GRID_LEADER: Rights(_GRID_PAGES, True, True, True, from_assignment=True),
    Role.GRID_WORKER: Rights(_GRID_PAGES, True, True, True, from_assignment=True),
    Role.ADMIN: Rights(COMMON_PAGES | {ACCESS_LOG_PAGE}, False, False, False, False, accounts=True),
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
