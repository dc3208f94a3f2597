"""The seed's figures (kpi-definitions.md, last section), pinned on the demo registry through the
metrics layer, and the same figures on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from commands.metrics_cli import run_snapshot, run_workers
from data_access.loaders import Registry
from data_access.scope import Scope

SEED_DAY = dt.date(2026, 3, 10)
AH = Scope(as_of=SEED_DAY, communities=("AH",))


@pytest.fixture(scope="module")
def demo(demo_sqlite: Path) -> Registry:
    return Registry.open(str(demo_sqlite))


def test_seed_figures_of_aihe(demo: Registry) -> None:
    figures = run_snapshot(demo, AH)
    assert figures["grids"] == {"total": 14, "inhabited": 10}
    assert figures["workers"] == {"grid_leader": 6, "grid_worker": 14}
    assert figures["households"] == 4686
    residents = figures["residents"]
    assert (
        residents["total"],
        residents["resident"],
        residents["floating"],
        residents["nominal"],
    ) == (
        16074,
        9074,
        3000,
        4000,
    )
    assert figures["floating_origin"] == {
        "out_of_county": 703,
        "study_companion": 684,
        "business": 1254,
        "other": 359,
        "unknown": 0,
    }


def test_seed_areas_and_their_leads(demo: Registry) -> None:
    communities, grids = demo.organisation()
    aihe = grids.filter(pl.col("community_code") == "AH")
    leads = dict(aihe.select("area_name", "area_lead").unique().iter_rows())
    assert leads == {
        "建新片": "吴邦尤",
        "站前片": "张伏宏",
        "爱和片": "吴昌明",
        "消防李湾片": "张诗桂",
        "人民片": "刘琼",
    }
    assert aihe["area_id"].null_count() == 0
    assert communities.filter(pl.col("code") == "AH")["name"].to_list() == ["爱和社区"]
    assert communities.height >= 5 and set(communities["township"]) == {"上派镇"}


def test_demo_opens_on_its_latest_visit(demo: Registry) -> None:
    assert demo.default_as_of() == dt.date(2026, 11, 27)


def test_every_special_group_of_the_schema_is_populated(demo: Registry) -> None:
    figures = run_snapshot(demo, Scope(as_of=dt.date(2026, 11, 27)))
    assert len(figures["special_groups"]) >= 16
    assert all(count > 0 for count in figures["special_groups"].values()), figures["special_groups"]


def test_postgres_gives_the_same_figures(demo: Registry, pg_demo_url: str) -> None:
    pg = Registry.open(pg_demo_url)
    for scope in (
        AH,
        Scope(as_of=dt.date(2026, 11, 27)),
        Scope(as_of=dt.date(2026, 6, 14), grids=("AH-03",)),
    ):
        assert run_snapshot(pg, scope) == run_snapshot(demo, scope)
    assert run_workers(pg, AH, "2026-03") == run_workers(demo, AH, "2026-03")
    assert run_snapshot(pg, AH)["households"] == 4686
