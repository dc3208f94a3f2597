"""Text from a link or the registry is text: escaping for the three kinds of sink.

Streamlit renders Markdown (with its own extensions: ``:red[…]``, ``:material/…:``, emoji
shortcodes, ``$…$`` maths, GitHub's bare-URL links) in titles, captions, alerts, tiles, widget
labels, expander and tab labels, radio and pill options and ``help`` tooltips; plotly renders a
subset of HTML (``<a href>``, ``<b>``, ``<br>``) in titles, axis ticks, legends and hover labels;
pydeck tooltips are HTML. A name from the registry or a value from the URL goes through ``md``
on its way into a Markdown sink (``Labels`` does it for every interpolated value) and ``html``
into an HTML one (every plotly figure is escaped as a whole by ``ui.charts.plotly_chart``), so
it shows as the characters it holds, never as a link, an image, a tag or a directive. Select
and multiselect options, table cells and headers are plain text already (checked in Chromium).

``Markdown`` marks text that is already safe Markdown (the label catalogue's own strings, a value
escaped once): ``md`` leaves it as it is, so nothing is escaped twice.
"""

from __future__ import annotations

import html as _html
import re

#: what a spreadsheet reads as the start of a formula (OWASP: = + - @, tab, carriage return);
#: every workbook the app writes (``ui.export``, the brief) writes such a text with a quote prefix
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Markdown(str):
    """Text that is safe to render as Markdown as it is (ours, or escaped already)."""

    __slots__ = ()


# ASCII punctuation that starts inline Markdown anywhere in a line (CommonMark allows a backslash
# before any ASCII punctuation): links and images ([ ] !), code, emphasis and strikethrough,
# raw HTML and autolinks (< >), entity references (&), maths ($), tables (|) and the escape
# character itself. ``(`` ``)`` and ``.`` are harmless once ``[`` and ``]``
# are escaped, and are kept as they are: names like 建新小区(北) and numbers like 12.5 % show
# unchanged wherever they go.
_INLINE = re.compile(r"([\\`*_\[\]<>&$|~!])")
# ``:`` opens Streamlit's directives (:red[…], :material/…:, :smile:) and, in ``http://``, a bare
# link; a colon before a digit or a space (10:30, 备注: …) is left alone.
_COLON = re.compile(r":(?=[^\d\s])")
# GitHub's bare links (www.…, a@b.c)
_BARE = re.compile(r"(?i)(?<=\bwww)(?=\.)|(?<=@)")
# A backslash does not stop GitHub's bare links (http://…, www.…, a@b.c) nor Streamlit's
# shortcodes (:smile:, :material/home:): an invisible WORD JOINER after the colon, inside ``www.``
# or after the ``@`` does, and changes nothing a reader sees.
JOINER = "\u2060"
# a block marker at the start of the value (the value may start a line): heading, list item,
# numbered list item
_BLOCK = re.compile(r"^(\s*)([#+\-]|\d+[.)])(?=\s|$)")
_NEWLINES = re.compile(r"[\r\n\u2028\u2029]+")


def md(value: object) -> Markdown:
    """``value`` as Markdown that shows exactly its characters (on one line)."""
    if isinstance(value, Markdown):
        return value
    text = _NEWLINES.sub(" ", str(value))
    text = _INLINE.sub(r"\\\1", text)
    text = _COLON.sub(":" + JOINER, text)
    text = _BARE.sub(JOINER, text)
    text = _BLOCK.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)
    return Markdown(text)


def html(value: object) -> str:
    """``value`` for an HTML sink (plotly text, pydeck tooltips, the map legend): ``& < > " '`` as
    entities, on one line — a blank line would end an HTML block inside ``st.markdown`` and let
    Markdown read the rest."""
    return _html.escape(_NEWLINES.sub(" ", str(value)), quote=True)
