"""Signing in through the form: the same run goes on to draw the page (while the browser is sent
through the claim route), and the sign-in form's language switch is already drawn in it."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from auth import accounts
from auth.roles import Role
from tests.pages.conftest import APP, no_exceptions

PW = "Admin-Set-2026xy"


def test_the_run_that_signs_in_draws_the_page(demo_env, app_db_env) -> None:
    accounts.create_user(
        app_db_env.engine,
        dt.datetime(2026, 12, 1),
        "secretary-by-form",
        Role.SECRETARY,
        actor="tests",
        password=PW,
        must_change_password=False,
        grants=[("community", "AH")],
    )
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.text_input(key="auth_login").input("secretary-by-form")
    at.text_input(key="auth_password").input(PW)
    at.button[-1].click()  # the form's submit button
    at.run()
    no_exceptions(at)
    assert at.title[0].value == "周例会总览"
