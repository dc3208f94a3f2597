"""The glossary's one declaration: every term complete in both languages, its numbers taken from
the rule constants, its figure keys those of the contract."""

from __future__ import annotations

import re
from pathlib import Path

from data_access.loaders import Registry, load_snapshot_inputs
from data_access.scope import Scope
from metrics import catalogue
from metrics.catalogue import RULES, SECTIONS, TERMS, term
from metrics.core import ELDERLY_AGE
from metrics.snapshot import (
    RESOLUTION_HOURS,
    RULE_DAILY_RATE,
    RULE_VISIT_DAYS,
    SnapshotPlan,
    snapshot,
)
from metrics.workers import INDICATOR_KEYS


def test_every_term_is_complete_in_both_languages() -> None:
    sections = {s.key for s in SECTIONS}
    for entry in TERMS:
        assert entry.section in sections, entry.key
        for index in (0, 1):
            text = entry.definition_in(index)
            assert text.strip() and entry.name_in(index).strip(), entry.key
            assert not re.search(r"[{}]", text + entry.name_in(index)), (entry.key, text)


def test_keys_and_anchors_are_unique_and_usable_in_a_link() -> None:
    anchors = [t.anchor for t in TERMS]
    assert len(set(anchors)) == len(anchors) == len({t.key for t in TERMS})
    assert all(re.fullmatch(r"[a-z0-9-]+", a) for a in anchors)


def test_placeholders_agree_between_languages() -> None:
    field = re.compile(r"{(\w+)}")
    for entry in TERMS:
        for zh, en in (entry.name, entry.definition):
            assert sorted(set(field.findall(zh))) == sorted(set(field.findall(en))), entry.key
            assert set(field.findall(zh)) <= set(RULES), entry.key


def test_the_rule_numbers_come_from_the_constants() -> None:
    assert RULES["visit_days"] == RULE_VISIT_DAYS and RULES["hours"] == RESOLUTION_HOURS
    assert RULES["daily_rate"] == f"{float(RULE_DAILY_RATE * 100):g}%" == "4%"
    assert RULES["weekly_line"] == "12%"
    assert f"{RULE_VISIT_DAYS} 天" in term("rule_3_day").definition_in(0)
    assert f"{RESOLUTION_HOURS} hours" in term("rule_72_hour").definition_in(1)
    assert f"{ELDERLY_AGE}" in term("elderly").name_in(0)


def test_a_changed_rule_changes_its_explanation(monkeypatch) -> None:
    monkeypatch.setitem(catalogue.RULES, "hours", 48)
    assert term("rule_72_hour").name_in(0) == "48 小时规则"
    assert "48 hours" in term("rule_72_hour").definition_in(1)


def test_the_seed_terms_are_declared() -> None:
    for key in ("nominal", "resident", "floating", "study_companion", "rule_3_day",
                "rule_4_percent", "rule_72_hour", "coverage_30d", "coverage_90d", "visits",
                "patrol_rate", "log_on_time_rate", "elderly", "special_groups", "small_count",
                "known_on_the_day", "data_freshness"):  # fmt: skip
        assert term(key)


def test_figure_keys_are_keys_of_the_contract(tiny_sqlite: Path) -> None:
    registry = Registry.open(str(tiny_sqlite))
    rs = registry.resolve(Scope())
    plan = SnapshotPlan.for_day(rs.as_of)
    with registry.connect() as conn:
        shot = snapshot(plan, load_snapshot_inputs(conn, rs, plan))
    registry.engine.dispose()

    def keys(value: object, prefix: str = "") -> set[str]:
        if not isinstance(value, dict):
            return set()
        found = set()
        for k, v in value.items():
            found |= {prefix + k} | keys(v, prefix + k + ".")
        return found

    contract = keys(shot) | set(INDICATOR_KEYS)
    declared = {key for t in TERMS for key in t.figures} & {
        f.key for f in (*catalogue.SNAPSHOT_FIGURES, *catalogue.WORKER_FIGURES)
    }
    assert declared and declared <= contract, declared - contract
