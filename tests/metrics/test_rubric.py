"""The scoring rubric on tiny literal rows: parse errors name the field, dump/parse round trip,
the demo rubric's proposals computed by hand, each reason for no proposal, the margin and the
score's range and precision."""

import datetime as dt
import json

import polars as pl
import pytest

from metrics import rubric as rb
from metrics.workers import MonthPlan
from tests.metrics.test_workers import ONE, assignments, run

D = dt.date
DEMO = rb.parse(rb.DEMO_RUBRIC)
#: the demo registry's criteria and their maxima (demo/build.py)
MAX = {
    "collection": 25.0,
    "visits": 25.0,
    "patrol": 15.0,
    "work_log": 10.0,
    "incidents": 15.0,
    "satisfaction": 10.0,
}
CRITERIA = pl.DataFrame(
    {
        "code": list(MAX),
        "name_zh": list(MAX),
        "name_en": list(MAX),
        "max_score": list(MAX.values()),
    }
)


def row(**values):
    """A worker row of ``python -m metrics workers`` with every indicator defined."""
    base = {
        "id": 1,
        "name": "王五",
        "role": "grid_worker",
        "grids": ["G-10"],
        "visits": 20,
        "visit_days": 12,
        "weeks": 4,
        "weeks_meeting_visit_days": 4,
        "visit_days_meeting_rate": 12,
        "patrol_rate": 1.0,
        "log_on_time_rate": 1.0,
        "incidents_reported": 2,
        "incidents_resolved_72h_rate": 1.0,
        "score_total": None,
        "scores": {},
    }
    return base | values


def proposal(code, **values):
    return rb.propose(DEMO, code, MAX[code], row(**values))


def one_term(**term):
    return {"criteria": {"patrol": {"terms": [{"measure": "patrol_rate", **term}]}}}


# --- parse: each error names the field ------------------------------------------------------


def test_bad_json_is_refused_with_its_line():
    with pytest.raises(rb.RubricError, match=r"not valid JSON \(line 2"):
        rb.parse('{"margin": 0.1,\n "step": }')


def test_unknown_measure_names_the_term():
    with pytest.raises(rb.RubricError, match=r"criteria\.patrol\.terms\[0\]: measure 'patrols'"):
        rb.parse({"criteria": {"patrol": {"terms": [{"measure": "patrols"}]}}})


def test_unknown_per_names_the_term():
    body = {"criteria": {"visits": {"terms": [{"measure": "visits", "per": "weekz"}]}}}
    with pytest.raises(rb.RubricError, match=r"criteria\.visits\.terms\[0\]: per 'weekz'"):
        rb.parse(body)


def test_weights_must_add_up_to_one():
    terms = [
        {"measure": "weeks_meeting_visit_days", "per": "weeks", "weight": 0.5},
        {"measure": "visit_days_meeting_rate", "per": "weeks", "weight": 0.4},
    ]
    with pytest.raises(rb.RubricError, match=r"^criteria\.visits: the terms' weights add up to 1"):
        rb.parse({"criteria": {"visits": {"terms": terms}}})


def test_weights_of_exact_decimals_add_up_to_one():
    # 0.1 + 0.2 + 0.7 is not 1 in binary floating point; the rubric adds exact decimals
    terms = [{"measure": "patrol_rate", "weight": w} for w in (0.1, 0.2, 0.7)]
    parsed = rb.parse({"criteria": {"patrol": {"terms": terms}}})
    assert [float(t.weight) for t in parsed.rules["patrol"].terms] == [0.1, 0.2, 0.7]


@pytest.mark.parametrize("zero_at, full_at", [(1, 1), (1.2, 1)])
def test_zero_at_must_be_below_full_at(zero_at, full_at):
    with pytest.raises(
        rb.RubricError, match=r"criteria\.patrol\.terms\[0\]: zero_at must be below full_at"
    ):
        rb.parse(one_term(zero_at=zero_at, full_at=full_at))


def test_a_number_field_that_is_not_a_number_is_named():
    with pytest.raises(rb.RubricError, match=r"criteria\.patrol\.terms\[0\]\.zero_at"):
        rb.parse(one_term(zero_at="half"))


def test_unknown_criterion_is_refused_only_when_the_criteria_are_given():
    body = {"criteria": {"party": {"terms": [{"measure": "patrol_rate"}]}}}
    assert set(rb.parse(body).rules) == {"party"}
    with pytest.raises(rb.RubricError, match=r"criteria\.party: not a criterion of the registry"):
        rb.parse(body, criteria=MAX)


def test_the_demo_rubric_fits_the_demo_criteria():
    assert set(rb.parse(rb.DEMO_RUBRIC, criteria=MAX).rules) == {
        "visits",
        "patrol",
        "work_log",
        "incidents",
    }


