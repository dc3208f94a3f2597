"""The rentals page (出租房屋) through app.py on the demo registry, widgets by key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from commands.metrics_cli import run_snapshot
from data_access import queries as q
from data_access import rentals as qr
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics import rentals as mr
from metrics.snapshot import SnapshotPlan
from tests.pages.conftest import metric_values, no_exceptions
from ui.i18n import fmt_pct

PAGE = "pages/rentals.py"
DAY = dt.date(2026, 3, 10)
LATE = dt.date(2026, 11, 27)


def table_with(at, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.fixture(scope="module")
def registry(demo_sqlite: Path) -> Registry:
    return Registry.open(str(demo_sqlite))


def summary(registry: Registry, day: dt.date, **filters) -> dict:
    rs = registry.resolve(Scope(as_of=day, **filters), day)
    with registry.connect() as conn:
        table = mr.by_grid(
            rs.grids,
            q.rental_counts(conn, rs, mr.inspected_since(day)),
            qr.rented_households(conn, rs),
            mr.floating_by_grid(
                q.resident_counts(conn, rs, SnapshotPlan.for_day(day).elderly_born_by)
            ),
        )
    return mr.summary(table)


def follow_up(registry: Registry, day: dt.date, problem: str, offset: int, **filters):
    rs = registry.resolve(Scope(as_of=day, **filters), day)
    with registry.connect() as conn:
        return qr.rentals_to_follow_up(conn, rs, mr.inspected_since(day), problem, offset, 50)


def test_tiles_equal_the_snapshot_and_the_metrics(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=DAY.isoformat(), community="AH")
    no_exceptions(at)
    assert at.title[0].value == "出租房屋"
    tiles = metric_values(at)
    snap = run_snapshot(registry, Scope(as_of=DAY, communities=("AH",)))
    rentals = snap["rentals"]
    assert rentals["total"] > 0
    assert tiles["出租房屋（条）"] == f"{rentals['total']:,}"
    assert tiles["已签治安责任书"] == f"{rentals['pledge_signed']:,}"
    assert tiles["90 天内已检查"] == f"{rentals['inspected_90d']:,}"
    assert tiles["责任书签订率"] == fmt_pct(rentals["pledge_signed"] / rentals["total"])
    assert tiles["流入人口"] == f"{snap['residents']['floating']:,}" == "3,000"
    mine = summary(registry, DAY, communities=("AH",))
    assert tiles["租住流入人口"] == f"{mine['floating_in_rented']:,}"
    assert tiles["占流入人口"] == fmt_pct(mine["floating_in_rented_share"])
    assert tiles["租住户"] == f"{mine['rented_households']:,}"
    table = table_with(at, "租住流入人口")
    assert int(table["出租房屋"].sum()) == rentals["total"]
    assert int(table["租住流入人口"].sum()) == mine["floating_in_rented"]


def test_follow_up_list_by_problem_masked(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=DAY.isoformat(), community="AH")
    at.selectbox(key="rentals_problem").set_value("no_pledge").run()
    no_exceptions(at)
    rows, total = follow_up(registry, DAY, "no_pledge", 0, communities=("AH",))
    assert total > 0
    assert any(f"共 {total:,} 条" in s.value for s in at.subheader)
    shown = table_with(at, "房东")
    assert shown["出租编号"].tolist() == rows["id"].to_list()
    assert all("未签治安责任书" in p for p in shown["待办事项"])
    # landlords' names and addresses are masked
    landlords = [n for n in rows["landlord_name"].to_list() if n and len(n) > 1]
    assert landlords and not set(shown["房东"]) & set(landlords)
    assert all("*" in a for a in shown["租住地址"])


def test_follow_up_list_is_paged(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=LATE.isoformat())
    _, total = follow_up(registry, LATE, "any", 0)
    assert total > 50
    at.number_input(key="rentals_page").set_value(2).run()
    no_exceptions(at)
    second, _ = follow_up(registry, LATE, "any", 50)
    assert table_with(at, "房东")["出租编号"].tolist() == second["id"].to_list()
    assert any(f"共 {total:,} 条" in c.value for c in at.caption)


def test_a_grid_without_rentals_says_so(app_page) -> None:
    at = app_page(PAGE, as_of=LATE.isoformat(), grid="AH-03")
    no_exceptions(at)
    assert any("没有出租房屋登记" in i.value for i in at.info)
    assert metric_values(at)["责任书签订率"] == "—"
    assert not at.get("plotly_chart")


def test_english_labels(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=DAY.isoformat(), community="AH", lang="en")
    no_exceptions(at)
    assert at.title[0].value == "Rented housing"
    snap = run_snapshot(registry, Scope(as_of=DAY, communities=("AH",)))["rentals"]
    assert metric_values(at)["Rentals"] == f"{snap['total']:,}"
    assert at.selectbox(key="rentals_problem").value == "any"
    assert "Landlord" in table_with(at, "Landlord").columns
