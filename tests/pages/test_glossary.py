"""The glossary page (术语与口径): every declared term under its own anchor in both languages,
and every help icon of every page linking to an anchor that exists, in the page's language."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from metrics.catalogue import TERMS
from tests.pages.conftest import no_exceptions
from ui.nav import FIGURE_PAGES
from ui.text import md

GLOSSARY = "pages/glossary.py"
#: a link into the glossary in a help text or any other Markdown of the page
LINK = re.compile(r"\]\((glossary\?[^)#\s]*#[a-z0-9-]+)\)")


def anchors_of(at) -> dict[str, str]:
    """Anchor → heading text of the page's headings."""
    return {h.proto.anchor: h.value for h in [*at.header, *at.subheader] if h.proto.anchor}


def links_of(at) -> list[str]:
    """Every glossary link in the page's elements (help texts of tiles, headings, captions,
    table columns, widgets)."""
    found: list[str] = []
    for node in at._tree.root.children.values():  # the page's main, sidebar and event blocks
        stack = [node]
        while stack:
            element = stack.pop()
            stack.extend(getattr(element, "children", {}).values())
            proto = getattr(element, "proto", None)
            if proto is not None:
                found += LINK.findall(str(proto).encode().decode("unicode_escape"))
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_glossary_lists_every_term_under_its_anchor(tiny_page, lang: str) -> None:
    at = tiny_page(GLOSSARY, lang=lang)
    no_exceptions(at)
    index = 0 if lang == "zh" else 1
    assert at.title[0].value == ("术语与口径" if lang == "zh" else "Glossary")
    anchors = anchors_of(at)
    # every declared term is on the page, and the page shows nothing undeclared
    assert {t.anchor for t in TERMS} == {a for a in anchors if not a.startswith("section-")}
    text = " ".join(m.value for m in at.markdown)
    for entry in TERMS:
        assert anchors[entry.anchor] == md(entry.name_in(index))
        assert md(entry.definition_in(index)) in text, entry.key


def test_the_glossary_states_the_seed_rules(tiny_page) -> None:
    at = tiny_page(GLOSSARY)
    names = {name.replace("\\", "") for name in anchors_of(at).values()}
    assert {"挂户", "流入", "陪读", "3 天规则", "4% 规则", "72 小时规则", "90 天覆盖率"} <= names


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", FIGURE_PAGES, ids=[p.key for p in FIGURE_PAGES])
def test_help_texts_link_to_existing_anchors_in_the_page_language(
    tiny_page, page, lang: str
) -> None:
    glossary = anchors_of(tiny_page(GLOSSARY, lang=lang))
    at = tiny_page(page.path, as_of="2026-03-10", community="AH", lang=lang)
    no_exceptions(at)
    links = links_of(at)
    assert links, f"{page.key} has help icons linking to the glossary"
    for link in links:
        parts = urlsplit(link)
        assert parts.path == "glossary"
        assert parts.fragment in glossary, link
        query = parse_qs(parts.query)
        assert query["lang"] == [lang], link
        assert query.get("community") == ["AH"], link


def test_a_tile_help_is_the_declared_definition(tiny_page) -> None:
    at = tiny_page("pages/overview.py", as_of="2026-03-10", lang="en")
    helps = {m.label: m.help for m in at.metric}
    coverage = next(t for t in TERMS if t.key == "coverage_90d")
    assert helps["Coverage 90 d"].startswith(coverage.definition_in(1)[:30])
    assert "](glossary?lang=en#coverage-90d)" in helps["Coverage 90 d"]
