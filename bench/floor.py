"""The floor: the snapshot's figures by hand-written aggregate SQL, run directly on the database.

This is what a careful person would type into a SQL console to get the figures of
``kpi-definitions.md`` for one scope and day: a handful of aggregate statements that
return totals (not per-grid frames), with no ORM, no polars and no per-grid
bookkeeping. It is the lower bound the snapshot through ``metrics/`` is measured
against, and, written independently of ``data_access``/``metrics``, a cross-check of
their figures: the benchmark asserts that both give the same object.

Days are bound as parameters (typed with the schema's column types, so SQLite gets its
ISO text and PostgreSQL real dates/timestamps). Two things differ per engine and are
spelled out below, in ``_SECONDS_APART``: the 72-hour check. The rest is plain SQL
that runs unchanged on both.

Scope: the whole registry (``community=None``) or one community by code.

Independent on purpose: the floor keeps its own SQL and its own rule constants and does not
call the page models (``models/``), the loaders or ``metrics``. It checks the product, so it
must not share the product's code — a rule changed in ``metrics`` alone makes the benchmark's
equality check fail, as it should.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from data_access.schema import Timestamp

ORIGINS = ("out_of_county", "study_companion", "business", "other")
RESIDENCIES = ("resident", "floating", "nominal")
ROLES = ("grid_leader", "grid_worker")

#: ``resolved_at - reported_at <= 72 hours``, per engine (SQLite keeps timestamps as ISO text).
_WITHIN_72H = {
    "sqlite": "(strftime('%s', i.resolved_at) - strftime('%s', i.reported_at)) <= 259200",
    "postgresql": "i.resolved_at - i.reported_at <= INTERVAL '72 hours'",
}

# -- the statements ------------------------------------------------------------------------------
# {grid_in_scope:x} is replaced by "" (whole registry) or by "AND x IN (:grid_ids)", the ids of
# the community's grids (read first, with the organisation).

_ORGANISATION = """
SELECT g.code, c.code AS community, CASE WHEN g.inhabited THEN 1 ELSE 0 END AS inhabited, g.id
FROM grid g JOIN community c ON c.id = g.community_id
{where_community}
"""

_LATEST_VISIT = "SELECT MAX(visited_at) FROM visit"

# Households active on d, and of them those whose latest visit up to the end of d falls in the
# 30/90-day windows: one index probe (household_id, visited_at) per active household.
_HOUSEHOLDS = """
SELECT COUNT(*),
       COALESCE(SUM(CASE WHEN x.last_visit >= :from30 THEN 1 ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN x.last_visit >= :from90 THEN 1 ELSE 0 END), 0)
FROM (
  SELECT (SELECT MAX(v.visited_at) FROM visit v
          WHERE v.household_id = h.id AND v.visited_at < :day_end) AS last_visit
  FROM household h
  WHERE h.registered_on <= :d AND (h.closed_on IS NULL OR h.closed_on > :d)
    {grid_in_scope:h.grid_id}
) x
"""

_RESIDENTS = """
SELECT r.residency,
       CASE WHEN r.floating_origin IN ('out_of_county', 'study_companion', 'business', 'other')
            THEN r.floating_origin ELSE 'unknown' END AS origin,
       COUNT(*),
       COALESCE(SUM(CASE WHEN r.birth_date <= :born_by THEN 1 ELSE 0 END), 0)
FROM resident r {join_household:r.household_id}
WHERE r.registered_on <= :d AND (r.left_on IS NULL OR r.left_on > :d)
  {grid_in_scope:h.grid_id}
GROUP BY 1, 2
"""

_SPECIAL_GROUPS = """
SELECT m.group_code, COUNT(*)
FROM (
  SELECT DISTINCT rg.group_code, rg.resident_id
  FROM resident_group rg
  JOIN special_group sg ON sg.code = rg.group_code AND sg.applies_to = 'resident'
  JOIN resident r ON r.id = rg.resident_id {join_household:r.household_id}
  WHERE rg.since <= :d AND (rg.until IS NULL OR rg.until > :d)
    AND r.registered_on <= :d AND (r.left_on IS NULL OR r.left_on > :d)
    {grid_in_scope:h.grid_id}
) m
GROUP BY m.group_code
UNION ALL
SELECT hg.group_code, COUNT(DISTINCT hg.household_id)
FROM household_group hg
JOIN special_group sg ON sg.code = hg.group_code AND sg.applies_to = 'household'
JOIN household h ON h.id = hg.household_id
WHERE hg.since <= :d AND (hg.until IS NULL OR hg.until > :d)
  AND h.registered_on <= :d AND (h.closed_on IS NULL OR h.closed_on > :d)
  {grid_in_scope:h.grid_id}
