"""ui/signin.py on the API of ``auth`` (AppTest, the tiny registry): a first sign-in with an
administrator-set password, the change that asks for the current one, a policy refusal in the
page's language, and the lockout's message."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from app_db import APP_DB_ENV, open_app_db
from auth import accounts, log
from auth.roles import Role
from tests.auth.conftest import T0

PW = "Admin-Set-2026xy"


def _page(registry_url: str) -> None:
    import streamlit as st

    from ui.i18n import Labels
    from ui.signin import signed_in_user

    user = signed_in_user(Labels("zh"), registry_url)
    st.success(f"signed in: {user.login}")


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sa.Engine]:
    import streamlit as st

    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    monkeypatch.setenv(APP_DB_ENV, url)
    st.cache_resource.clear()
    engine = open_app_db(url)
    accounts.create_user(engine, T0, "sec", Role.SECRETARY, actor="t", password=PW,
                         grants=[("community", "AH")])  # fmt: skip
    yield engine
    engine.dispose()
    st.cache_resource.clear()


def page(tiny_sqlite: Path) -> AppTest:
    at = AppTest.from_function(_page, args=(f"sqlite:///{tiny_sqlite}",), default_timeout=60)
    return at.run()


def submit(at: AppTest, **fields: str) -> AppTest:
    for key, value in fields.items():
        at.text_input(key=key).input(value)
    at.button[-1].click()  # the form's submit button
    return at.run()


def test_first_sign_in_changes_the_password(app_db: sa.Engine, tiny_sqlite: Path) -> None:
    at = page(tiny_sqlite)
    assert not at.exception and at.title[0].value == "登录"
    at = submit(at, auth_login="sec", auth_password=PW)
    assert at.title[0].value == "请设置新密码"
    at = submit(
        at, auth_current="wrong-one", auth_new="Mine-Own-2026x", auth_again="Mine-Own-2026x"
    )
    assert [e.value for e in at.error] == ["当前密码不正确。"]
    at = submit(at, auth_current=PW, auth_new="short", auth_again="short")
    assert "密码至少 12 个字符" in at.error[0].value
    at = submit(at, auth_current=PW, auth_new="Mine-Own-2026x", auth_again="Mine-Own-2026x")
    assert not at.exception
    assert [s.value for s in at.success] == ["signed in: sec"]
    assert [e["action"] for e in log.entries(app_db)][:2] == ["password_changed", "sign_in"]


def test_five_failures_show_the_lock(app_db: sa.Engine, tiny_sqlite: Path) -> None:
    at = page(tiny_sqlite)
    for _ in range(4):
        at = submit(at, auth_login="sec", auth_password="wrong")
        assert [e.value for e in at.error] == ["用户名或密码不正确。"]
    at = submit(at, auth_login="sec", auth_password="wrong")
    assert "已暂时锁定" in at.error[0].value
    at = submit(at, auth_login="sec", auth_password=PW)
    assert "已暂时锁定" in at.error[0].value and not at.success