def test_margin_and_step_may_be_left_out():
    parsed = rb.parse('{"criteria": {}}')
    assert (parsed.margin, parsed.step) == (rb.DEFAULT_MARGIN, rb.DEFAULT_STEP)


# --- dump / parse ---------------------------------------------------------------------------


def test_dump_then_parse_gives_the_same_rubric():
    body = {
        "margin": 0.15,
        "step": 0.25,
        "criteria": {
            "visits": {
                "terms": [
                    {"measure": "visits", "per": "weeks", "per_factor": 2.5, "weight": 0.3},
                    {"measure": "visit_days", "weight": 0.7, "zero_at": 2, "full_at": 12},
                ]
            },
            "patrol": {"terms": [{"measure": "patrol_rate", "zero_at": 0.5}]},
        },
    }
    parsed = rb.parse(body)
    text = rb.dump(parsed)
    assert rb.parse(text) == parsed
    assert rb.dump(rb.parse(text)) == text
    stored = json.loads(text)
    assert stored["margin"] == 0.15 and stored["step"] == 0.25
    # a term with no divisor writes no per_factor
    assert "per_factor" not in stored["criteria"]["patrol"]["terms"][0]


def test_the_demo_rubric_is_its_own_dump():
    assert rb.dump(DEMO) == rb.DEMO_RUBRIC


# --- the demo rubric's proposals, by hand ---------------------------------------------------


def test_visits_half_the_weeks_and_half_the_days():
    # weeks meeting the 3-day rule: 2 of 4 → ½; days meeting 4 %: 6 of 3 × 4 → ½
    # 25 × (0.5 × ½ + 0.5 × ½) = 12.5
    p = proposal("visits", weeks_meeting_visit_days=2, visit_days_meeting_rate=6)
    assert p == rb.Proposal(
        12.5,
        None,
        {"weeks_meeting_visit_days/weeks": 0.5, "visit_days_meeting_rate/weeks": 0.5},
    )


def test_visits_days_beyond_three_a_week_are_capped():
    # 3 of 4 weeks → ¾; 15 days over 3 × 4 = 12 → capped at 1: 25 × (0.375 + 0.5) = 21.875 → 22
    p = proposal("visits", weeks_meeting_visit_days=3, visit_days_meeting_rate=15)
    assert p.values["visit_days_meeting_rate/weeks"] == 1.0
    assert p.score == 22.0


@pytest.mark.parametrize(
    "rate, score",
    [(0.4, 0.0), (0.5, 0.0), (0.8, 9.0), (1.0, 15.0)],
)
def test_patrol_is_zero_at_half_and_full_at_every_duty_day(rate, score):
    # 15 × clamp((rate − 0.5) ÷ 0.5)
    assert proposal("patrol", patrol_rate=rate).score == score


def test_an_exact_quarter_rounds_up_to_the_half_point():
    # work log: 10 × (0.7125 − 0.5) ÷ 0.5 = 4.25 exactly → 4.5 (half-up, in 0.5 steps)
    assert proposal("work_log", log_on_time_rate=0.7125).score == 4.5
    # incidents: 15 × 0.35 = 5.25 exactly → 5.5
    assert proposal("incidents", incidents_resolved_72h_rate=0.35).score == 5.5


def test_below_the_quarter_rounds_down():
    # 10 × (0.71 − 0.5) ÷ 0.5 = 4.2 → 4.0
    assert proposal("work_log", log_on_time_rate=0.71).score == 4.0


def test_proposals_frame_one_row_per_criterion_in_table_order():
    frame = rb.proposals(DEMO, CRITERIA, [row(id=7, patrol_rate=0.8)])
    assert frame.to_dicts() == [
        {"worker_id": 7, "criterion_code": code, "max_score": MAX[code], **expected}
        for code, expected in [
            ("collection", {"proposed": None, "why_none": "no_rule"}),
            ("visits", {"proposed": 25.0, "why_none": None}),
            ("patrol", {"proposed": 9.0, "why_none": None}),
            ("work_log", {"proposed": 10.0, "why_none": None}),
            ("incidents", {"proposed": 15.0, "why_none": None}),
            ("satisfaction", {"proposed": None, "why_none": "no_rule"}),
        ]
    ]


# --- no proposal, and why -------------------------------------------------------------------


def test_no_duty_day_gives_no_patrol_or_log_proposal():
    p = proposal("patrol", patrol_rate=None, log_on_time_rate=None)
    assert (p.score, p.why_none, p.values) == (None, "no_duty_day", {"patrol_rate": None})
    assert proposal("work_log", log_on_time_rate=None).why_none == "no_duty_day"


