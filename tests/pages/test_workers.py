"""The worker-assessment page through app.py on the demo registry: the same figures as
``python -m metrics workers`` (commands.metrics_cli.run_workers), widgets driven by key."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import sqlite3
import statistics
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from commands.metrics_cli import run_workers
from data_access import queries as q
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics.assessment import evidence_flags, quarter_thresholds, sheet
from tests.pages.conftest import no_exceptions
from ui.i18n import Labels
from ui.workers_data import MonthSheet
from ui.workers_view import committee_csv, committee_workbook, criteria_codes

PAGE = "pages/workers.py"
DAY = "2026-03-10"
LATE_DAY = "2026-11-27"
ZH = Labels("zh")
INDICATORS = (
    "visits",
    "visit_days",
    "weeks",
    "weeks_meeting_visit_days",
    "visit_days_meeting_rate",
    "patrol_rate",
    "log_on_time_rate",
    "incidents_reported",
    "incidents_resolved_72h_rate",
)


@pytest.fixture(scope="module")
def registry(demo_sqlite: Path) -> Registry:
    return Registry.open(str(demo_sqlite))


@pytest.fixture(scope="module")
def criteria(registry: Registry):
    with registry.connect() as conn:
        return q.assessment_criteria(conn)


def cli(registry: Registry, day: str, month: str, **scope: Any) -> list[dict]:
    as_of = dt.date.fromisoformat(day)
    return run_workers(registry, Scope(as_of=as_of, **scope), month)["workers"]


def value(cell: Any) -> Any:
    """A dataframe cell as a plain value (pandas shows nulls as NaN/None/NaT)."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return None
    return cell.item() if hasattr(cell, "item") else cell


def table(at, first_column: str, having: str | None = None) -> list[dict[str, Any]]:
    """The rows of the (only) dataframe whose first column is ``first_column`` (and that has a
    column ``having``)."""
    [frame] = [
        d.value
        for d in at.dataframe
        if list(d.value.columns)[:1] == [first_column]
        and (having is None or having in d.value.columns)
    ]
    return [{k: value(v) for k, v in row.items()} for row in frame.to_dict("records")]


def sheet_rows(at, labels: Labels = ZH) -> list[dict[str, Any]]:
    return table(at, labels("workers.col.rank"))


def criterion_header(criteria, code: str, labels: Labels = ZH) -> str:
    [(zh, en, most)] = (
        criteria.filter(criteria["code"] == code).select("name_zh", "name_en", "max_score").rows()
    )
    return labels("workers.col.criterion", name=labels.name(zh, en), max=f"{most:g}")


def expected_row(worker: dict, criteria) -> dict[str, Any]:
    """What the sheet must show for one row of ``python -m metrics workers``."""
    out = {
        ZH("workers.col.name"): worker["name"],
        ZH("workers.col.role"): ZH.code("role", worker["role"]),
        ZH("workers.col.grids"): ", ".join(worker["grids"]),
        ZH("workers.col.total"): worker["score_total"],
        ZH("workers.col.status"): ZH("workers.scored" if worker["scores"] else "workers.unscored"),
    }
    out |= {ZH(f"workers.col.{name}"): worker[name] for name in INDICATORS}
    for code in criteria["code"].to_list():
        out[criterion_header(criteria, code)] = worker["scores"].get(code)
    return out


def _key(row: dict) -> tuple:
    return (row[ZH("workers.col.name")], row[ZH("workers.col.grids")])


SCORED_DAY = "2026-04-20"  # March's scores are entered in the first days of April


@pytest.mark.parametrize("day", [DAY, SCORED_DAY])
def test_page_and_command_give_the_same_figures(app_page, registry, criteria, day: str) -> None:
    at = app_page(PAGE, as_of=day, community="AH")
    no_exceptions(at)
    at.selectbox(key="workers_month").set_value("2026-03").run()
    no_exceptions(at)
    workers = cli(registry, day, "2026-03", communities=("AH",))
    # contract 1.1: on 2026-03-10 no March score is known yet; by 04-20 they are
    assert workers
    if day == DAY:
        assert not any(w["scores"] for w in workers)
    else:
        assert any(w["scores"] for w in workers)
    shown = sheet_rows(at)
    expected = {_key(r): r for r in (expected_row(w, criteria) for w in workers)}
    assert len(shown) == len(workers)
    for row in shown:
        rank = row.pop(ZH("workers.col.rank"))
        assert row == expected[_key(row)]
        assert (rank is None) == (row[ZH("workers.col.total")] is None)


