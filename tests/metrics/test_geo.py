"""Grid map figures: boundaries parsed without trust, per-grid figures on tiny literal frames."""

from __future__ import annotations

import datetime as dt
import json
import math

import polars as pl
import pytest

from metrics import geo
from metrics.snapshot import SnapshotInputs, SnapshotPlan, snapshot

D = dt.date
SQUARE = [[117.0, 31.0], [117.1, 31.0], [117.1, 31.1], [117.0, 31.1], [117.0, 31.0]]


def polygon_text(*rings: list) -> str:
    return json.dumps({"type": "Polygon", "coordinates": list(rings)})


# --- parse_boundary -----------------------------------------------------------


@pytest.mark.parametrize("text", [None, "", "   "])
def test_no_boundary_is_missing(text):
    assert geo.parse_boundary(text).problem == geo.MISSING


def test_text_that_is_not_json_is_malformed():
    parsed = geo.parse_boundary('{"type": "Polygon", "coordinates": [[[117')
    assert parsed.problem == geo.MALFORMED and not parsed.drawable and parsed.polygons == ()


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ('{"type": "Point", "coordinates": [117, 31]}', "Point"),
        ('{"type": "Feature", "geometry": null}', "Feature"),
        ("[[117, 31]]", "list"),
        ('"Polygon"', "str"),
    ],
)
def test_json_that_is_not_a_polygon_is_unsupported(text, detail):
    parsed = geo.parse_boundary(text)
    assert (parsed.problem, parsed.detail) == (geo.UNSUPPORTED, detail)


def test_a_polygon_is_drawable_and_its_closing_position_dropped():
    parsed = geo.parse_boundary(polygon_text(SQUARE))
    assert parsed.drawable
    assert parsed.polygons == ([[(117.0, 31.0), (117.1, 31.0), (117.1, 31.1), (117.0, 31.1)]],)


def test_an_open_ring_is_accepted_as_it_is():
    parsed = geo.parse_boundary(polygon_text(SQUARE[:-1]))
    assert parsed.polygons[0][0] == [(117.0, 31.0), (117.1, 31.0), (117.1, 31.1), (117.0, 31.1)]


def test_holes_are_kept_after_the_outer_ring():
    hole = [[117.02, 31.02], [117.04, 31.02], [117.04, 31.04], [117.02, 31.02]]
    parsed = geo.parse_boundary(polygon_text(SQUARE, hole))
    assert len(parsed.polygons) == 1 and len(parsed.polygons[0]) == 2


def test_a_multipolygon_gives_each_polygon():
    other = [[[118.0, 32.0], [118.1, 32.0], [118.1, 32.1], [118.0, 32.0]]]
    text = json.dumps({"type": "MultiPolygon", "coordinates": [[SQUARE], other]})
    parsed = geo.parse_boundary(text)
    assert parsed.drawable and len(parsed.polygons) == 2


@pytest.mark.parametrize(
    "coordinates",
    [
        [],  # a polygon without rings
        [[[117.0, 31.0], [117.1, 31.0], [117.0, 31.0]]],  # two distinct positions only
        [[[117.0, 31.0], [117.1, 95.0], [117.1, 31.1]]],  # latitude out of range
        [[[117.0, 31.0], ["117.1", 31.0], [117.1, 31.1]]],  # a number written as text
        [[[117.0, 31.0], [True, 31.0], [117.1, 31.1]]],  # a boolean is not a coordinate
        [[[117.0, 31.0], [117.1], [117.1, 31.1]]],  # a position without latitude
        [[117.0, 31.0, 117.1, 31.1]],  # a ring that is not a list of positions
        "not a list",
    ],
)
def test_bad_coordinates_are_reported_not_raised(coordinates):
    parsed = geo.parse_boundary(json.dumps({"type": "Polygon", "coordinates": coordinates}))
    assert parsed.problem == geo.BAD_COORDINATES and parsed.detail


def test_nan_coordinates_are_bad():
    text = '{"type": "Polygon", "coordinates": [[[117, 31], [NaN, 31], [117.1, 31.1]]]}'
    assert geo.parse_boundary(text).problem == geo.BAD_COORDINATES


def test_an_empty_multipolygon_is_bad():
    parsed = geo.parse_boundary('{"type": "MultiPolygon", "coordinates": []}')
    assert parsed.problem == geo.BAD_COORDINATES


# --- placement --------------------------------------------------------------------


def test_bounds_of_nothing_drawable_is_none():
    assert geo.bounds([geo.parse_boundary(None), geo.parse_boundary("x")]) is None


