"""The figure catalogue (``metrics.catalogue.FIGURES``): complete for both commands' objects,
every function real, every rule and target taken from the constants the figures are computed
with, every label and help from the glossary's terms."""

from __future__ import annotations

import inspect
from fractions import Fraction
from typing import Any

import pytest

from metrics import assessment as ma
from metrics import catalogue as c
from metrics import township as mt
from metrics import workers as mw
from metrics.core import RATIO_PLACES, SCORE_PLACES
from metrics.snapshot import RESOLUTION_HOURS, RULE_DAILY_RATE, RULE_VISIT_DAYS
from metrics.visits import WEEKLY_COVERAGE_LINE
from tests.data_access.tiny import EXPECTED_ALL


def leaves(value: Any, prefix: str = "") -> list[str]:
    """The dotted keys of a JSON object's leaves, in order."""
    if not isinstance(value, dict):
        return [prefix]
    return [k for key, v in value.items() for k in leaves(v, f"{prefix}{key}.")]


def declared(key: str, figures: tuple[c.Figure, ...]) -> c.Figure | None:
    for figure in figures:
        if figure.key == key or (figure.family and key.startswith(figure.key + ".")):
            return figure
    return None


def test_every_snapshot_figure_is_declared_once_in_the_contracts_order() -> None:
    keys = [key.rstrip(".") for key in leaves(EXPECTED_ALL)]
    found = [declared(key, c.SNAPSHOT_FIGURES) for key in keys]
    assert None not in found, [k for k, f in zip(keys, found, strict=True) if f is None]
    # each declared figure stands for some key, in the snapshot's order, families once
    assert list(dict.fromkeys(found)) == list(c.SNAPSHOT_FIGURES)


def test_every_worker_figure_is_declared_in_the_contracts_order() -> None:
    assert tuple(f.key for f in c.WORKER_FIGURES) == mw.INDICATOR_KEYS


def test_keys_are_unique_and_each_reads_its_value() -> None:
    keys = [f.key for f in c.FIGURES]
    assert len(keys) == len(set(keys))
    assert c.HOUSEHOLDS.of(EXPECTED_ALL) == EXPECTED_ALL["households"]
    assert c.VISITS_COVERAGE_90D.of(EXPECTED_ALL) == EXPECTED_ALL["visits"]["coverage_90d"]
    assert c.SPECIAL_GROUPS.of(EXPECTED_ALL) == EXPECTED_ALL["special_groups"]
    assert c.figure("incidents.open") is c.INCIDENTS_OPEN
    with pytest.raises(KeyError):
        c.figure("no.such.figure")


@pytest.mark.parametrize("figure", c.FIGURES, ids=lambda f: f.key)
def test_every_figure_is_computed_by_a_metrics_function(figure: c.Figure) -> None:
    assert inspect.isfunction(figure.compute), figure.key
    assert figure.compute.__module__.startswith("metrics."), figure.key


@pytest.mark.parametrize("figure", c.FIGURES, ids=lambda f: f.key)
def test_label_and_help_come_from_a_declared_term(figure: c.Figure) -> None:
    entry = c.term(figure.term)
    for index in (0, 1):
        assert figure.name_in(index).strip() and "{" not in figure.name_in(index)
        assert figure.help_in(index) == entry.definition_in(index)
    assert figure.key in entry.figures  # the glossary's link is derived, never a second list


def test_units_give_the_contracts_decimals() -> None:
    assert c.VISITS_COVERAGE_90D.decimals == RATIO_PLACES == 4
    assert c.ASSESSMENT_MEAN.decimals == SCORE_PLACES == 2
    assert c.HOUSEHOLDS.decimals == 0
    for figure in c.WORKER_INDICATORS:
        assert (figure.unit is c.Unit.RATIO) == (figure.key in mw.RATE_INDICATORS)


def test_targets_are_the_rules_and_the_township_targets() -> None:
    assert c.WEEK_VISIT_DAYS.target == RULE_VISIT_DAYS == 3
    assert c.DAILY_RATE.target == RULE_DAILY_RATE == Fraction(4, 100)
    assert c.WEEKLY_COVERAGE.target == WEEKLY_COVERAGE_LINE == Fraction(12, 100)
    assert c.HOURS_TO_RESOLVE.target == RESOLUTION_HOURS == 72
    assert {key: f.target for key, f in c.TOWNSHIP.items()} == mt.TARGETS
    assert c.DAILY_RATE.meets(0.04) and not c.DAILY_RATE.meets(0.0399)
    assert c.HOURS_TO_RESOLVE.meets(72) and not c.HOURS_TO_RESOLVE.meets(72.5)
    assert c.VISITS_COVERAGE_90D.meets(None) is None and c.HOUSEHOLDS.meets(5) is None


def test_the_indicator_names_are_one_declaration() -> None:
    """Every list of the nine names is derived from ``metrics.workers.INDICATOR_IS_RATIO``."""
    assert tuple(mw.INDICATOR_IS_RATIO) == mw.INDICATORS and len(mw.INDICATORS) == 9
    assert ma.COUNT_INDICATORS is mw.COUNT_INDICATORS
    assert ma.RATE_INDICATORS is mw.RATE_INDICATORS and ma.INDICATORS is mw.INDICATORS
    assert tuple(f.key for f in c.WORKER_INDICATORS) == mw.INDICATORS
    assert set(ma.CHANGE_MEASURES) == {mw.SCORE_TOTAL, *mw.INDICATORS}


def test_the_windows_are_the_snapshots_constants() -> None:
    from metrics import snapshot as ms
    from metrics import visits as mv

    assert c.VISITS_COVERAGE_90D.window == ms.COVERAGE_90D_DAYS == 90
    assert c.RENTALS_INSPECTED_90D.window == ms.INSPECTION_DAYS
    assert c.INCIDENTS_REPORTED_30D.window == ms.INCIDENT_WINDOW_DAYS
    # the modules that once kept their own copy of the 90-day window now have none
    assert not hasattr(mv, "NOT_VISITED_DAYS") and not hasattr(mt, "COVERAGE_WINDOW_DAYS")
