"""The fault boundary as a component (AppTest ``from_function``): a database failure inside a
loader — ours, or SQLAlchemy's, even from a loader called by another — ends the run with our one
line; Streamlit's stop passes through untouched; a bug is not hidden."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ui.text import md


def app(kind: str) -> None:
    import sqlalchemy as sa
    import streamlit as st

    from data_access.errors import RegistryError
    from ui import data, faults
    from ui.i18n import Labels

    faults.showing("overview", Labels("zh"))

    @data.loader
    def figures(n: int) -> int:
        if kind == "ours":
            raise RegistryError("malformed value in visit.visited_at")
        if kind == "sqlalchemy":
            raise sa.exc.OperationalError("SELECT 1", {}, Exception("no such table: visit"))
        if kind == "bug":
            raise ValueError("a bug")
        if kind == "stop":
            st.stop()
        return n

    @data.loader
    def outer(n: int) -> int:
        return figures(n) + 1

    st.title("t")
    st.markdown(f"value {outer(1)}")
    st.markdown("after")


def run(kind: str) -> AppTest:
    import streamlit as st

    st.cache_data.clear()
    at = AppTest.from_function(app, args=(kind,), default_timeout=30)
    return at.run()


@pytest.mark.parametrize(
    ("kind", "problem"),
    [
        ("ours", "malformed value in visit.visited_at"),
        ("sqlalchemy", "the registry database reported an error"),
    ],
)
def test_a_database_failure_in_a_nested_loader_is_our_one_line(kind: str, problem: str) -> None:
    at = run(kind)
    assert not at.exception
    assert [e.value for e in at.error] == [
        f"「周例会总览」无法读取登记库：{md(problem)}。请稍后按“重试”或侧栏的“刷新数据”。"
    ]
    assert "after" not in [m.value for m in at.markdown]
    assert at.button(key="fault_retry")


def test_streamlit_stop_passes_through() -> None:
    at = run("stop")
    assert not at.exception and not at.error
    assert [m.value for m in at.markdown] == []


def test_a_bug_is_not_hidden() -> None:
    at = run("bug")
    assert [e.value for e in at.exception] and not at.error


def test_a_healthy_loader_draws_on() -> None:
    at = run("none")
    assert [m.value for m in at.markdown] == ["value 2", "after"]
