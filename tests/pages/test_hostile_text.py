"""Text from a link or the registry reaches Markdown elements escaped (AppTest, by element).

A value from the URL or a name from the registry must arrive in a warning, a title, a caption or a
tile as Markdown that shows its characters (``ui.text.md``): none of the payloads' links, images,
tags, bare links or Streamlit directives is left unescaped.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from html import escape as html_escape
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data_access.config import ENV_VAR
from tests.pages.conftest import no_exceptions
from tests.pages.test_grid_map import deck_rows
from tests.support.hostile import GROUP_NAME, OUTSIDE_HOST, PAYLOADS, make_hostile
from ui.i18n import Labels
from ui.nav import PAGES
from ui.text import md

ZH = Labels("zh")
LOGIN = f"[点此重新登录](https://{OUTSIDE_HOST}/login)"
IMAGE = f"![x](https://{OUTSIDE_HOST}/x.png)"
#: what of the payloads would render as a link, an image, a tag, a bare link or a directive
UNESCAPED = re.compile(r"(?<!\\)[\[\]]|(?<!\\)<(?:img|a)\b|https?://|www\.|:(?:red|material)\b")
#: our own links to the glossary's anchors: a term's name, a percent-encoded query, an anchor
GLOSSARY_LINK = re.compile(r"\[[^\[\]]*\]\((?:glossary\?[\w.%=&+-]*)?#[a-z0-9-]+\)")


def markdown_texts(at: AppTest) -> list[str]:
    """Every string of the run that Streamlit renders as Markdown."""
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "caption", "markdown"):
        # an HTML block (the map's legend) is HTML, not Markdown: it is checked for HTML escaping
        texts += [e.value for e in getattr(at, kind) if not getattr(e.proto, "allow_html", False)]
    for kind in ("warning", "info", "success", "error", "toast"):
        texts += [e.value for e in getattr(at, kind)]
    for metric in at.metric:
        texts += [metric.label, metric.value, metric.proto.help]
    texts += [e.label for e in at.expander] + [e.label for e in at.tabs]
    for radio in at.radio:
        texts += [radio.label, *radio.options]
    return [t for t in texts if t]


def unescaped(at: AppTest) -> list[str]:
    return [t for t in markdown_texts(at) if UNESCAPED.search(GLOSSARY_LINK.sub("", t))]


@pytest.fixture(scope="module")
def hostile_sqlite(demo_sqlite: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile registry, built once for the module (no test changes it); a group counted at
    an unknown level named like one of the issue's payloads gets a block of its own on the
    special-groups page."""
    path = make_hostile(demo_sqlite, tmp_path_factory.mktemp("hostile") / "hostile.sqlite")
    with sqlite3.connect(path) as db:
        db.execute(
            "UPDATE special_group SET applies_to = ? WHERE code = 'honor_certificate'", (IMAGE,)
        )
    return path


@pytest.fixture
def hostile_page(
    app_page: Callable[..., AppTest], hostile_sqlite: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., AppTest]]:
    """``app_page`` on the hostile registry."""
    monkeypatch.setenv(ENV_VAR, f"sqlite:///{hostile_sqlite}")
    yield app_page


def test_link_values_are_text_in_the_warnings(app_page) -> None:
    at = app_page(community=LOGIN, grid=IMAGE, lang="<img src=x onerror=alert(1)>", as_of="**1**")
    no_exceptions(at)
    shown = [w.value for w in at.warning]
    assert shown == [
        ZH("filter.bad_lang", value="<img src=x onerror=alert(1)>"),
        ZH("filter.bad_code", kind=ZH("filter.community"), code=LOGIN),
        ZH("filter.bad_code", kind=ZH("filter.grid"), code=IMAGE),
        ZH("filter.bad_day", value="**1**"),
    ]
    assert md(LOGIN) in shown[1] and md(IMAGE) in shown[2]
    assert not unescaped(at), unescaped(at)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", [p.path for p in PAGES], ids=[p.key for p in PAGES])
def test_registry_text_is_text_on_every_page(hostile_page, page: str, lang: str) -> None:
    at = hostile_page(page, community="AH", lang=lang)
    no_exceptions(at)
    assert not unescaped(at), unescaped(at)


def test_special_group_names_are_text_on_tiles_and_block_titles(hostile_page) -> None:
    at = hostile_page("pages/special_groups.py", community="AH")
    no_exceptions(at)
    assert md(GROUP_NAME) in [m.label for m in at.metric]
    assert f"**{md(IMAGE)}**" in [m.value for m in at.markdown]


def test_grid_names_are_text_in_the_map_tooltip(hostile_page) -> None:
    at = hostile_page("pages/grid_map.py", community="AH")
    no_exceptions(at)
    rows = deck_rows(at)
    assert rows
    for row in rows:
        shown = [v for k, v in row.items() if k.startswith("t_") and isinstance(v, str)]
        assert not [v for v in shown if "<" in v or ">" in v], row
    assert any("&lt;img src=" in row["t_name"] for row in rows)


def test_a_special_group_on_the_map_is_text_in_legend_and_tooltip(hostile_page) -> None:
    at = hostile_page("pages/grid_map.py", community="AH")
    at.selectbox(key="grid_map_figure").set_value("special_group").run()
    # the legend is an HTML block (Markdown is not read inside it): the name goes in HTML-escaped
    at.selectbox(key="grid_map_group").set_value("solitary_elderly").run()  # <img …> zh2
    no_exceptions(at)
    legend = [m.value for m in at.markdown if m.value.startswith("<div")]
    assert len(legend) == 1 and html_escape(f"{PAYLOADS[2]} zh2") in legend[0]
    assert "<img" not in legend[0]
    assert not unescaped(at), unescaped(at)


def test_special_group_names_are_text_on_the_overview(hostile_page) -> None:
    at = hostile_page("pages/overview.py", community="AH")
    no_exceptions(at)
    assert md(GROUP_NAME) in [m.label for m in at.metric]
