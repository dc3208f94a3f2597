"""The weekly brief (周例会简报) as one model that the PDF, DOCX and XLSX renderers share.

``build_brief`` reads nothing of its own: every figure comes from the page models (``models``)
and the figure catalogue (``metrics.catalogue``), so the brief shows what the pages show. Values
stay values (counts, shares, dates); a count protected for the reader's role
(``metrics.privacy``) is its shown text ("<5", rounded). Labels are the page's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import polars as pl
from sqlalchemy.engine import Connection

import models.incidents
import models.overview
import models.quality
import models.rentals
import models.snapshot
import models.special_groups
import models.visits
import models.workers
from data_access.scope import ResolvedScope
from metrics import catalogue as fc
from metrics.core import iso_week_name, week_start
from metrics.privacy import Disclosure, shown_text
from metrics.quality import CHECKS
from metrics.snapshot import RULE_VISIT_DAYS, hours_open
from metrics.special_groups import CARE_WINDOW_DAYS
from ui.i18n import CODES, Labels

#: the trend covers this many weeks, the brief's own included
TREND_WEEKS = 4
#: the brief lists at most this many incidents open longer than 72 hours
OVERDUE_LIMIT = 15
#: the incidents' part looks at the incidents reported in this many days up to the day
INCIDENT_DAYS = 7
#: and at most this many of the people cared for who were not visited (masked)
CARE_LIST_LIMIT = 20


#: the figures of the brief's first table, each with the overview's own tile label
TILE_LABEL: dict[fc.Figure, str] = {
    fc.RESIDENTS_TOTAL: "tile.residents",
    **{f: f"tile.{code}" for code, f in fc.RESIDENCY.items()},
    fc.RESIDENTS_ELDERLY: "tile.elderly",
    fc.HOUSEHOLDS: "tile.households",
    fc.VISITS_THIS_WEEK: "tile.visits_week",
    fc.HOUSEHOLDS_VISITED_THIS_WEEK: "tile.households_visited",
    fc.VISITS_COVERAGE_30D: "tile.coverage_30d",
    fc.VISITS_COVERAGE_90D: "tile.coverage_90d",
    fc.LAST_WEEK_GRIDS_MEETING: "tile.grids_3day",
    fc.LAST_WEEK_VISIT_DAYS_MEETING: "tile.visit_days_rate",
    fc.INCIDENTS_OPEN: "tile.open_incidents",
    fc.INCIDENTS_REPORTED_30D: "tile.incidents_30d",
    fc.INCIDENTS_RESOLVED_72H_30D: "tile.resolved_72h",
    fc.RENTALS_TOTAL: "tile.rentals",
    fc.RENTALS_PLEDGE_SIGNED: "tile.pledge",
    fc.ASSESSMENT_MEAN: "tile.assessment",
}


@dataclass(frozen=True)
class Col:
    """A column: its key in the rows, its header, its format (``brief.render.FORMATS``)."""

    key: str
    label: str
    fmt: str = "text"
    #: a long text that may wrap in the PDF (the others keep to one line)
    wrap: bool = False


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Col, ...]
    rows: tuple[dict[str, Any], ...]
    #: False for a table whose values a chart of the PDF already shows (DOCX and XLSX keep it)
    in_pdf: bool = True


@dataclass(frozen=True)
class Chart:
    """A static chart: its kind (``brief.charts``), title, categories and series."""

    key: str
    kind: str  # "bars" | "lines"
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    percent: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    lines: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()


@dataclass(frozen=True)
class Brief:
    lang: str
    title: str
    cover: tuple[str, ...]
    attention: Section
    sections: tuple[Section, ...]
    as_of: dt.date
    week: str  # ISO week, 2026-W11
    scope_name: str

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(t for s in (self.attention, *self.sections) for t in s.tables)


def week_of(as_of: dt.date) -> tuple[str, dt.date, dt.date]:
    """The ISO week containing ``as_of``: its name (2026-W11), Monday and Sunday."""
    monday = week_start(as_of)
    return iso_week_name(as_of), monday, monday + dt.timedelta(days=6)


def as_of_for_week(week: str, latest: dt.date) -> dt.date:
    """The day a week's brief is made as of: its Sunday, or ``latest`` (the registry's last
    day) when the week is not over. ``ValueError`` names a malformed or impossible week."""
    try:
        year, number = week.split("-W")
        monday = dt.date.fromisocalendar(int(year), int(number), 1)
    except ValueError:
        raise ValueError(f"bad week {week!r}: expected YYYY-Www, e.g. 2026-W10") from None
    return min(monday + dt.timedelta(days=6), latest)


def _scope_name(rs: ResolvedScope, filtered_grids: Sequence[str], labels: Labels) -> str:
    grids = rs.grids
    if filtered_grids:
        return labels.plain("brief.grids", names="、".join(sorted(rs.grid_codes)))
    names = grids.unique("community_code", maintain_order=True).sort("community_code")
    return labels.plain("brief.communities", names="、".join(names["community_name"].to_list()))


def _change(current: Any, previous: Any) -> Any:
    if isinstance(current, int | float) and isinstance(previous, int | float):
        return current - previous
    return None


def _figures(ov: models.overview.Overview, labels: Labels, disclosure: Disclosure) -> Table:
    """This week's figures against the same day a week earlier, each with its target."""
    i = labels.index
    chosen = tuple(TILE_LABEL.items())
    #: a count of a whole: its label says of how many (this week's)
    whole = {
        fc.LAST_WEEK_GRIDS_MEETING: fc.LAST_WEEK_GRIDS,
        fc.LAST_WEEK_VISIT_DAYS_MEETING: fc.LAST_WEEK_VISIT_DAYS,
    }
    rows = []
    for f, key in chosen:
        now, before = f.of(ov.current), f.of(ov.previous)
        ratio = f.unit is fc.Unit.RATIO
        label = labels.plain(key)
        if f in whole:
            label += f" / {whole[f].of(ov.current):,}"
        rows.append(
            {
                "figure": label,
                "this_week": now,
                "last_week": before,
                "change": _change(now, before),
                "fmt": "ratio" if ratio else ("score" if f.unit is fc.Unit.SCORE else "int"),
            }
        )
    groups = ov.special_groups
    for g in groups.iter_rows(named=True):
        sensitive = g["sensitive"] is not False
        now = ov.current["special_groups"].get(g["code"], 0)
        before = ov.previous["special_groups"].get(g["code"], 0)
        shown_now = shown_text(now, sensitive, disclosure)
        shown_before = shown_text(before, sensitive, disclosure)
        exact = disclosure is Disclosure.EXACT or not sensitive
        rows.append(
            {
                "figure": g["name_zh"] if i == 0 else g["name_en"],
                "this_week": now if exact else shown_now,
                "last_week": before if exact else shown_before,
                "change": now - before if exact else None,
                "fmt": "int",
            }
        )
    return Table(
        "figures",
        labels.plain("brief.s.figures"),
        (
            Col("figure", labels.plain("brief.col.figure"), wrap=True),
            Col("this_week", labels.plain("brief.col.this_week"), "by_row"),
            Col("last_week", labels.plain("brief.col.last_week"), "by_row"),
            Col("change", labels.plain("brief.col.change"), "change_by_row"),
        ),
        tuple(rows),
    )


