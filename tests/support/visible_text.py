"""Every string an AppTest run shows a reader, and the ASCII identifiers among them.

``visible_text(at)`` walks the page's element tree (main block and sidebar) and yields
``(where, text)`` for what a reader sees: Markdown, captions, titles and headings (and their
help), alerts, metric labels, values, deltas and help, widget labels, help and options,
button labels, expander and tab labels, dataframe headers, column help and cells (an empty
cell as the table's placeholder, or "None" as Streamlit draws it without one), and the titles,
axis titles, legend entries, tick labels, annotations, text and hover templates of plotly
figures. Markdown is read as a reader sees it: link targets, icons and escapes removed.

``identifiers(text)`` lists the Latin-letter words of a Chinese text that are not codes: a
Chinese page shows grid, community and check codes (AH-01, AH, DQ23), dates and numbers, units
and a few file-format names, never ``snake_case``, ``None``, ``nan`` or an English word.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterator
from typing import Any

from streamlit import dataframe_util

#: Latin words a Chinese page may show: file formats on download buttons and in captions, and the
#: language switch naming the other language in its own language (and itself: 语言 Language).
ALLOWED_WORDS = frozenset({"CSV", "XLSX", "Excel", "PDF", "English", "Language"})
#: codes: upper-case letters, optionally digits and dash-separated parts (AH, AH-01, DQ23, FL-07,
#: M/F as a gender code); a lower-case or mixed-case word is never a code
CODE = re.compile(r"[A-Z]{1,4}\d*(?:-\d+)*")
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ICON = re.compile(r":material/[a-z0-9_]+:")
_DIRECTIVE = re.compile(r":(?:red|orange|green|blue|violet|gray|grey|rainbow|primary)\[")
_ESCAPE = re.compile(r"\\(.)")
_PLACEHOLDER = re.compile(r"%\{[^}]*\}")  # plotly's %{x:,} in templates
_HTML_TAG = re.compile(r"(?<!\\)<[^>]+>")
_TAGS = re.compile(r"</?(?:br|b|i|extra|span)[^>]*>")


#: what no page shows in either language: a programme's words for nothing and for truth values
MACHINE_WORDS = frozenset({"None", "nan", "NaN", "NaT", "null", "undefined", "True", "False"})


def machine_words(text: str) -> list[str]:
    """The words of ``text`` (in any language) that only a programme would write: snake_case
    names and ``None``, ``nan``, ``True``…"""
    return [word for word in WORD.findall(text) if "_" in word or word in MACHINE_WORDS]


def identifiers(text: str) -> list[str]:
    """The words of ``text`` that a Chinese page must not show."""
    return [
        word
        for word in WORD.findall(text)
        if word not in ALLOWED_WORDS and not CODE.fullmatch(word)
    ]


def as_read(markdown: str) -> str:
    """Markdown as a reader sees it: link text without its target, no icons, no escapes."""
    text = _LINK.sub(r"\1", markdown)
    text = _ICON.sub("", text)
    text = _DIRECTIVE.sub("[", text)
    text = text.replace("\u2060", "")
    return _ESCAPE.sub(r"\1", text)


def _figure_text(spec: dict[str, Any]) -> Iterator[str]:
    layout = spec.get("layout", {})
    for key, value in layout.items():
        if not isinstance(value, dict):
            continue
        if key == "title" or key.startswith(("xaxis", "yaxis", "legend", "coloraxis")):
            yield from _titles(value)
            yield from (str(t) for t in value.get("ticktext", []) or [])
            if isinstance(value.get("categoryarray"), list):
                yield from (str(t) for t in value["categoryarray"])
    if isinstance(layout.get("title"), str):
        yield layout["title"]
    for note in layout.get("annotations", []) or []:
        yield str(note.get("text", ""))
    for menu in layout.get("updatemenus", []) or []:
        for button in menu.get("buttons", []) or []:
            yield str(button.get("label", ""))
    for trace in spec.get("data", []):  # plotly's own tags (<br>, <b>, …) are not text
        if trace.get("showlegend") is not False and trace.get("name"):
            yield str(trace["name"])
        for key in ("text", "hovertext", "labels", "x", "y", "customdata", "ids"):
            yield from _strings(trace.get(key))
        for key in ("hovertemplate", "texttemplate"):
            yield from (_PLACEHOLDER.sub("", t) for t in _strings(trace.get(key)))
        if isinstance(trace.get("colorbar"), dict):
            yield from _titles(trace["colorbar"])
        if isinstance(trace.get("marker"), dict) and isinstance(
            trace["marker"].get("colorbar"), dict
        ):
            yield from _titles(trace["marker"]["colorbar"])


def _shown(text: str) -> str:
    """A plotly string as drawn: its tags and entities are markup, not text."""
    return html.unescape(_TAGS.sub(" ", text))


def _titles(value: dict[str, Any]) -> Iterator[str]:
    title = value.get("title")
    if isinstance(title, dict) and title.get("text"):
        yield str(title["text"])
    elif isinstance(title, str):
        yield title


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict) and "bdata" not in value:  # typed arrays are numbers
        for item in value.values():
            yield from _strings(item)


def _missing(cell: Any) -> bool:
    """An empty cell as pandas holds it (None, NaN, NaT, NA)."""
    return (
        cell is None
        or (isinstance(cell, float) and math.isnan(cell))
        or str(cell) in ("NaT", "<NA>", "nan")
    )


def _cells(element: Any) -> Iterator[tuple[str, str]]:
    """A dataframe's headers and column help (``table``), and its cells as drawn (``cell of
    <header>``)."""
    proto = element.proto
    frame = element.value
    styler = proto.arrow_data.styler
    if proto.arrow_data.HasField("styler") and styler.display_values:
        # a pandas Styler's formatted cells ("—" for an empty one) are what the browser draws
        frame = dataframe_util.convert_arrow_bytes_to_pandas_df(styler.display_values)
    config = json.loads(proto.columns) if proto.columns else {}
    empty = proto.placeholder if proto.HasField("placeholder") else "None"
    headers = []
    for name in frame.columns:
        column = config.get(str(name), {})
        headers.append(str(column.get("label") or name))
        yield "table", headers[-1]
        if column.get("help"):
            yield "table", as_read(column["help"])
    for row in frame.itertuples(index=False):
        for header, cell in zip(headers, row, strict=True):
            if _missing(cell):
                yield f"cell of {header}", empty
            elif isinstance(cell, str | bool):  # a flag is a check box: listed, so a stray shows
                yield f"cell of {header}", str(cell)


def _element_text(element: Any) -> Iterator[tuple[str, str]]:
    kind = element.type
    proto = getattr(element, "proto", None)
    if kind in ("markdown", "caption", "title", "header", "subheader", "latex", "divider"):
        if getattr(proto, "allow_html", False):  # our own HTML (the map's legend): its text
            yield kind, html.unescape(_HTML_TAG.sub(" ", element.value))
        else:
            yield kind, as_read(element.value)
        if getattr(proto, "help", ""):
            yield f"{kind} help", as_read(proto.help)
    elif kind in ("error", "warning", "info", "success", "exception"):
        yield kind, as_read(str(element.value))
    elif kind == "metric":
        yield "metric label", as_read(proto.label)
        yield "metric value", proto.body
        if proto.delta:
            yield "metric delta", proto.delta
        if proto.help:
            yield "metric help", as_read(proto.help)
    elif kind in ("dataframe", "arrow_data_frame"):
        yield from _cells(element)
    elif kind == "plotly_chart":
        for text in _figure_text(json.loads(proto.spec)):
            yield "chart", _shown(text)
    elif kind in ("html", "json", "code", "space", "empty"):
        return
    elif proto is not None:  # widgets: label, help, options
        for field in ("label", "help", "placeholder"):
            value = getattr(proto, field, "")
            if isinstance(value, str) and value:
                yield f"{kind} {field}", as_read(value)
        options = getattr(proto, "options", None)
        if options is not None and not isinstance(options, str):
            for option in options:
                shown = option if isinstance(option, str) else getattr(option, "content", "")
                yield f"{kind} option", as_read(shown)


def visible_text(at: Any) -> Iterator[tuple[str, str]]:
    """``(kind of element, text)`` of everything the page's main block and sidebar show."""
    stack = [at.main, at.sidebar]
    while stack:
        node = stack.pop()
        children = getattr(node, "children", None)
        if children is not None:  # a block: expanders and tabs have a label
            label = getattr(getattr(node, "proto", None), "expandable", None)
            if label is not None and label.label:
                yield "expander", as_read(label.label)
            tab = getattr(getattr(node, "proto", None), "tab", None)
            if tab is not None and tab.label:
                yield "tab", as_read(tab.label)
            stack.extend(reversed(list(children.values())))
        else:
            yield from _element_text(node)
