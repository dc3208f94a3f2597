"""Page controls in the link (``ui.url_state``): a link sets them, a change writes them, the
default leaves the link, a bad value is named and replaced by the default, Back restores the
view before a change, and a page's controls never leak into another page's link."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from commands.metrics_cli import run_workers
from data_access.loaders import Registry
from data_access.scope import Scope
from tests.pages.conftest import no_exceptions
from ui.i18n import Labels

ZH = Labels("zh")
DAY = "2026-03-10"


@dataclass(frozen=True)
class Case:
    page: str
    param: str
    key: str
    widget: str  # the AppTest accessor: selectbox, radio, number_input, segmented_control
    value: Any  # a value other than the default, as the widget holds it
    kind: str  # the label key naming the control in a warning
    query: tuple[tuple[str, str], ...] = ()  # more of the link (a community for a long list)

    @property
    def id(self) -> str:
        return f"{self.page.removeprefix('pages/').removesuffix('.py')}-{self.param}"

    def control(self, at: AppTest) -> Any:
        return getattr(at, self.widget)(key=self.key)

    def text(self) -> str:
        return str(self.value)


CASES = (
    Case("pages/workers.py", "month", "workers_month", "selectbox", "2026-03", "link.kind.month"),
    Case("pages/workers.py", "role", "workers_role", "radio", "grid_worker", "link.kind.role"),
    Case(
        "pages/incidents.py",
        "window",
        "incidents_window",
        "segmented_control",
        90,
        "link.kind.window",
    ),
    Case(
        "pages/grid_map.py",
        "figure",
        "grid_map_figure",
        "selectbox",
        "coverage_90d",
        "link.kind.figure",
    ),
    Case(
        "pages/township.py",
        "rank",
        "township_rank_by",
        "selectbox",
        "open_incidents",
        "link.kind.ranking",
    ),
    Case("pages/township.py", "weeks", "township_weeks", "selectbox", 26, "link.kind.weeks"),
    Case(
        "pages/visits.py",
        "page",
        "visits_gap_page",
        "number_input",
        2,
        "link.kind.page",
        (("community", "AH"),),
    ),
)
IDS = [c.id for c in CASES]


def _open(app_page, case: Case, **more: str) -> AppTest:
    return app_page(case.page, as_of=DAY, **dict(case.query), **more)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_link_sets_the_control(app_page, case: Case) -> None:
    at = _open(app_page, case, **{case.param: case.text()})
    no_exceptions(at)
    assert not at.warning, [w.value for w in at.warning]
    assert case.control(at).value == case.value
    assert at.query_params[case.param] == case.text()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_change_is_written_into_the_link_and_the_default_leaves_it(app_page, case) -> None:
    at = _open(app_page, case)
    default = case.control(at).value
    assert default != case.value
    assert case.param not in at.query_params
    case.control(at).set_value(case.value).run()
    no_exceptions(at)
    assert at.query_params[case.param] == case.text()
    case.control(at).set_value(default).run()
    assert case.param not in at.query_params
    assert at.query_params["as_of"] == DAY  # the shared filters are kept


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_back_restores_the_control(app_page, case: Case) -> None:
    """Back (the browser gives the page its earlier link): the control follows the link."""
    at = _open(app_page, case)
    default = case.control(at).value
    case.control(at).set_value(case.value).run()
    del at.query_params[case.param]  # the link as it was before the change
    at.run()
    no_exceptions(at)
    assert case.control(at).value == default


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_bad_value_is_named_and_the_default_used(app_page, case: Case) -> None:
    at = _open(app_page, case)
    default = case.control(at).value
    at = _open(app_page, case, **{case.param: "9999<b>x"})
    no_exceptions(at)
    expected = ZH("link.bad_value", kind=ZH(case.kind), value="9999<b>x")
    assert [w.value for w in at.warning] == [expected]
    assert case.control(at).value == default
    assert case.param not in at.query_params


def test_a_pages_controls_leave_the_link_on_another_page(app_page) -> None:
    at = app_page("pages/incidents.py", as_of=DAY, window="90", community="AH")
    assert at.query_params["window"] == "90"
    at.switch_page("pages/visits.py").run()
    no_exceptions(at)
    assert "window" not in at.query_params
    assert (at.query_params["community"], at.query_params["as_of"]) == ("AH", DAY)


def test_a_worker_in_the_link_is_the_one_shown(app_page, demo_sqlite: Path) -> None:
    """``worker=ID`` picks that worker under 个人详情 (the id, not a name, is in the link); the
    picker writes it back when changed; an id not in the sheet is named and the first is shown."""
    as_of = dt.date.fromisoformat(DAY)
    workers = run_workers(Registry.open(str(demo_sqlite)), Scope(as_of=as_of), "2026-03")
    ids = [w["id"] for w in workers["workers"]]
    at = app_page("pages/workers.py", as_of=DAY, worker=str(ids[2]))
    no_exceptions(at)
    assert at.selectbox(key="workers_person").value == ids[2]
    at.selectbox(key="workers_person").set_value(ids[3]).run()
    assert at.query_params["worker"] == str(ids[3])
    absent = max(ids) + 1000
    at = app_page("pages/workers.py", as_of=DAY, worker=str(absent))
    assert [w.value for w in at.warning] == [
        ZH("link.bad_value", kind=ZH("link.kind.worker"), value=str(absent))
    ]
    assert "worker" not in at.query_params