def _trend(weeks: list[tuple[dt.date, dict[str, Any]]], labels: Labels) -> Section:
    shown = (
        fc.VISITS_THIS_WEEK,
        fc.HOUSEHOLDS_VISITED_THIS_WEEK,
        fc.VISITS_COVERAGE_90D,
        fc.LAST_WEEK_GRIDS_MEETING,
        fc.INCIDENTS_OPEN,
    )

    def name(f: fc.Figure) -> str:
        return labels.plain(TILE_LABEL[f])

    columns = [Col("week", labels.plain("brief.col.week"), "date")]
    columns += [Col(f.key, name(f), "ratio" if f.unit is fc.Unit.RATIO else "int") for f in shown]
    rows = tuple({"week": day, **{f.key: f.of(snap) for f in shown}} for day, snap in weeks)
    days = tuple(day.isoformat()[5:] for day, _ in weeks)
    charts = (
        Chart(
            "visits",
            "lines",
            labels.plain("brief.chart.visits"),
            days,
            tuple(
                (name(f), tuple(float(f.of(s)) for _, s in weeks))
                for f in (fc.VISITS_THIS_WEEK, fc.HOUSEHOLDS_VISITED_THIS_WEEK)
            ),
        ),
        Chart(
            "coverage",
            "lines",
            labels.plain("brief.chart.coverage"),
            days,
            (
                (
                    name(fc.VISITS_COVERAGE_90D),
                    tuple(fc.VISITS_COVERAGE_90D.of(s) for _, s in weeks),
                ),
            ),
            percent=True,
        ),
    )
    table = Table("trend", labels.plain("brief.s.trend"), tuple(columns), rows)
    return Section("trend", labels.plain("brief.s.trend"), tables=(table,), charts=charts)