def test_sheet_is_ranked_by_total_with_ties_sharing_a_rank(app_page) -> None:
    at = app_page(PAGE, as_of=LATE_DAY)
    no_exceptions(at)
    rows = sheet_rows(at)
    totals = [r[ZH("workers.col.total")] for r in rows]
    ranks = [r[ZH("workers.col.rank")] for r in rows]
    scored = [t for t in totals if t is not None]
    assert scored == sorted(scored, reverse=True) and totals[: len(scored)] == scored
    for total, rank in zip(scored, ranks, strict=False):
        assert rank == 1 + sum(1 for t in scored if t > total)


def test_default_month_is_the_last_complete_one_and_unscored_workers_say_so(
    app_page, registry
) -> None:
    at = app_page(PAGE, as_of=DAY, community="AH")
    assert at.selectbox(key="workers_month").value == "2026-02"
    workers = cli(registry, DAY, "2026-02", communities=("AH",))
    assert workers and not any(w["scores"] for w in workers)  # the demo's first period is 2026-03
    rows = sheet_rows(at)
    assert len(rows) == len(workers)
    assert {r[ZH("workers.col.status")] for r in rows} == {"未评分"}
    assert all(r[ZH("workers.col.rank")] is None for r in rows)


def test_role_filter(app_page, registry) -> None:
    at = app_page(PAGE, as_of=LATE_DAY, community="AH")
    at.radio(key="workers_role").set_value("grid_leader").run()
    no_exceptions(at)
    leaders = [
        w
        for w in cli(registry, LATE_DAY, "2026-10", communities=("AH",))
        if w["role"] == "grid_leader"
    ]
    rows = sheet_rows(at)
    assert len(rows) == len(leaders) > 0
    assert {r[ZH("workers.col.role")] for r in rows} == {"网格长"}
    assert min(r[ZH("workers.col.rank")] for r in rows) == 1


