"""When a provider's sign-in may start a dashboard session (``ui.signin.sso_sign_in_is_fresh``):
only just after it was made, so that Streamlit's 30-day identity cookie cannot sign a browser in
again once the dashboard's own session has ended (idle, signed out)."""

from __future__ import annotations

import datetime as dt

import pytest

from ui.signin import sso_sign_in_is_fresh

NOW = dt.datetime(2026, 12, 3, 2, 0, 0)  # naive UTC
FRESH = dt.timedelta(minutes=5)


def iat(moment: dt.datetime) -> float:
    return moment.replace(tzinfo=dt.UTC).timestamp()


@pytest.mark.parametrize(
    ("ago", "fresh"),
    [
        (dt.timedelta(0), True),
        (dt.timedelta(minutes=5), True),  # the window's edge is in it
        (dt.timedelta(minutes=5, seconds=1), False),
        (dt.timedelta(minutes=31), False),  # the idle timeout's case
        (dt.timedelta(days=29), False),  # an identity cookie near its 30 days
        (-dt.timedelta(seconds=30), True),  # the provider's clock a little ahead
        (-dt.timedelta(minutes=2), False),  # too far ahead to be a clock's skew
    ],
)
def test_a_sign_in_is_fresh_only_just_after_it_was_made(ago: dt.timedelta, fresh: bool) -> None:
    assert sso_sign_in_is_fresh(iat(NOW - ago), NOW, FRESH) is fresh


def test_whole_seconds_as_the_token_gives_them() -> None:
    assert sso_sign_in_is_fresh(int(iat(NOW)) - 60, NOW, FRESH)


@pytest.mark.parametrize("value", [None, "1764727200", True, float("nan"), 10**20, -(10**20)])
def test_a_sign_in_without_a_usable_time_is_not_fresh(value: object) -> None:
    assert not sso_sign_in_is_fresh(value, NOW, FRESH)