def _population(snap: dict[str, Any], labels: Labels) -> Section:
    i = labels.index
    split = tuple((f.name_in(i), f.of(snap)) for f in fc.RESIDENCY.values())
    origins = tuple(
        (CODES["floating_origin"][f.path[-1]][i], f.of(snap)) for f in fc.FLOATING_ORIGIN
    )
    table = Table(
        "population",
        labels.plain("brief.s.population"),
        (
            Col("what", labels.plain("brief.col.figure")),
            Col("residents", labels.plain("brief.col.members"), "int"),
        ),
        tuple({"what": k, "residents": v} for k, v in (*split, *origins)),
        in_pdf=False,
    )

    def bars(key: str, pairs: tuple[tuple[str, int], ...]) -> Chart:
        title = labels.plain(f"brief.chart.{key}")
        values = tuple(float(v) for _, v in pairs)
        return Chart(key, "bars", title, tuple(k for k, _ in pairs), (("", values),))

    charts = (bars("population", split), bars("origins", origins))
    return Section("population", labels.plain("brief.s.population"), tables=(table,), charts=charts)


def _last_week(snap: dict[str, Any]) -> tuple[str, str]:
    week = snap["visits"]["last_week"]
    return week["start"], week["end"]


def _grids(
    rules: pl.DataFrame,
    coverage: models.visits.CoverageFigures,
    care: models.special_groups.CareGap,
    snap: dict[str, Any],
    labels: Labels,
) -> Section:
    """One row per grid: the week's visit rules, the coverage, the care gap."""
    cov = coverage.per_grid.select(
        pl.col("grid_id"),
        pl.col("name").alias("grid_name"),
        "households",
        "coverage_30d",
        "coverage_90d",
        pl.col("not_visited_90d").alias("not_visited"),
    )
    gap = care.by_grid.select("grid_id", pl.col("without_visit").alias("care_without"))
    rows = (
        cov.join(
            rules.select(
                "grid_id",
                pl.col("code").alias("grid"),
                "visit_days",
                "visit_days_meeting_rate",
                "meets_visit_days",
            ),
            on="grid_id",
            how="left",
        )  # fmt: skip
        .join(gap, on="grid_id", how="left")
        .with_columns(pl.col("care_without").fill_null(0))
        .filter(pl.col("grid").is_not_null())
        .sort("grid")
    )
    yes, no = labels.plain("brief.meets.yes"), labels.plain("brief.meets.no")
    out = tuple(
        {
            **r,
            "meets": None
            if r["meets_visit_days"] is None
            else (yes if r["meets_visit_days"] else no),
        }
        for r in rows.iter_rows(named=True)
    )
    table = Table(
        "grids",
        labels.plain("brief.s.grids"),
        (
            Col("grid", labels.plain("brief.col.grid")),
            Col("grid_name", labels.plain("brief.col.grid_name"), wrap=True),
            Col("visit_days", labels.plain("brief.col.visit_days"), "int"),
            Col("meets", labels.plain("brief.col.meets")),
            Col("visit_days_meeting_rate", labels.plain("brief.col.rate_days"), "int"),
            Col("households", labels.plain("brief.col.households"), "int"),
            Col("coverage_30d", labels.plain("brief.col.coverage_30d"), "ratio"),
            Col("coverage_90d", labels.plain("brief.col.coverage_90d"), "ratio"),
            Col("not_visited", labels.plain("brief.col.not_visited"), "int"),
            Col("care_without", labels.plain("brief.col.care_without"), "int"),
        ),
        out,
    )
    start, end = _last_week(snap)
    line = labels.plain("brief.grids.week", start=start, end=end, as_of=snap["as_of"])
    return Section("grids", labels.plain("brief.s.grids"), lines=(line,), tables=(table,))