GROUP BY hg.group_code
"""

_GROUP_CODES = "SELECT code FROM special_group"

_IN_POST = """
  w.started_on <= :d AND (w.ended_on IS NULL OR w.ended_on > :d)
  AND ga.since <= :d AND (ga.until IS NULL OR ga.until > :d)
  {grid_in_scope:ga.grid_id}
"""

_WORKERS = f"""
SELECT w.role, COUNT(DISTINCT w.id)
FROM worker w JOIN grid_assignment ga ON ga.worker_id = w.id
WHERE {_IN_POST}
GROUP BY w.role
"""

_THIS_WEEK = """
SELECT COUNT(*), COUNT(DISTINCT v.household_id)
FROM visit v {join_household:v.household_id}
WHERE v.visited_at >= :week_start AND v.visited_at < :day_end
  {grid_in_scope:h.grid_id}
"""

_INCIDENTS = """
SELECT
  COALESCE(SUM(CASE WHEN i.resolved_at IS NULL OR i.resolved_at >= :day_end THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN i.reported_at >= :from_incidents THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN i.reported_at >= :from_incidents AND i.resolved_at < :day_end
                     AND {within_72h} THEN 1 ELSE 0 END), 0)
FROM incident i
WHERE i.reported_at < :day_end {grid_in_scope:i.grid_id}
"""

_RENTALS = """
SELECT COUNT(*),
       COALESCE(SUM(CASE WHEN r.pledge_signed_on <= :d THEN 1 ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN r.last_inspected_on >= :from_inspected
                          AND r.last_inspected_on <= :d THEN 1 ELSE 0 END), 0)
FROM rental r JOIN household h ON h.id = r.household_id
WHERE h.registered_on <= :d AND (h.closed_on IS NULL OR h.closed_on > :d)
  {grid_in_scope:h.grid_id}
"""

_ASSESSMENT = f"""
WITH ws AS (
  SELECT DISTINCT w.id FROM worker w JOIN grid_assignment ga ON ga.worker_id = w.id
  WHERE {_IN_POST}
),
p AS (
  SELECT MAX(a.period) AS period FROM assessment a
  WHERE a.period <= :month AND a.worker_id IN (SELECT id FROM ws)
    AND (a.assessed_on IS NULL OR a.assessed_on <= :d)
)
SELECT p.period, a.worker_id, SUM(a.score), SUM(c.max_score)
FROM p
JOIN assessment a ON a.period = p.period
JOIN assessment_criterion c ON c.code = a.criterion_code
WHERE a.worker_id IN (SELECT id FROM ws)
  AND (a.assessed_on IS NULL OR a.assessed_on <= :d)
GROUP BY p.period, a.worker_id
"""


def _last_week_sql() -> str:
    """Per inhabited grid in scope: distinct households visited on each day of the week
    (v0..v6) and households active on each day (a0..a6); then the week's three counts."""
    visited = ",\n    ".join(
        f"COUNT(DISTINCT CASE WHEN v.visited_at >= :t{k} AND v.visited_at < :t{k + 1} "
        f"THEN v.household_id END) AS v{k}"
        for k in range(7)
    )
    active = ",\n    ".join(
        f"SUM(CASE WHEN h.registered_on <= :d{k} AND (h.closed_on IS NULL OR h.closed_on > :d{k}) "
        f"THEN 1 ELSE 0 END) AS a{k}"
        for k in range(7)
    )
    days_with_visits = " + ".join(f"CASE WHEN v{k} > 0 THEN 1 ELSE 0 END" for k in range(7))
    visit_days = " + ".join(
        f"CASE WHEN v{k} > 0 AND COALESCE(a{k}, 0) > 0 THEN 1 ELSE 0 END" for k in range(7)
    )
    # distinct households ÷ active households ≥ 4 %  ⇔  25 × visited ≥ active
    meeting = " + ".join(
        f"CASE WHEN v{k} > 0 AND COALESCE(a{k}, 0) > 0 AND 25 * v{k} >= a{k} THEN 1 ELSE 0 END"
        for k in range(7)
    )
    return f"""
WITH vd AS (
  SELECT h.grid_id,
    {visited}
  FROM visit v
  JOIN household h ON h.id = v.household_id
  JOIN grid g ON g.id = h.grid_id
  WHERE v.visited_at >= :t0 AND v.visited_at < :t7 AND g.inhabited
    {{grid_in_scope:h.grid_id}}
  GROUP BY h.grid_id
),
ad AS (
  SELECT h.grid_id,
    {active}
  FROM household h
  JOIN grid g ON g.id = h.grid_id
  WHERE g.inhabited AND h.registered_on <= :d6 AND (h.closed_on IS NULL OR h.closed_on > :d0)
    {{grid_in_scope:h.grid_id}}
  GROUP BY h.grid_id
)
SELECT
  COALESCE(SUM(CASE WHEN ({days_with_visits}) >= 3 THEN 1 ELSE 0 END), 0),
  COALESCE(SUM({visit_days}), 0),
  COALESCE(SUM({meeting}), 0)
FROM vd LEFT JOIN ad ON ad.grid_id = vd.grid_id
"""


