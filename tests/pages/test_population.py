"""人口结构 through app.py on the demo: the snapshot's figures, its own figures, filters by key."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from commands.metrics_cli import run_snapshot
from data_access import daily
from data_access import population as pq
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics import population as mp
from tests.pages.conftest import metric_values, no_exceptions

DAY = "2026-03-10"
AS_OF = dt.date(2026, 3, 10)
PAGE = "pages/population.py"


@pytest.fixture(scope="module")
def registry(demo_sqlite: Path) -> Registry:
    return Registry.open(str(demo_sqlite))


def test_tiles_equal_the_snapshot(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=DAY, community="AH")
    no_exceptions(at)
    s = run_snapshot(registry, Scope(as_of=AS_OF, communities=("AH",)))
    tiles = metric_values(at)
    assert tiles["住户"] == f"{s['households']:,}" == "4,686"
    assert tiles["总人口"] == f"{s['residents']['total']:,}" == "16,074"
    assert (tiles["常住"], tiles["流入"], tiles["挂户"]) == ("9,074", "3,000", "4,000")
    assert tiles["60 岁及以上"] == f"{s['residents']['elderly_60_plus']:,}"
    assert len(at.get("plotly_chart")) == 5  # residency, origin, pyramid, sizes, movements


def test_grid_table_adds_up_to_the_snapshot(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=DAY, community="AH")
    s = run_snapshot(registry, Scope(as_of=AS_OF, communities=("AH",)))
    table = next(df.value for df in at.dataframe if "住户" in df.value.columns)
    assert list(table["网格"]) == s["scope"]["grids"]
    assert int(table["住户"].sum()) == s["households"]
    assert int(table["总人口"].sum()) == s["residents"]["total"]
    assert int(table["流入"].sum()) == s["residents"]["floating"]


def test_movements_and_household_size_equal_the_metrics(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=DAY, community="AH")
    rs = registry.resolve(Scope(as_of=AS_OF, communities=("AH",)))
    weeks = mp.trend_weeks(AS_OF)
    with registry.connect() as conn:
        raw = daily.movements_by_week(conn, rs, [w.start for w in weeks], AS_OF)
        sizes = pq.household_sizes(conn, rs)
    totals = mp.movement_totals(mp.weekly_movements(weeks, raw))
    tiles = metric_values(at)
    assert tiles["26 周登记人数"] == f"{totals['arrivals']:,}"
    assert tiles["26 周注销人数"] == f"{totals['departures']:,}"
    assert tiles["26 周净变化"] == f"{totals['net']:,}"
    mean = mp.mean_household_size(sizes)
    assert any(f"户均人口 {mean:.2f} 人" in c.value for c in at.caption)


def test_grid_filter_by_key_changes_the_figures(app_page, registry: Registry) -> None:
    at = app_page(PAGE, as_of=DAY, community="AH")
    at.multiselect(key="f_grid").set_value(["AH-01"]).run()
    no_exceptions(at)
    one = run_snapshot(registry, Scope(as_of=AS_OF, grids=("AH-01",)))
    assert metric_values(at)["住户"] == f"{one['households']:,}"
    assert at.query_params["grid"] in ("AH-01", ["AH-01"])  # kept in the URL


def test_a_grid_without_residents_says_so(app_page) -> None:
    at = app_page(PAGE, as_of=DAY, grid="AH-03")  # 建新商业街: no dwellings
    no_exceptions(at)
    infos = [i.value for i in at.info]
    assert "所选范围内截至该日没有在册人口。" in infos
    assert "所选范围内截至该日没有在册住户。" in infos
    assert "近 26 周所选范围内没有人口登记或注销。" in infos
    assert not at.get("plotly_chart")


def test_english_labels(app_page) -> None:
    at = app_page(PAGE, as_of=DAY, community="AH", lang="en")
    no_exceptions(at)
    assert at.title[0].value == "Population and floating population"
    assert metric_values(at)["Households"] == "4,686"
    assert "Age, sex and household size" in [h.value for h in at.subheader]


def test_warm_rerun_is_quick(app_page) -> None:
    at = app_page(PAGE, as_of=DAY)
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    no_exceptions(at)
    print(f"population page warm rerun on the demo: {elapsed:.2f} s")
    assert elapsed < 5