def _workers(rows_of_week: list[dict[str, Any]], snap: dict[str, Any], labels: Labels) -> Section:
    """Per worker, the week of the grids' visit rules: the worker indicators' definitions over
    that week's days (``models.workers.week_rows``)."""
    i = labels.index
    by_key = {f.key: f for f in fc.WORKER_INDICATORS}
    shown = ("visits", "visit_days", "visit_days_meeting_rate", "patrol_rate", "log_on_time_rate")
    yes, no = labels.plain("brief.meets.yes"), labels.plain("brief.meets.no")
    columns = [
        Col("name", labels.plain("workers.col.name")),
        Col("role", labels.plain("workers.col.role")),
        Col("grids", labels.plain("workers.col.grids"), wrap=True),
        Col("visits", labels.plain("workers.col.visits"), "int"),
        Col("visit_days", labels.plain("workers.col.visit_days"), "int"),
        Col("meets", labels.plain("brief.col.meets")),
    ]
    for key in shown[2:]:
        f = by_key[key]
        label = labels.plain(f"workers.col.{key}")  # the workers page's own headers
        columns.append(Col(key, label, "ratio" if f.unit is fc.Unit.RATIO else "int"))
    rows = tuple(
        {
            **{k: r[k] for k in ("name", *shown)},
            "role": CODES["role"].get(r["role"], (r["role"], r["role"]))[i],
            "grids": "、".join(r["grids"]),
            "meets": (yes if r["weeks_meeting_visit_days"] else no) if r["weeks"] else None,
        }
        for r in rows_of_week
    )
    start, end = _last_week(snap)
    line = labels.plain("brief.workers.week", start=start, end=end)
    table = Table("workers", labels.plain("brief.s.workers"), tuple(columns), rows)
    return Section("workers", labels.plain("brief.s.workers"), lines=(line,), tables=(table,))


def _care(
    conn: Connection,
    rs: ResolvedScope,
    care: models.special_groups.CareGap,
    groups: pl.DataFrame,
    labels: Labels,
    lists: bool,
) -> Section:
    i = labels.index
    names = {g["code"]: (g["name_zh"], g["name_en"])[i] for g in groups.iter_rows(named=True)}
    line = labels.plain(
        "brief.care.line",
        groups="、".join(names.get(c, c) for c in care.codes),
        members=f"{care.totals['members']:,}",
        days=CARE_WINDOW_DAYS,
        without=f"{care.totals['without_visit']:,}",
    )
    tables = []
    lines = [line]
    if lists:
        page = models.special_groups.care_gap_rows(conn, rs, 0, CARE_LIST_LIMIT, masked=True)
        tables.append(
            Table(
                "care_list",
                labels.plain("brief.care.list", limit=CARE_LIST_LIMIT, total=f"{page.total:,}"),
                (
                    Col("grid_code", labels.plain("brief.col.grid")),
                    Col("name", labels.plain("brief.col.name")),
                    Col("address", labels.plain("brief.col.address"), wrap=True),
                    Col("last_visit_day", labels.plain("brief.col.last_visit"), "date"),
                ),
                tuple(
                    page.rows.select("grid_code", "name", "address", "last_visit_day").to_dicts()
                ),
            )
        )
    else:
        lines.append(labels.plain("brief.care.no_list"))
    return Section("care", labels.plain("brief.s.care"), lines=tuple(lines), tables=tuple(tables))


def _incidents(
    week: models.incidents.Stages,
    backlog: models.incidents.Backlog,
    ov: models.overview.Overview,
    labels: Labels,
) -> Section:
    i = labels.index
    s = week.summary
    line = labels.plain(
        "brief.incidents.week",
        days=INCIDENT_DAYS,
        reported=s["reported"],
        resolved=s["resolved"],
        within=s["resolved_within_72h"],
        open=backlog.open,
        overdue=backlog.overdue,
    )
    overdue = ov.overdue.sort("reported_at").head(OVERDUE_LIMIT)
    if overdue.height:
        overdue = overdue.with_columns(hours_open(ov.as_of).alias("hours"))
    rows = tuple(
        {
            "id": r["id"],
            "category": r["category_zh"] if i == 0 else r["category_en"],
            "grid": r["grid_code"],
            "reported_at": r["reported_at"],
            "open_for": labels.duration(r["hours"]),
        }
        for r in overdue.iter_rows(named=True)
    )
    table = Table(
        "overdue",
        labels.plain("brief.incidents.oldest", limit=OVERDUE_LIMIT),
        (
            Col("id", labels.plain("brief.col.incident"), "id"),
            Col("category", labels.plain("brief.col.category"), wrap=True),
            Col("grid", labels.plain("brief.col.grid")),
            Col("reported_at", labels.plain("brief.col.reported_at"), "datetime"),
            Col("open_for", labels.plain("brief.col.open_for")),
        ),
        rows,
    )
    return Section(
        "incidents",
        labels.plain("brief.s.incidents"),
        lines=(line,),
        tables=(table,) if rows else (),
    )


