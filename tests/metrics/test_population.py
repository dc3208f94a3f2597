"""Population-page figures (metrics.population) on tiny literal frames, one edge each."""

import datetime as dt

import polars as pl

from metrics import population as mp
from metrics.core import age_on

D = dt.date
TUESDAY = D(2026, 3, 10)


def resident_counts(rows):
    return pl.DataFrame(
        rows,
        schema={
            "grid_id": pl.Int64,
            "residency": pl.String,
            "floating_origin": pl.String,
            "elderly": pl.Boolean,
            "residents": pl.Int64,
        },
        orient="row",
    )


def movements(rows):
    return pl.DataFrame(
        rows,
        schema={
            "kind": pl.String,
            "week_start": pl.Date,
            "residency": pl.String,
            "residents": pl.Int64,
        },
        orient="row",
    )


def sizes(rows):
    return pl.DataFrame(rows, schema={"size": pl.Int64, "households": pl.Int64}, orient="row")


# --- weeks ----------------------------------------------------------------


def test_trend_weeks_end_with_the_week_of_the_day_cut_at_the_day():
    weeks = mp.trend_weeks(TUESDAY)
    assert len(weeks) == 26
    assert (weeks[-1].start, weeks[-1].end) == (D(2026, 3, 9), TUESDAY)
    assert not weeks[-1].complete
    assert (weeks[0].start, weeks[0].end) == (D(2025, 9, 15), D(2025, 9, 21))
    assert all(w.start.weekday() == 0 for w in weeks)


def test_trend_weeks_on_a_sunday_are_all_complete():
    weeks = mp.trend_weeks(D(2026, 3, 8))
    assert weeks[-1].end == D(2026, 3, 8) and all(w.complete for w in weeks)


def test_week_end_days_are_sundays_and_the_day_itself():
    days = mp.week_end_days(TUESDAY, 3)
    assert days == [D(2026, 3, 1), D(2026, 3, 8), TUESDAY]


# --- per grid -------------------------------------------------------------


def test_residency_by_grid_splits_and_totals_every_residency():
    frame = resident_counts(
        [
            (1, "resident", None, False, 5),
            (1, "resident", None, True, 2),
            (1, "floating", "business", False, 3),
            (1, "temporary", None, False, 1),  # not a contract code: in the total only
            (2, "nominal", None, True, 4),
        ]
    )
    out = mp.residency_by_grid(frame).to_dicts()
    assert out == [
        {
            "grid_id": 1,
            "resident": 7,
            "floating": 3,
            "nominal": 0,
            "total": 11,
            "elderly_60_plus": 2,
        },
        {
            "grid_id": 2,
            "resident": 0,
            "floating": 0,
            "nominal": 4,
            "total": 4,
            "elderly_60_plus": 4,
        },
    ]


def test_residency_by_grid_of_nothing_is_empty_with_its_columns():
    out = mp.residency_by_grid(resident_counts([]))
    assert out.is_empty() and out.columns == [
        "grid_id",
        "resident",
        "floating",
        "nominal",
        "total",
        "elderly_60_plus",
    ]


def test_origin_by_grid_counts_null_and_other_spellings_as_unknown():
    frame = resident_counts(
        [
            (1, "floating", "business", False, 2),
            (1, "floating", None, False, 1),
            (1, "floating", "Business", False, 4),
            (1, "resident", "other", False, 9),  # origin of a non-floating resident: ignored
            (2, "floating", "study_companion", False, 3),
        ]
    )
    assert mp.origin_by_grid(frame).rows() == [
        (1, "business", 2),
        (1, "unknown", 5),
        (2, "study_companion", 3),
    ]


def test_origin_by_grid_without_floating_residents_is_empty():
    assert mp.origin_by_grid(resident_counts([(1, "resident", None, False, 3)])).is_empty()


def test_grid_table_shows_every_grid_in_scope_with_zeros():
    grids = pl.DataFrame(
        {
            "id": [2, 1],
            "code": ["G-02", "G-01"],
            "name": ["空网格", "一号"],
            "community_name": ["社区", "社区"],
            "inhabited": [False, True],
        }
    )
    households = pl.DataFrame({"grid_id": [1], "households": [3]})
    table = mp.grid_table(grids, households, resident_counts([(1, "floating", None, True, 5)]))
    assert table["code"].to_list() == ["G-01", "G-02"]
    assert table.select("households", "total", "floating", "elderly_60_plus").rows() == [
        (3, 5, 5, 5),
        (0, 0, 0, 0),
    ]


# --- age and sex ----------------------------------------------------------