def test_bounds_cover_every_outer_ring():
    a = geo.parse_boundary(polygon_text(SQUARE))
    b = geo.parse_boundary(polygon_text([[117.5, 30.5], [117.6, 30.5], [117.6, 30.6]]))
    assert geo.bounds([a, b]) == (117.0, 30.5, 117.6, 31.1)


def test_fit_view_centres_and_zooms_in_for_a_smaller_box():
    wide = geo.fit_view((117.0, 31.0, 117.2, 31.2))
    narrow = geo.fit_view((117.0, 31.0, 117.02, 31.02))
    assert (wide["longitude"], wide["latitude"]) == pytest.approx((117.1, 31.1))
    assert narrow["zoom"] == pytest.approx(wide["zoom"] + math.log2(10), abs=0.02)


def test_fit_view_of_a_point_is_clamped():
    assert geo.fit_view((117.0, 31.0, 117.0, 31.0))["zoom"] == 18.0


def test_label_point_is_the_mean_of_the_outer_corners():
    polygon = geo.parse_boundary(polygon_text(SQUARE)).polygons[0]
    assert geo.label_point(polygon) == pytest.approx((117.05, 31.05))


# --- figures per grid -------------------------------------------------------------


def test_floating_share_is_a_ratio_and_null_without_residents():
    assert geo.floating_share(1, 3) == 0.3333
    assert geo.floating_share(0, 0) is None


def frame(rows: list[tuple], schema: dict) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema, orient="row")


GRIDS = frame(
    [
        (1, "A-01", "一号", "A", "甲社区", True),
        (2, "A-02", "商业街", "A", "甲社区", False),
        (3, "B-01", "空网格", "B", "乙社区", True),
    ],
    {
        "id": pl.Int64,
        "code": pl.String,
        "name": pl.String,
        "community_code": pl.String,
        "community_name": pl.String,
        "inhabited": pl.Boolean,
    },
)
WEEK = [D(2026, 3, 2) + dt.timedelta(days=i) for i in range(7)]


def inputs(**changes: pl.DataFrame) -> SnapshotInputs:
    """Snapshot inputs of the three grids above, empty unless given."""
    base = {
        "grids": GRIDS,
        "households": frame([], {"grid_id": pl.Int64, "households": pl.Int64}),
        "residents": frame(
            [],
            {
                "grid_id": pl.Int64,
                "residency": pl.String,
                "floating_origin": pl.String,
                "elderly": pl.Boolean,
                "residents": pl.Int64,
            },
        ),
        "special_groups": frame(
            [("disabled", "残疾人", "Disabled", "resident", False)],
            {
                "code": pl.String,
                "name_zh": pl.String,
                "name_en": pl.String,
                "applies_to": pl.String,
                "sensitive": pl.Boolean,
            },
        ),
        "special_group_counts": frame(
            [], {"group_code": pl.String, "grid_id": pl.Int64, "members": pl.Int64}
        ),
        "workers": frame(
            [], {"worker_id": pl.Int64, "name": pl.String, "role": pl.String, "grid_id": pl.Int64}
        ),
        "visits_this_week": frame(
            [], {"grid_id": pl.Int64, "visits": pl.Int64, "households_visited": pl.Int64}
        ),
        "coverage": frame(
            [],
            {
                "grid_id": pl.Int64,
                "households": pl.Int64,
                "covered_30d": pl.Int64,
                "covered_90d": pl.Int64,
            },
        ),
        "last_week_visits": frame(
            [],
            {
                "grid_id": pl.Int64,
                "day": pl.Date,
                "visits": pl.Int64,
                "households_visited": pl.Int64,
            },
        ),
        "last_week_households": frame(
            [], {"grid_id": pl.Int64, "day": pl.Date, "households": pl.Int64}
        ),
        "open_incidents": frame([], {"grid_id": pl.Int64, "open": pl.Int64}),
        "incidents_reported": frame(
            [],
            {
                "id": pl.Int64,
                "grid_id": pl.Int64,
                "reported_at": pl.Datetime("us"),
                "resolved_at": pl.Datetime("us"),
            },
        ),
        "rentals": frame(
            [],
            {
                "grid_id": pl.Int64,
                "rentals": pl.Int64,
                "pledge_signed": pl.Int64,
                "inspected": pl.Int64,
            },
        ),
        "assessment_scores": frame(
            [],
            {
                "worker_id": pl.Int64,
                "criterion_code": pl.String,
                "score": pl.Float64,
                "max_score": pl.Float64,
            },
        ),
    }
    return SnapshotInputs(assessment_period=None, **(base | changes))


