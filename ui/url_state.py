"""Page controls in the link, and drill-through between pages.

A page's own controls (the assessment month, the incident window, a list's page …) live in the
query string beside the shared filters of ``ui.setup``. A page declares each one as a
``UrlControl`` (parameter, widget key, parser) and passes them to ``page_setup``, which keeps
their parameters when it rewrites the URL and drops everything else — another page's controls
included, so a page's settings never leak into a link to another page.

``UrlControl.bind`` draws the widget. Its value comes from the link when the link is new to the
session (a new session, a pasted link, back/forward, a drill-through: ``page_setup`` decides),
else from the widget (the default when it has none); it is always one of the values allowed now,
and a bad value in a link is a one-line warning and then the default. The link carries the value
only when it is not the default.

Streamlit's own ``bind="query-params"`` is not used: it writes a select box's displayed label
into the link (language-dependent, and a worker's name), and drops a bad value silently.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st

from ui.i18n import Labels

T = TypeVar("T")

#: the link as this session last left it (parameter → values)
WRITTEN = "_link_written"
#: True on a run whose link is new to the session: controls read it
FROM_LINK = "_link_is_new"
#: a drill-through asked for in a callback: (page path, query), followed by ``page_setup``
GO = "_link_go"
#: a link's bad values are quoted up to this many characters
SHOWN_CHARS = 40


def shown(value: str) -> str:
    """A value from a link as a warning quotes it: at most ``SHOWN_CHARS`` characters (a link can
    carry a 100-KB "code"), on one line."""
    value = " ".join(value.split())
    return value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…"


def link() -> dict[str, list[str]]:
    """Every parameter of the URL as it stands, with all its values."""
    return {name: st.query_params.get_all(name) for name in st.query_params}


def remember() -> None:
    """The URL as it stands is ours: a later run that finds another one was sent a new link."""
    st.session_state[WRITTEN] = link()


def arrived() -> bool:
    """Whether this run's URL is new to the session (a new session, a pasted link, back/forward,
    a drill-through), rather than the one the session last wrote."""
    return st.session_state.get(WRITTEN) != link()


@dataclass(frozen=True)
class UrlControl:
    """A page control bound to the URL parameter ``param``; its widget has the key ``key``.

    ``parse`` turns the link's text into a value (``ValueError`` when it cannot), ``text`` a value
    into the link's text; ``kind`` is the label key naming the control in a warning.
    """

    param: str
    key: str
    kind: str
    parse: Callable[[str], Any] = str
    text: Callable[[Any], str] = str

    def bind(
        self, labels: Labels, allowed: Collection[T], default: T, widget: Callable[[], T]
    ) -> T:
        """Draw ``widget`` (a widget keyed ``key``, given no value of its own) with the link's or
        the session's value, always one of ``allowed``; write the value into the link."""
        state = st.session_state
        if state.get(FROM_LINK, True):
            state[self.key] = self.from_link(labels, allowed, default)
        elif state.get(self.key) not in allowed:
            # not drawn on the last run, reset by a callback, or its choices changed under it
            # (another month, day, scope): the link was this session's own, so the default
            state[self.key] = default
        value = widget()
        self.publish(value, default)
        return value

    def asked(self, default: T) -> T:
        """The value ``bind`` will most likely draw, read without drawing or warning: the link's
        on a run that follows the link, else the session's; ``default`` when neither holds one
        that parses. For a load started ahead of its control (``ui.data.ahead``): ``bind``
        still decides, and a wrong guess costs only that load."""
        state = st.session_state
        if not state.get(FROM_LINK, True):
            return state.get(self.key, default)
        value = self._link_value()
        return default if value is None or value is _BAD else value

    def selectbox(
        self,
        labels: Labels,
        label: str,
        options: Sequence[T],
        default: T,
        *,
        where: Any = st,
        **widget: Any,
    ) -> T:
        """``bind`` for the common case: a select box of ``options`` (drawn in ``where``: ``st``,
        a column) keyed ``key``; ``widget`` holds its other arguments (``format_func`` …)."""
        options = list(options)
        return self.bind(
            labels,
            options,
            default,
            lambda: where.selectbox(label, options, key=self.key, **widget),
        )

    def from_link(self, labels: Labels, allowed: Collection[T], default: T) -> T:
        """The link's value, or ``default`` (with a warning when the link's value is bad)."""
        value = self._link_value()
        if value is None:
            return default
        if value is _BAD or value not in allowed:
            text = st.query_params.get_all(self.param)[0]
            st.warning(labels("link.bad_value", kind=labels(self.kind), value=shown(text)))
            return default
        return value

    def _link_value(self) -> Any:
        """The link's first value parsed; ``None`` without one, ``_BAD`` when it does not parse."""
        values = st.query_params.get_all(self.param)
        if not values:
            return None
        try:
            return self.parse(values[0].strip())
        except ValueError:
            return _BAD

    def publish(self, value: Any, default: Any) -> None:
        """The link carries ``value``, unless it is ``default`` (then the parameter is dropped)."""
        wanted = [] if value == default else [self.text(value)]
        if st.query_params.get_all(self.param) != wanted:
            if wanted:
                st.query_params[self.param] = wanted[0]
            else:
                del st.query_params[self.param]
        remember()

    def drop(self) -> None:
        """The control is not shown: its parameter leaves the link."""
        if self.param in st.query_params:
            del st.query_params[self.param]
        remember()


_BAD = object()


def list_page(key: str) -> UrlControl:
    """A paged list's page number, ``page`` in the link (a page shows one paged list at most)."""
    return UrlControl("page", key, "link.kind.page", parse=int)


def declared(controls: Sequence[UrlControl]) -> dict[str, list[str]]:
    """The link's values of ``controls``' parameters (what ``page_setup`` keeps of the URL)."""
    kept = {c.param: st.query_params.get_all(c.param) for c in controls}
    return {name: values for name, values in kept.items() if values}


def open_page(page: str, query: Mapping[str, Sequence[str]]) -> None:
    """Open ``page`` with ``query`` from a widget callback (pages cannot be switched in one:
    the navigation is not set up yet); ``page_setup`` follows it at once."""
    st.session_state[GO] = (page, {name: list(values) for name, values in query.items()})


def follow() -> None:
    """Switch to the page a callback asked for, if any (``page_setup`` calls it first)."""
    target = st.session_state.pop(GO, None)
    if target is not None:
        page, query = target
        st.switch_page(page, query_params=query)