_LAST_WEEK = _last_week_sql()

#: Every statement of the floor, by name (the benchmark can EXPLAIN them).
STATEMENTS = {
    "organisation": _ORGANISATION,
    "latest_visit": _LATEST_VISIT,
    "households_coverage": _HOUSEHOLDS,
    "residents": _RESIDENTS,
    "special_groups": _SPECIAL_GROUPS,
    "workers": _WORKERS,
    "visits_this_week": _THIS_WEEK,
    "visits_last_week": _LAST_WEEK,
    "incidents": _INCIDENTS,
    "rentals": _RENTALS,
    "assessment": _ASSESSMENT,
}

# -- days and windows, from kpi-definitions.md (independently of metrics.core) ---------------------


def _plan(d: dt.date) -> dict[str, Any]:
    week_start = d - dt.timedelta(days=d.weekday())
    last_end = d if d.weekday() == 6 else week_start - dt.timedelta(days=1)
    last_start = last_end - dt.timedelta(days=6)
    try:
        born_by = d.replace(year=d.year - 60)
    except ValueError:  # 29 February: born on 28 February sixty years before is 60 on the day
        born_by = dt.date(d.year - 60, 2, 28)
    return {
        "d": d,
        "day_end": _midnight(d + dt.timedelta(days=1)),
        "week_start": _midnight(week_start),
        "from30": _midnight(d - dt.timedelta(days=29)),
        "from90": _midnight(d - dt.timedelta(days=89)),
        "from_incidents": _midnight(d - dt.timedelta(days=29)),
        "from_inspected": d - dt.timedelta(days=89),
        "born_by": born_by,
        "month": f"{d.year:04d}-{d.month:02d}",
        "last_start": last_start,
        "last_end": last_end,
        **{f"d{k}": last_start + dt.timedelta(days=k) for k in range(7)},
        **{f"t{k}": _midnight(last_start + dt.timedelta(days=k)) for k in range(8)},
    }


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def _half_up(value: Fraction, places: int) -> float:
    scale = 10**places
    scaled = value * scale
    rounded = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    return float(Decimal(rounded) / Decimal(scale))


def _share(numerator: int, denominator: int) -> float | None:
    return None if denominator == 0 else _half_up(Fraction(numerator, denominator), 4)


def _exact_sum(value: float) -> Fraction:
    """A SQL float sum of scores back to the exact decimal it stands for (scores carry at most
    six decimals: the float error of a handful of additions is far below that)."""
    return Fraction(Decimal(repr(round(float(value), 6))))


# -- running them ---------------------------------------------------------------------------------


def _render(sql: str, dialect: str, community: str | None) -> str:
    """Fill the scope and engine placeholders of ``sql``."""
    out = sql.replace("{within_72h}", _WITHIN_72H[dialect])
    out = out.replace("{where_community}", "" if community is None else "WHERE c.code = :community")
    for column in ("h.grid_id", "ga.grid_id", "i.grid_id"):
        out = out.replace(
            "{grid_in_scope:" + column + "}",
            "" if community is None else f"AND {column} IN :grid_ids",
        )
    for column in ("r.household_id", "v.household_id"):
        out = out.replace(
            "{join_household:" + column + "}",
            "" if community is None else f"JOIN household h ON h.id = {column}",
        )
    assert "{" not in out, out
    return out


_DATE_PARAMS = {"d", "born_by", "from_inspected", *(f"d{k}" for k in range(7))}
_TS_PARAMS = {
    "day_end",
    "week_start",
    "from30",
    "from90",
    "from_incidents",
    *(f"t{k}" for k in range(8)),
}


def _statement(sql: str, dialect: str, community: str | None) -> sa.TextClause:
    text = sa.text(_render(sql, dialect, community))
    names = set(text._bindparams)  # noqa: SLF001 - the names the statement uses
    typed = [sa.bindparam("grid_ids", expanding=True)] if "grid_ids" in names else []
    typed += [sa.bindparam(n, type_=sa.Date()) for n in names & _DATE_PARAMS]
    typed += [sa.bindparam(n, type_=Timestamp) for n in names & _TS_PARAMS]
    return text.bindparams(*typed) if typed else text


