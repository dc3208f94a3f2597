"""The password policy, argon2id hashing and the lockout rule at its edges."""

from __future__ import annotations

import datetime as dt

import pytest

from auth.lockout import RULE, locked_until
from auth.passwords import (
    MIN_LENGTH,
    hash_password,
    policy_message,
    policy_problems,
    verify_password,
)

T = dt.datetime(2026, 12, 1, 9, 0)
M = dt.timedelta(minutes=1)


def test_hash_is_argon2id_and_verifies() -> None:
    stored = hash_password("Grid-Leader-2026")
    assert stored.startswith("$argon2id$")
    assert "Grid-Leader-2026" not in stored
    assert verify_password(stored, "Grid-Leader-2026") == (True, None)
    assert verify_password(stored, "grid-leader-2026") == (False, None)
    assert verify_password(None, "x") == (False, None)
    assert verify_password("not a hash", "x") == (False, None)


def test_an_old_hash_is_upgraded_on_sign_in() -> None:
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024).hash("Grid-Leader-2026")
    ok, rehashed = verify_password(weak, "Grid-Leader-2026")
    assert ok and rehashed is not None and rehashed != weak
    assert verify_password(rehashed, "Grid-Leader-2026") == (True, None)


@pytest.mark.parametrize(
    ("password", "problems"),
    [
        ("Aa1-" + "x" * (MIN_LENGTH - 5), ["too_short"]),
        ("Aa1-" + "x" * (MIN_LENGTH - 4), []),
        ("alllowercaseletters", ["too_simple"]),
        ("lowercase-with-dash", ["too_simple"]),  # lower + other: two classes
        ("网格管理Grid2026", []),  # Chinese counts as "other"
        ("aaaaaaaaaaaaA1", ["too_simple"]),  # three classes but three distinct characters
        ("Password123!", ["common"]),
        ("My-secretary-2026", ["contains_login"]),
        ("A1-" + "b" * 200, ["too_long"]),
    ],
)
def test_policy(password: str, problems: list[str]) -> None:
    assert policy_problems(password, "secretary") == problems


@pytest.mark.parametrize(("login", "flagged"), [("wu", False), ("wu1", True), ("WU1", True)])
def test_a_login_of_three_characters_or_more_must_not_be_in_the_password(login, flagged) -> None:
    assert ("contains_login" in policy_problems("Grid-wu1-2026-x", login)) is flagged


def test_policy_message_names_every_problem_in_both_languages() -> None:
    codes = policy_problems("abc", "abc")
    assert codes == ["too_short", "too_simple", "contains_login"]
    assert policy_message(codes, "zh").count("；") == 2
    assert "at least 12 characters" in policy_message(codes, "en")


def fails(*minutes: float) -> list[tuple[dt.datetime, bool]]:
    return [(T + m * M, False) for m in minutes]


def test_five_failures_lock_for_fifteen_minutes_from_the_fifth() -> None:
    attempts = fails(0, 1, 2, 3, 4)
    assert locked_until(attempts[:4], T + 4 * M) is None
    assert locked_until(attempts, T + 4 * M) == T + 19 * M
    assert locked_until(attempts, T + 19 * M - dt.timedelta(seconds=1)) == T + 19 * M
    assert locked_until(attempts, T + 19 * M) is None


def test_failures_further_apart_than_the_window_do_not_add_up() -> None:
    # the first failure is 15 minutes before the fifth: outside the window
    assert locked_until(fails(0, 5, 10, 12, 15), T + 15 * M) is None
    assert locked_until(fails(0, 5, 10, 12, 14.99), T + 15 * M) is not None


def test_a_success_clears_the_count() -> None:
    attempts = [*fails(0, 1, 2, 3), (T + 3.5 * M, True), *fails(4)]
    assert locked_until(attempts, T + 4 * M) is None


def test_attempts_while_locked_are_not_counted_and_the_lock_does_not_grow() -> None:
    attempts = fails(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)  # 5…9 fell inside the lock
    assert locked_until(attempts, T + 10 * M) == T + 4 * M + RULE.duration
