"""Personal data in lists, through app.py on the demo with real accounts: masked by default; a
secretary unmasks one page with a reason (one access-log row: who, role, page, scope, filters,
rows, reason) and any action masks it again; "other" needs a text; the township office cannot
unmask; the committee sees no list; every download is one access-log row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auth import log
from auth.accounts import User
from auth.roles import Role
from tests.pages.conftest import no_exceptions
from tests.support.accounts import Accounts

DAY = "2026-03-10"
PAGE = "pages/special_groups.py"
LIST = "sg_care"


@pytest.fixture
def secretary(app_db_env: Accounts) -> User:
    return app_db_env.user(Role.SECRETARY, [("community", "AH")])


def log_rows(accounts: Accounts, user: User, action: str) -> list[dict]:
    return [r for r in log.entries(accounts.engine, login=user.login) if r["action"] == action]


def names(at) -> list[str]:
    frame = next(d.value for d in at.dataframe if "姓名" in d.value.columns)
    return frame["姓名"].to_list()


def test_a_secretary_unmasks_one_page_with_a_reason(app_page, app_db_env, secretary) -> None:
    at = app_page(PAGE, signed_in=secretary, as_of=DAY)
    no_exceptions(at)
    masked = names(at)
    assert masked and all("*" in n for n in masked)
    at.selectbox(key=f"{LIST}_reason").set_value("verify")
    at.button(key=f"FormSubmitter:{LIST}_unmask_form-显示本页完整信息").click().run()
    no_exceptions(at)
    full = names(at)
    assert len(full) == len(masked) and not any("*" in n for n in full)
    assert [n[0] for n in full] == [n[0] for n in masked]  # the same people, in full
    assert any("原因：核实" in w.value for w in at.warning)
    [row] = log_rows(app_db_env, secretary, "unmask")
    assert (row["role"], row["page"], row["reason"], row["rows"]) == (
        "secretary", "special_groups", "verify", len(full)
    )  # fmt: skip
    assert row["communities"] == ",AH,"
    assert "爱和社区" in row["scope"]
    # any action masks it again, and logs nothing more
    at.run()
    assert names(at) == masked
    assert len(log_rows(app_db_env, secretary, "unmask")) == 1


def test_other_needs_a_text(app_page, app_db_env, secretary) -> None:
    at = app_page(PAGE, signed_in=secretary, as_of=DAY)
    at.selectbox(key=f"{LIST}_reason").set_value("other")
    at.button(key=f"FormSubmitter:{LIST}_unmask_form-显示本页完整信息").click().run()
    assert [e.value for e in at.error] == ["选“其他”时请写明原因。"]
    assert all("*" in n for n in names(at))
    assert not log_rows(app_db_env, secretary, "unmask")
    at.text_input(key=f"{LIST}_other").input("协助派出所核查")
    at.button(key=f"FormSubmitter:{LIST}_unmask_form-显示本页完整信息").click().run()
    assert not any("*" in n for n in names(at))
    [row] = log_rows(app_db_env, secretary, "unmask")
    assert row["reason"] == "other: 协助派出所核查"


def test_the_township_office_cannot_unmask(app_page, app_db_env) -> None:
    office = app_db_env.user(Role.TOWNSHIP_OFFICE, [("township", "上派镇")])
    at = app_page(PAGE, signed_in=office, as_of=DAY, community="AH")
    no_exceptions(at)
    assert all("*" in n for n in names(at))
    assert not [s for s in at.get("selectbox") if s.key == f"{LIST}_reason"]


def test_the_committee_sees_no_resident_list(app_page, app_db_env) -> None:
    committee = app_db_env.user(Role.COMMITTEE, [("community", "AH")])
    at = app_page("pages/visits.py", signed_in=committee, as_of=DAY)
    no_exceptions(at)
    assert "您的角色不查看居民名单，只看汇总数字。" in [i.value for i in at.info]
    assert not [d for d in at.dataframe if "联系人" in d.value.columns]


def test_every_download_is_one_log_row(app_page, app_db_env, secretary, downloads) -> None:
    at = app_page(PAGE, signed_in=secretary, as_of=DAY)
    files = downloads.of(at)
    assert not log_rows(app_db_env, secretary, "export")
    files["sg_care_list_xlsx"].make()
    files["sg_care_list_csv"].make()
    rows = log_rows(app_db_env, secretary, "export")
    assert len(rows) == 2
    formats = sorted(json.loads(r["detail"])["format"] for r in rows)
    assert formats == ["csv", "xlsx"]
    assert all(r["page"] == "special_groups" and r["rows"] > 0 for r in rows)


def test_the_access_log_page(app_page, app_db_env, secretary) -> None:
    """The secretary reads his community's rows (his own sign-in and unmasking among them), not
    another community's; the administrator reads every row and the chain's check."""
    other = app_db_env.user(Role.SECRETARY, [("community", "SH")])
    app_page(PAGE, signed_in=other, as_of=DAY)  # a row of 三河社区's
    at = app_page(PAGE, signed_in=secretary, as_of=DAY)
    at.selectbox(key=f"{LIST}_reason").set_value("visit")
    at.button(key=f"FormSubmitter:{LIST}_unmask_form-显示本页完整信息").click().run()
    at = app_page("pages/access_log.py", signed_in=secretary)
    no_exceptions(at)
    [table] = [d.value for d in at.dataframe]
    assert "显示完整信息" in table["操作"].to_list()
    assert secretary.login in table["用户名"].to_list()
    assert other.login not in table["用户名"].to_list()
    admin = app_db_env.user(Role.ADMIN)
    at = app_page("pages/access_log.py", signed_in=admin)
    no_exceptions(at)
    assert any("日志链完整" in s.value for s in at.success)
    [table] = [d.value for d in at.dataframe]
    assert {secretary.login, other.login} <= set(table["用户名"].to_list())


@pytest.mark.parametrize(
    ("page", "form", "column", "query"),
    [
        ("pages/visits.py", "visits_gap", "联系人", {}),
        ("pages/rentals.py", "rentals", "房东", {}),
    ],
    ids=["visits", "rentals"],
)
def test_every_list_of_people_unmasks_with_a_reason(
    app_page, app_db_env, secretary, page, form, column, query
) -> None:
    at = app_page(page, signed_in=secretary, as_of=DAY, **query)
    no_exceptions(at)

    def shown() -> list[str]:
        frame = next(d.value for d in at.dataframe if column in d.value.columns)
        return [v for v in frame[column].to_list() if v]

    masked = shown()
    assert masked and all("*" in v for v in masked), masked[:5]
    at.selectbox(key=f"{form}_reason").set_value("report")
    at.button(key=f"FormSubmitter:{form}_unmask_form-显示本页完整信息").click().run()
    no_exceptions(at)
    assert not any("*" in v for v in shown())
    [row] = log_rows(app_db_env, secretary, "unmask")
    assert row["reason"] == "report" and row["page"] == Path(page).stem


def test_the_data_quality_list_unmasks_with_a_reason(tiny_page, app_db_env) -> None:
    """The demo has no faulty resident; the tiny registry has one (DQ07, an unknown origin)."""
    at = tiny_page("pages/data_quality.py", as_of="2026-03-10", check="DQ07")
    no_exceptions(at)

    def names() -> list[str]:
        frame = next(d.value for d in at.dataframe if "姓名" in d.value.columns)
        return frame["姓名"].to_list()

    assert names() and all("*" in n for n in names())
    at.selectbox(key="dq_reason").set_value("verify")
    at.button(key="FormSubmitter:dq_unmask_form-显示本页完整信息").click().run()
    assert names() and not any("*" in n for n in names())
    tester = app_db_env.tester()
    rows = [
        r for r in log.entries(app_db_env.engine, login=tester.login) if r["action"] == "unmask"
    ]
    assert rows[0]["page"] == "data_quality" and rows[0]["reason"] == "verify"