def _rentals(figures: models.rentals.RentalFigures, due: int, labels: Labels) -> Section:
    s = figures.summary
    line = labels.plain(
        "brief.rentals.line",
        rentals=f"{s['rentals']:,}",
        pledged=f"{s['pledge_signed']:,}",
        inspected=f"{s['inspected_90d']:,}",
        due=f"{due:,}",
    )
    rows = tuple(
        {
            "grid": r["code"],
            "rentals": r["rentals"],
            "inspected": r["inspected_90d"],
            "inspected_share": r["inspected_share"],
        }
        for r in figures.by_grid.filter(pl.col("rentals") > 0).sort("code").iter_rows(named=True)
    )
    table = Table(
        "rentals",
        labels.plain("brief.s.rentals"),
        (
            Col("grid", labels.plain("brief.col.grid")),
            Col("rentals", labels.plain("brief.col.rentals"), "int"),
            Col("inspected", labels.plain("brief.col.inspected"), "int"),
            Col("inspected_share", fc.RENTALS_INSPECTED_90D.name_in(labels.index) + " %", "ratio"),
        ),
        rows,
    )
    return Section("rentals", labels.plain("brief.s.rentals"), lines=(line,), tables=(table,))


def _assessment(
    snap: dict[str, Any],
    quality: models.quality.QualitySummary,
    labels: Labels,
    disclosure: Disclosure,
) -> Section:
    a = snap["assessment"]
    if a["period"] is None:
        lines = [labels.plain("brief.assessment.none", as_of=snap["as_of"])]
    else:
        lines = [
            labels.plain(
                "brief.assessment.line",
                period=a["period"],
                scored=a["workers_scored"],
                mean=f"{a['mean_total']:.2f}",
                min=f"{a['min_total']:.2f}",
                max=f"{a['max_total']:.2f}",
            )
        ]
    shown = quality.disclosed(disclosure)
    failing = [c for c in CHECKS if shown.totals[c.code] or shown.held_back[c.code]]
    if failing:
        lines.append(
            labels.plain(
                "brief.quality.line", failing=len(failing), rows=f"{sum(shown.totals.values()):,}"
            )
        )
    else:
        lines.append(labels.plain("brief.quality.clean"))
    columns = [
        Col("code", "#"),
        Col("check", labels.plain("brief.col.check"), wrap=True),
        Col("rows", labels.plain("brief.col.rows"), "int"),
    ]
    if not shown.includes_held_back and any(shown.held_back.values()):
        columns.append(Col("held_back", labels.plain("brief.col.held_back")))
    rows = tuple(
        {
            "code": c.code,
            "check": labels.plain(f"quality.check.{c.code.lower()}"),
            "rows": shown.totals[c.code],
            "held_back": shown_text(shown.held_back[c.code], True, disclosure),
        }
        for c in failing
    )
    table = Table("quality", labels.plain("brief.col.check"), tuple(columns), rows)
    return Section(
        "assessment", labels.plain("brief.s.assessment"), lines=tuple(lines), tables=(table,)
    )