def _run(conn: Connection, name: str, params: dict[str, Any], community: str | None) -> list[tuple]:
    stmt = _statement(STATEMENTS[name], conn.dialect.name, community)
    used = {k: v for k, v in params.items() if k in stmt._bindparams}  # noqa: SLF001
    return [tuple(r) for r in conn.execute(stmt, used).all()]


def latest_visit_day(conn: Connection) -> dt.date | None:
    """The date of the latest visit (SQLite returns the ISO text, PostgreSQL a timestamp)."""
    value = conn.execute(sa.text(_LATEST_VISIT)).scalar()
    if value is None:
        return None
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value.date()


def floor_snapshot(
    conn: Connection, as_of: dt.date | None = None, community: str | None = None
) -> dict[str, Any]:
    """The snapshot object for the whole registry (or one community) on ``as_of`` (default: the
    latest visit day), computed by the statements above."""
    if as_of is None:
        as_of = latest_visit_day(conn) or dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    params = _plan(as_of) | {"community": community}

    def run(name: str) -> list[tuple]:
        return _run(conn, name, params, community)

    grids = run("organisation")
    if community is not None and not grids:
        raise ValueError(f"unknown community or no grids: {community!r}")
    params["grid_ids"] = [g[3] for g in grids]
    households, covered30, covered90 = run("households_coverage")[0]

    residents = {code: 0 for code in RESIDENCIES}
    origins = {code: 0 for code in (*ORIGINS, "unknown")}
    total = elderly = 0
    for residency, origin, count, old in run("residents"):
        total += count
        elderly += old
        if residency in residents:
            residents[residency] += count
        if residency == "floating":
            origins[origin] += count

    groups = {code: 0 for (code,) in conn.execute(sa.text(_GROUP_CODES)).all()}
    for code, members in run("special_groups"):
        groups[code] = int(members)

    workers = {role: 0 for role in ROLES}
    for role, count in run("workers"):
        if role in workers:
            workers[role] = int(count)

    this_week_visits, this_week_households = run("visits_this_week")[0]
    meeting_days, visit_days, meeting_rate = run("visits_last_week")[0]
    inhabited = sum(int(g[2]) for g in grids)
    open_, reported, within = run("incidents")[0]
    rentals, pledged, inspected = run("rentals")[0]

    scored = run("assessment")
    totals = [100 * _exact_sum(s) / _exact_sum(m) for _, _, s, m in scored if m]
    period = scored[0][0] if scored else None

    return {
        "as_of": as_of.isoformat(),
        "scope": {
            "communities": sorted({g[1] for g in grids}),
            "grids": sorted(g[0] for g in grids),
        },
        "households": int(households),
        "residents": {"total": int(total), **residents, "elderly_60_plus": int(elderly)},
        "floating_origin": origins,
        "special_groups": groups,
        "grids": {"total": len(grids), "inhabited": inhabited},
        "workers": workers,
        "visits": {
            "week_start": params["week_start"].date().isoformat(),
            "this_week": {
                "visits": int(this_week_visits),
                "households_visited": int(this_week_households),
            },
            "coverage_30d": _share(int(covered30), int(households)),
            "coverage_90d": _share(int(covered90), int(households)),
            "last_week": {
                "start": params["last_start"].isoformat(),
                "end": params["last_end"].isoformat(),
                "grids": inhabited,
                "grids_meeting_visit_days": int(meeting_days),
                "visit_days": int(visit_days),
                "visit_days_meeting_rate": int(meeting_rate),
            },
        },
        "incidents": {
            "open": int(open_),
            "reported_30d": int(reported),
            "resolved_within_72h_30d": _share(int(within), int(reported)),
        },
        "rentals": {
            "total": int(rentals),
            "pledge_signed": int(pledged),
            "inspected_90d": int(inspected),
        },
        "assessment": {
            "period": period,
            "workers_scored": len(scored),
            "mean_total": _half_up(sum(totals, Fraction(0)) / len(totals), 2) if totals else None,
            "min_total": _half_up(min(totals), 2) if totals else None,
            "max_total": _half_up(max(totals), 2) if totals else None,
        },
    }


def explain_targets(dialect: str, community: str | None) -> dict[str, str]:
    """Every floor statement rendered for ``dialect`` and scope (for EXPLAIN)."""
    return {name: _render(sql, dialect, community) for name, sql in STATEMENTS.items()}
