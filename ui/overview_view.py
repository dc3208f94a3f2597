"""The weekly overview's sections (周例会总览): tiles, charts and the needs-attention list."""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from metrics.privacy import shown_count
from metrics.snapshot import FLOATING_ORIGINS, RESIDENCIES, UNKNOWN_ORIGIN, hours_open
from ui import charts
from ui.data import Overview
from ui.i18n import Labels
from ui.text import md
from ui.tiles import Tile, tiles


def population(ov: Overview, labels: Labels) -> None:
    cur, prev = ov.current, ov.previous
    st.subheader(labels("overview.population"))
    tiles(
        [
            Tile(labels("tile.households"), cur["households"], prev["households"]),
            Tile(labels("tile.residents"), cur["residents"]["total"], prev["residents"]["total"]),
            *[
                Tile(labels(f"tile.{code}"), cur["residents"][code], prev["residents"][code])
                for code in RESIDENCIES
            ],
            Tile(
                labels("tile.elderly"),
                cur["residents"]["elderly_60_plus"],
                prev["residents"]["elderly_60_plus"],
            ),
        ]
    )
    if ov.orphans:
        st.caption(labels("overview.orphans", count=f"{ov.orphans:,}"))
    origins = (*FLOATING_ORIGINS, UNKNOWN_ORIGIN)
    tiles(
        [
            Tile(
                labels.code("floating_origin", code),
                cur["floating_origin"][code],
                prev["floating_origin"][code],
            )
            for code in origins
        ]
    )


def work(ov: Overview, labels: Labels) -> None:
    cur, prev = ov.current, ov.previous
    cv, pv = cur["visits"], prev["visits"]
    st.subheader(labels("overview.work"))
    tiles(
        [
            Tile(labels("tile.visits_week"), cv["this_week"]["visits"], pv["this_week"]["visits"]),
            Tile(
                labels("tile.households_visited"),
                cv["this_week"]["households_visited"],
                pv["this_week"]["households_visited"],
            ),
            Tile(
                labels("tile.coverage_30d"),
                cv["coverage_30d"],
                pv["coverage_30d"],
                kind="ratio",
                help=labels("help.coverage_30d"),
            ),
            Tile(
                labels("tile.coverage_90d"),
                cv["coverage_90d"],
                pv["coverage_90d"],
                kind="ratio",
                help=labels("help.coverage_90d"),
            ),
            Tile(
                labels("tile.grids_3day"),
                cv["last_week"]["grids_meeting_visit_days"],
                pv["last_week"]["grids_meeting_visit_days"],
                suffix=f" / {cv['last_week']['grids']:,}",
                help=labels("help.grids_3day"),
            ),
            Tile(
                labels("tile.open_incidents"),
                cur["incidents"]["open"],
                prev["incidents"]["open"],
                inverse=True,
            ),
        ]
    )
    period = cur["assessment"]["period"]
    tiles(
        [
            Tile(
                labels("tile.visit_days_rate"),
                cv["last_week"]["visit_days_meeting_rate"],
                pv["last_week"]["visit_days_meeting_rate"],
                suffix=f" / {cv['last_week']['visit_days']:,}",
                help=labels("help.visit_days_rate"),
            ),
            Tile(
                labels("tile.incidents_30d"),
                cur["incidents"]["reported_30d"],
                prev["incidents"]["reported_30d"],
            ),
            Tile(
                labels("tile.resolved_72h"),
                cur["incidents"]["resolved_within_72h_30d"],
                prev["incidents"]["resolved_within_72h_30d"],
                kind="ratio",
                help=labels("help.resolved_72h"),
            ),
            Tile(labels("tile.rentals"), cur["rentals"]["total"], prev["rentals"]["total"]),
            Tile(
                labels("tile.pledge"),
                cur["rentals"]["pledge_signed"],
                prev["rentals"]["pledge_signed"],
            ),
            Tile(
                labels("tile.assessment"),
                cur["assessment"]["mean_total"],
                prev["assessment"]["mean_total"],
                kind="score",
                help=labels("help.assessment", period=period or "—"),
            ),
        ]
    )
    if ov.scores_left_out:
        st.caption(labels("workers.scores_left_out", count=f"{ov.scores_left_out:,}"))


def _group_rows(ov: Overview, labels: Labels) -> list[dict[str, Any]]:
    rows = []
    for group in ov.special_groups.iter_rows(named=True):
        code = group["code"]
        rows.append(
            {
                "code": code,
                "label": md(labels.name(group["name_zh"], group["name_en"])),
                "level": group["applies_to"],
                "sensitive": group["sensitive"] is not False,  # unknown: sensitive
                "value": ov.current["special_groups"].get(code, 0),
                "previous": ov.previous["special_groups"].get(code, 0),
            }
        )
    return rows


