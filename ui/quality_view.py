"""Sections of the data-quality page (数据质量): the checks, counts per grid, the drill-down."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from data_access.loaders import LOCAL_TZ
from metrics.privacy import Disclosure, shown_count, shown_text
from metrics.quality import CHECK_BY_CODE, CHECKS
from ui import drill, personal, quality_job
from ui import quality_data as data
from ui import table as tables
from ui.data import ScopeKey, boundary, registry_for
from ui.export import About, download_buttons
from ui.glossary import help_text
from ui.i18n import TEXT, Labels, fmt_int
from ui.lists import page_window
from ui.setup import PageContext
from ui.table import Column, Table, row_clicks
from ui.tiles import Tile, tiles
from ui.url_state import UrlControl, list_page

CHECK_KEY = "dq_check"
PAGE_KEY = "dq_page"
#: the page's controls in the link: ?check=R03&page=2
CHECK = UrlControl("check", CHECK_KEY, "link.kind.check")
CONTROLS = (CHECK, list_page(PAGE_KEY))


def title(code: str, labels: Labels) -> str:
    return labels(f"quality.check.{code.lower()}")


def description(code: str, labels: Labels) -> str:
    return labels(f"quality.check.{code.lower()}.help")


def job_summary(ctx: PageContext) -> data.QualitySummary:
    """The checks' last result for the page's scope and day, from the background job
    (``ui.quality_job``), with the time it was made and a button to run them again; while there
    is none yet, the job's progress (the page polls it) and a stop."""
    labels = ctx.labels
    rerun = st.button(labels("quality.job.rerun"), key="dq_rerun", icon=":material/refresh:")
    registry = registry_for(ctx.url)
    slot = quality_job.current(ctx.url, ctx.key, ctx.as_of, registry, ctx.resolved, rerun=rerun)
    last = slot.last
    if last is not None and last.result is not None:
        at = last.finished_at.replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ)
        line = labels("quality.job.at", time=at.strftime("%Y-%m-%d %H:%M:%S"))
        if slot.running is not None:
            line = f"{line} · {labels('quality.job.rerunning')}"
        st.caption(line)
        return last.result
    if last is not None and last.error is not None and slot.running is None:
        with boundary():  # a fault as any loader's: our message, 重试, nothing of the file's path
            raise last.error
    _progress((ctx.url, ctx.key, ctx.as_of), labels)
    st.stop()


@st.fragment(run_every=1.0)
def _progress(key: tuple, labels: Labels) -> None:
    """The running job's progress, every second; the whole page again once it has finished."""
    running = quality_job.jobs().slot(key).running
    if running is None:
        st.rerun()
    done, total = running.done, max(running.total, 1)
    st.progress(done / total, text=labels("quality.job.running", done=running.done, total=total))


def summary_tiles(summary: data.QualitySummary, labels: Labels) -> None:
    # a check whose only rows are held back still fails
    failing = sum(1 for c, n in summary.totals.items() if n or summary.held_back[c])
    tiles(
        [
            Tile(labels("quality.tile.checks_failing"), failing, None, suffix=f" / {len(CHECKS)}"),
            Tile(labels("quality.tile.clean"), len(CHECKS) - failing, None),
            Tile(labels("quality.tile.rows"), sum(summary.totals.values()), None),
        ],
        labels,
    )


def checks_columns(summary: data.QualitySummary, labels: Labels) -> Table:
    """The checks; with a column of the rows held back (about a sensitive group's membership:
    counted, never listed) when there are any: part of the count, or, to a role without
    personal-data access, apart from it and protected like the groups' own counts."""
    held_back = []
    if any(summary.held_back.values()):
        key = (
            "quality.col.held_back" if summary.includes_held_back else "quality.col.held_back_apart"
        )
        held_back = [Column("held_back", labels(key))]
    return Table(
        [
            Column("code", labels("quality.col.code")),
            Column("check", labels("quality.col.check")),
            Column("count", labels("quality.col.count"), "int"),
            *held_back,
            Column("description", labels("quality.col.description"), width="large"),
        ]
    )


