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

    @property
    def url_path(self) -> str:
        return self.path.removeprefix("pages/").removesuffix(".py")


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "pages/overview.py", ":material/dashboard:", default=True),
    PageSpec("workers", "pages/workers.py", ":material/assignment_ind:"),
    PageSpec("population", "pages/population.py", ":material/groups:"),
    PageSpec("special_groups", "pages/special_groups.py", ":material/diversity_1:"),
    PageSpec("visits", "pages/visits.py", ":material/directions_walk:"),
    PageSpec("grid_map", "pages/grid_map.py", ":material/map:"),
    PageSpec("township", "pages/township.py", ":material/leaderboard:"),
    PageSpec("incidents", "pages/incidents.py", ":material/report:"),
    PageSpec("rentals", "pages/rentals.py", ":material/home_work:"),
    PageSpec("data_quality", "pages/data_quality.py", ":material/rule:"),
)