def _attention(
    ov: models.overview.Overview,
    week_workers: list[dict[str, Any]],
    coverage: models.visits.CoverageFigures,
    labels: Labels,
) -> Section:
    """The rules' own list: grids under the visit rules this week, workers without a visit day
    this month, incidents open longer than 72 hours, households not visited in 90 days."""
    i = labels.index
    lines = []
    start, end = _last_week(ov.current)
    # the overview's own list: fewer than 3 visit days, or a visit day below 4 %
    for r in ov.rule_problems.sort("code").iter_rows(named=True):
        lines.append(
            labels.plain(
                "brief.attention.grid",
                grid=r["code"],
                week=f"{start}–{end}",
                days=r["visit_days"],
                rule=RULE_VISIT_DAYS,
                rate_days=r["visit_days_meeting_rate"],
            )
        )
    for w in week_workers:
        if not w["visit_days"]:
            role = CODES["role"].get(w["role"], (w["role"], w["role"]))[i]
            lines.append(
                labels.plain(
                    "brief.attention.worker", name=w["name"], role=role, week=f"{start}–{end}"
                )
            )
    overdue = ov.overdue.sort("reported_at")
    if overdue.height:
        overdue = overdue.with_columns(hours_open(ov.as_of).alias("hours"))
    listed = overdue.head(5)
    for r in listed.iter_rows(named=True):
        lines.append(
            labels.plain(
                "brief.attention.incident",
                id=r["id"],
                category=r["category_zh"] if i == 0 else r["category_en"],
                grid=r["grid_code"],
                reported=r["reported_at"].strftime("%Y-%m-%d %H:%M"),
                hours=labels.duration(r["hours"]),
            )
        )
    if ov.overdue_total > listed.height:
        more = ov.overdue_total - listed.height
        lines.append(labels.plain("brief.attention.incidents_more", count=f"{more:,}"))
    for r in (
        coverage.per_grid.filter(pl.col("not_visited_90d") > 0).sort("code").iter_rows(named=True)
    ):
        lines.append(
            labels.plain("brief.attention.unvisited", grid=r["code"], count=r["not_visited_90d"])
        )
    if not lines:
        lines.append(labels.plain("brief.attention.none"))
    return Section("attention", labels.plain("brief.s.attention"), lines=tuple(lines))


def build_brief(
    conn: Connection,
    rs: ResolvedScope,
    *,
    lang: str = "zh",
    disclosure: Disclosure = Disclosure.EXACT,
    lists: bool = True,
    generated_by: str | None = None,
    generated_at: dt.datetime | None = None,
    filtered_grids: Sequence[str] = (),
) -> Brief:
    """The brief of ``rs`` for the ISO week containing ``rs.as_of``, as of that day.

    ``disclosure`` and ``lists`` are the reader's rights (``auth.roles``): sensitive counts
    protected, and whether masked lists of residents may be shown at all.
    """
    labels = Labels(lang)
    as_of = rs.as_of
    week, monday, sunday = week_of(as_of)
    ov = models.overview.overview(conn, rs)
    snaps = [(as_of, ov.current), (models.overview.previous_day(as_of), ov.previous)]
    for back in range(2, TREND_WEEKS):
        day = as_of - dt.timedelta(days=7 * back)
        snaps.append((day, models.snapshot.snapshot_figures(conn, replace(rs, as_of=day))))
    snaps.reverse()
    rules = ov.week_rules
    coverage = models.visits.coverage(conn, rs)
    care = models.special_groups.care_gap(conn, rs)
    week_start = dt.date.fromisoformat(ov.current["visits"]["last_week"]["start"])
    week_workers = models.workers.week_rows(conn, rs, week_start)
    stages = models.incidents.stages(conn, rs, window_days=INCIDENT_DAYS)
    backlog = models.incidents.backlog(conn, rs)
    rentals = models.rentals.figures(conn, rs)
    _, due = models.rentals.follow_up(conn, rs, "not_inspected", 0, 1)
    quality = models.quality.summary(conn, rs)

    scope_name = _scope_name(rs, filtered_grids, labels)
    at = generated_at or dt.datetime.now()
    cover = (
        labels.plain("brief.cover.scope", scope=scope_name),
        labels.plain(
            "brief.cover.week",
            week=week,
            start=monday.isoformat(),
            end=sunday.isoformat(),
            as_of=as_of.isoformat(),
        ),
        labels.plain(
            "brief.cover.compared", before=models.overview.previous_day(as_of).isoformat()
        ),
        labels.plain(
            "brief.cover.generated",
            at=at.strftime("%Y-%m-%d %H:%M"),
            by=generated_by or labels.plain("brief.by.command"),
        ),
    )
    figures = _figures(ov, labels, disclosure)
    sections = (
        Section("figures", figures.title, tables=(figures,)),
        _trend(snaps, labels),
        _population(ov.current, labels),
        _grids(rules, coverage, care, ov.current, labels),
        _workers(week_workers, ov.current, labels),
        _care(conn, rs, care, ov.special_groups, labels, lists),
        _incidents(stages, backlog, ov, labels),
        _rentals(rentals, due, labels),
        _assessment(ov.current, quality, labels, disclosure),
    )
    return Brief(
        lang=lang,
        title=labels.plain("brief.title"),
        cover=cover,
        attention=_attention(ov, week_workers, coverage, labels),
        sections=sections,
        as_of=as_of,
        week=week,
        scope_name=scope_name,
    )


__all__ = ["Brief", "Chart", "Col", "Section", "Table", "build_brief"]