def checks_rows(
    summary: data.QualitySummary, labels: Labels, disclosure: Disclosure
) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "code": [c.code for c in CHECKS],
            "check": [labels.plain(f"quality.check.{c.code.lower()}") for c in CHECKS],
            "count": [summary.totals[c.code] for c in CHECKS],
            "held_back": [shown_text(summary.held_back[c.code], True, disclosure) for c in CHECKS],
            "description": [labels.plain(f"quality.check.{c.code.lower()}.help") for c in CHECKS],
        },
        schema_overrides={"count": pl.Int64},
    )


def checks_table(
    summary: data.QualitySummary, labels: Labels, about: About, disclosure: Disclosure
) -> None:
    st.subheader(labels("quality.summary"))
    tables.show(
        checks_columns(summary, labels),
        checks_rows(summary, labels, disclosure),
        about=about,
        what=labels.plain("quality.export.checks"),
        key="dq_checks",
    )


def per_grid(
    summary: data.QualitySummary, labels: Labels, about: About, disclosure: Disclosure
) -> None:
    st.subheader(
        labels("quality.per_grid"),
        help=help_text(labels, "data_quality", note=labels("quality.per_grid.help")),
    )
    codes = [c for c in summary.per_grid.columns if c in CHECK_BY_CODE]
    if not codes:
        st.success(labels("quality.all_clean"))
        return
    table = Table(
        [
            Column(
                "code",
                labels("col.grid"),
                expr=pl.col("code").fill_null(labels.plain("quality.registry_wide")),
            ),
            Column("name", labels("col.grid_name"), expr=pl.col("name").fill_null("")),
            # headers are the checks' titles, each with its code and description on hover; the
            # download adds the checks' codes and descriptions in a second sheet
            *[
                Column(
                    code,
                    labels.plain(f"quality.check.{code.lower()}"),
                    "int",
                    help=labels("quality.check.hover", code=code, check=description(code, labels)),
                )
                for code in codes
            ],
        ]
    )
    widget, clicks = row_clicks("dq_per_grid", drill.to_grid(summary.per_grid["code"].to_list()))
    st.dataframe(
        tables.arrow(table.screen(summary.per_grid)),
        hide_index=True,
        width="stretch",
        placeholder="—",
        column_config=table.column_config(),
        key=widget,
        **clicks,
    )
    held_back = sum(summary.held_back.values())
    if held_back and not summary.includes_held_back:
        shown = shown_text(held_back, True, disclosure)
        st.caption(labels("quality.per_grid.held_back", count=shown))
    st.caption(labels("drill.grid_hint"))
    legend = checks_rows(summary, labels, disclosure).filter(pl.col("code").is_in(codes))
    download_buttons(
        about,
        what=labels.plain("quality.export.per_grid"),
        key="dq_per_grid",
        sheets=lambda: [
            table.sheet(labels.plain("quality.per_grid"), summary.per_grid),
            checks_columns(summary, labels).sheet(labels.plain("quality.summary"), legend),
        ],
    )


def _reset_page() -> None:
    st.session_state.pop(PAGE_KEY, None)


def pick_check(summary: data.QualitySummary, labels: Labels) -> str:
    """The check to drill into: by default the first one with findings."""
    codes = [c.code for c in CHECKS]
    return CHECK.selectbox(
        labels,
        labels("quality.pick"),
        codes,
        next((c for c in codes if summary.totals[c]), codes[0]),
        format_func=lambda c: f"{c} · {title(c, labels)}（{summary.totals[c]:,}）",
        on_change=_reset_page,
    )


def _named(prefix: str, name: str | None, labels: Labels) -> str | None:
    """A registry table's or column's label; a name the catalogue does not know stays as it is."""
    if name is None:
        return None
    key = f"quality.{prefix}.{name}"
    return labels.plain(key) if key in TEXT else name


