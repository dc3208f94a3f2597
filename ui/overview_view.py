"""The weekly overview's sections (周例会总览): tiles, charts and the needs-attention list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import streamlit as st

from metrics import catalogue as fc
from metrics.privacy import Disclosure, shown_count, shown_text
from metrics.registration import touches_registration
from metrics.snapshot import RESIDENCIES, UNKNOWN_ORIGIN, hours_open
from models.overview import Overview
from ui import charts, drill
from ui import table as tables
from ui.export import About
from ui.glossary import help_text
from ui.i18n import Labels
from ui.incidents_view import overdue_table
from ui.table import Column, Table
from ui.text import md
from ui.tiles import Tile, figure_tile, tiles, week_in_progress


def registration_note(ov: Overview, labels: Labels) -> bool:
    """Say so when the week-over-week change rests on a registration week; True then."""
    first = ov.as_of - dt.timedelta(days=6)
    if ov.registration.is_empty() or not touches_registration(ov.registration, first, ov.as_of):
        return False
    weeks = ov.registration.filter(
        pl.col("registration_week"), pl.col("week_start") >= first - dt.timedelta(days=6)
    )
    week = weeks.row(-1, named=True)
    key = (
        "overview.registration_week.campaign"
        if week["reason"] == "campaign"
        else ("overview.registration_week.surge")
    )
    st.info(
        labels(
            key,
            week=week["week_start"].isoformat(),
            registered=f"{week['registered']:,}",
            usual=f"{round(week['baseline'] or 0):,}",
        ),
        icon=":material/how_to_reg:",
    )
    return True


def population(ov: Overview, labels: Labels, disclosure: Disclosure) -> None:
    cur, prev = ov.current, ov.previous
    st.subheader(labels("overview.population"))
    registration = registration_note(ov, labels)
    tiles(
        [
            figure_tile(fc.HOUSEHOLDS, labels("tile.households"), cur, prev, labels),
            figure_tile(fc.RESIDENTS_TOTAL, labels("tile.residents"), cur, prev, labels),
            *[
                figure_tile(fc.RESIDENCY[code], labels(f"tile.{code}"), cur, prev, labels)
                for code in RESIDENCIES
            ],
            figure_tile(fc.RESIDENTS_ELDERLY, labels("tile.elderly"), cur, prev, labels),
        ],
        labels,
        registration=registration,
    )
    # to a role without personal-data access, as the data-quality page shows DQ28: the rows it
    # may list exactly, those about a sensitive group's membership apart and protected
    held_back = ov.orphans_sensitive if disclosure is Disclosure.PROTECTED else 0
    if ov.orphans - held_back:
        st.caption(labels("overview.orphans", count=f"{ov.orphans - held_back:,}"))
    if held_back:
        shown = shown_text(held_back, True, disclosure)
        st.caption(labels("overview.orphans.held_back", count=shown))
    tiles(
        [
            figure_tile(
                origin,
                labels.code("floating_origin", origin.path[-1]),
                cur,
                prev,
                labels,
            )
            for origin in fc.FLOATING_ORIGIN
        ],
        labels,
        registration=registration,
    )


def work(ov: Overview, labels: Labels) -> None:
    cur, prev = ov.current, ov.previous
    st.subheader(labels("overview.work"))
    week_in_progress(labels, ov.as_of)
    tiles(
        [
            figure_tile(fc.VISITS_THIS_WEEK, labels("tile.visits_week"), cur, prev, labels),
            figure_tile(
                fc.HOUSEHOLDS_VISITED_THIS_WEEK,
                labels("tile.households_visited"),
                cur,
                prev,
                labels,
            ),
            figure_tile(fc.VISITS_COVERAGE_30D, labels("tile.coverage_30d"), cur, prev, labels),
            figure_tile(fc.VISITS_COVERAGE_90D, labels("tile.coverage_90d"), cur, prev, labels),
            figure_tile(
                fc.LAST_WEEK_GRIDS_MEETING,
                labels("tile.grids_3day"),
                cur,
                prev,
                labels,
                "last_week",
                suffix=f" / {fc.LAST_WEEK_GRIDS.of(cur):,}",
            ),
            figure_tile(fc.INCIDENTS_OPEN, labels("tile.open_incidents"), cur, prev, labels),
        ],
        labels,
    )
    period = fc.ASSESSMENT_PERIOD.of(cur)
    tiles(
        [
            figure_tile(
                fc.LAST_WEEK_VISIT_DAYS_MEETING,
                labels("tile.visit_days_rate"),
                cur,
                prev,
                labels,
                "last_week",
                suffix=f" / {fc.LAST_WEEK_VISIT_DAYS.of(cur):,}",
            ),
            figure_tile(fc.INCIDENTS_REPORTED_30D, labels("tile.incidents_30d"), cur, prev, labels),
            figure_tile(
                fc.INCIDENTS_RESOLVED_72H_30D, labels("tile.resolved_72h"), cur, prev, labels
            ),
            figure_tile(fc.RENTALS_TOTAL, labels("tile.rentals"), cur, prev, labels),
            figure_tile(fc.RENTALS_PLEDGE_SIGNED, labels("tile.pledge"), cur, prev, labels),
            figure_tile(
                fc.ASSESSMENT_MEAN,
                labels("tile.assessment"),
                cur,
                prev,
                labels,
                "known_on_the_day",
                note=labels("overview.assessment_period", period=period or "—"),
            ),
        ],
        labels,
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
                "value": fc.SPECIAL_GROUPS.of(ov.current).get(code, 0),
                "previous": fc.SPECIAL_GROUPS.of(ov.previous).get(code, 0),
            }
        )
    return rows


def special_groups(ov: Overview, labels: Labels, disclosure: Disclosure) -> None:
    """The groups' tiles; a sensitive count as ``disclosure`` allows, its change between two
    shown (for a protected role: rounded) counts."""
    st.subheader(labels("overview.special_groups"))
    first = ov.as_of - dt.timedelta(days=6)
    registration = not ov.registration.is_empty() and touches_registration(
        ov.registration, first, ov.as_of
    )
    if registration:
        st.caption(labels("overview.registration_week.groups"))
    # resident-level groups first, then household-level ones, each in the registry's order
    rows = sorted(_group_rows(ov, labels), key=lambda row: row["level"] != "resident")
    group_help = help_text(labels, "special_groups")
    sensitive_help = help_text(labels, "special_groups", "small_count")
    shown = []
    for row in rows:
        count = shown_count(row["value"], row["sensitive"], disclosure)
        before = shown_count(row["previous"], row["sensitive"], disclosure)
        if isinstance(count, int) and isinstance(before, int):
            shown.append(Tile(row["label"], count, before, help=group_help))
        else:  # a suppressed small count shows no change either
            shown.append(Tile(row["label"], count, None, help=sensitive_help))
    tiles(shown, labels, registration=registration)
    if ov.memberships_left_out:
        st.caption(labels("special_groups.left_out", count=f"{ov.memberships_left_out:,}"))


def charts_row(ov: Overview, labels: Labels) -> None:
    cur = ov.current
    left, middle, right = st.columns(3)
    split = {labels.code("residency", code): fc.RESIDENCY[code].of(cur) for code in RESIDENCIES}
    with left:
        if fc.RESIDENTS_TOTAL.of(cur):
            charts.plotly_chart(
                st, charts.donut(split, labels, labels("chart.residency")), width="stretch"
            )
        else:
            st.info(labels("overview.no_households"))
    origins = {
        labels.code("floating_origin", code): origin.of(cur)
        for code, origin in fc.ORIGIN.items()
        if code != UNKNOWN_ORIGIN or origin.of(cur)
    }
    with middle:
        if fc.RESIDENTS_FLOATING.of(cur):
            charts.plotly_chart(
                st,
                charts.hbar(
                    origins, labels, labels("overview.floating_origin"), labels("chart.count")
                ),
                width="stretch",
            )
        else:
            st.info(labels("overview.no_floating"))
    # people and households are counted apart, each on its own axis
    shown = [row for row in _group_rows(ov, labels) if not row["sensitive"] and row["value"] > 0]
    panels = [
        (
            {row["label"]: row["value"] for row in shown if row["level"] == level},
            labels(f"special_groups.unit.{level}"),
        )
        for level in ("resident", "household")
    ]
    with right:
        if shown:
            charts.plotly_chart(
                st,
                charts.hbar_panels(panels, labels("overview.special_groups"), 420),
                width="stretch",
            )
        else:
            st.info(labels("overview.no_groups"))


def attention_grids_table(labels: Labels) -> Table:
    return Table(
        [
            Column("code", labels("col.grid")),
            Column("grid_name", labels("col.grid_name")),
            Column("days_with_visits", labels("col.days_with_visits"), "int"),
            Column("visit_days", labels("col.visit_days"), "int"),
            Column("visit_days_meeting_rate", labels("col.visit_days_meeting_rate"), "int"),
        ]
    )


def needs_attention(ov: Overview, labels: Labels, about: About) -> None:
    st.subheader(labels("overview.attention"))
    start, end = fc.LAST_WEEK_START.of(ov.current), fc.LAST_WEEK_END.of(ov.current)
    left, right = st.columns(2)
    with left:
        st.markdown("**" + labels("overview.grids_below", start=start, end=end) + "**")
        if ov.rule_problems.is_empty():
            st.success(labels("overview.grids_below.none"))
        else:
            tables.show(
                attention_grids_table(labels),
                ov.rule_problems,
                about=about.with_filters(
                    (labels.plain("overview.export.week"), f"{start} – {end}")
                ),
                what=labels.plain("overview.export.grids_below"),
                key="attention_grids",
                on_row=drill.to_grid(ov.rule_problems["code"].to_list()),
            )
            st.caption(labels("drill.grid_hint"))
    with right:
        st.markdown("**" + labels("overview.overdue", count=f"{ov.overdue_total:,}") + "**")
        if ov.overdue_total == 0:
            st.success(labels("overview.overdue.none"))
        else:
            note = tables.show(
                overdue_table(labels),  # the incidents page's overdue list, its oldest rows
                ov.overdue.with_columns(hours=hours_open(ov.as_of)),
                about=about,
                what=labels.plain("overview.export.overdue"),
                key="attention_incidents",
            )
            if ov.overdue_total > ov.overdue.height:
                note.caption(
                    labels(
                        "overview.overdue.shown",
                        shown=ov.overdue.height,
                        count=f"{ov.overdue_total:,}",
                    )
                )
