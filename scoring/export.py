"""The signed sheet as files: the registry's workbook (XLSX) and the committee's record (PDF).

- ``xlsx``: the first sheet, ``assessment``, is exactly the registry's ``assessment`` columns
  (``scoring.sheet.REGISTRY_COLUMNS``) and rows (``registry_rows``), for entry there; numbers
  stay numbers, the day an Excel date, a text a spreadsheet would read as a formula a quoted
  text. A second sheet says which version it is and who signed and confirmed it when.
- ``pdf``: one row per worker with each criterion's score and the worker total, and the scores
  that differ from the proposal with their reasons, laid out by the weekly brief's pipeline
  (``brief.render.pdf`` of a ``brief.model.Brief``).

Only a sheet signed and confirmed is exported: anything else is a ``ValueError``.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from auth.log import local
from brief.model import Brief, Col, Section, Table
from scoring.sheet import REGISTRY_COLUMNS, MonthView, registry_rows, worker_total
from scoring.store import Sheet
from ui.formats import FORMATS
from ui.i18n import Labels
from ui.text import FORMULA_START

#: the workbook's first sheet: the registry's table
REGISTRY_SHEET = "assessment"
#: how a registry column is written: its Excel number format (``ui.formats``)
_COLUMN_FMT = {"worker_id": "id", "score": "score", "assessed_on": "date"}


def _confirmed(view: MonthView) -> Sheet:
    sheet = view.sheet
    if sheet is None or sheet.confirmed_at is None:
        raise ValueError("only a signed and confirmed sheet is exported")
    return sheet


def _moment(moment: dt.datetime | None) -> dt.datetime | None:
    """A stored (UTC) moment as the committee reads it: Asia/Shanghai, without the zone."""
    return None if moment is None else local(moment).replace(tzinfo=None)


def _when(moment: dt.datetime | None) -> str:
    shown = _moment(moment)
    return "—" if shown is None else shown.strftime("%Y-%m-%d %H:%M")


def _about(view: MonthView, sheet: Sheet, labels: Labels) -> list[tuple[str, Any]]:
    """The sheet's identity and signatures: (label, value) rows."""
    return [
        (labels.plain("scoring_export.community"), view.community_label),
        (labels.plain("scoring_export.period"), view.period),
        (labels.plain("scoring_export.version"), sheet.version),
        (labels.plain("scoring_export.rubric_version"), sheet.rubric_version),
        (
            labels.plain("scoring_export.status"),
            labels.plain(f"scoring_export.status.{sheet.status}"),
        ),
        (labels.plain("scoring_export.evidence_as_of"), sheet.evidence_as_of),
        (labels.plain("scoring_export.signed_by"), sheet.signed_by_name),
        (labels.plain("scoring_export.signed_at"), _moment(sheet.signed_at)),
        (labels.plain("scoring_export.confirmed_by"), sheet.confirmed_by_name),
        (labels.plain("scoring_export.confirmed_at"), _moment(sheet.confirmed_at)),
        (
            labels.plain("scoring_export.reopen_reason"),
            sheet.reopen_reason or labels.plain("scoring_export.none"),
        ),
    ]


# --- XLSX ---------------------------------------------------------------------------------


def xlsx(view: MonthView, lang: str = "zh") -> bytes:
    """The registry's ``assessment`` rows of the signed sheet, and a sheet of its sign-off."""
    import xlsxwriter

    sheet = _confirmed(view)
    rows = registry_rows(view)
    labels = Labels(lang)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    quoted = book.add_format({"quote_prefix": True})
    formats = {
        fmt: book.add_format({"num_format": excel})
        for fmt, (_, excel) in FORMATS.items()
        if excel is not None
    }

    def write(target: Any, r: int, c: int, value: Any, fmt: str | None = None) -> None:
        if value is None:
            target.write_blank(r, c, None)
        elif isinstance(value, dt.datetime):
            target.write_datetime(r, c, value, formats["datetime"])
        elif isinstance(value, dt.date):
            target.write_datetime(r, c, dt.datetime.combine(value, dt.time()), formats["date"])
        elif isinstance(value, int | float) and not isinstance(value, bool):
            target.write_number(r, c, value, formats.get(fmt or ""))
        else:
            text = str(value)
            if text.startswith(FORMULA_START):
                target.write_string(r, c, text, quoted)
            else:
                target.write_string(r, c, text)

    registry = book.add_worksheet(REGISTRY_SHEET)
    for c, name in enumerate(REGISTRY_COLUMNS):
        registry.write_string(0, c, name, bold)
        registry.set_column(c, c, 16)
    for r, record in enumerate(rows, start=1):
        for c, name in enumerate(REGISTRY_COLUMNS):
            write(registry, r, c, record[name], _COLUMN_FMT.get(name))
    registry.freeze_panes(1, 0)

    about = book.add_worksheet(labels.plain("scoring_export.sheet.about"))
    about.write_string(0, 0, labels.plain("scoring_export.col.what"), bold)
    about.write_string(0, 1, labels.plain("scoring_export.col.value"), bold)
    for r, (label, value) in enumerate(_about(view, sheet, labels), start=1):
        about.write_string(r, 0, label)
        write(about, r, 1, value, "int" if isinstance(value, int) else None)
    about.set_column(0, 0, 22)
    about.set_column(1, 1, 40)
    book.close()
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------