def _half_up(value: float, places: str) -> str:
    return str(Decimal(repr(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def test_quarter_thresholds_are_shown(app_page, registry) -> None:
    at = app_page(PAGE, as_of=LATE_DAY)
    no_exceptions(at)
    totals = [
        w["score_total"] for w in cli(registry, LATE_DAY, "2026-10") if w["score_total"] is not None
    ]
    q1, _, q3 = statistics.quantiles(totals, n=4, method="inclusive")  # linear, type 7
    thresholds = table(at, ZH("workers.threshold.measure"))
    score = next(r for r in thresholds if r[ZH("workers.threshold.measure")] == "总分")
    assert score[ZH("workers.threshold.low")] == _half_up(q1, "0.01")
    assert score[ZH("workers.threshold.high")] == _half_up(q3, "0.01")
    at.slider(key="workers_share").set_value(50).run()
    no_exceptions(at)
    thresholds = table(at, ZH("workers.threshold.measure"))
    assert {r[ZH("workers.threshold.low")] for r in thresholds} == {"不足以分段"}
    assert at.success and at.success[0].value == ZH("workers.flags.none")


def test_fixed_thresholds_flag_the_disagreements(app_page, registry) -> None:
    at = app_page(PAGE, as_of=LATE_DAY)
    at.radio(key="workers_threshold_mode").set_value("fixed").run()
    for key, number in {
        "workers_score_low": 85.0,
        "workers_score_high": 95.0,
        "workers_comp_low": 50.0,
        "workers_comp_high": 90.0,
    }.items():
        at.number_input(key=key).set_value(number)
    at.run()
    no_exceptions(at)

    def compliances(w: dict) -> list[float | None]:
        visit = round(w["weeks_meeting_visit_days"] / w["weeks"], 4) if w["weeks"] else None
        return [visit, w["patrol_rate"], w["log_on_time_rate"]]

    expected = set()
    for w in cli(registry, LATE_DAY, "2026-10"):
        total, values = w["score_total"], [v for v in compliances(w) if v is not None]
        if total is not None and total >= 95 and any(v <= 0.5 for v in values):
            expected.add((w["name"], "高分低实绩"))
        if total is not None and total <= 85 and any(v >= 0.9 for v in values):
            expected.add((w["name"], "低分高实绩"))
    assert expected, "the demo month has disagreements to flag"
    flags = table(at, ZH("workers.col.name"), having=ZH("workers.col.flag"))
    shown = {(r[ZH("workers.col.name")], r[ZH("workers.col.flag")]) for r in flags}
    assert shown == expected


def test_month_over_month_changes(app_page, registry) -> None:
    at = app_page(PAGE, as_of=LATE_DAY, community="AH")
    no_exceptions(at)
    now = {w["id"]: w for w in cli(registry, LATE_DAY, "2026-10", communities=("AH",))}
    before = {w["id"]: w for w in cli(registry, LATE_DAY, "2026-09", communities=("AH",))}
    rows = table(at, ZH("workers.col.name"), having=ZH("workers.col.change", name="总分"))
    assert len(rows) == len(now)
    by_name = {w["name"]: w for w in now.values()}
    for row in rows:
        worker = by_name[row[ZH("workers.col.name")]]
        prior = before.get(worker["id"])
        visits_change = row[ZH("workers.col.change", name=ZH("workers.col.visits"))]
        total_change = row[ZH("workers.col.change", name="总分")]
        if prior is None:
            assert visits_change is None
            continue
        assert visits_change == worker["visits"] - prior["visits"]
        if worker["score_total"] is not None and prior["score_total"] is not None:
            exact = Decimal(repr(worker["score_total"])) - Decimal(repr(prior["score_total"]))
            assert Decimal(repr(total_change)) == exact


def test_one_worker_trend_grids_and_calendar(app_page, registry) -> None:
    at = app_page(PAGE, as_of=LATE_DAY, community="AH")
    workers = cli(registry, LATE_DAY, "2026-10", communities=("AH",))
    worker = next(w for w in workers if w["scores"] and len(w["grids"]) > 1)
    at.selectbox(key="workers_person").set_value(worker["id"]).run()
    no_exceptions(at)
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    bars = next(c for c in charts if c["data"][0]["type"] == "bar")
    months = bars["data"][0]["x"]
    assert months == ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]
    for month, y in zip(months, bars["data"][0]["y"], strict=True):
        row = next(
            w
            for w in cli(registry, LATE_DAY, month, communities=("AH",))
            if w["id"] == worker["id"]
        )
        assert y == (row["score_total"] or 0)
    assert any(c["data"][0]["type"] == "scatterpolar" for c in charts)
    heat = next(c for c in charts if c["data"][0]["type"] == "heatmap")
    visits = sum(v for week in heat["data"][0]["z"] for v in week if v is not None)
    assert visits == worker["visits"]
    grids = table(at, ZH("workers.col.grid_code"))
    assert set(worker["grids"]) <= {r[ZH("workers.col.grid_code")] for r in grids}


def test_export_workbook_and_csv(registry, criteria) -> None:
    day = dt.date.fromisoformat(LATE_DAY)
    history = {
        month: MonthSheet(month, day, 4, tuple(cli(registry, LATE_DAY, month, communities=("AH",))))
        for month in ("2026-09", "2026-10")
    }
    frame = sheet(history["2026-10"].rows, criteria_codes(criteria))
    flags = evidence_flags(frame, quarter_thresholds(frame))
    assert flags.height > 0, "the demo's October has workers whose evidence and score disagree"
    data = committee_workbook(history, criteria, None, ZH, month="2026-10", flags=flags)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["2026-10", "2026-09", "评分与证据不一致"]
    sheet_ = book["2026-10"]
    assert sheet_.freeze_panes == "A2"
    header = [c.value for c in sheet_[1]]
    assert header[:7] == ["月份", "排名", "姓名", "角色", "负责网格", "总分", "评分状态"]
    rate = header.index("巡查率") + 1
    total = header.index("总分") + 1
    assert sheet_.cell(2, rate).number_format == "0.0%"
    assert sheet_.cell(2, total).number_format == "0.00"
    assert sheet_.max_row == 1 + len(history["2026-10"].rows)
    shown_totals = sorted(
        v for v in (sheet_.cell(r, total).value for r in range(2, sheet_.max_row + 1)) if v
    )
    assert shown_totals == sorted(
        w["score_total"] for w in history["2026-10"].rows if w["score_total"]
    )
    flagged = book["评分与证据不一致"]
    assert flagged.max_row == 1 + flags.height
    names = [flagged.cell(r, 1).value for r in range(2, flagged.max_row + 1)]
    assert names == flags["name"].to_list()
    header = [c.value for c in flagged[1]]
    assert flagged.cell(2, header.index("巡查率") + 1).number_format == "0.0%"
    # the chosen month comes first whatever the order of the history
    book = openpyxl.load_workbook(
        io.BytesIO(committee_workbook(history, criteria, None, ZH, month="2026-09"))
    )
    assert book.sheetnames == ["2026-09", "2026-10"]
    text = committee_csv(history["2026-10"], criteria, None, ZH).decode("utf-8")
    assert text.startswith("\ufeff月份,排名,姓名")
    assert text.count("\n") == 1 + len(history["2026-10"].rows)


def test_download_buttons_are_offered(app_page) -> None:
    at = app_page(PAGE, as_of=DAY, community="AH")
    labels = [b.proto.label for b in at.get("download_button")]
    # the committee's workbook first, then the CSV; every other table its CSV and Excel
    assert labels[:2] == ["导出 Excel", "导出 CSV"]
    assert labels[2:] == ["导出 CSV", "导出 Excel"] * ((len(labels) - 2) // 2)
    assert len(labels) >= 2 * len(at.dataframe)


def test_unscored_worker_in_the_export_says_so(registry, criteria) -> None:
    rows = tuple(cli(registry, DAY, "2026-02", communities=("AH",)))
    sheet = MonthSheet("2026-02", dt.date.fromisoformat(DAY), 4, rows)
    text = committee_csv(sheet, criteria, None, ZH).decode("utf-8")
    assert text.count("未评分") == len(rows)


@pytest.fixture(scope="module")
def demo_with_new_community(demo_sqlite: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo with community NEW: one grid NEW-01, no worker, and community EMPTY
    without any grid (built once for the module; no test changes it)."""
    copy = tmp_path_factory.mktemp("new_community") / "registry.sqlite"
    copy.write_bytes(demo_sqlite.read_bytes())
    with sqlite3.connect(copy) as db:
        db.execute(
            "INSERT INTO community (id, code, name, township) VALUES"
            " (998, 'NEW', '新社区', '上派镇'), (999, 'EMPTY', '空社区', '上派镇')"
        )
        db.execute(
            "INSERT INTO grid (id, community_id, code, name, kind, inhabited)"
            " VALUES (9999, 998, 'NEW-01', '新网格', 'scattered', 1)"
        )
    return copy


@pytest.fixture
def with_new_community(demo_with_new_community: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app reads the demo with communities NEW and EMPTY."""
    monkeypatch.setenv("REGISTRY_DB_URL", f"sqlite:///{demo_with_new_community}")
    return demo_with_new_community


def test_empty_scope_says_so(app_page, with_new_community: Path) -> None:
    at = app_page(PAGE, as_of=DAY, community="EMPTY")
    no_exceptions(at)
    assert [i.value for i in at.info] == [ZH("scope.empty")]
    assert not at.dataframe


def test_scope_without_workers_says_so(app_page, with_new_community: Path) -> None:
    at = app_page(PAGE, as_of=DAY, community="NEW")
    no_exceptions(at)
    assert [i.value for i in at.info] == [ZH("workers.no_workers", month="2026-02")]
    assert not at.dataframe


def test_as_of_before_anyone_was_in_post_says_so(app_page) -> None:
    at = app_page(PAGE, as_of="2024-06-30", community="AH")
    no_exceptions(at)
    assert at.selectbox(key="workers_month").value == "2024-06"
    assert at.selectbox(key="workers_month").options == [
        ZH.plain("workers.month.unscored", month="2024-06")
    ]
    assert [i.value for i in at.info] == [ZH("workers.no_workers", month="2024-06")]


def test_english_labels(app_page, registry) -> None:
    at = app_page(PAGE, as_of=DAY, community="AH", lang="en")
    no_exceptions(at)
    en = Labels("en")
    assert at.title[0].value == "Worker assessment"
    rows = sheet_rows(at, en)
    assert len(rows) == len(cli(registry, DAY, "2026-02", communities=("AH",)))
    assert {r["Scoring"] for r in rows} == {"Not scored"}
    assert {r["Role"] for r in rows} <= {"Grid leader", "Grid worker"}


def test_criteria_with_the_same_name_and_maximum_are_keyed_by_code(
    app_page, demo_sqlite: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, criteria
) -> None:
    """A second criterion named and weighted like 入户走访 (its own code), and scores that no
    total counts: the page shows both columns, and says how many scores were left out."""
    copy = tmp_path / "registry.sqlite"
    copy.write_bytes(demo_sqlite.read_bytes())
    [(zh, en, most)] = (
        criteria.filter(criteria["code"] == "visits")
        .select("name_zh", "name_en", "max_score")
        .rows()
    )
    with sqlite3.connect(copy) as db:
        db.execute(
            "INSERT INTO assessment_criterion VALUES ('visits_again', ?, ?, ?), ('bonus', '加分', 'Bonus', 0)",
            (zh, en, most),
        )
        db.execute(
            "INSERT INTO assessment (worker_id, period, criterion_code, score) "
            "SELECT worker_id, period, 'visits_again', 20 FROM assessment "
            "WHERE period = '2026-10' AND criterion_code = 'visits'"
        )
        db.execute(
            "INSERT INTO assessment (worker_id, period, criterion_code, score) "
            "SELECT worker_id, period, 'bonus', 5 FROM assessment "
            "WHERE period = '2026-10' AND criterion_code = 'visits' ORDER BY worker_id LIMIT 2"
        )
        db.execute(
            "UPDATE assessment SET score = -1 WHERE period = '2026-10' AND criterion_code = 'patrol'"
            " AND worker_id = (SELECT min(worker_id) FROM assessment WHERE period = '2026-10')"
        )
    monkeypatch.setenv("REGISTRY_DB_URL", f"sqlite:///{copy}")
    at = app_page(PAGE, as_of=LATE_DAY, community="AH")
    no_exceptions(at)
    at.selectbox(key="workers_month").set_value("2026-10").run()
    no_exceptions(at)
    header = ZH.plain(  # the shared name carries the code on both (headers are plain text)
        "workers.col.criterion",
        name=ZH.plain("workers.criterion_coded", name=zh, code="visits"),
        max=f"{most:g}",
    )
    coded = ZH.plain(
        "workers.col.criterion",
        name=ZH.plain("workers.criterion_coded", name=zh, code="visits_again"),
        max=f"{most:g}",
    )
    rows = sheet_rows(at)
    assert rows and {header, coded} <= set(rows[0])
    captions = " ".join(c.value for c in at.caption)
    assert "条评分未计入总分" in captions


def test_month_picker_marks_the_months_scored_as_known_on_the_day(app_page) -> None:
    # contract 1.1: March's scores are entered in early April; on 03-31 none is known yet
    early = app_page(PAGE, as_of="2026-03-31", community="AH")
    no_exceptions(early)
    picker = early.selectbox(key="workers_month")
    assert ZH.plain("workers.month.unscored", month="2026-03") in picker.options
    assert not any("已评分" in o for o in picker.options)
    late = app_page(PAGE, as_of=SCORED_DAY, community="AH")
    no_exceptions(late)
    options = late.selectbox(key="workers_month").options
    assert ZH.plain("workers.month.scored", month="2026-03") in options
    assert ZH.plain("workers.month.unscored", month="2026-04") in options
    captions = " ".join(c.value for c in late.caption)
    assert (
        "2026-04" in captions
        and ZH("workers.months_unscored", months="x", day=SCORED_DAY)[:8] in captions
    )
