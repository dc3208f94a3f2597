"""Every label a page asks for exists in both languages."""

from __future__ import annotations

import re

from data_access.config import PROJECT_ROOT
from metrics.snapshot import COVERAGE_90D_DAYS, RULE_VISIT_DAYS
from ui.i18n import CODES, RULE_TEXT, TEXT, Labels

CALL = re.compile(r"""labels(?:\.plain)?\(\s*f?["']([a-z_]+\.[a-z0-9_.]+)["']""")


def test_every_literal_label_key_is_defined() -> None:
    missing = []
    for folder in ("pages", "ui"):
        for path in (PROJECT_ROOT / folder).rglob("*.py"):
            for key in CALL.findall(path.read_text(encoding="utf-8")):
                if "{" not in key and key not in TEXT:
                    missing.append(f"{path.name}: {key}")
    assert not missing, missing


def test_both_languages_are_filled() -> None:
    for key, (zh, en) in TEXT.items():
        assert zh.strip() and en.strip(), key
    for table in CODES.values():
        for code, (zh, en) in table.items():
            assert zh.strip() and en.strip(), code


def test_placeholders_agree_between_languages() -> None:
    """The values a caller gives agree; a rule's number (``RULE_TEXT``) is filled in by itself,
    and one language may name it where the other does not ("90 天检查率", "Inspected share")."""
    field = re.compile(r"{(\w+)}")
    for key, (zh, en) in TEXT.items():
        given = [sorted(n for n in field.findall(t) if n not in RULE_TEXT[0]) for t in (zh, en)]
        assert given[0] == given[1], key


def test_no_label_writes_a_rules_number() -> None:
    """The 3-day, 4 %, 12 %, 72-hour, 30- and 90-day rules and the age of 60 are written where the
    figures are computed; a label names them by placeholder (``{days_90} 天``)."""
    number = re.compile(
        r"(?<![\d.–{-])(?:(?:30|90) ?(?:天|-day| days?\b| d\b)|3 ?(?:天(?!上报)|-day|\+? visit days)"
        r"|(?:4|12) ?%|72 ?(?:小时|-hour| hours?\b| h\b)|60 ?岁|Aged 60)"
    )
    offending = [(key, text) for key, pair in TEXT.items() for text in pair if number.search(text)]
    assert not offending, offending


def test_a_rules_placeholder_shows_the_rules_value() -> None:
    assert Labels("zh").plain("tile.coverage_90d") == f"{COVERAGE_90D_DAYS} 天覆盖率"
    assert Labels("en").plain("problem.rate", bad=2) == "2 visit days below 4 %"
    assert Labels("zh").plain("problem.rate", bad=2) == "2 个走访日未达 4%"
    # a value the caller gives wins, and a placeholder nobody gives stays as written
    assert Labels("zh").plain("problem.days", n=1) == f"走访不足 {RULE_VISIT_DAYS} 天（1 天）"


def test_unknown_key_shows_itself() -> None:
    assert Labels("en")("no.such.key") == "no.such.key"