def record(view: MonthView, lang: str = "zh") -> Brief:
    """The signed sheet as a ``Brief``: the cover with its versions and signatures, the scores
    per worker with the total, the scores that differ from the proposal with their reasons."""
    sheet = _confirmed(view)
    labels = Labels(lang)
    criteria = list(view.criteria.select("code", "name_zh", "name_en", "max_score").iter_rows())
    most = {code: most for code, _, _, most in criteria}
    names = {code: labels.name(zh, en) for code, zh, en, _ in criteria}
    long = view.long()

    by_worker: dict[int, dict[str, Any]] = {}
    for r in long.iter_rows(named=True):
        row = by_worker.setdefault(
            r["worker_id"], {"worker_id": r["worker_id"], "worker": r["worker_name"], "scores": {}}
        )
        if r["score"] is not None:
            row["scores"][r["criterion_code"]] = r["score"]
    score_rows = tuple(
        {
            "worker_id": w["worker_id"],
            "worker": w["worker"],
            **{f"c.{code}": score for code, score in w["scores"].items()},
            "total": worker_total(w["scores"], most),
        }
        for w in by_worker.values()
    )
    score_cols = (
        Col("worker_id", labels.plain("scoring_export.col.worker_id"), "id"),
        Col("worker", labels.plain("scoring_export.col.worker")),
        *(
            Col(
                f"c.{code}",
                labels.plain("scoring_export.col.criterion_max", name=names[code], max=f"{m:g}"),
                "score",
            )
            for code, m in most.items()
        ),
        Col("total", labels.plain("scoring_export.col.total"), "score"),
    )
    title_scores = labels.plain("scoring_export.s.scores")
    scores = Table("scores", title_scores, score_cols, score_rows)

    differ = tuple(
        {
            "worker": r["worker_name"],
            "criterion": names[r["criterion_code"]],
            "proposed": r["proposed"],
            "score": r["score"],
            "difference": r["score"] - r["proposed"],
            "reason": r["reason"] or "—",
        }
        for r in long.iter_rows(named=True)
        if r["score"] is not None and r["proposed"] is not None and r["score"] != r["proposed"]
    )
    title_differ = labels.plain("scoring_export.s.differences")
    differences = Table(
        "differences",
        title_differ,
        (
            Col("worker", labels.plain("scoring_export.col.worker")),
            Col("criterion", labels.plain("scoring_export.col.criterion")),
            Col("proposed", labels.plain("scoring_export.col.proposed"), "score"),
            Col("score", labels.plain("scoring_export.col.score"), "score"),
            Col("difference", labels.plain("scoring_export.col.difference"), "change_score"),
            Col("reason", labels.plain("scoring_export.col.reason"), wrap=True),
        ),
        differ,
    )

    as_of = sheet.evidence_as_of or view.as_of
    cover = (
        labels.plain(
            "scoring_export.cover.month",
            community=view.community_label,
            period=view.period,
            version=sheet.version,
            rubric=sheet.rubric_version,
        ),
        labels.plain("scoring_export.cover.evidence", as_of=as_of.isoformat()),
        labels.plain(
            "scoring_export.cover.signed", name=sheet.signed_by_name, at=_when(sheet.signed_at)
        ),
        labels.plain(
            "scoring_export.cover.confirmed",
            name=sheet.confirmed_by_name,
            at=_when(sheet.confirmed_at),
        ),
    )
    notes = [labels.plain("scoring_export.notes.total")]
    if sheet.reopen_reason:
        notes.append(labels.plain("scoring_export.notes.reopened", reason=sheet.reopen_reason))
    notes.append(labels.plain("scoring_export.notes.differences", count=len(differ)))
    return Brief(
        lang=lang,
        title=labels.plain("scoring_export.title"),
        cover=cover,
        attention=Section("notes", labels.plain("scoring_export.s.notes"), lines=tuple(notes)),
        sections=(
            Section("scores", title_scores, tables=(scores,)),
            Section(
                "differences",
                title_differ,
                lines=() if differ else (labels.plain("scoring_export.no_differences"),),
                tables=(differences,) if differ else (),
            ),
        ),
        as_of=as_of,
        week=view.period,
        scope_name=view.community_label,
    )


def pdf(view: MonthView, lang: str = "zh") -> bytes:
    """The signed sheet as a PDF record (``record`` drawn by ``brief.render.pdf``)."""
    from brief.render import pdf as draw

    return draw(record(view, lang))
