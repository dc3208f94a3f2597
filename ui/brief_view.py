"""The weekly brief's button on the overview: the current scope and week as PDF, DOCX or XLSX.

The file is made when the button is pressed (never on a page run), from the same page models
as the page, with the reader's rights: sensitive counts as the page shows them to him, masked
lists only for a role that sees lists. Each file made is an access-log row, like every export.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from brief.model import build_brief
from brief.render import FORMATS, MIME, render
from brief.system import MissingComponent, check
from ui import data
from ui.setup import PageContext

FORMAT_KEY = "brief_format"


def brief_bytes(ctx: PageContext, fmt: str) -> bytes:
    """The brief of the page's scope and day in ``fmt``; its access-log row written first (a
    file that cannot be logged is not made)."""
    if ctx.about.audit is not None:
        ctx.about.audit.record(
            "export", rows=None, detail={"what": "brief", "format": fmt}, filters=ctx.about.filters
        )
    rights = ctx.access.rights
    grids = tuple(ctx.key.grids)
    rs = ctx.resolved
    with data.registry_for(ctx.url).connect() as conn:
        brief = build_brief(
            conn,
            rs,
            lang=ctx.labels.lang,
            disclosure=ctx.disclosure,
            lists=rights.resident_lists,
            generated_by=ctx.about.generated_by,
            generated_at=dt.datetime.now(),
            filtered_grids=grids,
        )
    return render(brief, fmt)


def download(ctx: PageContext) -> None:
    """A format choice and one button, at the top of the overview."""
    labels = ctx.labels
    row = st.container(horizontal=True, vertical_alignment="bottom", key="downloads-brief")
    fmt = row.segmented_control(
        labels("brief.download.format"),
        FORMATS,
        default="pdf",
        format_func=str.upper,
        key=FORMAT_KEY,
        required=True,
        label_visibility="collapsed",
    )
    try:
        check(fmt)
    except MissingComponent as exc:
        row.warning(labels("brief.error.renderer", format=fmt.upper(), problem=str(exc)))
        return
    row.download_button(
        labels("brief.download"),
        data=lambda: brief_bytes(ctx, fmt),
        file_name=ctx.about.file_name(ctx.labels.plain("brief.title"), fmt),
        mime=MIME[fmt],
        on_click="ignore",
        icon=":material/description:",
        key="brief_download",
        type="primary",
    )
