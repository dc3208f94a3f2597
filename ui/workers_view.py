"""The worker-assessment page's sections (网格员考核): sheet, flags, month over month, one worker.

Figures come from ``metrics.workers`` (the indicators) and ``metrics.assessment`` (rank,
compliance, thresholds, flags, changes, profile, calendar); here they are only labelled,
formatted and drawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from metrics.assessment import (
    CHANGE_MEASURES,
    COMPLIANCE,
    HIGH_SCORE_WEAK_EVIDENCE,
    LATE,
    LOW_SCORE_STRONG_EVIDENCE,
    MISSING,
    ON_TIME,
    Band,
    Thresholds,
    criterion_profile,
    default_month,
    evidence_flags,
    fixed_thresholds,
    quarter_thresholds,
    score_column,
    sheet,
    trailing_months,
    worker_trend,
)
from metrics.catalogue import WORKER_INDICATORS, WORKER_SCORE_TOTAL
from models.workers import MonthSheet, WorkerDetail
from ui import charts, drill
from ui import table as tables
from ui.export import About, Sheet, csv_bytes, download_buttons, xlsx_bytes
from ui.glossary import help_text
from ui.i18n import Labels, fmt_pct
from ui.table import Column, Table, yes_no
from ui.url_state import UrlControl

ROLE_CHOICES = ("all", "grid_leader", "grid_worker")
#: the page's controls in the link: ?month=2026-03&role=grid_worker&worker=12
MONTH = UrlControl("month", "workers_month", "link.kind.month")
ROLE = UrlControl("role", "workers_role", "link.kind.role")
WORKER = UrlControl("worker", "workers_person", "link.kind.worker", parse=int)
CONTROLS = (MONTH, ROLE, WORKER)
RED = "#c0392b"
GREY = "#eceff1"


# --- controls ---------------------------------------------------------------


def asked_month(choices: Sequence[str], as_of: dt.date) -> str:
    """The month ``controls`` will most likely pick, read before it is drawn (to start the
    month's sheets ahead): the link's or the session's if it is a choice, else the default."""
    start = default_month(as_of, choices)
    asked = MONTH.asked(start)
    return asked if asked in choices else start


def controls(
    choices: Sequence[str], scored: Sequence[str], as_of: dt.date, labels: Labels
) -> tuple[str, tuple[str, ...] | None]:
    """The month picker (each month marked scored or not yet, as known on ``as_of``) and the
    role filter; returns (month, roles or None for all)."""
    left, right, _ = st.columns([1, 2, 3])
    start = default_month(as_of, choices)
    known = set(scored)
    month = MONTH.selectbox(
        labels,
        labels("workers.month"),
        choices,
        start,
        where=left,
        format_func=lambda m: labels.plain(
            "workers.month.scored" if m in known else "workers.month.unscored", month=m
        ),
    )
    role = ROLE.bind(
        labels,
        ROLE_CHOICES,
        ROLE_CHOICES[0],
        lambda: right.radio(
            labels("workers.role"),
            options=list(ROLE_CHOICES),
            format_func=lambda r: (
                labels("workers.role.all") if r == "all" else labels.code("role", r)
            ),
            key=ROLE.key,
            horizontal=True,
        ),
    )
    waiting = [m for m in choices if m not in known]
    if waiting:
        st.caption(
            labels(
                "workers.months_unscored",
                months=labels.join(waiting),
                day=as_of.isoformat(),
            )
        )
    return month, None if role == "all" else (role,)


def criteria_codes(criteria: pl.DataFrame) -> list[str]:
    return criteria["code"].to_list()


def sheet_of(
    month_sheet: MonthSheet, criteria: pl.DataFrame, roles: tuple[str, ...] | None
) -> pl.DataFrame:
    return sheet(month_sheet.rows, criteria_codes(criteria), roles)


# --- the month sheet --------------------------------------------------------


def criterion_names(criteria: pl.DataFrame, labels: Labels) -> dict[str, str]:
    """Code → display name; criteria are keyed by code, and a name two criteria share (another
    registry may repeat one) carries its code, so no header, legend or axis merges them."""
    named = {
        code: labels.name(zh, en)
        for code, zh, en in criteria.select("code", "name_zh", "name_en").iter_rows()
    }
    repeated = {n for n in named.values() if list(named.values()).count(n) > 1}
    return {
        code: labels.plain("workers.criterion_coded", name=name, code=code)
        if name in repeated
        else name
        for code, name in named.items()
    }


def _criterion_headers(criteria: pl.DataFrame, labels: Labels) -> dict[str, str]:
    names = criterion_names(criteria, labels)
    maxima = dict(zip(criteria["code"].to_list(), criteria["max_score"].to_list(), strict=True))
    return {
        code: labels.plain(
            "workers.col.criterion",
            name=name,
            max="–" if maxima[code] is None else f"{maxima[code]:g}",
        )
        for code, name in names.items()
    }


def _role(labels: Labels) -> pl.Expr:
    return pl.col("role").replace_strict(labels.codes("role"), default=pl.col("role"))


def sheet_table(criteria: pl.DataFrame, labels: Labels, month: str | None = None) -> Table:
    """The month sheet's columns, for the screen and the downloads (``month``: a first column
    naming the month, as each month's sheet of the workbook has)."""
    headers = _criterion_headers(criteria, labels)
    indicators = [
        Column.of(figure, labels(f"workers.col.{figure.key}"), labels)
        for figure in WORKER_INDICATORS
    ]
    return Table(
        [
            *([Column("month", labels("workers.col.month"), expr=pl.lit(month))] if month else []),
            Column("rank", labels("workers.col.rank"), "int", pinned=True),
            Column("name", labels("workers.col.name"), pinned=True),
            Column("role", labels("workers.col.role"), expr=_role(labels)),
            Column("grids", labels("workers.col.grids"), expr=pl.col("grids").list.join(", ")),
            Column.of(WORKER_SCORE_TOTAL, labels("workers.col.total"), labels),
            Column(
                "scored",
                labels("workers.col.status"),
                expr=pl.when(pl.col("scored"))
                .then(pl.lit(labels("workers.scored")))
                .otherwise(pl.lit(labels("workers.unscored"))),
            ),
            *indicators,
            *[Column(score_column(code), header, "score") for code, header in headers.items()],
        ]
    )


def labelled_sheet(frame: pl.DataFrame, criteria: pl.DataFrame, labels: Labels) -> pl.DataFrame:
    """The sheet with headers and code values in the chosen language (display and export)."""
    return sheet_table(criteria, labels).frame(frame)


def month_table(
    month_sheet: MonthSheet, frame: pl.DataFrame, criteria: pl.DataFrame, labels: Labels
) -> None:
    st.subheader(labels("workers.sheet"))
    st.caption(
        labels(
            "workers.sheet.caption",
            count=f"{frame.height:,}",
            scored=f"{int(frame['scored'].sum()):,}",
        )
        + " "
        + labels("workers.sheet.weeks", weeks=month_sheet.weeks)
    )
    if month_sheet.scores_left_out:
        st.caption(
            labels("workers.scores_left_out", count=f"{month_sheet.scores_left_out:,}"),
            help=help_text(labels, "score_total", note=labels("workers.scores_left_out.help")),
        )
    table = sheet_table(criteria, labels)
    widget, clicks = tables.row_clicks("workers_sheet", choose_worker_of(frame["id"].to_list()))
    st.dataframe(
        tables.arrow(table.screen(frame)),
        hide_index=True,
        width="stretch",
        placeholder="—",
        column_config=table.column_config(),
        key=widget,
        **clicks,
    )
    st.caption(labels("workers.drill_hint"))


# --- export -----------------------------------------------------------------


def month_sheet_of(month_sheet: MonthSheet, criteria: pl.DataFrame, roles, labels: Labels) -> Sheet:
    """One month's sheet of the committee workbook (and the CSV)."""
    table = sheet_table(criteria, labels, month=month_sheet.month)
    return table.sheet(month_sheet.month, sheet_of(month_sheet, criteria, roles))


def committee_sheets(
    history: Mapping[str, MonthSheet],
    month: str,
    criteria: pl.DataFrame,
    roles,
    labels: Labels,
    flags: pl.DataFrame | None = None,
) -> list[Sheet]:
    """The committee's download: ``month`` first, then the months before it (newest first),
    then the flags the page shows for ``month`` (evidence vs score)."""
    months = [month, *(m for m in sorted(history, reverse=True) if m != month)]
    sheets = [month_sheet_of(history[m], criteria, roles, labels) for m in months]
    if flags is not None:
        title = labels.plain("workers.export.flags")
        if flags.is_empty():  # the sheet is there, and says why it holds no row
            none = pl.DataFrame(
                {labels.plain("export.about.note"): [labels.plain("workers.flags.none")]}
            )
            sheets.append(Sheet(title, none))
        else:
            sheets.append(flags_table(labels).sheet(title, flags))
    return sheets


def committee_workbook(
    history: Mapping[str, MonthSheet],
    criteria: pl.DataFrame,
    roles,
    labels: Labels,
    *,
    month: str | None = None,
    flags: pl.DataFrame | None = None,
    about: About | None = None,
) -> bytes:
    """The committee sheet as XLSX: About, one worksheet per month (``month`` first, default
    the newest), the flags."""
    month = month or max(history)
    sheets = committee_sheets(history, month, criteria, roles, labels, flags)
    return xlsx_bytes(sheets, about=about, what=labels.plain("workers.export.file"))


def committee_csv(month_sheet: MonthSheet, criteria: pl.DataFrame, roles, labels: Labels) -> bytes:
    return csv_bytes(month_sheet_of(month_sheet, criteria, roles, labels))


def export(
    where,
    history: Callable[[], Mapping[str, MonthSheet]],
    month: str,
    criteria: pl.DataFrame,
    roles,
    evidence: Evidence,
    about: About,
) -> None:
    """The committee's downloads (drawn into ``where``, under the month sheet): the workbook
    with every month and the flags, the CSV of ``month``. ``history`` gives the six months'
    sheets; it is called only when a file is made, never on a page run."""
    labels = about.labels
    role = labels.plain("workers.role.all") if roles is None else labels.code("role", roles[0])
    about = about.with_filters(
        (labels.plain("workers.month"), month),
        (labels.plain("workers.role"), role),
        (labels.plain("workers.export.thresholds"), evidence.described),
    )
    months = trailing_months(month)
    note = download_buttons(
        about,
        what=labels.plain("workers.export.file"),
        key="workers",
        sheets=lambda: committee_sheets(history(), month, criteria, roles, labels, evidence.flags),
        period=month,
        where=where,
        xlsx_first=True,
    )
    note.caption(labels("workers.export.caption", first=months[0], last=months[-1], month=month))


# --- evidence vs score ------------------------------------------------------


def _fmt_threshold(value: float | None, kind: str, labels: Labels) -> str:
    if value is None:
        return labels("workers.threshold.none")
    return f"{value:.2f}" if kind == "score" else fmt_pct(value)


def _thresholds(frame: pl.DataFrame, labels: Labels, where) -> tuple[Thresholds, int]:
    mode = where.radio(
        labels("workers.threshold.mode"),
        options=["quantile", "fixed"],
        format_func=lambda m: labels(f"workers.threshold.{m}"),
        key="workers_threshold_mode",
        horizontal=True,
    )
    share = where.slider(
        labels("workers.threshold.share"),
        min_value=5,
        max_value=50,
        value=25,
        step=5,
        key="workers_share",
        disabled=mode == "fixed",
    )
    quarters = quarter_thresholds(frame, Fraction(share, 100))
    if mode == "quantile":
        return quarters, share
    lows = [b.low for b in quarters.compliance.values() if b.low is not None]
    highs = [b.high for b in quarters.compliance.values() if b.high is not None]
    defaults = {
        "workers_score_low": quarters.score.low if quarters.score.low is not None else 70.0,
        "workers_score_high": quarters.score.high if quarters.score.high is not None else 90.0,
        "workers_comp_low": round(min(lows) * 100, 2) if lows else 60.0,
        "workers_comp_high": round(max(highs) * 100, 2) if highs else 95.0,
    }
    for key, value in defaults.items():
        st.session_state.setdefault(key, float(value))
    a, b = where.columns(2)
    score_low = a.number_input(
        labels("workers.threshold.score_low"), 0.0, 100.0, step=0.5, key="workers_score_low"
    )
    score_high = b.number_input(
        labels("workers.threshold.score_high"), 0.0, 100.0, step=0.5, key="workers_score_high"
    )
    comp_low = a.number_input(
        labels("workers.threshold.compliance_low"), 0.0, 100.0, step=1.0, key="workers_comp_low"
    )
    comp_high = b.number_input(
        labels("workers.threshold.compliance_high"), 0.0, 100.0, step=1.0, key="workers_comp_high"
    )
    fixed = fixed_thresholds(
        score_low,
        score_high,
        float(Fraction(str(comp_low)) / 100),
        float(Fraction(str(comp_high)) / 100),
    )
    return fixed, share


def _threshold_table(thresholds: Thresholds, labels: Labels) -> pl.DataFrame:
    bands: list[tuple[str, str, Band]] = [("score", "score", thresholds.score)]
    bands += [(kind, "ratio", thresholds.compliance[kind]) for kind in COMPLIANCE]
    return pl.DataFrame(
        {
            labels("workers.threshold.measure"): [
                labels(f"workers.measure.{k}") for k, _, _ in bands
            ],
            labels("workers.threshold.low"): [
                _fmt_threshold(b.low, t, labels) for _, t, b in bands
            ],
            labels("workers.threshold.high"): [
                _fmt_threshold(b.high, t, labels) for _, t, b in bands
            ],
        }
    )


@dataclass(frozen=True)
class Evidence:
    """The flags the page shows and the thresholds they rest on, in words (for the download)."""

    flags: pl.DataFrame
    described: str


def flags_table(labels: Labels) -> Table:
    flag = {
        f: labels(f"workers.flag.{f}")
        for f in (HIGH_SCORE_WEAK_EVIDENCE, LOW_SCORE_STRONG_EVIDENCE)
    }
    measures = {k: labels(f"workers.measure.{k}") for k in COMPLIANCE}
    return Table(
        [
            Column("name", labels("workers.col.name")),
            Column("role", labels("workers.col.role"), expr=_role(labels)),
            Column(
                "flag",
                labels("workers.col.flag"),
                expr=pl.col("flag").replace_strict(flag, default=pl.col("flag")),
            ),
            Column(
                "measures",
                labels("workers.col.measures"),
                expr=pl.col("measures")
                .list.eval(pl.element().replace_strict(measures, default=pl.element()))
                .list.join("、" if labels.lang == "zh" else ", "),
            ),
            Column("score_total", labels("workers.col.total"), "score"),
            *[Column(c, labels(f"workers.col.{c}"), "ratio") for c in COMPLIANCE.values()],
        ]
    )


def _described(thresholds: Thresholds, mode: str, share: int, labels: Labels) -> str:
    bands = [("score", "score", thresholds.score)]
    bands += [(kind, "ratio", thresholds.compliance[kind]) for kind in COMPLIANCE]
    parts = [
        labels.plain(
            "workers.export.band",
            measure=labels.plain(f"workers.measure.{k}"),
            low=_fmt_threshold(b.low, t, labels),
            high=_fmt_threshold(b.high, t, labels),
        )
        for k, t, b in bands
    ]
    head = (
        labels.plain("workers.export.quantile", pct=f"{share}%")
        if mode == "quantile"
        else labels.plain("workers.threshold.fixed")
    )
    return head + "：" + "；".join(parts) if labels.lang == "zh" else head + ": " + "; ".join(parts)


def evidence(frame: pl.DataFrame, labels: Labels, about: About) -> Evidence:
    """Thresholds (shown, adjustable) and the flagged rows, each table with its downloads."""
    st.subheader(labels("workers.evidence"), help=help_text(labels, "evidence_flags"))
    left, right = st.columns([2, 3])
    thresholds, share = _thresholds(frame, labels, left)
    mode = st.session_state.get("workers_threshold_mode", "quantile")
    described = _described(thresholds, mode, share, labels)
    about = about.with_filters((labels.plain("workers.export.thresholds"), described))
    threshold_rows = _threshold_table(thresholds, labels)
    tables.show(
        Table([Column(c, c) for c in threshold_rows.columns]),
        threshold_rows,
        about=about,
        what=labels.plain("workers.export.thresholds"),
        key="workers_thresholds",
        where=left,
    )
    flags = evidence_flags(frame, thresholds)
    with right:
        st.caption(labels("workers.evidence.explain", pct=f"{share}%"))
        if flags.is_empty():
            st.success(labels("workers.flags.none"))
        else:
            st.markdown("**" + labels("workers.flags.count", count=f"{flags.height:,}") + "**")
            tables.show(
                flags_table(labels),
                flags,
                about=about,
                what=labels.plain("workers.export.flags"),
                key="workers_flags",
                on_row=choose_worker_of(flags["id"].to_list()),
            )
            st.caption(labels("workers.drill_hint"))
    return Evidence(flags, described)


# --- month over month -------------------------------------------------------

MOM_MEASURES = tuple(m for m in CHANGE_MEASURES if m != "weeks")


def _measure_name(name: str, labels: Labels) -> str:
    return labels("workers.col.total") if name == "score_total" else labels(f"workers.col.{name}")


def month_over_month_table(
    changes: pl.DataFrame,
    month_sheet: MonthSheet,
    previous_sheet: MonthSheet,
    labels: Labels,
    about: About,
) -> pl.DataFrame:
    st.subheader(labels("workers.mom"))
    st.caption(
        labels(
            "workers.mom.caption",
            month=month_sheet.month,
            previous=previous_sheet.month,
            day=month_sheet.as_of.isoformat(),
            weeks=month_sheet.weeks,
            prev_weeks=previous_sheet.weeks,
        )
    )
    columns = [
        Column("name", labels("workers.col.name"), pinned=True),
        Column("role", labels("workers.col.role"), expr=_role(labels)),
    ]
    for name in MOM_MEASURES:
        title = _measure_name(name, labels)
        places = CHANGE_MEASURES[name]
        kind = "ratio" if places == 4 else "score" if places == 2 else "int"
        columns += [
            Column(name, title, kind),
            Column(f"{name}.previous", labels("workers.col.previous", name=title), kind),
            Column(f"{name}.change", labels("workers.col.change", name=title), f"change_{kind}"),
        ]
    tables.show(
        Table(columns),
        changes,
        about=about.with_filters(
            (labels.plain("workers.month"), month_sheet.month),
            (labels.plain("workers.mom.previous_month"), previous_sheet.month),
        ),
        what=labels.plain("workers.mom"),
        key="workers_mom",
        period=month_sheet.month,
        on_row=choose_worker_of(changes["id"].to_list()),
    )
    st.caption(labels("workers.drill_hint"))
    return changes


# --- one worker -------------------------------------------------------------


def choose_worker_of(ids: Sequence[int]) -> Callable[[int], None]:
    """Row ``i`` is worker ``ids[i]``: a click shows that worker under "one worker" below (a
    callback, so before the picker is drawn; the picker writes the worker into the link)."""

    def chosen(i: int) -> None:
        st.session_state[WORKER.key] = ids[i]

    return chosen


def pick_worker(frame: pl.DataFrame, labels: Labels) -> int:
    st.subheader(labels("workers.one"))
    names = {
        row[
            "id"
        ]: f"{row['name']}（{labels.code('role', row['role'])} · {', '.join(row['grids'])}）"
        for row in frame.iter_rows(named=True)
    }
    ids = list(names)
    return WORKER.selectbox(labels, labels("workers.one.pick"), ids, ids[0], format_func=names.get)


def trend_figures(trend: pl.DataFrame, labels: Labels) -> tuple[go.Figure, go.Figure]:
    months = trend["month"].to_list()
    totals = trend["score_total"].to_list()
    text = [
        f"{t:.2f}"
        if t is not None
        else (labels("workers.unscored") if listed else labels("workers.one.not_listed"))
        for t, listed in zip(totals, trend["listed"].to_list(), strict=True)
    ]
    # a month without a score is a gap with its reason written in it, never a bar of 0
    bars = go.Figure(
        go.Bar(
            x=months,
            y=totals,
            text=text,
            textposition="outside",
            cliponaxis=False,
            marker={"color": charts.PALETTE[1]},
            hovertemplate="%{x}: %{text}<extra></extra>",
            name=labels("workers.col.total"),
        )
    )
    for month, total, note in zip(months, totals, text, strict=True):
        if total is None:
            bars.add_annotation(
                x=month, y=0, yanchor="bottom", text=note, showarrow=False,
                textangle=-90, font={"size": 12, "color": "#7f8c8d"},
            )  # fmt: skip
    bars.update_layout(
        title={"text": labels("workers.one.trend"), "font": {"size": 15}}, showlegend=False
    )
    bars.update_yaxes(range=[0, 110], title_text=labels("workers.col.total"))
    bars.update_xaxes(type="category")
    lines = go.Figure()
    for i, name in enumerate(
        ("visit_compliance", "patrol_rate", "log_on_time_rate", "incidents_resolved_72h_rate")
    ):
        lines.add_trace(
            go.Scatter(
                x=months,
                y=trend[name].to_list(),
                mode="lines+markers",
                name=labels(f"workers.col.{name}"),
                line={"color": charts.PALETTE[i % len(charts.PALETTE)]},
                hovertemplate="%{x}: %{y:.1%}<extra>" + labels(f"workers.col.{name}") + "</extra>",
            )
        )
    lines.update_layout(title={"text": labels("workers.one.rates"), "font": {"size": 15}})
    lines.update_yaxes(range=[0, 1.05], tickformat=".0%")
    lines.update_xaxes(type="category")
    return charts.layout(bars, 320), charts.layout(lines, 320)


def radar_figure(profile: pl.DataFrame, labels: Labels, community: str) -> go.Figure:
    by_code = criterion_names(profile, labels)
    names = [by_code[code] for code in profile["code"].to_list()]
    closed = [*names, names[0]]
    fig = go.Figure()
    for column, legend, color in (
        ("mean_share", labels("workers.one.mean"), charts.PALETTE[6]),
        ("score_share", labels("workers.one.worker"), charts.PALETTE[0]),
    ):
        values = profile[column].to_list()
        raw = profile["community_mean" if column == "mean_share" else "score"].to_list()
        fig.add_trace(
            go.Scatterpolar(
                r=[*values, values[0]],
                theta=closed,
                name=legend,
                fill="toself",
                opacity=0.55,
                line={"color": color},
                customdata=[*raw, raw[0]],
                hovertemplate="%{theta}: %{r:.1%} (%{customdata:.2f})<extra>" + legend + "</extra>",
            )
        )
    fig.update_layout(
        title={
            "text": labels.plain("workers.one.criteria", community=community),
            "font": {"size": 15},
        },
        polar={
            "radialaxis": {
                "range": [0, 1],
                "tickformat": ".0%",
                "angle": 90,
                "tickangle": 90,
                "tickfont": {"size": 10},
                "tickvals": [0.25, 0.5, 0.75, 1],
            },
            "angularaxis": {"rotation": 90, "direction": "clockwise"},
        },
    )
    charts.layout(fig, 380)
    fig.update_layout(margin={"l": 90, "r": 90, "t": 60, "b": 20})
    return fig


def _cell(row: dict, labels: Labels) -> str:
    parts = [f"<b>{labels('workers.one.day', day=row['day'].day)}</b>"]
    if not row["counted"]:
        return parts[0]
    parts.append(f"{labels('workers.one.calendar.visits')} {row['visits']}")
    marks = []
    if row["patrolled"]:
        marks.append(labels("workers.one.patrol.yes"))
    elif row["duty"]:
        marks.append(f'<span style="color:{RED}">{labels("workers.one.patrol.no")}</span>')
    if row["log"] == ON_TIME:
        marks.append(labels("workers.one.log.on_time"))
    elif row["log"] == LATE:
        marks.append(f'<span style="color:{RED}">{labels("workers.one.log.late")}</span>')
    elif row["log"] == MISSING:
        marks.append(f'<span style="color:{RED}">{labels("workers.one.log.missing")}</span>')
    parts.append(" ".join(marks) if marks else "&nbsp;")
    return "<br>".join(parts)


def calendar_figure(calendar: pl.DataFrame, labels: Labels) -> go.Figure:
    """A month calendar: weeks down, weekdays across; colour = visits that day."""
    weeks = sorted(set(calendar["week"].to_list()))
    x = [labels(f"workers.weekday.{i}") for i in range(7)]
    y = [labels("workers.one.week_of", date=w.strftime("%m-%d")) for w in weeks]
    z: list[list[float | None]] = [[None] * 7 for _ in weeks]
    text: list[list[str]] = [[""] * 7 for _ in weeks]
    for row in calendar.iter_rows(named=True):
        i, j = weeks.index(row["week"]), row["weekday"]
        z[i][j] = row["visits"] if row["counted"] else None
        text[i][j] = _cell(row, labels)
    top = max([v for r in z for v in r if v is not None] + [1])
    fig = go.Figure(
        go.Heatmap(
            x=x,
            y=y,
            z=z,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 12},
            colorscale=[[0, "#ffffff"], [1, "#5dade2"]],
            zmin=0,
            zmax=top,
            xgap=3,
            ygap=3,
            showscale=False,
            hovertemplate="%{y} %{x}<br>"
            + labels("workers.one.calendar.visits")
            + " %{z}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(side="top", showgrid=False)
    fig.update_layout(plot_bgcolor=GREY)
    return charts.layout(fig, 80 * len(weeks) + 60)


def one_worker(
    worker_id: int,
    month: str,
    current: MonthSheet,
    history: Mapping[str, MonthSheet],
    detail: WorkerDetail,
    criteria: pl.DataFrame,
    labels: Labels,
    about: About,
) -> None:
    codes = criteria_codes(criteria)
    sheets = {m: sheet(s.rows, codes) for m, s in history.items()}
    trend = worker_trend(sheets, worker_id)
    left, right = st.columns(2)
    bars, lines = trend_figures(trend, labels)
    charts.plotly_chart(left, bars, width="stretch", key="workers_trend_total")
    charts.plotly_chart(right, lines, width="stretch", key="workers_trend_rates")

    row = next(r for r in current.rows if r["id"] == worker_id)
    worker_name = row["name"]
    left, right = st.columns(2)
    with left:
        if row["scores"]:
            profile = criterion_profile(row["scores"], detail.community_rows, criteria)
            community = detail.community_name or "—"
            charts.plotly_chart(
                st, radar_figure(profile, labels, community), width="stretch", key="workers_radar"
            )
        else:
            st.info(labels("workers.one.criteria.none", month=month))
    with right:
        st.markdown("**" + labels("workers.one.grids", month=month) + "**")
        grids = Table(
            [
                Column("grid_code", labels("workers.col.grid_code")),
                Column("grid_name", labels("workers.col.grid_name")),
                Column("since", labels("workers.col.since"), "date"),
                Column("until", labels("workers.col.until"), "date"),
                Column(
                    "in_scope",
                    labels("workers.col.in_scope"),
                    expr=yes_no("in_scope", labels),
                ),
                Column("households", labels("workers.col.households"), "int"),
            ]
        )
        tables.show(
            grids,
            detail.grids,
            about=about.with_filters(
                (labels.plain("workers.month"), month),
                (labels.plain("workers.one.pick"), worker_name),
            ),
            what=labels.plain("workers.export.grids", name=worker_name),
            key="workers_grids",
            period=month,
            on_row=drill.to_grid_overview(detail.grids["grid_code"].to_list()),
        )
        st.caption(labels("drill.grid_overview_hint"))

    st.markdown("**" + labels("workers.one.calendar", month=month) + "**")
    calendar = detail.calendar
    duty = calendar.filter(pl.col("duty"))
    st.caption(
        labels(
            "workers.one.duty",
            duty=duty.height,
            patrolled=int(duty["patrolled"].sum()) if duty.height else 0,
            on_time=duty.filter(pl.col("log") == ON_TIME).height,
        )
        + " · "
        + labels("workers.one.calendar.legend")
    )
    charts.plotly_chart(
        st, calendar_figure(calendar, labels), width="stretch", key="workers_calendar"
    )
