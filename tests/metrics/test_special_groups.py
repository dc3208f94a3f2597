"""Special-groups figures (metrics.special_groups) on tiny literal frames, one edge each."""

import datetime as dt

import polars as pl

from metrics import special_groups as msg
from metrics.privacy import Disclosure, shown_text

EXACT, PROTECTED = Disclosure.EXACT, Disclosure.PROTECTED

D = dt.date
T = dt.datetime
DAY = D(2026, 3, 10)


def lookup(rows):
    return pl.DataFrame(
        rows,
        schema={
            "code": pl.String,
            "name_zh": pl.String,
            "name_en": pl.String,
            "applies_to": pl.String,
            "sensitive": pl.Boolean,
        },
        orient="row",
    )


def counts(rows):
    return pl.DataFrame(
        rows,
        schema={"group_code": pl.String, "grid_id": pl.Int64, "members": pl.Int64},
        orient="row",
    )


GROUPS = lookup(
    [
        ("pregnant", "怀孕对象", "Pregnant", "resident", True),
        ("home_buyer", "买房户", "Home buyers", "household", False),
        ("disabled", "残疾人", "Disabled", "resident", False),
    ]
)
GRIDS = pl.DataFrame({"id": [2, 1], "code": ["G-02", "G-01"], "name": ["二", "一"]})


def test_shown_text_protects_only_sensitive_counts():
    shown = [shown_text(n, True, PROTECTED) for n in (0, 1, 4, 5, 1234)]
    assert shown == ["0", "<5", "<5", "5", "1,235"]
    assert shown_text(3, False, PROTECTED) == "3"
    assert [shown_text(n, True, EXACT) for n in (1, 4, 1234)] == ["1", "4", "1,234"]


def test_group_table_lists_every_group_in_level_then_sensitivity_order():
    table = msg.group_table(
        GROUPS, counts([("pregnant", 1, 3), ("disabled", 1, 2), ("disabled", 2, 5)]), PROTECTED
    )
    assert table["code"].to_list() == ["disabled", "pregnant", "home_buyer"]
    assert table.select("members", "shown").rows() == [(7, "7"), (3, "<5"), (0, "0")]


def test_group_table_sums_a_sensitive_group_over_grids_before_suppressing():
    table = msg.group_table(GROUPS, counts([("pregnant", 1, 3), ("pregnant", 2, 2)]), PROTECTED)
    assert table.filter(pl.col("code") == "pregnant")["shown"].item() == "5"


def test_group_table_rounds_a_sensitive_total_from_its_exact_count():
    # cells 4 + 4 + 4 = 12 → 10 (rounded from 12), not "<5" three times nor 3 × something
    cells = counts([("pregnant", 1, 4), ("pregnant", 2, 4), ("pregnant", 3, 4)])
    assert msg.group_table(GROUPS, cells, PROTECTED).row(1, named=True)["shown"] == "10"
    assert msg.group_table(GROUPS, cells, EXACT).row(1, named=True)["shown"] == "12"


def test_grid_group_matrix_has_every_cell_and_hides_small_sensitive_counts():
    matrix = msg.grid_group_matrix(
        GROUPS,
        GRIDS,
        counts([("pregnant", 1, 3), ("disabled", 1, 2), ("disabled", 2, 4)]),
        PROTECTED,
    )
    assert matrix.height == 2 * 3
    cell = {(r["grid_code"], r["code"]): r for r in matrix.iter_rows(named=True)}
    assert (cell[("G-01", "pregnant")]["shown"], cell[("G-01", "pregnant")]["intensity"]) == (
        "<5",
        None,
    )
    assert (
        cell[("G-01", "disabled")]["intensity"] == 0.5
        and cell[("G-02", "disabled")]["intensity"] == 1.0
    )
    assert cell[("G-02", "home_buyer")]["intensity"] == 0.0  # nobody anywhere: no division
    assert matrix["grid_code"].to_list()[:3] == ["G-01"] * 3


def test_grid_group_matrix_gives_a_lone_suppressed_cell_no_shade():
    matrix = msg.grid_group_matrix(GROUPS, GRIDS, counts([("pregnant", 1, 4)]), PROTECTED)
    cell = {
        r["grid_code"]: r for r in matrix.filter(pl.col("code") == "pregnant").iter_rows(named=True)
    }
    assert (cell["G-01"]["shown"], cell["G-01"]["intensity"]) == ("<5", None)
    assert (cell["G-02"]["shown"], cell["G-02"]["intensity"]) == ("0", 0.0)


def test_grid_group_matrix_shades_a_protected_role_by_the_rounded_counts():
    cells = counts([("pregnant", 1, 7), ("pregnant", 2, 8)])  # shown 5 and 10
    protected = msg.grid_group_matrix(GROUPS, GRIDS, cells, PROTECTED).filter(
        pl.col("code") == "pregnant"
    )
    assert protected.select("shown", "intensity").rows() == [("5", 0.5), ("10", 1.0)]
    exact = msg.grid_group_matrix(GROUPS, GRIDS, cells, EXACT).filter(pl.col("code") == "pregnant")
    assert exact.select("shown", "intensity").rows() == [("7", 0.875), ("8", 1.0)]


