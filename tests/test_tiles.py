"""Tiles: changes and spans of time in words of the page's language, and rows that wrap into
balanced lines at a width that fits every tile's value (the browser test checks the pixels)."""

from __future__ import annotations

import re

import pytest

from ui.i18n import Labels
from ui.tiles import (
    PRINT,
    TILE_FLOOR,
    Tile,
    columns_for,
    grid_css,
    min_width,
    print_grid_css,
    text_width,
)

ZH, EN = Labels("zh"), Labels("en")


def test_a_ratio_changes_by_percentage_points_in_words() -> None:
    tile = Tile("30 天覆盖率", 0.802, 0.644, kind="ratio")
    assert tile.delta(ZH) == "+15.8 个百分点"
    assert tile.delta(EN) == "+15.8 pp"


def test_counts_and_scores_change_by_their_own_units() -> None:
    assert Tile("住户", 22_158, 17_201).delta(ZH) == "+4,957"
    assert Tile("考核均分", 81.5, 82.25, kind="score").delta(ZH) == "-0.75"
    assert Tile("住户", 5, 5).delta(ZH) == "±0"
    assert Tile("住户", 5, None).delta(ZH) is None


def test_a_shown_value_is_kept_and_has_no_change() -> None:
    tile = Tile("残疾人", "<5", None)
    assert tile.shown() == "<5"
    assert tile.delta(ZH) is None
    assert Tile("网格", 51, 50, suffix=" / 51").shown() == "51 / 51"


@pytest.mark.parametrize(
    ("hours", "zh", "en"),
    [
        (None, "—", "—"),
        (2.4, "2.4 小时", "2.4 h"),
        (23, "23 小时", "23 h"),
        (24, "1 天", "1 d"),
        (77, "3 天 5 小时", "3 d 5 h"),
        (34.7, "1 天 11 小时", "1 d 11 h"),
        (5432, "226 天 8 小时", "226 d 8 h"),
        (24_000 + 5, "1,000 天 5 小时", "1,000 d 5 h"),
    ],
)
def test_a_span_of_hours_reads_as_days_and_hours(hours, zh: str, en: str) -> None:
    assert ZH.duration(hours) == zh
    assert EN.duration(hours) == en


def test_balanced_lines() -> None:
    assert columns_for(6, 6) == 6
    assert columns_for(6, 5) == 3  # 3 + 3, not 5 + 1
    assert columns_for(6, 4) == 3
    assert columns_for(16, 5) == 4
    assert columns_for(16, 6) == 6  # 6 + 6 + 4
    assert columns_for(3, 10) == 3
    assert columns_for(5, 0) == 1


def test_a_tile_is_as_wide_as_its_value_needs() -> None:
    narrow = min_width(Tile("住户", 5, None), ZH, with_help=False)
    wide = min_width(Tile("住户", 1_234_567, None), ZH, with_help=False)
    assert wide > narrow
    assert wide >= text_width("1,234,567", 36)
    # a long label is capped: it wraps rather than widen every tile of its row
    label = "Renters from other counties and other places far away"
    assert min_width(Tile(label, 5, None), EN, with_help=True) < text_width(label, 14)
    assert narrow < TILE_FLOOR


def test_the_rows_columns_follow_the_width_of_their_container() -> None:
    css = grid_css("tiles-x", 6, 180)
    queries = re.findall(r"@container \(min-width: (\d+)px\).*?repeat\((\d+),", css)
    # two side by side from 2 × 180 + 16 px; three from 3 × 180 + 2 × 16; six from 6 × 180 + 5 × 16
    assert queries == [("376", "2"), ("572", "3"), ("1160", "6")]
    assert ".st-key-tiles-x { container-type: inline-size; }" in css


def test_on_paper_a_row_takes_its_columns_from_the_printed_sizes() -> None:
    tile = Tile("本周走访（次）", 6_157, 6_153)
    assert min_width(tile, ZH, with_help=False, sizes=PRINT) < min_width(tile, ZH, with_help=True)
    css = print_grid_css("tiles-x", 6, 100)
    assert css.startswith("@media print {")
    queries = re.findall(r"@container \(min-width: (\d+)px\).*?repeat\((\d+),.*?!important", css)
    # the printed gap is 8 px: two from 2 × 100 + 8, three from 3 × 100 + 2 × 8, six from 6 × 100 + 5 × 8
    assert queries == [("208", "2"), ("316", "3"), ("640", "6")]
