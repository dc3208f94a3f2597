"""The weekly brief's button on the overview (AppTest on the demo): one click gives the current
scope and week's brief in the chosen format, made with the reader's rights, and each file made
is one access-log row."""

from __future__ import annotations

import io

from docx import Document
from pypdf import PdfReader

from auth import log
from auth.roles import Role
from tests.pages.conftest import no_exceptions

PAGE = "pages/overview.py"
DAY = "2026-03-15"


def exports(accounts, login: str) -> list[dict]:
    return [r for r in log.entries(accounts.engine, login=login) if r["action"] == "export"]


def test_the_secretary_downloads_the_weeks_brief_as_pdf_and_docx(
    app_page, app_db_env, downloads
) -> None:
    secretary = app_db_env.user(Role.SECRETARY, [("community", "AH")])
    at = app_page(PAGE, signed_in=secretary, as_of=DAY)
    no_exceptions(at)
    assert at.segmented_control(key="brief_format").value == "pdf"
    button = downloads.of(at)["brief_download"]
    assert button.file_name.endswith(".pdf") and "周例会简报" in button.file_name
    reader = PdfReader(io.BytesIO(button.make()))
    assert len(reader.pages) <= 4
    first = reader.pages[0].extract_text()
    assert "爱和社区" in first and "2026-W11" in first
    assert "未走访的关怀对象" in "".join(p.extract_text() for p in reader.pages)  # masked list
    rows = exports(app_db_env, secretary.login)
    assert len(rows) == 1 and '"what": "brief"' in rows[0]["detail"]
    assert '"format": "pdf"' in rows[0]["detail"]

    at.segmented_control(key="brief_format").set_value("docx").run()
    no_exceptions(at)
    button = downloads.of(at)["brief_download"]
    assert button.file_name.endswith(".docx")
    doc = Document(io.BytesIO(button.make()))
    assert any(p.text == "本周需关注" for p in doc.paragraphs)
    assert len(exports(app_db_env, secretary.login)) == 2


def brief_text(at, downloads) -> str:
    pdf = PdfReader(io.BytesIO(downloads.of(at)["brief_download"].make()))
    return "".join(page.extract_text() for page in pdf.pages)


def test_the_committee_gets_no_list_of_residents(app_page, app_db_env, downloads) -> None:
    committee = app_db_env.user(Role.COMMITTEE, [("community", "AH")])
    at = app_page(PAGE, signed_in=committee, as_of=DAY)
    no_exceptions(at)
    text = brief_text(at, downloads)
    assert "您的角色不能查看居民名单" in text
    assert "未走访的关怀对象" not in text


def test_the_township_office_sees_the_sensitive_counts_protected(
    app_page, app_db_env, downloads
) -> None:
    office = app_db_env.user(Role.TOWNSHIP_OFFICE, [("township", "上派镇")])
    at = app_page(PAGE, signed_in=office, as_of=DAY, community="AH")
    no_exceptions(at)
    text = brief_text(at, downloads)
    # 爱和社区 that week: 稳控对象 6, as the week before; this role sees 5 and 5 (rounded)
    assert "稳控对象 5 5" in text