def special_groups(ov: Overview, labels: Labels) -> None:
    st.subheader(labels("overview.special_groups"))
    # resident-level groups first, then household-level ones, each in the registry's order
    rows = sorted(_group_rows(ov, labels), key=lambda row: row["level"] != "resident")
    # six a row, like the tiles above: at eight a four-digit count ("3,420") was cut to "3,…"
    per_row = 6
    for start in range(0, len(rows), per_row):
        chunk = rows[start : start + per_row]
        for column, row in zip(st.columns(per_row), chunk, strict=False):
            shown = shown_count(row["value"], row["sensitive"])
            before = shown_count(row["previous"], row["sensitive"])
            if isinstance(shown, int) and isinstance(before, int):
                tile = Tile(row["label"], shown, before)
                column.metric(
                    tile.label,
                    tile.shown(),
                    delta=tile.delta(),
                    delta_color="off" if tile.unchanged else "normal",
                    delta_arrow="off" if tile.unchanged else "auto",
                    border=True,
                )
            else:  # a suppressed small count shows no change either
                column.metric(row["label"], str(shown), border=True)
    if ov.memberships_left_out:
        st.caption(labels("special_groups.left_out", count=f"{ov.memberships_left_out:,}"))


def charts_row(ov: Overview, labels: Labels) -> None:
    cur = ov.current
    left, middle, right = st.columns(3)
    split = {labels.code("residency", code): cur["residents"][code] for code in RESIDENCIES}
    with left:
        if cur["residents"]["total"]:
            charts.plotly_chart(
                st, charts.donut(split, labels, labels("chart.residency")), width="stretch"
            )
        else:
            st.info(labels("overview.no_households"))
    origins = {
        labels.code("floating_origin", code): cur["floating_origin"][code]
        for code in (*FLOATING_ORIGINS, UNKNOWN_ORIGIN)
        if code != UNKNOWN_ORIGIN or cur["floating_origin"][code]
    }
    with middle:
        if cur["residents"]["floating"]:
            charts.plotly_chart(
                st,
                charts.hbar(
                    origins, labels, labels("overview.floating_origin"), labels("chart.count")
                ),
                width="stretch",
            )
        else:
            st.info(labels("overview.no_floating"))
    groups = {
        row["label"]: row["value"]
        for row in _group_rows(ov, labels)
        if not row["sensitive"] and row["value"] > 0
    }
    with right:
        if groups:
            charts.plotly_chart(
                st,
                charts.hbar(
                    groups, labels, labels("overview.special_groups"), labels("chart.members"), 420
                ),
                width="stretch",
            )
        else:
            st.info(labels("overview.no_groups"))


def needs_attention(ov: Overview, labels: Labels) -> None:
    st.subheader(labels("overview.attention"))
    lw = ov.current["visits"]["last_week"]
    left, right = st.columns(2)
    with left:
        st.markdown("**" + labels("overview.grids_below", start=lw["start"], end=lw["end"]) + "**")
        if ov.rule_problems.is_empty():
            st.success(labels("overview.grids_below.none"))
        else:
            table = ov.rule_problems.select(
                pl.col("code").alias(labels("col.grid")),
                pl.col("grid_name").alias(labels("col.grid_name")),
                pl.col("days_with_visits").alias(labels("col.days_with_visits")),
                pl.col("visit_days").alias(labels("col.visit_days")),
                pl.col("visit_days_meeting_rate").alias(labels("col.visit_days_meeting_rate")),
            )
            st.dataframe(table, hide_index=True, width="stretch", key="attention_grids")
    with right:
        st.markdown("**" + labels("overview.overdue", count=f"{ov.overdue_total:,}") + "**")
        if ov.overdue_total == 0:
            st.success(labels("overview.overdue.none"))
        else:
            category = "category_zh" if labels.lang == "zh" else "category_en"
            table = ov.overdue.with_columns(hours=hours_open(ov.as_of)).select(
                pl.col("id").alias(labels("col.incident")),
                pl.col("grid_code").alias(labels("col.grid")),
                pl.coalesce(category, "category").alias(labels("col.category")),
                pl.col("reported_at")
                .dt.strftime("%Y-%m-%d %H:%M")
                .alias(labels("col.reported_at")),
                pl.col("hours").alias(labels("col.hours_open")),
                pl.when(pl.col("escalated"))
                .then(pl.lit(labels("yes")))
                .otherwise(pl.lit(labels("no")))
                .alias(labels("col.escalated")),
            )
            st.dataframe(table, hide_index=True, width="stretch", key="attention_incidents")
            if ov.overdue_total > ov.overdue.height:
                st.caption(
                    labels(
                        "overview.overdue.shown",
                        shown=ov.overdue.height,
                        count=f"{ov.overdue_total:,}",
                    )
                )