def test_age_band_thresholds_are_exact_birthdays():
    born_by = mp.age_band_born_by(TUESDAY)
    assert len(born_by) == 20  # bands 1 … 20 (100+)
    assert born_by[0] == D(2021, 3, 10) and age_on(born_by[0], TUESDAY) == 5
    assert age_on(born_by[0] + dt.timedelta(days=1), TUESDAY) == 4  # a day younger: band 0
    assert born_by[-1] == D(1926, 3, 10) and age_on(born_by[-1], TUESDAY) == 100


def test_age_band_threshold_on_29_february_falls_back_to_28_february():
    assert mp.age_band_born_by(D(2028, 2, 29))[0] == D(2023, 2, 28)


def test_age_band_labels():
    assert [mp.age_band_label(b) for b in (0, 1, 19, 20)] == ["0–4", "5–9", "95–99", "100+"]


def test_pyramid_has_every_band_and_puts_other_genders_aside():
    counts = pl.DataFrame(
        {"gender": ["M", "F", "F", "X"], "band": [0, 0, 20, 7], "residents": [2, 1, 3, 4]},
        schema={"gender": pl.String, "band": pl.Int64, "residents": pl.Int64},
    )
    pyramid = mp.age_sex_pyramid(counts)
    assert pyramid.height == 21
    assert pyramid.row(0, named=True) == {
        "band": 0,
        "label": "0–4",
        "male": 2,
        "female": 1,
        "other": 0,
    }
    assert pyramid.row(20, named=True)["female"] == 3
    assert int(pyramid["other"].sum()) == 4


def test_pyramid_of_nobody_is_all_zero():
    empty = pl.DataFrame(schema={"gender": pl.String, "band": pl.Int64, "residents": pl.Int64})
    pyramid = mp.age_sex_pyramid(empty)
    assert (
        pyramid.height == 21
        and int(pyramid.select(pl.sum_horizontal("male", "female", "other")).sum().item()) == 0
    )


# --- arrivals and departures ---------------------------------------------


def test_weekly_movements_fill_every_week_and_residency_and_net():
    weeks = mp.trend_weeks(TUESDAY, 2)
    frame = movements(
        [
            ("arrivals", D(2026, 3, 9), "floating", 3),
            ("departures", D(2026, 3, 9), "floating", 5),
            ("departures", D(2026, 3, 2), "resident", 1),
        ]
    )
    out = mp.weekly_movements(weeks, frame)
    assert out.height == 2 * 3
    this_week = out.filter(pl.col("week_start") == D(2026, 3, 9), pl.col("residency") == "floating")
    assert this_week.select("week_end", "arrivals", "departures", "net").row(0) == (
        TUESDAY,
        3,
        5,
        -2,
    )
    assert out.filter(pl.col("residency") == "nominal")["net"].to_list() == [0, 0]


def test_weekly_movements_keep_a_residency_outside_the_contract():
    weeks = mp.trend_weeks(TUESDAY, 1)
    out = mp.weekly_movements(weeks, movements([("arrivals", D(2026, 3, 9), "temporary", 1)]))
    assert out["residency"].to_list() == ["resident", "floating", "nominal", "temporary"]


def test_weekly_net_and_totals_sum_over_residency():
    weeks = mp.trend_weeks(TUESDAY, 2)
    out = mp.weekly_movements(
        weeks,
        movements(
            [
                ("arrivals", D(2026, 3, 2), "resident", 2),
                ("arrivals", D(2026, 3, 2), "floating", 1),
                ("departures", D(2026, 3, 9), "nominal", 4),
            ]
        ),
    )
    assert mp.weekly_net(out).select("arrivals", "departures", "net").rows() == [
        (3, 0, 3),
        (0, 4, -4),
    ]
    assert mp.movement_totals(out) == {"arrivals": 3, "departures": 4, "net": -1}


def test_no_movement_is_zero_everywhere():
    out = mp.weekly_movements(mp.trend_weeks(TUESDAY), movements([]))
    assert out.height == 26 * 3
    assert mp.movement_totals(out) == {"arrivals": 0, "departures": 0, "net": 0}


# --- household size -------------------------------------------------------


def test_household_sizes_from_six_up_are_one_band_and_zero_is_kept():
    dist = mp.household_size_distribution(sizes([(0, 2), (1, 5), (6, 1), (9, 3)]))
    assert dist["label"].to_list() == ["0", "1", "2", "3", "4", "5", "6+"]
    assert dist["households"].to_list() == [2, 5, 0, 0, 0, 0, 4]


def test_mean_household_size_is_people_over_households():
    assert mp.mean_household_size(sizes([(1, 2), (2, 1)])) == 1.3333  # 4 / 3, half-up
    assert mp.mean_household_size(sizes([(0, 3)])) == 0.0


def test_mean_household_size_without_households_is_none():
    assert mp.mean_household_size(sizes([])) is None
