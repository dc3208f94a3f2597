"""特殊人群 through app.py on the demo: the snapshot's counts, "<5", trend and list by key.

The tester is a secretary (personal-data access: exact counts); a test about "<5" signs in as the
township office (``township_office``). ``test_disclosure`` has the rule's own page tests."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from commands.metrics_cli import run_snapshot
from data_access import queries as q
from data_access import special_groups as sq
from data_access.config import ENV_VAR
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics import special_groups as msg
from tests.pages.conftest import metric_values, no_exceptions

DAY = "2026-03-10"
AS_OF = dt.date(2026, 3, 10)
PAGE = "pages/special_groups.py"


@pytest.fixture(scope="module")
def registry(demo_sqlite: Path) -> Registry:
    return Registry.open(str(demo_sqlite))


@pytest.fixture(scope="module")
def groups(registry: Registry):
    with registry.connect() as conn:
        return q.special_groups(conn)


def _care_list(at):
    return next(df.value for df in at.dataframe if "距上次走访（天）" in df.value.columns)


def test_every_group_is_shown_as_the_snapshot_counts_it(
    app_page, registry: Registry, groups
) -> None:
    """To the tester, a secretary: every count exact, a sensitive group's too."""
    at = app_page(PAGE, as_of=DAY, community="AH")
    no_exceptions(at)
    s = run_snapshot(registry, Scope(as_of=AS_OF, communities=("AH",)))
    tiles = metric_values(at)
    for group in groups.iter_rows(named=True):
        shown = f"{s['special_groups'][group['code']]:,}"
        assert tiles[group["name_zh"]] == shown, group["code"]


def test_a_small_sensitive_count_shows_as_less_than_five(
    app_page, registry: Registry, groups, township_office
) -> None:
    """Find a grid where a sensitive group has 1–4 members; the page must say "<5" there to the
    township office."""
    sensitive = groups.filter(groups["sensitive"])
    rs = registry.resolve(Scope(as_of=AS_OF))
    with registry.connect() as conn:
        counts = q.special_group_counts(conn, rs)
    small = counts.filter(
        counts["group_code"].is_in(sensitive["code"].to_list()) & counts["members"].is_between(1, 4)
    )
    assert small.height, "the demo has a sensitive group with 1–4 members in some grid"
    code, grid_id = small["group_code"][0], small["grid_id"][0]
    grid_code = rs.grids.filter(rs.grids["id"] == grid_id)["code"][0]
    at = app_page(PAGE, signed_in=township_office, as_of=DAY, grid=grid_code)
    no_exceptions(at)
    name = sensitive.filter(sensitive["code"] == code)["name_zh"][0]
    assert metric_values(at)[name] == "<5"


def test_care_gap_equals_the_metrics_and_lists_masked_members(
    app_page, registry: Registry, groups
) -> None:
    at = app_page(PAGE, as_of=DAY, community="AH")
    rs = registry.resolve(Scope(as_of=AS_OF, communities=("AH",)))
    codes = msg.care_group_codes(groups)
    with registry.connect() as conn:
        counts = sq.care_gap_counts(conn, rs, codes, msg.care_window_start(AS_OF))
    totals = msg.care_gap_totals(msg.care_gap_by_grid(rs.grids, counts))
    tiles = metric_values(at)
    assert tiles["关爱人群人数"] == f"{totals['members']:,}"
    assert tiles["近 30 天未走访"] == f"{totals['without_visit']:,}"
    listed = _care_list(at)
    assert len(listed) == min(50, totals["without_visit"])
    assert all("*" in name for name in listed["姓名"])
    assert all(address.endswith("**") for address in listed["住址"])
    care_names = {g["name_zh"] for g in groups.iter_rows(named=True) if g["code"] in codes}
    listed_groups = {name for cell in listed["人群"] for name in cell.split("、")}
    assert listed_groups <= care_names, "only the care groups, never a sensitive one"
    assert any(f"共 {totals['without_visit']:,} 条" in c.value for c in at.caption)


def test_list_pages_by_key(app_page) -> None:
    at = app_page(PAGE, as_of=DAY, community="AH")
    first = list(_care_list(at)["姓名"])
    at.number_input(key="sg_care_page").set_value(2).run()
    no_exceptions(at)
    assert any(c.value.startswith("第 51–") for c in at.caption)
    assert list(_care_list(at)["姓名"]) != first


def test_trend_group_chosen_by_key(app_page) -> None:
    at = app_page(PAGE, as_of=DAY, community="AH")
    assert (
        at.selectbox(key="sg_trend_group").value == "disabled"
    )  # the first group that is not sensitive
    charts = len(at.get("plotly_chart"))
    at.selectbox(key="sg_trend_group").set_value("party_household").run()
    no_exceptions(at)
    assert len(at.get("plotly_chart")) == charts
    at.selectbox(key="sg_trend_group").set_value("stability_watch").run()
    no_exceptions(at)


