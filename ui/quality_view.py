"""Sections of the data-quality page (数据质量): the checks, counts per grid, the drill-down."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from metrics.privacy import shown_count
from metrics.quality import CHECK_BY_CODE, CHECKS
from ui import quality_data as data
from ui.data import ScopeKey
from ui.export import csv_bytes, download_buttons, xlsx_bytes
from ui.i18n import Labels, fmt_int
from ui.lists import page_window
from ui.tiles import Tile, tiles

CHECK_KEY = "dq_check"
PAGE_KEY = "dq_page"


def title(code: str, labels: Labels) -> str:
    return labels(f"quality.check.{code.lower()}")


def description(code: str, labels: Labels) -> str:
    return labels(f"quality.check.{code.lower()}.help")


def summary_tiles(summary: data.QualitySummary, labels: Labels) -> None:
    failing = sum(1 for n in summary.totals.values() if n)
    tiles(
        [
            Tile(labels("quality.tile.checks_failing"), failing, None, suffix=f" / {len(CHECKS)}"),
            Tile(labels("quality.tile.clean"), len(CHECKS) - failing, None),
            Tile(labels("quality.tile.rows"), sum(summary.totals.values()), None),
        ]
    )


def checks_table(summary: data.QualitySummary, labels: Labels) -> None:
    st.subheader(labels("quality.summary"))
    table = pl.DataFrame(
        {
            labels("quality.col.code"): [c.code for c in CHECKS],
            labels("quality.col.check"): [title(c.code, labels) for c in CHECKS],
            labels("quality.col.count"): [summary.totals[c.code] for c in CHECKS],
            labels("quality.col.description"): [description(c.code, labels) for c in CHECKS],
        },
        schema_overrides={labels("quality.col.count"): pl.Int64},
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            labels("quality.col.count"): st.column_config.NumberColumn(format="localized"),
            labels("quality.col.description"): st.column_config.TextColumn(width="large"),
        },
        key="dq_checks",
    )


def per_grid(summary: data.QualitySummary, labels: Labels) -> None:
    st.subheader(labels("quality.per_grid"), help=labels("quality.per_grid.help"))
    codes = [c for c in summary.per_grid.columns if c in CHECK_BY_CODE]
    if not codes:
        st.success(labels("quality.all_clean"))
        return
    table = summary.per_grid.select(
        pl.col("code").fill_null(labels("quality.registry_wide")).alias(labels("col.grid")),
        pl.col("name").fill_null("").alias(labels("col.grid_name")),
        *codes,
    )
    config = {
        code: st.column_config.NumberColumn(code, help=title(code, labels), format="localized")
        for code in codes
    }
    st.dataframe(table, hide_index=True, width="stretch", column_config=config, key="dq_per_grid")


def _reset_page() -> None:
    st.session_state.pop(PAGE_KEY, None)


def pick_check(summary: data.QualitySummary, labels: Labels) -> str:
    """The check to drill into: by default the first one with findings."""
    codes = [c.code for c in CHECKS]
    if st.session_state.get(CHECK_KEY) not in codes:
        st.session_state[CHECK_KEY] = next((c for c in codes if summary.totals[c]), codes[0])
    return st.selectbox(
        labels("quality.pick"),
        options=codes,
        format_func=lambda c: f"{c} · {title(c, labels)}（{summary.totals[c]:,}）",
        key=CHECK_KEY,
        on_change=_reset_page,
    )


def _list_table(rows: pl.DataFrame, labels: Labels) -> pl.DataFrame:
    table = rows.select(
        pl.col("grid_code").fill_null(labels("quality.registry_wide")).alias(labels("col.grid")),
        pl.col("table").alias(labels("quality.col.table")),
        pl.col("record_id").alias(labels("quality.col.record")),
        pl.col("record_key").alias(labels("quality.col.key")),
        pl.col("name").alias(labels("quality.col.name")),
        pl.col("address").alias(labels("quality.col.address")),
        pl.col("id_number").alias(labels("quality.col.id_number")),
        pl.col("field").alias(labels("quality.col.field")),
        pl.col("value").alias(labels("quality.col.value")),
    )
    # a check lists one kind of record: leave out the columns it never fills
    empty = [c for c in table.columns[3:] if table[c].null_count() == table.height]
    return table.drop(empty) if table.height else table


def drill_down(
    url: str, key: ScopeKey, as_of: dt.date, summary: data.QualitySummary, labels: Labels
) -> None:
    st.subheader(labels("quality.drill"))
    code = pick_check(summary, labels)
    st.caption(description(code, labels))
    _, listed = data.drill(url, key, as_of, code, 0, 1)
    st.markdown("**" + labels("quality.list", code=code, count=fmt_int(listed)) + "**")
    hidden = summary.totals[code] - listed
    if listed == 0:
        st.success(labels("quality.list.none"))
    else:
        window = page_window(labels, PAGE_KEY, listed)
        rows, _ = data.drill(url, key, as_of, code, window.offset, window.limit)
        st.dataframe(
            _list_table(rows, labels),
            hide_index=True,
            width="stretch",
            column_config={
                labels("quality.col.record"): st.column_config.NumberColumn(format="plain")
            },
            key="dq_list",
        )
        st.caption(labels("list.masked"))
        _export(url, key, as_of, code, listed, labels)
    if hidden > 0:
        st.caption(labels("quality.hidden", count=shown_count(hidden, True)))


def _export(
    url: str, key: ScopeKey, as_of: dt.date, code: str, listed: int, labels: Labels
) -> None:
    name = f"{labels('quality.export_name')}_{code}_{as_of.isoformat()}"

    def frame() -> pl.DataFrame:
        everything, _ = data.drill(url, key, as_of, code, 0, data.EXPORT_LIMIT)
        return _list_table(everything, labels)

    note = download_buttons(
        labels,
        name=name,
        key="dq",
        csv=lambda: csv_bytes(frame()),
        xlsx=lambda: xlsx_bytes({code: frame()}),
    )
    if listed > data.EXPORT_LIMIT:
        note.caption(labels("quality.export_capped", limit=fmt_int(data.EXPORT_LIMIT)))
