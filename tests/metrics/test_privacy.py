"""Masking, and the disclosure of sensitive counts (exact, or "<5" and base-5 rounding)."""

import pytest

from metrics.privacy import (
    Disclosure,
    drawn_count,
    mask_address,
    mask_id_number,
    mask_name,
    mask_phone,
    rounded,
    shown_count,
)

EXACT, PROTECTED = Disclosure.EXACT, Disclosure.PROTECTED


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张小明", "张*明"), ("张三", "张*"), ("欧阳小明", "欧**明"), ("王", "*"), ("", "")],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("建新小区3栋2单元501", "建新小区3栋**"),
        ("站前花园12号楼1单元302", "站前花园12号楼**"),
        ("李湾居民组12号", "李湾居民组**"),
        ("解放路36号", "解放路**"),
    ],
)
def test_mask_address_keeps_down_to_the_building(address, masked):
    assert mask_address(address) == masked


def test_mask_phone_and_id_number():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("34012119800101123X") == "3401************3X"


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, 0), (1, "<5"), (4, "<5"), (5, 5), (7, 5), (8, 10), (12, 10), (13, 15), (22, 20), (23, 25)],
)
def test_a_protected_role_sees_a_sensitive_count_suppressed_or_rounded_to_five(count, shown):
    assert shown_count(count, True, PROTECTED) == shown


@pytest.mark.parametrize("count", [0, 1, 4, 5, 7, 8, 12, 13])
def test_a_role_with_personal_data_access_sees_the_exact_count(count):
    assert shown_count(count, True, EXACT) == count


@pytest.mark.parametrize("count", [1, 4, 7, 8, 13])
def test_a_count_that_is_not_sensitive_is_shown_as_it_is(count):
    assert shown_count(count, False, PROTECTED) == count


def test_rounding_is_half_up_to_the_nearest_multiple_of_five():
    assert [rounded(n) for n in (5, 6, 7, 8, 9, 10, 12, 13, 17, 18)] == [
        5, 5, 5, 10, 10, 10, 10, 15, 15, 20,
    ]  # fmt: skip


def test_a_drawn_count_is_the_shown_one_and_none_for_suppressed():
    assert [drawn_count(n, True, PROTECTED) for n in (0, 3, 8)] == [0, None, 10]
    assert [drawn_count(n, True, EXACT) for n in (0, 3, 8)] == [0, 3, 8]


def test_disclosure_follows_the_right_to_exact_small_counts():
    assert Disclosure.of(True) is EXACT and Disclosure.of(False) is PROTECTED
