"""Masking and small-count suppression."""

import pytest

from metrics.privacy import mask_address, mask_id_number, mask_name, mask_phone, shown_count


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
    ("count", "sensitive", "shown"),
    [(0, True, 0), (1, True, "<5"), (4, True, "<5"), (5, True, 5), (3, False, 3)],
)
def test_small_sensitive_counts_are_suppressed(count, sensitive, shown):
    assert shown_count(count, sensitive) == shown
