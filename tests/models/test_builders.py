"""Every page model builder (``models/``) on the tiny registry, on SQLite and on PostgreSQL: the
figures a builder gives the page are the contract's (the snapshot and workers commands, and the
tiny registry's pinned ``EXPECTED_ALL``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Connection

import models.grid_map
import models.incidents
import models.overview
import models.population
import models.quality
import models.rentals
import models.snapshot
import models.special_groups
import models.township
import models.visits
import models.workers
from commands.metrics_cli import run_snapshot, run_workers
from data_access.loaders import Registry, load_worker_inputs, load_worker_months
from data_access.scope import ResolvedScope, Scope
from metrics.assessment import trailing_months
from metrics.privacy import Disclosure
from metrics.workers import MonthPlan
from tests.data_access.tiny import AS_OF, EXPECTED_ALL
from tests.support.frames import plain

MONTH = AS_OF.strftime("%Y-%m")


@pytest.fixture
def registry(tiny_url: str) -> Iterator[Registry]:
    registry = Registry.open(tiny_url)
    yield registry
    registry.engine.dispose()


@pytest.fixture
def conn(registry: Registry) -> Iterator[Connection]:
    with registry.connect() as conn:
        yield conn


@pytest.fixture
def rs(registry: Registry) -> ResolvedScope:
    return registry.resolve(Scope(as_of=AS_OF), AS_OF)


def snap(registry: Registry, day: dt.date = AS_OF, **filters: Any) -> dict[str, Any]:
    return run_snapshot(registry, Scope(as_of=day, **filters))


def test_every_model_is_a_frozen_dataclass() -> None:
    classes = [
        models.overview.Overview,
        models.workers.MonthSheet,
        models.workers.WorkerDetail,
        models.visits.WeeklyVisits,
        models.visits.CoverageFigures,
        models.visits.MonthCalendar,
        models.visits.HouseholdList,
        models.incidents.Stages,
        models.incidents.Backlog,
        models.rentals.RentalFigures,
        models.special_groups.GroupsOverview,
        models.special_groups.GroupTrend,
        models.special_groups.CareGap,
        models.special_groups.CareGapRows,
        models.quality.QualitySummary,
        models.population.GridPopulation,
        models.population.Movements,
        models.population.HouseholdSizes,
        models.township.TownshipReview,
        models.grid_map.GridMap,
    ]
    for cls in classes:
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen, cls.__name__


def test_snapshot_model_is_the_contract(conn, rs) -> None:
    assert models.snapshot.snapshot_figures(conn, rs) == EXPECTED_ALL


def test_overview_is_the_snapshot_today_and_a_week_earlier(registry, conn, rs) -> None:
    ov = models.overview.overview(conn, rs)
    assert ov.as_of == AS_OF
    assert ov.current == EXPECTED_ALL
    assert ov.previous == snap(registry, AS_OF - dt.timedelta(days=7))
    assert ov.overdue.height <= ov.overdue_total
    assert set(ov.special_groups["code"].to_list()) == set(EXPECTED_ALL["special_groups"])


def test_overview_lists_no_more_overdue_incidents_than_asked(conn, rs) -> None:
    assert models.overview.overview(conn, rs, overdue_limit=0).overdue.height == 0


def test_month_sheet_rows_are_the_workers_command(registry, conn, rs) -> None:
    sheet = models.workers.month_sheet(conn, rs, MONTH)
    command = run_workers(registry, Scope(as_of=AS_OF), MONTH)
    assert list(sheet.rows) == command["workers"]
    assert sheet.weeks == len(MonthPlan.for_month(MONTH, AS_OF).weeks)
    assert models.workers.worker_rows(conn, rs, MONTH) == command["workers"]


@pytest.mark.parametrize("filters", [{}, {"communities": ("AH",)}, {"grids": ("AH-02",)}])
def test_one_workers_months_are_his_rows_of_every_sheet(registry, conn, filters) -> None:
    """The trend reads one worker's six months alone, each input once for the six: each month
    is his row of the whole month sheet and the sheet cut to him (his left-out scores too), for
    every worker listed in any of the months, in every scope."""
    rs = registry.resolve(Scope(as_of=AS_OF, **filters), AS_OF)
    months = trailing_months(MONTH)
    sheets = {m: models.workers.month_sheet(conn, rs, m) for m in months}
    ids = sorted({r["id"] for s in sheets.values() for r in s.rows})
    assert ids, "the tiny registry lists workers in this scope"
    for worker_id in ids:
        alone = models.workers.worker_months(conn, rs, months, worker_id)
        assert list(alone) == months
        for m in months:
            assert list(alone[m].rows) == [r for r in sheets[m].rows if r["id"] == worker_id]
            assert alone[m].weeks == sheets[m].weeks
            cut = models.workers.month_sheet(conn, rs, m, only=[worker_id])
            assert alone[m] == cut


@pytest.mark.parametrize("filters", [{}, {"communities": ("AH",)}, {"grids": ("AH-02",)}])
def test_one_load_of_six_months_holds_each_months_own_inputs(registry, conn, filters) -> None:
    """``load_worker_months`` cuts its one read to each month as ``load_worker_inputs`` reads
    it: the same listed workers, visits, patrols, logs, incidents and scores, month by month
    (the assignments and posts span the months by design: the metric keeps a month's days)."""
    rs = registry.resolve(Scope(as_of=AS_OF, **filters), AS_OF)
    plans = [MonthPlan.for_month(m, AS_OF) for m in trailing_months(MONTH)]
    sheets = [models.workers.month_sheet(conn, rs, plan.month) for plan in plans]
    ids = sorted({r["id"] for sheet in sheets for r in sheet.rows})
    assert ids, "the tiny registry lists workers in this scope"
    for worker_id in ids:
        together = load_worker_months(conn, rs, plans, [worker_id])
        for plan, got in zip(plans, together, strict=True):
            alone = load_worker_inputs(conn, rs, plan, [worker_id])
            assert got.listed.to_dicts() == alone.listed.to_dicts(), plan.month
            for name in ("day_visits", "patrol_days", "logs", "incidents", "scores"):
                assert plain(getattr(got, name)) == plain(getattr(alone, name)), (plan.month, name)


def test_worker_detail_calendar_gives_the_sheets_rates(conn, rs) -> None:
    rows = models.workers.month_sheet(conn, rs, MONTH).rows
    asked: list[str] = []

    def community_rows(code: str) -> tuple[dict[str, Any], ...]:
        asked.append(code)
        return rows

    for row in rows:
        detail = models.workers.worker_detail(conn, rs, MONTH, row["id"], community_rows)
        duty = detail.calendar.filter("duty")
        if duty.height:
            patrolled = duty["patrolled"].sum() / duty.height
            on_time = duty.filter(duty["log"] == "on_time").height / duty.height
            assert round(patrolled, 4) == row["patrol_rate"]
            assert round(on_time, 4) == row["log_on_time_rate"]
        assert detail.community_rows == (rows if detail.community_code else ())
        assert set(detail.grids.filter("in_scope")["grid_code"].to_list()) <= set(row["grids"])
    assert asked  # the community's rows come from the caller


def test_visits_models_equal_the_snapshot(conn, rs) -> None:
    cov = models.visits.coverage(conn, rs)
    visits = EXPECTED_ALL["visits"]
    assert (cov.coverage_30d, cov.coverage_90d) == (visits["coverage_30d"], visits["coverage_90d"])
    assert cov.households == EXPECTED_ALL["households"]
    assert cov.not_visited == cov.households - int(cov.per_grid["covered_90d"].sum())
    weekly = models.visits.weekly(conn, rs)
    last = visits["last_week"]
    assert (weekly.grids_meeting_visit_days, weekly.inhabited_grids) == (
        last["grids_meeting_visit_days"],
        last["grids"],
    )
    calendar = models.visits.month_calendar(conn, rs, MONTH)
    assert calendar.days[-1] == AS_OF
    assert models.visits.month_options(conn, rs)[0] == MONTH


def test_not_visited_list_is_masked_unless_asked(conn, rs) -> None:
    masked = models.visits.not_visited_page(conn, rs, 0, 50)
    full = models.visits.not_visited_page(conn, rs, 0, 50, masked=False)
    assert masked.total == full.total == models.visits.coverage(conn, rs).not_visited
    assert masked.rows.height == full.rows.height
    for shown, exact in zip(
        masked.rows["contact"].to_list(), full.rows["contact"].to_list(), strict=True
    ):
        assert exact is None or shown != exact or len(exact) < 2


def test_incident_models_equal_the_snapshot(conn, rs) -> None:
    incidents = EXPECTED_ALL["incidents"]
    assert models.incidents.backlog(conn, rs).open == incidents["open"]
    stages = models.incidents.stages(conn, rs)
    assert stages.summary["reported"] == incidents["reported_30d"]
    assert stages.summary["resolved_within_72h_rate"] == incidents["resolved_within_72h_30d"]
    rows, total = models.incidents.overdue_rows(conn, rs, 0, 50)
    assert rows.height == total == models.incidents.backlog(conn, rs).overdue
    assert models.incidents.weekly(conn, rs).height == models.incidents.WEEKS


def test_rental_model_equals_the_snapshot(conn, rs) -> None:
    summary = models.rentals.figures(conn, rs).summary
    rentals = EXPECTED_ALL["rentals"]
    assert (summary["rentals"], summary["pledge_signed"], summary["inspected_90d"]) == (
        rentals["total"],
        rentals["pledge_signed"],
        rentals["inspected_90d"],
    )
    rows, total = models.rentals.follow_up(conn, rs, "any", 0, 50)
    assert rows.height == total == 1  # the tiny registry's one rental without pledge or inspection


def test_special_group_models_equal_the_snapshot(conn, rs) -> None:
    groups = models.special_groups.groups_overview(conn, rs, Disclosure.EXACT).groups
    assert (
        dict(zip(groups["code"], groups["members"], strict=True))
        == (EXPECTED_ALL["special_groups"])
    )
    for code in EXPECTED_ALL["special_groups"]:
        trend = models.special_groups.group_trend(conn, rs, code, Disclosure.EXACT)
        assert trend is not None and trend.points["day"].to_list()[-1] <= AS_OF
    assert models.special_groups.group_trend(conn, rs, "no-such-group", Disclosure.EXACT) is None
    gap = models.special_groups.care_gap(conn, rs)
    rows = models.special_groups.care_gap_rows(conn, rs, 0, 50)
    assert rows.total == gap.totals["without_visit"]


def test_quality_model_counts_what_the_overview_leaves_out(conn, rs) -> None:
    summary = models.quality.summary(conn, rs)
    assert summary.totals["DQ28"] == models.overview.overview(conn, rs).orphans
    for code, total in summary.totals.items():
        rows, listed = models.quality.drill(conn, rs, code, 0, 10_000)
        assert rows.height == listed
        assert listed <= total or total == 0, code


def test_population_model_equals_the_snapshot(conn, rs) -> None:
    population = models.population.grid_population(conn, rs)
    assert population.households == EXPECTED_ALL["households"]
    assert population.residents == EXPECTED_ALL["residents"]
    assert population.floating_origin == EXPECTED_ALL["floating_origin"]
    sizes = models.population.household_sizes(conn, rs)
    assert sizes.households == EXPECTED_ALL["households"]
    assert models.population.movements(conn, rs).last >= AS_OF
    assert models.population.age_pyramid(conn, rs).height > 0


def test_township_review_is_each_communitys_snapshot(registry, conn, rs) -> None:
    review = models.township.township_review(conn, rs)
    assert set(review.snapshots) == set(EXPECTED_ALL["scope"]["communities"])
    for code, shot in review.snapshots.items():
        assert shot == snap(registry, communities=(code,))
    trend = models.township.township_trend(conn, rs, 4)
    assert trend["day"].max() == AS_OF


def test_grid_map_figures_add_up_to_the_snapshot(conn, rs) -> None:
    grid_map = models.grid_map.grid_map(conn, rs)
    figures = grid_map.figures
    assert figures["code"].to_list() == EXPECTED_ALL["scope"]["grids"]
    assert int(figures["households"].sum()) == EXPECTED_ALL["households"]
    assert int(figures["open_incidents"].sum()) == EXPECTED_ALL["incidents"]["open"]
