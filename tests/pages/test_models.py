"""Each page shows what its page model (``models/``) builds: the page on the tiny registry
through app.py, its tiles read back and compared with the builder's figures for the same scope
and day (the builders are what the brief and the commands use)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import models.incidents
import models.overview
import models.population
import models.quality
import models.rentals
import models.special_groups
import models.visits
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics.privacy import Disclosure
from tests.pages.conftest import metric_values, no_exceptions

DAY = dt.date(2026, 3, 10)


def n(value: int) -> str:
    return f"{value:,}"


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@pytest.fixture(scope="module")
def build(tiny_sqlite: Path) -> Iterator[Any]:
    """``build(builder, *options)``: the builder's model for the whole tiny registry on DAY."""
    registry = Registry.open(f"sqlite:///{tiny_sqlite}")
    rs = registry.resolve(Scope(as_of=DAY), DAY)

    def run(builder: Any, *options: Any) -> Any:
        with registry.connect() as conn:
            return builder(conn, rs, *options)

    yield run
    registry.engine.dispose()


def tiles_of(tiny_page, page: str) -> dict[str, str]:
    at = tiny_page(f"pages/{page}.py", as_of=DAY.isoformat())
    no_exceptions(at)
    return metric_values(at)


def test_overview_shows_its_model(tiny_page, build) -> None:
    ov = build(models.overview.overview)
    cur = ov.current
    tiles = tiles_of(tiny_page, "overview")
    assert tiles["住户"] == n(cur["households"])
    assert tiles["总人口"] == n(cur["residents"]["total"])
    assert tiles["90 天覆盖率"] == pct(cur["visits"]["coverage_90d"])
    lw = cur["visits"]["last_week"]
    assert tiles["3 天达标网格"] == f"{n(lw['grids_meeting_visit_days'])} / {n(lw['grids'])}"
    assert tiles["未办结事件"] == n(cur["incidents"]["open"])
    assert tiles["72 小时办结率"] == pct(cur["incidents"]["resolved_within_72h_30d"])
    assert tiles["考核均分"] == f"{cur['assessment']['mean_total']:.2f}"
    for group in ov.special_groups.iter_rows(named=True):
        assert tiles[group["name_zh"]] == n(cur["special_groups"][group["code"]])


def test_visits_page_shows_its_models(tiny_page, build) -> None:
    coverage = build(models.visits.coverage)
    weekly = build(models.visits.weekly)
    tiles = tiles_of(tiny_page, "visits")
    assert tiles["30 天走访覆盖率"] == pct(coverage.coverage_30d)
    assert tiles["90 天走访覆盖率"] == pct(coverage.coverage_90d)
    assert tiles["90 天未走访住户"] == n(coverage.not_visited)
    assert tiles["上周覆盖率"] == pct(weekly.last_week_coverage)
    assert tiles["上周 3 天达标网格"] == (
        f"{n(weekly.grids_meeting_visit_days)} / {n(weekly.inhabited_grids)}"
    )


def test_incidents_page_shows_its_models(tiny_page, build) -> None:
    stages = build(models.incidents.stages, models.incidents.DEFAULT_WINDOW)
    backlog = build(models.incidents.backlog)
    tiles = tiles_of(tiny_page, "incidents")
    assert tiles["发现（上报）"] == n(stages.summary["reported"])
    assert tiles["72 小时办结率"] == pct(stages.summary["resolved_within_72h_rate"])
    assert tiles["未办结（日终）"] == n(backlog.open)
    assert tiles["超 72 小时未办结"] == n(backlog.overdue)


def test_rentals_page_shows_its_model(tiny_page, build) -> None:
    summary = build(models.rentals.figures).summary
    tiles = tiles_of(tiny_page, "rentals")
    assert tiles["出租房屋（条）"] == n(summary["rentals"])
    assert tiles["已签治安责任书"] == n(summary["pledge_signed"])
    assert tiles["责任书签订率"] == pct(summary["pledge_share"])
    assert tiles["90 天内已检查"] == n(summary["inspected_90d"])
    assert tiles["90 天检查率"] == pct(summary["inspected_share"])


def test_special_groups_page_shows_its_models(tiny_page, build) -> None:
    groups = build(models.special_groups.groups_overview, Disclosure.EXACT).groups
    gap = build(models.special_groups.care_gap)
    tiles = tiles_of(tiny_page, "special_groups")
    for row in groups.iter_rows(named=True):
        assert tiles[row["name_zh"]] == row["shown"] == n(row["members"])
    assert tiles["关爱人群人数"] == n(gap.totals["members"])
    assert tiles["近 30 天未走访"] == n(gap.totals["without_visit"])
    assert tiles["未走访占比"] == pct(gap.totals["share"])


def test_data_quality_page_shows_its_model(tiny_page, build) -> None:
    totals = build(models.quality.summary).totals
    tiles = tiles_of(tiny_page, "data_quality")
    failing = sum(1 for v in totals.values() if v)
    assert tiles["发现问题的规则"] == f"{failing} / {len(totals)}"
    assert tiles["通过的规则"] == n(len(totals) - failing)
    assert tiles["问题记录（条）"] == n(sum(totals.values()))


def test_population_page_shows_its_models(tiny_page, build) -> None:
    population = build(models.population.grid_population)
    movements = build(models.population.movements)
    tiles = tiles_of(tiny_page, "population")
    assert tiles["住户"] == n(population.households)
    assert tiles["总人口"] == n(population.residents["total"])
    assert tiles["流入"] == n(population.residents["floating"])
    assert tiles["26 周净变化"] == n(movements.totals["net"])