def test_a_grid_without_members_says_so(app_page) -> None:
    at = app_page(PAGE, as_of=DAY, grid="AH-03")  # 建新商业街: no dwellings
    no_exceptions(at)
    infos = [i.value for i in at.info]
    assert "所选范围内截至该日没有任何特殊人群成员。" in infos
    assert "所选范围内近 26 周没有该人群成员。" in infos
    assert "所选范围内截至该日没有关爱人群成员。" in infos
    assert not at.get("plotly_chart")


def test_english_labels(app_page) -> None:
    at = app_page(PAGE, as_of=DAY, community="AH", lang="en")
    no_exceptions(at)
    assert at.title[0].value == "Special groups"
    assert "Care gap: no visit in 30 days" in [h.value for h in at.subheader]
    assert "Care-group members" in metric_values(at)


def test_warm_rerun_is_quick(app_page) -> None:
    at = app_page(PAGE, as_of=DAY)
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    no_exceptions(at)
    print(f"special groups page warm rerun on the demo: {elapsed:.2f} s")
    assert elapsed < 5


def test_a_group_added_to_the_registry_appears_without_a_code_change(
    app_page, demo_sqlite: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, township_office
) -> None:
    """A copy of the demo with one more group (sensitive, household-level) of two households:
    "<5" to the township office, and no trend drawn."""
    copy = tmp_path / "registry.sqlite"
    shutil.copyfile(demo_sqlite, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute(
            "INSERT INTO special_group VALUES "
            "('flood_relief', '防汛转移户', 'Flood relief', 'household', 1)"
        )
        conn.execute(
            "INSERT INTO household_group (household_id, group_code, since) "
            "SELECT h.id, 'flood_relief', '2025-01-01' "
            "FROM household h JOIN grid g ON g.id = h.grid_id "
            "WHERE g.code = 'AH-01' AND h.closed_on IS NULL ORDER BY h.id LIMIT 2"
        )
    monkeypatch.setenv(ENV_VAR, f"sqlite:///{copy}")
    at = app_page(PAGE, signed_in=township_office, as_of=DAY, community="AH")
    no_exceptions(at)
    assert metric_values(at)["防汛转移户"] == "<5"
    at.selectbox(key="sg_trend_group").set_value("flood_relief").run()
    no_exceptions(at)
    assert "该敏感人群近 26 周人数均在 5 以下（显示为“<5”），不绘制趋势。" in [
        i.value for i in at.info
    ]


def _loosen_special_group(db: sqlite3.Connection) -> None:
    """The demo's ``special_group`` again, without its constraints (an imported registry's)."""
    db.execute("PRAGMA legacy_alter_table = ON")  # memberships keep naming special_group
    db.execute("ALTER TABLE special_group RENAME TO special_group_old")
    db.execute(
        "CREATE TABLE special_group (code TEXT, name_zh TEXT, name_en TEXT, applies_to TEXT,"
        " sensitive BOOLEAN)"
    )
    db.execute("INSERT INTO special_group SELECT * FROM special_group_old")
    db.execute("DROP TABLE special_group_old")


def test_a_null_sensitive_flag_fails_closed_and_bad_memberships_are_counted(
    app_page, demo_sqlite: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, township_office
) -> None:
    """A group with no sensitive flag (three members) shows "<5" to the township office (it is
    taken as sensitive); memberships of a group with
    no level, or of no group, are left out and the caption says how many."""
    copy = tmp_path / "registry.sqlite"
    shutil.copyfile(demo_sqlite, copy)
    with sqlite3.connect(copy) as db:
        _loosen_special_group(db)
        db.execute(
            "INSERT INTO special_group VALUES ('secret', '保密对象', 'Secret', 'resident', NULL),"
            " ('family', '家庭对象', 'Family', NULL, 0)"
        )
        for code, n in (("secret", 3), ("family", 2), ("ghost", 1)):
            db.execute(
                "INSERT INTO resident_group (resident_id, group_code, since) "
                f"SELECT r.id, '{code}', '2025-01-01' FROM resident r "
                "JOIN household h ON h.id = r.household_id JOIN grid g ON g.id = h.grid_id "
                "WHERE g.code = 'AH-01' AND r.left_on IS NULL AND h.closed_on IS NULL "
                f"ORDER BY r.id LIMIT {n}"
            )
    monkeypatch.setenv(ENV_VAR, f"sqlite:///{copy}")
    at = app_page(PAGE, signed_in=township_office, as_of=DAY, community="AH")
    no_exceptions(at)
    tiles = {m.label: m for m in at.metric}
    assert tiles["保密对象"].value == "<5"
    assert tiles["家庭对象"].value == "0"
    assert "另有 3 条成员记录未计入" in " ".join(c.value for c in at.caption)