def test_group_trend_fills_missing_days_and_never_plots_a_small_sensitive_count():
    days = [D(2026, 3, 1), D(2026, 3, 8), DAY]
    members = pl.DataFrame({"day": [D(2026, 3, 8), DAY], "members": [4, 6]})
    trend = msg.group_trend(days, members, True, PROTECTED)
    assert trend.select("members", "shown", "plotted").rows() == [
        (0, "0", 0),
        (4, "<5", None),
        (6, "5", 5),
    ]
    plain = msg.group_trend(days, members, False, PROTECTED)
    assert plain["plotted"].to_list() == [0, 4, 6]
    exact = msg.group_trend(days, members, True, EXACT)
    assert exact.select("shown", "plotted").rows() == [("0", 0), ("4", 4), ("6", 6)]


def test_care_window_is_thirty_days_ending_on_the_day():
    assert msg.care_window_start(DAY) == D(2026, 2, 9)


def test_care_groups_are_the_present_resident_level_groups_that_are_not_sensitive():
    groups = lookup(
        [
            ("disabled", "残疾人", "Disabled", "resident", False),
            ("solitary_elderly", "独居老人", "Alone", "resident", True),
            ("widowed_elderly", "孤寡老人", "Widowed", "household", False),
            ("party_member", "党员", "Party", "resident", False),
        ]
    )
    assert msg.care_group_codes(groups) == ("disabled",)
    assert msg.withheld_care_groups(groups) == ("solitary_elderly",)
    assert msg.care_group_codes(lookup([])) == ()


def test_care_gap_by_grid_fills_grids_and_has_no_share_without_members():
    by_grid = msg.care_gap_by_grid(
        GRIDS, pl.DataFrame({"grid_id": [1], "members": [3], "without_visit": [1]})
    )
    assert by_grid.select("grid_code", "members", "without_visit", "share").rows() == [
        ("G-01", 3, 1, 0.3333),
        ("G-02", 0, 0, None),
    ]


def test_care_gap_totals_are_sums_over_sums():
    by_grid = pl.DataFrame({"members": [3, 1], "without_visit": [1, 1]})
    assert msg.care_gap_totals(by_grid) == {"members": 4, "without_visit": 2, "share": 0.5}
    assert msg.care_gap_totals(by_grid.clear()) == {"members": 0, "without_visit": 0, "share": None}


def test_days_since_counts_calendar_days_from_the_visit_date():
    assert msg.days_since(T(2026, 2, 8, 23, 59, 59), DAY) == 30
    assert msg.days_since(T(2026, 3, 10, 0, 0), DAY) == 0
    assert msg.days_since(None, DAY) is None


def test_care_gap_rows_are_masked_with_age_on_the_day_and_ordered_groups():
    rows = pl.DataFrame(
        {
            "resident_id": [7, 8],
            "name": ["张小明", "李四"],
            "birth_date": [D(1956, 3, 10), D(1956, 3, 11)],
            "address": ["建新小区3栋2单元501", "李湾居民组12号"],
            "grid_code": ["G-01", "G-02"],
            "grid_name": ["一", "二"],
            "last_visit": [None, T(2026, 1, 9, 10)],
        },
        schema_overrides={"last_visit": pl.Datetime("us")},
    )
    memberships = pl.DataFrame(
        {"resident_id": [7, 7, 7], "group_code": ["disabled", "empty_nest_elderly", "disabled"]}
    )
    out = msg.care_gap_rows(rows, memberships, DAY)
    assert out.select("name", "age", "address", "days_since_visit", "last_visit_day").rows() == [
        ("张*明", 70, "建新小区3栋**", None, None),
        ("李*", 69, "李湾居民组**", 60, D(2026, 1, 9)),
    ]
    assert out["groups"].to_list() == [["empty_nest_elderly", "disabled"], []]


def test_care_gap_rows_of_an_empty_page_keep_their_columns():
    empty = pl.DataFrame(
        schema={
            "resident_id": pl.Int64,
            "name": pl.String,
            "birth_date": pl.Date,
            "address": pl.String,
            "grid_code": pl.String,
            "grid_name": pl.String,
            "last_visit": pl.Datetime("us"),
        }
    )
    out = msg.care_gap_rows(
        empty, pl.DataFrame(schema={"resident_id": pl.Int64, "group_code": pl.String}), DAY
    )
    assert out.is_empty() and "days_since_visit" in out.columns


def test_a_group_without_a_sensitive_flag_is_sensitive():
    groups = lookup([("secret", "保密", "Secret", "resident", None)])
    table = msg.group_table(groups, counts([("secret", 1, 3)]), PROTECTED)
    assert table.select("sensitive", "shown").rows() == [(True, "<5")]
    assert (
        msg.care_group_codes(lookup([("disabled", "残疾人", "Disabled", "resident", None)])) == ()
    )
    assert msg.withheld_care_groups(
        lookup([("disabled", "残疾人", "Disabled", "resident", None)])
    ) == ("disabled",)