def field_label(field: str | None, labels: Labels) -> str | None:
    """A finding's field as the page names it: one column, a pair ``start → end`` or a key
    ``a, b, c``, each column by its label."""
    if field is None:
        return None
    for sep in (" → ", ", "):
        if sep in field:
            joiner = sep if sep == " → " else ("、" if labels.lang == "zh" else ", ")
            return joiner.join(_named("field", part, labels) or part for part in field.split(sep))
    return _named("field", field, labels)


def list_columns(rows: pl.DataFrame, labels: Labels) -> Table:
    """The drill-down's columns: tables and fields by their labels, never the schema's names; a
    check lists one kind of record, so the columns it never fills are left out."""
    columns = [
        Column(
            "grid_code",
            labels("col.grid"),
            expr=pl.col("grid_code").fill_null(labels.plain("quality.registry_wide")),
        ),
        Column(
            "table",
            labels("quality.col.table"),
            expr=pl.col("table").map_elements(
                lambda t: _named("table", t, labels), return_dtype=pl.String
            ),
        ),
        Column("record_id", labels("quality.col.record"), "id"),
    ]
    optional = [
        Column("record_key", labels("quality.col.key")),
        Column("name", labels("quality.col.name")),
        Column("address", labels("quality.col.address")),
        Column("id_number", labels("quality.col.id_number")),
        Column(
            "field",
            labels("quality.col.field"),
            expr=pl.col("field").map_elements(
                lambda f: field_label(f, labels), return_dtype=pl.String
            ),
        ),
        Column("value", labels("quality.col.value")),
    ]
    filled = [c for c in optional if rows.height and rows[c.key].null_count() < rows.height]
    return Table([*columns, *(filled if rows.height else optional)])


def _list_table(rows: pl.DataFrame, labels: Labels) -> pl.DataFrame:
    return list_columns(rows, labels).frame(rows)


def drill_down(
    url: str,
    key: ScopeKey,
    about: About,
    summary: data.QualitySummary,
    labels: Labels,
    disclosure: Disclosure,
) -> None:
    as_of = about.as_of
    st.subheader(labels("quality.drill"))
    code = pick_check(summary, labels)
    st.caption(description(code, labels))
    _, listed = data.drill(url, key, as_of, code, 0, 1)
    st.markdown("**" + labels("quality.list", code=code, count=fmt_int(listed)) + "**")
    hidden = summary.held_back[code]
    if listed == 0:
        st.success(labels("quality.list.none"))
    elif not personal.lists_hidden(about, labels):
        window = page_window(labels, PAGE_KEY, listed)
        reveal = personal.unmask_control(about, labels, "dq")
        rows, _ = data.drill(
            url, key, as_of, code, window.offset, window.limit, masked=reveal is None
        )
        if reveal is not None:
            what = labels.plain("quality.export_name", code=code)
            personal.record_unmask(about, labels, reveal, what, rows.height)
        else:
            st.caption(labels("list.masked"))

        def everything() -> pl.DataFrame:
            listed_rows, _ = data.drill(url, key, as_of, code, 0, data.EXPORT_LIMIT)
            return listed_rows

        check = f"{code} {labels.plain(f'quality.check.{code.lower()}')}"
        note = tables.show(
            list_columns(rows, labels),
            rows,
            about=about.with_filters((labels.plain("quality.export.check"), check)).with_notes(
                labels.plain("export.note.masked")
            ),
            what=labels.plain("quality.export_name", code=code),
            key="dq_list",
            sheet=check,
            export=everything,
        )
        if listed > data.EXPORT_LIMIT:
            note.caption(labels("quality.export_capped", limit=fmt_int(data.EXPORT_LIMIT)))
    if hidden > 0:
        st.caption(labels("quality.hidden", count=shown_count(hidden, True, disclosure)))
