"""Every label a page asks for exists in both languages."""

from __future__ import annotations

import re

from data_access.config import PROJECT_ROOT
from ui.i18n import CODES, TEXT, Labels

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
    field = re.compile(r"{(\w+)}")
    for key, (zh, en) in TEXT.items():
        assert sorted(field.findall(zh)) == sorted(field.findall(en)), key


def test_unknown_key_shows_itself() -> None:
    assert Labels("en")("no.such.key") == "no.such.key"
