"""The pages of the dashboard, in menu order: one list for app.py and for the sidebar links.

Each file name equals its URL path, so a page has the same address whether it
runs through ``app.py`` (``st.navigation``) or directly from ``pages/``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    key: str  # label key: nav.<key>
    path: str  # relative to the project root
    icon: str
    default: bool = False
    #: the kinds of record its figures rest on (``data_access.queries.FRESHNESS_COLUMNS``)
    sources: tuple[str, ...] = ("visit", "household")

    @property
    def url_path(self) -> str:
        return self.path.removeprefix("pages/").removesuffix(".py")


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "overview",
        "pages/overview.py",
        ":material/dashboard:",
        default=True,
        sources=("visit", "household", "resident", "incident", "assessment"),
    ),
    PageSpec(
        "workers",
        "pages/workers.py",
        ":material/assignment_ind:",
        sources=("visit", "patrol", "work_log", "incident", "assessment"),
    ),
    # the committee's scoring workflow (app database) on the month's evidence
    PageSpec(
        "scoring",
        "pages/scoring.py",
        ":material/fact_check:",
        sources=("visit", "patrol", "work_log", "incident", "assessment"),
    ),
    PageSpec(
        "rubric",
        "pages/rubric.py",
        ":material/rule_settings:",
        sources=("visit", "patrol", "work_log", "incident", "assessment"),
    ),
    PageSpec("population", "pages/population.py", ":material/groups:", sources=("resident",)),
    PageSpec(
        "special_groups",
        "pages/special_groups.py",
        ":material/diversity_1:",
        sources=("resident", "household", "visit"),
    ),
    PageSpec("visits", "pages/visits.py", ":material/directions_walk:"),
    PageSpec("grid_map", "pages/grid_map.py", ":material/map:"),
    PageSpec(
        "township",
        "pages/township.py",
        ":material/leaderboard:",
        sources=("visit", "household", "incident", "assessment"),
    ),
    PageSpec("incidents", "pages/incidents.py", ":material/report:", sources=("incident",)),
    PageSpec("rentals", "pages/rentals.py", ":material/home_work:", sources=("household",)),
    PageSpec(
        "data_quality",
        "pages/data_quality.py",
        ":material/rule:",
        sources=("visit", "household", "resident", "incident"),
    ),
    # the terms and how each figure is counted (metrics.catalogue): every help icon links here
    PageSpec("glossary", "pages/glossary.py", ":material/menu_book:", sources=()),
    # who signed in, unmasked and downloaded what (the app database; ``auth.log``)
    PageSpec("access_log", "pages/access_log.py", ":material/history:", sources=()),
)

#: the pages with figures (the glossary rests on no record of the registry)
FIGURE_PAGES: tuple[PageSpec, ...] = tuple(page for page in PAGES if page.sources)
