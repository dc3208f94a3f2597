"""The glossary (术语与口径): its page, and the help text of every help icon of the app.

Both come from ``metrics.catalogue``: a help icon shows the term's definition (and, where the
page adds one, a note about its own chart) followed by a link to the term's anchor on the
glossary page; the link keeps the language and the other filters of the link it is on.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from metrics.catalogue import SECTIONS, TERMS, Term, term
from ui.i18n import Labels
from ui.nav import PAGES
from ui.text import Markdown, md

GLOSSARY = next(page for page in PAGES if page.key == "glossary")
_FILTERS = ("community", "area", "grid", "as_of")


def _query(labels: Labels) -> dict[str, list[str]]:
    """The link's query: the page's language and the shared filters of the current URL."""
    query: dict[str, list[str]] = {"lang": [labels.lang]}
    if get_script_run_ctx(suppress_warning=True) is None:
        return query  # outside a page run (a download made on click, a unit test)
    current = {name: st.query_params.get_all(name) for name in _FILTERS}
    return query | {name: values for name, values in current.items() if values}


def term_url(term_key: str, labels: Labels) -> str:
    """The glossary page's URL of a term, relative to the page it is on (so a base path holds)."""
    return f"{GLOSSARY.url_path}?{urlencode(_query(labels), doseq=True)}#{term(term_key).anchor}"


def name(term_key: str, labels: Labels) -> str:
    return term(term_key).name_in(labels.index)


def definition(term_key: str, labels: Labels) -> str:
    return term(term_key).definition_in(labels.index)


def help_text(labels: Labels, *term_keys: str, note: str | None = None) -> Markdown:
    """A help icon's text: each term's definition, the page's ``note`` (already Markdown), and a
    link to each term on the glossary page."""
    parts = [md(definition(key, labels)) for key in term_keys]
    if note:
        parts.append(md(note))
    links = [
        f"[{labels('glossary.link', term=md(name(key, labels)))}]({term_url(key, labels)})"
        for key in term_keys
    ]
    return Markdown("\n\n".join([*parts, " · ".join(links)]))


# --- the page ---------------------------------------------------------------------------------


def _term(entry: Term, labels: Labels) -> None:
    st.subheader(md(entry.name_in(labels.index)), anchor=entry.anchor)
    # the figures' keys in `python -m metrics snapshot` (entry.figures) are for operators:
    # kpi-definitions.md lists them, the page does not
    st.markdown(md(entry.definition_in(labels.index)))


def page(labels: Labels) -> None:
    """Every term, by section, each under its own anchor."""
    st.caption(labels("glossary.caption"))
    contents = [
        f"[{md(entry.name_in(labels.index))}](#{entry.anchor})"
        for section in SECTIONS
        for entry in TERMS
        if entry.section == section.key
    ]
    st.markdown(labels("glossary.contents") + " " + " · ".join(contents))
    for section in SECTIONS:
        st.header(md(section.name[labels.index]), anchor=f"section-{section.key}")
        for entry in TERMS:
            if entry.section == section.key:
                _term(entry, labels)
