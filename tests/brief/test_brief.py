"""The weekly brief (``brief``): its figures are the pages' and the commands', on the demo and on
the tiny registry (SQLite and PostgreSQL); the three files read back; the reader's rights; the
command's exit codes."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from brief.model import TILE_LABEL, Brief, as_of_for_week, build_brief, week_of
from brief.render import render
from commands.brief_cli import main
from commands.metrics_cli import run_snapshot, run_workers
from data_access.assessment import worker_days
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics.privacy import Disclosure
from tests.data_access.tiny import AS_OF
from tests.support.paths import PROJECT_ROOT
from ui.i18n import Labels

WEEK = "2026-W11"
SUNDAY = dt.date(2026, 3, 15)


@pytest.fixture(scope="module")
def demo(demo_sqlite: Path) -> Registry:
    return Registry.open(str(demo_sqlite))


def make(registry: Registry, day: dt.date, lang: str = "zh", **options: Any) -> Brief:
    filters = {k: options.pop(k) for k in ("communities", "grids") if k in options}
    rs = registry.resolve(Scope(as_of=day, **filters), day)
    with registry.connect() as conn:
        return build_brief(conn, rs, lang=lang, generated_by="tester", **options)


@pytest.fixture(scope="module")
def ah(demo: Registry) -> Brief:
    return make(demo, SUNDAY, communities=("AH",))


def table(brief: Brief, key: str):
    return next(t for t in brief.tables if t.key == key)


def by_label(brief: Brief) -> dict[str, dict[str, Any]]:
    return {r["figure"]: r for r in table(brief, "figures").rows}


# --- the figures are the commands' --------------------------------------------------------


def test_the_week_of_a_day_and_the_day_of_a_week() -> None:
    assert week_of(dt.date(2026, 3, 11)) == ("2026-W11", dt.date(2026, 3, 9), SUNDAY)
    assert as_of_for_week(WEEK, dt.date(2026, 11, 27)) == SUNDAY
    assert as_of_for_week("2026-W48", dt.date(2026, 11, 27)) == dt.date(2026, 11, 27)
    with pytest.raises(ValueError, match="bad week"):
        as_of_for_week("2026-W54", SUNDAY)


def test_this_week_and_last_week_are_the_snapshots_of_the_two_days(
    ah: Brief, demo: Registry
) -> None:
    now = run_snapshot(demo, Scope(as_of=SUNDAY, communities=("AH",)))
    before = run_snapshot(demo, Scope(as_of=SUNDAY - dt.timedelta(days=7), communities=("AH",)))
    rows = table(ah, "figures").rows
    checked = 0
    labels = Labels("zh")
    for figure, key in TILE_LABEL.items():
        row = next(r for r in rows if r["figure"].startswith(labels.plain(key)))
        assert row["this_week"] == figure.of(now), figure.key
        assert row["last_week"] == figure.of(before), figure.key
        checked += 1
    assert checked == len(TILE_LABEL) >= 15
    # every special group, exact for the operator (the command's own rule)
    for code, members in now["special_groups"].items():
        assert any(r["this_week"] == members for r in rows), code


def test_the_trend_is_four_snapshots_a_week_apart(ah: Brief, demo: Registry) -> None:
    trend = table(ah, "trend").rows
    assert [r["week"] for r in trend] == [SUNDAY - dt.timedelta(days=7 * n) for n in (3, 2, 1, 0)]
    for r in trend:
        snap = run_snapshot(demo, Scope(as_of=r["week"], communities=("AH",)))
        assert r["visits.this_week.visits"] == snap["visits"]["this_week"]["visits"]
        assert r["visits.coverage_90d"] == snap["visits"]["coverage_90d"]


def test_the_grids_and_the_workers_are_the_pages_figures(ah: Brief, demo: Registry) -> None:
    snap = run_snapshot(demo, Scope(as_of=SUNDAY, communities=("AH",)))
    grids = table(ah, "grids").rows
    assert [g["grid"] for g in grids] == sorted(g["grid"] for g in grids)
    met = sum(1 for g in grids if g["meets"] == "达标")
    assert met == snap["visits"]["last_week"]["grids_meeting_visit_days"]
    assert sum(g["visit_days"] for g in grids) == snap["visits"]["last_week"]["visit_days"]
    # per worker the same week, counted from the worker's own days (data_access.assessment)
    shown = table(ah, "workers").rows
    monday = dt.date(2026, 3, 9)
    month = run_workers(demo, Scope(as_of=SUNDAY, communities=("AH",)), "2026-03")["workers"]
    assert {w["name"] for w in shown} <= {w["name"] for w in month}
    by_name = {w["name"]: w["id"] for w in month}
    with demo.connect() as conn:
        for w in shown:
            days = worker_days(conn, by_name[w["name"]], monday, SUNDAY)
            visiting = days.filter(days["visits"] > 0)
            assert w["visit_days"] == visiting.height, w["name"]
            assert w["visits"] == int(days["visits"].sum()), w["name"]
            assert w["meets"] == ("达标" if visiting.height >= 3 else "未达标"), w["name"]


def test_needs_attention_follows_the_rules(ah: Brief, demo: Registry) -> None:
    lines = ah.attention.lines
    grids = table(ah, "grids").rows
    for g in grids:
        unvisited = f"{g['grid']} 网格：{g['not_visited']} 户 90 天未走访。"
        assert (unvisited in lines) == (g["not_visited"] > 0)
        below = g["meets"] != "达标" or g["visit_days_meeting_rate"] < g["visit_days"]
        assert (
            any(line.startswith(f"{g['grid']} 网格：2026-03-09–2026-03-15") for line in lines)
            == below
        )
    idle = [w["name"] for w in table(ah, "workers").rows if not w["visit_days"]]
    for name in idle:
        assert any(line.startswith(f"{name}（") for line in lines)


def test_on_the_tiny_registry_on_both_engines(tiny_url: str) -> None:
    registry = Registry.open(tiny_url)
    try:
        brief = make(registry, AS_OF)
        snap = run_snapshot(registry, Scope(as_of=AS_OF))
    finally:
        registry.engine.dispose()
    rows = by_label(brief)
    assert rows["总人口"]["this_week"] == snap["residents"]["total"]
    assert rows["住户"]["this_week"] == snap["households"]
    assert rows["本周走访（次）"]["this_week"] == snap["visits"]["this_week"]["visits"]
    for fmt in ("pdf", "docx", "xlsx"):
        assert render(brief, fmt)


# --- the reader's rights ------------------------------------------------------------------


def test_a_role_without_personal_data_access_sees_protected_counts_and_no_list(
    demo: Registry,
) -> None:
    from tests.pages.test_disclosure import allowed

    brief = make(demo, SUNDAY, communities=("AH",), disclosure=Disclosure.PROTECTED, lists=False)
    exact = run_snapshot(demo, Scope(as_of=SUNDAY, communities=("AH",)))["special_groups"]
    with demo.connect() as conn:
        from data_access import queries as q

        groups = q.special_groups(conn)
    rows = by_label(brief)
    for g in groups.iter_rows(named=True):
        shown = rows[g["name_zh"]]["this_week"]
        if g["sensitive"]:
            assert isinstance(shown, str) and exact[g["code"]] in allowed(shown), g["code"]
            assert rows[g["name_zh"]]["change"] is None
        else:
            assert shown == exact[g["code"]]
    assert not any(t.key == "care_list" for t in brief.tables)
    care = next(s for s in brief.sections if s.key == "care")
    assert "您的角色不能查看居民名单，此处只列人数。" in care.lines
    pdf = render(brief, "pdf")
    assert b"care_list" not in pdf


def test_a_secretary_gets_the_care_list_masked(ah: Brief) -> None:
    rows = table(ah, "care_list").rows
    assert rows and all("*" in r["name"] for r in rows)


# --- the files ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pdf_fits_the_meeting_with_its_fonts_embedded(demo: Registry, lang: str) -> None:
    from pypdf import PdfReader

    brief = make(demo, SUNDAY, lang=lang, communities=("AH",))
    reader = PdfReader(io.BytesIO(render(brief, "pdf")))
    assert 2 <= len(reader.pages) <= 4
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described["/FontDescriptor"].get_object()
            fonts.append(
                (
                    font["/BaseFont"],
                    any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")),
                )
            )
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert any("CJK" in str(name) for name, _ in fonts)
    text = reader.pages[0].extract_text()
    first = "周例会简报" if lang == "zh" else "Weekly meeting brief"
    assert first in text and "爱和社区" in text
    last = reader.pages[-1].extract_text()
    n = len(reader.pages)
    assert (f"第 {n} 页，共 {n} 页" if lang == "zh" else f"Page {n} of {n}") in last


def test_the_docx_has_the_sections_and_the_same_figures(ah: Brief) -> None:
    from docx import Document

    doc = Document(io.BytesIO(render(ah, "docx")))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for section in (ah.attention, *ah.sections):
        assert section.title in headings
    first = doc.tables[0]
    assert [c.text for c in first.rows[0].cells] == ["指标", "本周", "上周", "变化"]
    row = table(ah, "figures").rows[0]
    assert first.rows[1].cells[1].text == f"{row['this_week']:,}"
    assert len(doc.tables) == sum(1 for _ in ah.tables)


def test_the_xlsx_has_a_sheet_per_table_with_numbers(ah: Brief) -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(render(ah, "xlsx")))
    assert book.sheetnames[0] == "周例会简报"
    assert len(book.sheetnames) == 1 + len(ah.tables)
    grids = book[next(n for n in book.sheetnames if n.startswith("四、"))]
    header = [c.value for c in grids[1]]
    assert header[:3] == ["网格", "网格名称", "入格天数"]
    first = table(ah, "grids").rows[0]
    assert grids.cell(2, 1).value == first["grid"]
    coverage = grids.cell(2, header.index("30 天覆盖率") + 1)
    assert (
        coverage.value == pytest.approx(first["coverage_30d"]) and coverage.number_format == "0.0%"
    )


# --- the command --------------------------------------------------------------------------


def test_the_command_writes_the_file(demo_sqlite: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "brief.docx"
    code = main(["--db", str(demo_sqlite), "--community", "AH", "--week", WEEK,
                 "--format", "docx", "--out", str(out)])  # fmt: skip
    assert code == 0 and out.stat().st_size > 10_000
    assert "2026-W11" in capsys.readouterr().out
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--community", "ZZ"], 2, "unknown community code: 'ZZ'"),
        (["--community", "AH", "--week", "2026-W99"], 2, "bad week '2026-W99'"),
        (["--community", "AH", "--week", "26-W1"], 2, "malformed week '26-W1'"),
        (["--community", "AH", "--week", "2030-W01"], 2, "after the registry's last day"),
        (["--community", "AH", "--as-of", "2026-02-30"], 2, "impossible date '2026-02-30'"),
        ([], 2, "name the brief's scope"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    demo_sqlite: Path, tmp_path: Path, capsys, args: list[str], code: int, message: str
) -> None:
    out = tmp_path / "b.pdf"
    got = main(["--db", str(demo_sqlite), *args, "--format", "pdf", "--out", str(out)])
    err = capsys.readouterr().err
    assert got == code and message in err and err.count("\n") == 1, err
    assert not out.exists()


def test_an_unreachable_registry_is_exit_1(tmp_path: Path, capsys) -> None:
    got = main(["--db", str(tmp_path / "none.sqlite"), "--community", "AH",
                "--format", "xlsx", "--out", str(tmp_path / "b.xlsx")])  # fmt: skip
    err = capsys.readouterr().err
    assert got == 1 and err.startswith("error: registry file not found") and err.count("\n") == 1


def test_python_m_brief_runs(demo_sqlite: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "brief", "--db", str(demo_sqlite), "--grid", "AH-01",
         "--as-of", "2026-06-28", "--format", "xlsx", "--out", str(out)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 1_000


def test_a_registry_text_like_a_formula_stays_text_in_the_workbook(ah: Brief) -> None:
    from dataclasses import replace

    from openpyxl import load_workbook

    from brief.model import Col, Section, Table

    hostile = Table(
        "hostile",
        "名单",
        (Col("name", "姓名"), Col("n", "人数", "int")),
        ({"name": '=HYPERLINK("http://x.example","点我")', "n": 3}, {"name": "张三", "n": -1}),
    )
    brief = replace(ah, sections=(Section("x", "名单", tables=(hostile,)),))
    book = load_workbook(io.BytesIO(render(brief, "xlsx")))
    sheet = book["名单"]
    cell = sheet.cell(2, 1)
    assert cell.data_type == "s" and cell.quotePrefix and cell.value.startswith("=HYPERLINK")
    assert not sheet.cell(3, 1).quotePrefix
    assert sheet.cell(3, 2).value == -1  # a number is a number
