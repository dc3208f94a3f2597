"""The overview on the demo: a change that rests on the collection campaign (registration weeks
of February–March 2026) is said to be registration, an ordinary week is not; the note on an
unfinished week appears mid-week and not on its Sunday."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


@pytest.fixture
def overview(app_page):
    """The overview on the demo (caches kept: keyed by the URL of a file no test changes)."""

    def run(day: str, lang: str = "zh") -> AppTest:
        at = app_page("pages/overview.py", as_of=day, lang=lang)
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


def texts(at: AppTest) -> list[str]:
    return [i.value for i in at.info] + [c.value for c in at.caption]


def test_a_campaign_week_is_said_to_be_registration(overview) -> None:
    shown = texts(overview("2026-02-25"))
    note = [t for t in shown if "集中登记" in t and "2026-02-23" in t]
    assert note, shown
    assert "不是人口增长" in note[0]
    assert any("特殊人群的增减不表示实际变化" in t for t in shown)


def test_an_ordinary_week_is_not(overview) -> None:
    assert not [t for t in texts(overview("2026-04-08")) if "集中登记" in t]


def test_english(overview) -> None:
    assert any("registration week" in t for t in texts(overview("2026-02-25", "en")))


def test_an_unfinished_week_says_so_and_a_sunday_does_not(overview) -> None:
    tuesday = texts(overview("2026-03-10"))
    assert any("本周尚未结束：截至周二（本周第 2 天" in t and "2026-03-03" in t for t in tuesday)
    sunday = texts(overview("2026-03-08"))
    assert not [t for t in sunday if "本周尚未结束" in t]