def test_no_duty_day_from_the_worker_indicators():
    # 1 March 2026 is a Sunday: the month has begun, no duty day has
    [worker] = run(MonthPlan.for_month("2026-03", D(2026, 3, 1)), ONE)
    assert rb.propose(DEMO, "patrol", 15, worker) == rb.Proposal(
        None, "no_duty_day", {"patrol_rate": None}
    )


def test_a_worker_who_left_mid_month_is_rated_over_his_own_duty_days():
    # 王五 in post until 16 March (half-open): duty days 2–6 and 9–13 March = 10; 李四 all month
    # (22 weekdays). Both patrol on 6 days and write 8 logs on time.
    staff = assignments(
        [
            (
                1,
                "王五",
                "grid_worker",
                D(2026, 1, 1),
                D(2026, 3, 16),
                10,
                "G-10",
                D(2026, 1, 1),
                None,
            ),
            (2, "李四", "grid_worker", D(2026, 1, 1), None, 11, "G-11", D(2026, 1, 1), None),
        ]
    )
    days = [2, 3, 4, 5, 6, 9, 10, 11]
    patrols = [(w, D(2026, 3, d)) for w in (1, 2) for d in days[:6]]
    logs = [(w, D(2026, 3, d), D(2026, 3, d)) for w in (1, 2) for d in days]
    plan = MonthPlan.for_month("2026-03", D(2026, 3, 31))
    left, stayed = run(plan, staff, patrols=patrols, logs=logs)
    assert (left["patrol_rate"], left["log_on_time_rate"]) == (0.6, 0.8)
    # 15 × (0.6 − 0.5) ÷ 0.5 = 3; 10 × (0.8 − 0.5) ÷ 0.5 = 6
    assert rb.propose(DEMO, "patrol", 15, left).score == 3.0
    assert rb.propose(DEMO, "work_log", 10, left).score == 6.0
    # over the whole month's 22 duty days the same work is below half: nothing
    assert rb.propose(DEMO, "patrol", 15, stayed).score == 0.0
    assert rb.propose(DEMO, "work_log", 10, stayed).score == 0.0


def test_a_month_cut_before_its_first_week_ends_has_no_visits_proposal():
    # as of Thursday 5 March 2026 the week of 2 March has not ended: weeks = 0
    visits = [(1, D(2026, 3, d), 2, 2) for d in (2, 3, 4)]
    [worker] = run(MonthPlan.for_month("2026-03", D(2026, 3, 5)), ONE, visits=visits)
    assert worker["weeks"] == 0 and worker["visit_days"] == 3
    p = rb.propose(DEMO, "visits", 25, worker)
    assert (p.score, p.why_none) == (None, "no_week")
    # the duty days so far (2–5 March) still rate the patrols
    assert rb.propose(DEMO, "patrol", 15, worker).why_none is None


def test_no_incident_reported_gives_no_incidents_proposal():
    p = proposal("incidents", incidents_reported=0, incidents_resolved_72h_rate=None)
    assert (p.score, p.why_none) == (None, "no_incident")


def test_a_criterion_without_a_rule_has_no_proposal():
    assert proposal("satisfaction") == rb.Proposal(None, "no_rule")
    assert proposal("collection").why_none == "no_rule"


# --- the margin, the range, the precision ---------------------------------------------------


def test_needs_reason_at_exactly_the_margin_and_just_above():
    # margin 0.1 × 25 = 2.5 points either way
    assert rb.needs_reason(DEMO, 25, 12.5, 15.0) is False
    assert rb.needs_reason(DEMO, 25, 12.5, 10.0) is False
    assert rb.needs_reason(DEMO, 25, 12.5, 15.01) is True
    assert rb.needs_reason(DEMO, 25, 12.5, 9.99) is True
    # 0.1 × 15 = 1.5: the float 0.1 × 15 is 1.5000000000000002, the exact margin is not
    assert rb.needs_reason(DEMO, 15, 9.0, 10.5) is False
    assert rb.needs_reason(DEMO, 15, 9.0, 10.51) is True


def test_no_proposal_needs_no_reason():
    assert rb.needs_reason(DEMO, 10, None, 0.0) is False


@pytest.mark.parametrize(
    "score, problem",
    [
        (0, None),
        (25, None),
        (12.34, None),
        (25.01, "out_of_range"),
        (-0.01, "out_of_range"),
        (12.345, "too_precise"),
        (0.001, "too_precise"),
    ],
)
def test_score_problem(score, problem):
    assert rb.score_problem(25, score) == problem


def test_a_sheet_scores_the_usable_criteria_once() -> None:
    criteria = pl.DataFrame(
        {
            "code": ["visits", "bonus", "huge", "service", "service", "blank"],
            "max_score": [25.0, 0.0, 5000.0, 10.0, 12.0, None],
        }
    )
    kept = rb.usable_criteria(criteria)
    assert kept.rows() == [("visits", 25.0), ("service", 10.0)]
