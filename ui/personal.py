"""Personal data in lists: who sees a list at all, and unmasking one page of it with a reason.

Lists are masked (``metrics.privacy``). A role without resident lists (the assessment
committee) sees none. A role that may unmask (the secretary; a grid leader or worker, whose
lists hold only his own grids) chooses a reason (走访, 核实, 上报, other with a text) and sees
the page of the list he is on in full for that one run: any action masks it again, and the
downloads stay masked. Every unmasking is one access-log row (``ui.audit``).
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from auth.roles import RIGHTS, Rights
from ui.audit import REASON_MAX, REASONS, reason_text
from ui.export import About
from ui.i18n import Labels


@dataclass(frozen=True)
class Reveal:
    """An unmasking asked for on this run: the reason as logged and as shown."""

    reason: str
    shown: str


def _rights(about: About) -> Rights | None:
    return RIGHTS[about.audit.user.role] if about.audit is not None else None


def sees_lists(about: About) -> bool:
    """Whether the user's role sees lists of residents (masked)."""
    rights = _rights(about)
    return rights is not None and rights.resident_lists


def lists_hidden(about: About, labels: Labels) -> bool:
    """True (and a sentence says so) when the user's role sees no lists of residents."""
    if sees_lists(about):
        return False
    st.info(labels("personal.no_lists"))
    return True


def unmask_control(about: About, labels: Labels, key: str) -> Reveal | None:
    """The reason form, for a role that may unmask; the reason on the run it was sent."""
    rights = _rights(about)
    if rights is None or not rights.may_unmask:
        return None
    with (
        st.expander(labels("personal.unmask.title"), icon=":material/visibility:"),
        st.form(f"{key}_unmask_form", border=False),
    ):
        code = st.selectbox(
            labels("personal.unmask.reason"),
            REASONS,
            format_func=lambda c: labels.plain(f"personal.unmask.reason.{c}"),
            key=f"{key}_reason",
        )
        other = st.text_input(
            labels("personal.unmask.other"), key=f"{key}_other", max_chars=REASON_MAX
        )
        sent = st.form_submit_button(labels("personal.unmask.show"))
    if not sent:
        return None
    if code == "other" and not other.strip():
        st.error(labels("personal.unmask.need_text"))
        return None
    shown = labels.plain(f"personal.unmask.reason.{code}")
    if code == "other":
        shown = f"{shown}：{' '.join(other.split())}"
    return Reveal(reason=reason_text(code, other), shown=shown)


def record_unmask(about: About, labels: Labels, reveal: Reveal, what: str, rows: int) -> None:
    """The access-log row of an unmasked page (written before the page is drawn), and the
    sentence above it."""
    assert about.audit is not None
    about.audit.record(
        "unmask", rows=rows, reason=reveal.reason, detail={"list": what}, filters=about.filters
    )
    st.warning(labels("personal.unmask.shown", reason=reveal.shown))
