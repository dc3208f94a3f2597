"""The signed sheet's files, from a real signed sheet on SQLite and PostgreSQL: the workbook is
the registry's ``assessment`` rows and columns (read back with openpyxl), its second sheet the
sign-off; the PDF (read back with pypdf) names who signed and who confirmed; an unsigned sheet
is not exported."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from data_access.config import PROJECT_ROOT
from scoring import export, store
from scoring.sheet import REGISTRY_COLUMNS, registry_rows
from tests.scoring.conftest import (
    CHAIR,
    COMMUNITY,
    MEMBER,
    OVER,
    PERIOD,
    T0,
    all_scores,
    change,
    signed_sheet,
    view,
)
from ui.i18n import TEXT

#: the day the fixture's sheet is confirmed, in Asia/Shanghai (T0 + 3 minutes is 1 April in UTC)
CONFIRMED_ON = dt.date(2026, 4, 2)
HOSTILE = '=HYPERLINK("http://example.com","x")'


def book(data: bytes):
    return load_workbook(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def signed(scoring_db: sa.Engine):
    """The month signed by the chair and confirmed by a member, as the page reads it."""
    return view(scoring_db, signed_sheet(scoring_db))


def reopened_and_signed(db: sa.Engine, reason: str, signer: store.Actor = CHAIR):
    """Version 1 signed, reopened with ``reason``, 王五's visits raised with a reason, signed
    and confirmed again: version 2."""
    first = signed_sheet(db, signer)
    second = store.reopen(db, T0 + dt.timedelta(minutes=10), signer, first.id, reason)
    store.set_scores(
        db,
        T0 + dt.timedelta(minutes=11),
        MEMBER,
        second.id,
        [change(1, "visits", 16.0, "补录了两次走访记录")],
    )
    pairs = view(db, second).pairs()
    store.sign(db, T0 + dt.timedelta(minutes=12), signer, second.id, OVER, pairs)
    done = store.confirm(db, T0 + dt.timedelta(minutes=13), MEMBER, second.id)
    return view(db, done)


# --- XLSX ---------------------------------------------------------------------------------


def test_the_workbook_is_the_registry_rows(signed) -> None:
    wb = book(export.xlsx(signed))
    assert wb.sheetnames[0] == "assessment"
    sheet = wb["assessment"]
    header, *rows = sheet.iter_rows()
    assert [c.value for c in header] == list(REGISTRY_COLUMNS)
    assert sheet.max_column == len(REGISTRY_COLUMNS)
    expected = registry_rows(signed)
    assert len(rows) == len(expected) == 6
    for cells, want in zip(rows, expected, strict=True):
        got = dict(zip(REGISTRY_COLUMNS, cells, strict=True))
        assert got["worker_id"].data_type == "n" and got["score"].data_type == "n"
        assert got["assessed_on"].is_date
        values = {k: c.value for k, c in got.items()}
        assert values["assessed_on"] == dt.datetime.combine(CONFIRMED_ON, dt.time())
        values["assessed_on"] = values["assessed_on"].date()
        assert values == want
        assert not got["assessed_by"].quotePrefix
    assert {r["assessed_by"] for r in expected} == {"张主任"}
    assert [(r["worker_id"], r["criterion_code"], r["score"]) for r in expected][:3] == [
        (1, "visits", 13.0),
        (1, "patrol", 9.0),
        (1, "satisfaction", 8.5),
    ]


@pytest.mark.parametrize(
    "lang, labels",
    [
        ("zh", ("社区", "考核月份", "版本", "签署人", "复核人", "已签核", "无")),
        ("en", ("Community", "Month", "Version", "Signed by", "Confirmed by", "Signed", "None")),
    ],
)
def test_the_second_sheet_is_the_sign_off(signed, lang: str, labels: tuple[str, ...]) -> None:
    wb = book(export.xlsx(signed, lang))
    about = wb.worksheets[1]
    pairs = [(a.value, b.value) for a, b in about.iter_rows(min_row=2, max_col=2)]
    shown = dict(pairs)
    community, month, version, signer, confirmer, status, none = labels
    assert shown[community] == COMMUNITY and shown[month] == PERIOD and shown[version] == 1
    assert shown[signer] == "张主任" and shown[confirmer] == "李委员"
    assert status in shown.values() and none in shown.values()
    # the moments in Asia/Shanghai: signed at T0 + 2 minutes, confirmed at T0 + 3 (UTC)
    moments = [v for _, v in pairs if isinstance(v, dt.datetime)]
    assert dt.datetime(2026, 4, 2, 0, 32) in moments and dt.datetime(2026, 4, 2, 0, 33) in moments
    assert dt.datetime(2026, 3, 31) in moments  # the evidence's day


def test_a_text_like_a_formula_stays_text(scoring_db: sa.Engine) -> None:
    signer = store.Actor("chair", HOSTILE, "committee", is_chair=True)
    month = reopened_and_signed(scoring_db, "+1 分：更正", signer)
    wb = book(export.xlsx(month))
    cells = [row[4] for row in wb["assessment"].iter_rows(min_row=2)]
    assert cells and all(c.value == HOSTILE and c.data_type == "s" and c.quotePrefix for c in cells)
    about = {a.value: b for a, b in wb.worksheets[1].iter_rows(min_row=2, max_col=2)}
    reason = about["重新打开原因"]
    assert reason.value == "+1 分：更正" and reason.quotePrefix
    assert about["版本"].value == 2 and not about["社区"].quotePrefix


# --- PDF ----------------------------------------------------------------------------------


def test_the_record_has_each_workers_scores_and_total(signed) -> None:
    brief = export.record(signed)
    [scores] = brief.sections[0].tables
    assert [c.label for c in scores.columns] == [
        "编号",
        "网格员",
        "入户走访（25）",
        "巡查（15）",
        "群众满意度（10）",
        "合计",
    ]
    # 王五 100 × (13 + 9 + 8.5) ÷ 50 = 61; 赵六 100 × (24 + 1.5 + 9) ÷ 50 = 69
    assert [(r["worker"], r["total"]) for r in scores.rows] == [("王五", 61.0), ("赵六", 69.0)]
    assert scores.rows[0]["c.visits"] == 13.0
    [differ] = brief.sections[1].tables
    assert [(r["worker"], r["criterion"], r["proposed"], r["score"]) for r in differ.rows] == [
        ("王五", "入户走访", 12.5, 13.0),
        ("赵六", "入户走访", 25.0, 24.0),
        ("赵六", "巡查", 0.0, 1.5),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pdf_names_the_signer_and_the_confirmer(scoring_db: sa.Engine, lang: str) -> None:
    month = reopened_and_signed(scoring_db, "王五的走访记录补录")
    text = pdf_text(export.pdf(month, lang))
    assert "张主任" in text and "李委员" in text
    assert "2026-04-02 00:42" in text and "2026-04-02 00:43" in text  # signed, confirmed
    assert "王五" in text and "赵六" in text
    assert "补录了两次走访记录" in text  # the reason of the score that differs
    assert "王五的走访记录补录" in text  # the reopening's
    if lang == "zh":
        assert "网格员月度考核评分表" in text and "第 2 版" in text
    else:
        assert "Grid workers' monthly assessment" in text and "version 2" in text


# --- only a signed sheet ------------------------------------------------------------------


def test_an_unsigned_sheet_is_not_exported(scoring_db: sa.Engine) -> None:
    db = scoring_db
    assert_refused(view(db, None))
    sheet = store.open_month(db, T0, CHAIR, COMMUNITY, PERIOD)
    store.set_scores(db, T0, MEMBER, sheet.id, all_scores())
    assert_refused(view(db, store.sheet_by_id(db, sheet.id)))  # a draft
    awaiting = store.sign(db, T0, CHAIR, sheet.id, OVER, view(db, sheet).pairs())
    assert_refused(view(db, awaiting))  # signed, not yet confirmed


def assert_refused(month) -> None:
    for draw in (export.xlsx, export.pdf):
        with pytest.raises(ValueError, match="signed and confirmed"):
            draw(month)


def test_every_label_the_export_asks_for_exists() -> None:
    source = (PROJECT_ROOT / "scoring" / "export.py").read_text(encoding="utf-8")
    keys = re.findall(r'"(scoring_export\.[a-z_.]+)"', source)
    keys += [f"scoring_export.status.{s}" for s in store.Status]
    assert len(keys) > 20
    missing = [k for k in keys if k not in TEXT]
    assert not missing, missing
