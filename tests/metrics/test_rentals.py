"""Rental figures on tiny literal frames, one edge each."""

import datetime as dt

import polars as pl

from metrics import rentals as m

D = dt.date
DAY = D(2026, 3, 10)

GRIDS = pl.DataFrame({"id": [2, 1], "code": ["AH-02", "AH-01"], "name": ["站前", "建新"]})
COUNTS = {
    "grid_id": pl.Int64,
    "rentals": pl.Int64,
    "pledge_signed": pl.Int64,
    "inspected": pl.Int64,
}
RENTED = {"grid_id": pl.Int64, "rented_households": pl.Int64, "floating_in_rented": pl.Int64}


def table(rental_rows, rented_rows, floating_rows) -> pl.DataFrame:
    return m.by_grid(
        GRIDS,
        pl.DataFrame(rental_rows, schema=COUNTS, orient="row"),
        pl.DataFrame(rented_rows, schema=RENTED, orient="row"),
        pl.DataFrame(
            floating_rows, schema={"grid_id": pl.Int64, "floating": pl.Int64}, orient="row"
        ),
    )


def test_by_grid_fills_missing_grids_with_zeros_and_null_shares() -> None:
    got = table([(1, 4, 3, 1)], [(1, 2, 3)], [(1, 6)])
    assert got["code"].to_list() == ["AH-01", "AH-02"]
    assert got["rentals"].to_list() == [4, 0]
    assert got["pledge_share"].to_list() == [0.75, None]
    assert got["inspected_share"].to_list() == [0.25, None]
    assert got["floating_in_rented_share"].to_list() == [0.5, None]


def test_summary_shares_are_sums_over_sums() -> None:
    got = m.summary(table([(1, 1, 1, 1), (2, 3, 0, 0)], [(1, 1, 1), (2, 2, 0)], [(1, 1), (2, 3)]))
    # the mean of the grids' shares would be 0.5; the share of the sums is 1/4
    assert got["pledge_share"] == 0.25
    assert (got["rentals"], got["pledge_signed"], got["inspected_90d"]) == (4, 1, 1)
    assert (got["floating_in_rented"], got["floating"], got["floating_in_rented_share"]) == (
        1,
        4,
        0.25,
    )


def test_summary_of_no_rental_is_zero_with_null_shares() -> None:
    got = m.summary(table([], [], []))
    assert (
        got["rentals"] == 0
        and got["pledge_share"] is None
        and got["floating_in_rented_share"] is None
    )


def test_inspection_window_is_the_snapshots_90_days() -> None:
    assert m.inspected_since(DAY) == D(2025, 12, 11)


def test_follow_up_flags_at_the_window_edges() -> None:
    rows = pl.DataFrame(
        {
            "pledge_signed_on": [DAY, D(2026, 3, 11), None],
            "last_inspected_on": [D(2025, 12, 11), D(2025, 12, 10), D(2026, 3, 11)],
        }
    )
    got = m.follow_up_flags(rows, DAY)
    assert got["no_pledge"].to_list() == [False, True, True]
    assert got["not_inspected"].to_list() == [False, True, True]  # after the day: not yet


def test_masked_follow_up_masks_landlord_and_address() -> None:
    rows = pl.DataFrame(
        {
            "landlord_name": ["陈小房", None],
            "address": ["建新小区3栋2单元501", "李湾组5号"],
            "pledge_signed_on": [None, DAY],
            "last_inspected_on": [None, DAY],
        },
        schema={
            "landlord_name": pl.String,
            "address": pl.String,
            "pledge_signed_on": pl.Date,
            "last_inspected_on": pl.Date,
        },
    )
    got = m.masked_follow_up(rows, DAY)
    assert got["landlord_name"].to_list() == ["陈*房", None]
    assert got["address"].to_list() == ["建新小区3栋**", "李湾组**"]


def test_floating_by_grid_sums_the_floating_rows_only() -> None:
    counts = pl.DataFrame(
        {
            "grid_id": [1, 1, 1, 2],
            "residency": ["floating", "floating", "resident", "nominal"],
            "floating_origin": ["business", None, None, None],
            "elderly": [False, True, False, False],
            "residents": [2, 3, 7, 1],
        }
    )
    assert m.floating_by_grid(counts).to_dicts() == [{"grid_id": 1, "floating": 5}]