def test_a_scope_without_data_gives_zeros_and_nulls():
    figures = geo.grid_figures(inputs())
    assert figures["code"].to_list() == ["A-01", "A-02", "B-01"]
    assert figures["households"].to_list() == [0, 0, 0]
    assert figures["residents"].to_list() == [0, 0, 0]
    assert figures["floating_share"].to_list() == [None, None, None]
    assert figures["coverage_90d"].to_list() == [None, None, None]
    assert figures["open_incidents"].to_list() == [0, 0, 0]


def test_residents_are_split_and_the_floating_share_is_per_grid():
    residents = frame(
        [
            (1, "resident", None, False, 2),
            (1, "resident", None, True, 1),
            (1, "floating", "business", False, 1),
            (2, "nominal", None, False, 4),
        ],
        inputs().residents.schema,
    )
    figures = geo.grid_figures(inputs(residents=residents)).sort("grid_id")
    assert figures["residents"].to_list() == [4, 4, 0]
    assert figures["resident"].to_list() == [3, 0, 0]
    assert figures["nominal"].to_list() == [0, 4, 0]
    assert figures["floating_share"].to_list() == [0.25, 0.0, None]


def test_coverage_per_grid_is_covered_over_active_households():
    coverage = frame([(1, 3, 1, 2), (3, 0, 0, 0)], inputs().coverage.schema)
    households = frame([(1, 3)], inputs().households.schema)
    figures = geo.grid_figures(inputs(coverage=coverage, households=households)).sort("grid_id")
    assert figures["covered_90d"].to_list() == [2, 0, 0]
    assert figures["coverage_90d"].to_list() == [0.6667, None, None]


def test_week_rules_apply_to_inhabited_grids_only():
    visits = frame(
        [(1, WEEK[0], 1, 1), (1, WEEK[2], 1, 1), (1, WEEK[4], 2, 1), (2, WEEK[0], 1, 1)],
        inputs().last_week_visits.schema,
    )
    households = frame([(1, day, 25) for day in WEEK], inputs().last_week_households.schema)
    figures = geo.grid_figures(
        inputs(last_week_visits=visits, last_week_households=households)
    ).sort("grid_id")
    assert figures["days_with_visits"].to_list() == [3, None, 0]
    assert figures["meets_visit_days"].to_list() == [True, None, False]
    assert figures["visit_days_meeting_rate"].to_list() == [3, None, 0]


def test_open_incidents_per_grid():
    open_counts = frame([(3, 2)], inputs().open_incidents.schema)
    figures = geo.grid_figures(inputs(open_incidents=open_counts)).sort("grid_id")
    assert figures["open_incidents"].to_list() == [0, 0, 2]


def test_every_grid_row_equals_the_snapshot_of_that_grid_alone():
    given = inputs(
        households=frame([(1, 4), (3, 2)], inputs().households.schema),
        residents=frame(
            [(1, "floating", None, False, 3), (3, "resident", None, False, 5)],
            inputs().residents.schema,
        ),
        coverage=frame([(1, 4, 1, 3), (3, 2, 0, 1)], inputs().coverage.schema),
        open_incidents=frame([(1, 1)], inputs().open_incidents.schema),
    )
    plan = SnapshotPlan.for_day(D(2026, 3, 10))
    for row in geo.grid_figures(given).iter_rows(named=True):
        one = [row["grid_id"]]
        alone = SnapshotInputs(
            **{
                name: value.filter(pl.col("id" if name == "grids" else "grid_id").is_in(one))
                if isinstance(value, pl.DataFrame)
                and name not in ("special_groups", "assessment_scores")
                else value
                for name, value in vars(given).items()
            }
        )
        snap = snapshot(plan, alone)
        assert row["households"] == snap["households"]
        assert row["residents"] == snap["residents"]["total"]
        assert row["coverage_90d"] == snap["visits"]["coverage_90d"]
        assert row["open_incidents"] == snap["incidents"]["open"]


def test_group_members_per_grid_zero_where_absent():
    counts = frame(
        [("disabled", 1, 2), ("disabled", 3, 1), ("pregnant", 1, 7)],
        {"group_code": pl.String, "grid_id": pl.Int64, "members": pl.Int64},
    )
    members = geo.group_members_by_grid([1, 2, 3], counts, "disabled")
    assert members.rows() == [(1, 2), (2, 0), (3, 1)]
    assert geo.group_members_by_grid([1], counts, "unknown").rows() == [(1, 0)]
