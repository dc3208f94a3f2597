"""Read the day's inputs from the store: the ``DailySource`` that ``data_access.daily`` asks.

Every answer is the frame its live query would give (the same columns, types and rows, in
another order) or ``None``: a day not built, a window or an option the store does not keep, a
store that cannot be read. ``None`` sends the caller to the live query, so a page is never
wrong because of the store, only slower. Which days are built is read again at most every
``HELD_TTL`` seconds (a refresh by another process shows within that time).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

import polars as pl
import sqlalchemy as sa

from app_db import schema as t
from data_access.dialect import ids_in
from data_access.scope import ResolvedScope
from metrics import population as mp
from metrics import special_groups as msg
from metrics.core import ELDERLY_AGE, born_by_for_age, week_start, window_start
from metrics.snapshot import COVERAGE_30D_DAYS, COVERAGE_90D_DAYS, INSPECTION_DAYS
from store.build import EPOCH, PACKED, STORED_CHECKS, built_days, registry_id

log = logging.getLogger(__name__)

HELD_TTL = 2.0

G = t.store_grid_day.c


def _dates(column: str = "day") -> pl.Expr:
    return (pl.col(column) - EPOCH).cast(pl.Int32).cast(pl.Date).alias(column)


def _days(first: dt.date, last: dt.date) -> list[int]:
    return list(range(first.toordinal(), last.toordinal() + 1))


def unpacked(frame: pl.DataFrame, column: str, *names: str) -> pl.DataFrame:
    """A packed column (``a.b….n`` joined by ",", per grid) back as rows: the frame's other
    columns, then ``names`` (Int64)."""
    fields = [f"_{i}" for i in range(len(names))]
    return (
        frame.with_columns(pl.col(column).str.split(","))
        .explode(column)
        .with_columns(pl.col(column).str.split(".").list.to_struct(fields=fields))
        .unnest(column)
        .select(
            pl.exclude(fields),
            *(pl.col(f).cast(pl.Int64).alias(name) for f, name in zip(fields, names, strict=True)),
        )
    )


class StoreSource:
    """The store of one registry in the app database behind ``app_engine``."""

    def __init__(self, app_engine: sa.Engine, key: str) -> None:
        """``key``: the registry's (``Registry.key``)."""
        self.app_engine = app_engine
        self.key = key
        self._rid: int | None = None
        self._held: frozenset[int] = frozenset()
        #: the first built day whose registrations also hold every earlier day
        self._earlier_from: int | None = None
        self._refreshed_at: dt.datetime | None = None
        self._texts: dict[int, str] = {}
        self._read_at = -HELD_TTL
        self._lock = threading.Lock()
        #: (name, answered) → how often: what the store answered and what it left to the registry
        self.asked: Counter[tuple[str, bool]] = Counter()

    # --- which days -----------------------------------------------------------------------

    def held(self) -> frozenset[int]:
        """The built days (ordinals), read again after ``HELD_TTL`` seconds."""
        self._reread()
        return self._held

    def refreshed_at(self) -> dt.datetime | None:
        """The end (UTC) of the last refresh that finished, by this process or another."""
        self._reread()
        return self._refreshed_at

    def _reread(self) -> None:
        with self._lock:
            if time.monotonic() - self._read_at < HELD_TTL:
                return
            try:
                if self._rid is None:
                    self._rid = registry_id(self.app_engine, self.key, create=False)
                if self._rid is not None:
                    r = t.store_run.c
                    with self.app_engine.connect() as conn:
                        self._held = frozenset(built_days(conn, self._rid))
                        d = t.store_day.c
                        self._earlier_from = conn.execute(
                            sa.select(sa.func.min(d.day)).where(
                                d.rid == self._rid, d.earlier == sa.true()
                            )
                        ).scalar()
                        self._texts = dict(
                            conn.execute(sa.select(t.store_text.c.id, t.store_text.c.text)).all()
                        )
                        self._refreshed_at = conn.execute(
                            sa.select(sa.func.max(r.finished_at)).where(
                                r.rid == self._rid, r.status == "done"
                            )
                        ).scalar()
            except sa.exc.SQLAlchemyError as exc:  # unreadable: nothing held, pages go live
                log.warning("daily store not read: %s", str(exc).splitlines()[0])
                self._held = frozenset()
            self._read_at = time.monotonic()

    def forget(self) -> None:
        """Read the built days again on the next question (after a refresh in this process)."""
        with self._lock:
            self._read_at = -HELD_TTL

    def holds(self, *days: dt.date) -> bool:
        held = self.held()
        return bool(held) and all(d.toordinal() in held for d in days)

    def holds_range(self, first: dt.date, last: dt.date) -> bool:
        held = self.held()
        return bool(held) and all(n in held for n in _days(first, last))

    # --- the protocol ---------------------------------------------------------------------

    def answer(self, name: str, *args: Any) -> pl.DataFrame | None:
        ask = getattr(self, f"_{name}", None)
        if ask is None:  # an input the store does not keep
            self.asked[name, False] += 1
            return None
        try:
            got = ask(*args)
        except sa.exc.SQLAlchemyError as exc:  # the store unreadable: the live query answers
            log.warning("daily store not read (%s): %s", name, str(exc).splitlines()[0])
            got = None
        self.asked[name, got is not None] += 1
        return got

    # --- helpers --------------------------------------------------------------------------

    def _read(self, stmt: Any, schema: dict[str, Any]) -> pl.DataFrame:
        with self.app_engine.connect() as conn:
            result = conn.execute(stmt)
            if all(kind in (pl.Int64, pl.String) for kind in schema.values()):
                # numbers and texts need no result processing: the driver's own tuples, without
                # building a Row each (a third of a 20k-row read)
                rows = result.cursor.fetchall()
            else:
                rows = [tuple(r) for r in result.all()]
        return pl.DataFrame(rows, schema=schema, orient="row")

    def _where(self, table: sa.Table, days: Sequence[int], rs: ResolvedScope | None) -> list:
        where = [table.c.rid == self._rid]
        days = sorted(set(days))
        if days[-1] - days[0] + 1 == len(days):  # consecutive: a range scan of the key
            where.append(table.c.day.between(days[0], days[-1]))
        else:
            where.append(table.c.day.in_(days))
        # the store holds the grids the registry holds (a whole-registry build): with no filter
        # every row is in scope; a filter is the scope's grids
        if rs is not None and not rs.everything:
            where.append(ids_in(table.c.grid_id, rs.grid_ids))
        return where

    def _grid_day(
        self,
        rs: ResolvedScope | None,
        days: Sequence[int],
        columns: dict[str, str],
        present: str,
        with_day: bool = False,
        grid_ids: Sequence[int] | None = None,
    ) -> pl.DataFrame:
        """``store_grid_day`` rows of ``days`` where ``present`` is not NULL, as ``columns``
        (store column → output name), Int64."""
        where = self._where(t.store_grid_day, days, rs)
        if grid_ids is not None:
            where.append(ids_in(G.grid_id, grid_ids))
        where.append(G[present].is_not(None))
        selected = [G.grid_id] + ([G.day] if with_day else []) + [G[c] for c in columns]
        schema = {"grid_id": pl.Int64} | ({"day": pl.Int64} if with_day else {})
        schema |= {out: pl.Int64 for out in columns.values()}
        frame = self._read(sa.select(*selected).where(*where), schema)
        return frame.with_columns(_dates()) if with_day else frame

    def _unpacked(
        self,
        table: sa.Table,
        days: Sequence[int],
        rs: ResolvedScope | None,
        with_day: bool = False,
    ) -> pl.DataFrame:
        """A packed table's rows of ``days`` in scope, back as one row per count: grid_id (and
        day), then the fields ``store.build.PACKED`` names, Int64 (texts still numbers)."""
        c = table.c
        selected = [c.grid_id] + ([c.day] if with_day else []) + [c.counts]
        schema = {"grid_id": pl.Int64} | ({"day": pl.Int64} if with_day else {})
        frame = self._read(
            sa.select(*selected).where(*self._where(table, days, rs)),
            schema | {"counts": pl.String},
        )
        frame = unpacked(frame, "counts", *PACKED[table])
        return frame.with_columns(_dates()) if with_day else frame

    def _reread_texts_if(self, text: str) -> None:
        """Read the texts again when ``text`` is not among them (written since the last read)."""
        if text not in self._texts.values():
            with self.app_engine.connect() as conn:
                self._texts = dict(
                    conn.execute(sa.select(t.store_text.c.id, t.store_text.c.text)).all()
                )

    def _decoded(self, frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
        """Texts back from their ``store_text`` numbers (0: NULL)."""
        numbers = {n for c in columns for n in frame[c].unique().to_list()} - {0}
        if not numbers <= self._texts.keys():  # written since the last read
            with self.app_engine.connect() as conn:
                self._texts = dict(
                    conn.execute(sa.select(t.store_text.c.id, t.store_text.c.text)).all()
                )
        return frame.with_columns(
            pl.col(c).replace_strict(self._texts, default=None, return_dtype=pl.String)
            for c in columns
        )

    # --- one day ------------------------------------------------------------------------

    def _household_counts(self, rs: ResolvedScope) -> pl.DataFrame | None:
        if not self.holds(rs.as_of):
            return None
        frame = self._grid_day(
            rs, [rs.as_of.toordinal()], {"households": "households"}, "households"
        )
        # a household of a grid the registry does not hold (DQ28) is in no scope
        return frame.filter(pl.col("grid_id").is_in(list(rs.grid_ids))) if rs.everything else frame

    def _resident_counts(self, rs: ResolvedScope, elderly_born_by: dt.date) -> pl.DataFrame | None:
        if elderly_born_by != born_by_for_age(rs.as_of, ELDERLY_AGE) or not self.holds(rs.as_of):
            return None
        frame = self._unpacked(t.store_grid_residents, [rs.as_of.toordinal()], rs)
        frame = frame.with_columns(pl.col("elderly").cast(pl.Boolean))
        return self._decoded(frame, "residency", "floating_origin")

    def _special_group_counts(self, rs: ResolvedScope) -> pl.DataFrame | None:
        if not self.holds(rs.as_of):
            return None
        frame = self._unpacked(t.store_grid_groups, [rs.as_of.toordinal()], rs)
        return self._decoded(frame.select("group_code", "grid_id", "members"), "group_code")

    def _visits_by_grid(
        self, rs: ResolvedScope, first: dt.date, last: dt.date
    ) -> pl.DataFrame | None:
        if not self.holds(last):
            return None
        if first == week_start(last):
            columns = {"week_visits": "visits", "week_households": "households_visited"}
        elif first == last:
            columns = {"day_visits": "visits", "day_households": "households_visited"}
        else:
            return None
        return self._grid_day(rs, [last.toordinal()], columns, next(iter(columns)))

    def _coverage_by_grid(
        self, rs: ResolvedScope, windows: dict[str, dt.date]
    ) -> pl.DataFrame | None:
        day = rs.as_of
        kept = {
            window_start(day, COVERAGE_30D_DAYS): "covered_30d",
            window_start(day, COVERAGE_90D_DAYS): "covered_90d",
        }
        if any(first not in kept for first in windows.values()) or not self.holds(day):
            return None
        columns = {"households": "households"}
        frame = self._grid_day(
            rs,
            [day.toordinal()],
            columns | {kept[first]: f"_{name}" for name, first in windows.items()},
            "covered_30d",
        )
        return frame.rename({f"_{name}": name for name in windows}).select(
            "grid_id", "households", *windows
        )

    def _open_incidents(self, rs: ResolvedScope) -> pl.DataFrame | None:
        if not self.holds(rs.as_of):
            return None
        return self._grid_day(
            rs, [rs.as_of.toordinal()], {"open_incidents": "open"}, "open_incidents"
        )

    def _rental_counts(self, rs: ResolvedScope, inspected_since: dt.date) -> pl.DataFrame | None:
        if inspected_since != window_start(rs.as_of, INSPECTION_DAYS) or not self.holds(rs.as_of):
            return None
        columns = {"rentals": "rentals", "pledge_signed": "pledge_signed", "inspected": "inspected"}
        return self._grid_day(rs, [rs.as_of.toordinal()], columns, "rentals")

    def _age_sex_counts(
        self, rs: ResolvedScope, band_born_by: Sequence[dt.date], by_grid: bool = False
    ) -> pl.DataFrame | None:
        if list(band_born_by) != mp.age_band_born_by(rs.as_of) or not self.holds(rs.as_of):
            return None
        parts = self._unpacked(t.store_grid_ages, [rs.as_of.toordinal()], rs)
        parts = self._decoded(parts, "gender")
        if by_grid:
            return parts
        return parts.group_by("gender", "band").agg(pl.col("residents").sum())

    def _movements_by_day(
        self,
        rs: ResolvedScope,
        first: dt.date,
        last: dt.date,
        by_grid: bool = False,
        kinds: Sequence[str] = ("arrivals", "departures"),
    ) -> pl.DataFrame | None:
        """Held: every day from the first built with every earlier day (``earlier``) to ``last``."""
        held = self.held()
        if first > last or self._earlier_from is None:
            return None
        since = max(first.toordinal(), self._earlier_from)
        if any(n not in held for n in range(since, last.toordinal() + 1)):
            return None
        m = t.store_grid_movements.c
        where = [m.rid == self._rid, m.day.between(first.toordinal(), last.toordinal())]
        if not rs.everything:
            where.append(ids_in(m.grid_id, rs.grid_ids))
        stmt = sa.select(m.kind, m.grid_id, m.day, m.residency, m.residents).where(*where)
        schema = {
            "kind": pl.Int64,
            "grid_id": pl.Int64,
            "day": pl.Int64,
            "residency": pl.Int64,
            "residents": pl.Int64,
        }
        frame = self._decoded(self._read(stmt, schema), "kind", "residency")
        frame = frame.filter(pl.col("kind").is_in(list(kinds))).with_columns(_dates())
        if by_grid:
            return frame
        return frame.group_by("kind", "day", "residency").agg(pl.col("residents").sum())

    def _household_sizes(self, rs: ResolvedScope, by_grid: bool = False) -> pl.DataFrame | None:
        if not self.holds(rs.as_of):
            return None
        where = self._where(t.store_grid_day, [rs.as_of.toordinal()], rs)
        stmt = sa.select(G.grid_id, G.household_sizes).where(*where, G.household_sizes.is_not(None))
        frame = unpacked(
            self._read(stmt, {"grid_id": pl.Int64, "household_sizes": pl.String}),
            "household_sizes",
            "size",
            "households",
        )
        if by_grid:
            return frame.sort("size")
        return frame.group_by("size").agg(pl.col("households").sum()).sort("size")

    def _care_gap_counts(
        self, rs: ResolvedScope, codes: Sequence[str], visited_from: dt.date
    ) -> pl.DataFrame | None:
        day = rs.as_of
        if not codes or visited_from != msg.care_window_start(day) or not self.holds(day):
            return None
        d = t.store_day.c
        with self.app_engine.connect() as conn:
            stored = conn.execute(
                sa.select(t.store_text.c.text)
                .join(t.store_day, d.care_codes == t.store_text.c.id)
                .where(d.rid == self._rid, d.day == day.toordinal())
            ).scalar()
        if stored != ",".join(sorted(codes)):  # built for other care groups
            return None
        columns = {"care_members": "members", "care_unvisited": "without_visit"}
        return self._grid_day(rs, [day.toordinal()], columns, "care_members")

    def _memberships_left_out_by_grid(self, rs: ResolvedScope) -> pl.DataFrame | None:
        if not self.holds(rs.as_of):
            return None
        return self._grid_day(rs, [rs.as_of.toordinal()], {"left_out": "left_out"}, "left_out")

    # --- several days -------------------------------------------------------------------

    def _active_households_on_days(
        self, grid_ids: Sequence[int] | None, days: Sequence[dt.date]
    ) -> pl.DataFrame | None:
        schema = {"grid_id": pl.Int64, "day": pl.Date, "households": pl.Int64}
        days = sorted(set(days))
        if not days or (grid_ids is not None and not grid_ids):
            return pl.DataFrame(schema=schema)
        if not self.holds(*days):
            return None
        found = self._grid_day(
            None,
            [d.toordinal() for d in days],
            {"households": "households"},
            "households",
            with_day=True,
            grid_ids=grid_ids,
        )
        # as the live query: a grid with a household on one of the days has a row for each day
        every = (
            found.select("grid_id")
            .unique()
            .join(pl.DataFrame({"day": days}, schema={"day": pl.Date}), how="cross")
        )
        return (
            every.join(found, on=["grid_id", "day"], how="left")
            .with_columns(pl.col("households").fill_null(0))
            .select("grid_id", "day", "households")
        )

    def _members_on_days(
        self, rs: ResolvedScope, code: str, applies_to: str, days: Sequence[dt.date]
    ) -> pl.DataFrame | None:
        """From the groups' per-grid counts: the caller's level is the lookup's (the level those
        counts were made with); another level goes live."""
        days = sorted(set(days))
        if not days or rs.empty or applies_to not in ("resident", "household"):
            return None
        if not self.holds(*days):
            return None
        self._reread_texts_if(code)
        number = {text: n for n, text in self._texts.items()}.get(code)
        schema = {"day": pl.Date, "members": pl.Int64}
        every = pl.DataFrame({"day": days}, schema={"day": pl.Date})
        if number is None:  # no member of the code on any stored day
            return every.with_columns(pl.lit(0, dtype=pl.Int64).alias("members"))
        found = (
            self._unpacked(t.store_grid_groups, [d.toordinal() for d in days], rs, with_day=True)
            .filter(pl.col("group_code") == number)
            .group_by("day")
            .agg(pl.col("members").sum())
        )
        return (
            every.join(found, on="day", how="left")
            .with_columns(pl.col("members").fill_null(0))
            .select(list(schema))
        )

    def _grid_day_visits(
        self, rs: ResolvedScope, first: dt.date, last: dt.date
    ) -> pl.DataFrame | None:
        if first > last:
            return None
        if not self.holds_range(first, last):
            return None
        columns = {"day_visits": "visits", "day_households": "households_visited"}
        frame = self._grid_day(rs, _days(first, last), columns, "day_visits", with_day=True)
        return frame.select("grid_id", "day", "visits", "households_visited")

    def _worker_day_visits(
        self, worker_ids: Sequence[int], first: dt.date, last: dt.date
    ) -> pl.DataFrame | None:
        schema = {
            "worker_id": pl.Int64,
            "day": pl.Int64,
            "visits": pl.Int64,
            "households_visited": pl.Int64,
        }
        if first > last or not self.holds_range(first, last):
            return None
        if not worker_ids:
            return pl.DataFrame(schema=schema).with_columns(_dates())
        w = t.store_worker_day.c
        stmt = sa.select(w.worker_id, w.day, w.visits, w.households_visited).where(
            w.rid == self._rid,
            w.day.between(first.toordinal(), last.toordinal()),
            ids_in(w.worker_id, worker_ids),
        )
        return self._read(stmt, schema).with_columns(_dates())

    def _patrol_days(
        self, worker_ids: Sequence[int] | None, first: dt.date, last: dt.date
    ) -> pl.DataFrame | None:
        schema = {"worker_id": pl.Int64, "day": pl.Int64}
        if worker_ids is None or first > last or not self.holds_range(first, last):
            return None
        if not worker_ids:
            return pl.DataFrame(schema=schema).with_columns(_dates())
        p = t.store_worker_patrols.c
        stmt = sa.select(p.worker_id, p.day).where(
            p.rid == self._rid,
            p.day.between(first.toordinal(), last.toordinal()),
            ids_in(p.worker_id, worker_ids),
        )
        return self._read(stmt, schema).with_columns(_dates())

    def _work_logs(
        self, worker_ids: Sequence[int] | None, first: dt.date, last: dt.date
    ) -> pl.DataFrame | None:
        """A row per log, as the live query (the store counts a worker-day's logs per
        submission day; 0: none)."""
        schema = {"worker_id": pl.Int64, "log_date": pl.Int64, "submitted_on": pl.Int64}
        if worker_ids is None or first > last or not self.holds_range(first, last):
            return None
        if not worker_ids:
            return pl.DataFrame(schema=schema).with_columns(
                _dates("log_date"), _dates("submitted_on")
            )
        w = t.store_worker_logs.c
        stmt = sa.select(w.worker_id, w.day, w.submitted, w.logs).where(
            w.rid == self._rid,
            w.day.between(first.toordinal(), last.toordinal()),
            ids_in(w.worker_id, worker_ids),
        )
        counted = self._read(
            stmt,
            {
                "worker_id": pl.Int64,
                "log_date": pl.Int64,
                "submitted_on": pl.Int64,
                "logs": pl.Int64,
            },
        )
        submitted = pl.col("submitted_on")
        return (
            counted.select(pl.exclude("logs").repeat_by(pl.col("logs")))
            .explode(pl.all())
            .with_columns(
                _dates("log_date"),
                pl.when(submitted != 0)
                .then(submitted - EPOCH)
                .cast(pl.Int32)
                .cast(pl.Date)
                .alias("submitted_on"),
            )
        )

    def _weeks_ok(self, week_starts: Sequence[dt.date], last: dt.date) -> bool:
        """Consecutive Mondays, ``last`` in the last week: the store's week-to-date counts are
        the live query's buckets."""
        if not week_starts or any(m.weekday() != 0 for m in week_starts):
            return False
        if any((b - a).days != 7 for a, b in zip(week_starts, week_starts[1:], strict=False)):
            return False
        if not (week_starts[-1] <= last <= week_starts[-1] + dt.timedelta(days=6)):
            return False
        return self.holds_range(week_starts[0], last)

    def _grid_week_visits(
        self, rs: ResolvedScope, week_starts: Sequence[dt.date], last: dt.date
    ) -> pl.DataFrame | None:
        if not self._weeks_ok(week_starts, last):
            return None
        first = week_starts[0].toordinal()
        week = ((G.day - first) // 7).label("week")
        stmt = (
            sa.select(
                G.grid_id,
                week,
                sa.func.sum(G.day_visits).label("visits"),
                sa.func.count(G.day_visits).label("visit_days"),
            )
            .where(
                G.rid == self._rid,
                G.day.between(first, last.toordinal()),
                G.day_visits.is_not(None),
                *([] if rs.everything else [ids_in(G.grid_id, rs.grid_ids)]),
            )
            .group_by(G.grid_id, week)
        )
        sums = self._read(
            stmt,
            {"grid_id": pl.Int64, "week": pl.Int64, "visits": pl.Int64, "visit_days": pl.Int64},
        )
        ends = [min(m + dt.timedelta(days=6), last) for m in week_starts]
        households = self._grid_day(
            rs,
            [e.toordinal() for e in ends],
            {"week_households": "households_visited"},
            "week_households",
            with_day=True,
        ).with_columns(((pl.col("day") - week_starts[0]).dt.total_days() // 7).alias("week"))
        mondays = dict(enumerate(week_starts))
        return (
            sums.join(
                households.select("grid_id", "week", "households_visited"),
                on=["grid_id", "week"],
                how="left",
            )
            .with_columns(
                pl.col("week").replace_strict(mondays, return_dtype=pl.Date).alias("week_start")
            )
            .select("grid_id", "visits", "households_visited", "visit_days", "week_start")
        )

    def _week_purpose_visits(
        self, rs: ResolvedScope, week_starts: Sequence[dt.date], last: dt.date
    ) -> pl.DataFrame | None:
        if not self._weeks_ok(week_starts, last):
            return None
        p = t.store_grid_purposes.c
        first = week_starts[0].toordinal()
        week = ((p.day - first) // 7).label("week")
        stmt = (
            sa.select(week, p.purpose, sa.func.sum(p.visits).label("visits"))
            .where(
                p.rid == self._rid,
                p.day.between(first, last.toordinal()),
                *([] if rs.everything else [ids_in(p.grid_id, rs.grid_ids)]),
            )
            .group_by(week, p.purpose)
        )
        frame = self._read(stmt, {"week": pl.Int64, "purpose": pl.Int64, "visits": pl.Int64})
        frame = self._decoded(frame, "purpose")
        mondays = dict(enumerate(week_starts))
        return frame.with_columns(
            pl.col("week").replace_strict(mondays, return_dtype=pl.Date).alias("week_start")
        ).select("purpose", "visits", "week_start")

    def _coverage_on_days(
        self, rs: ResolvedScope, windows: Sequence[tuple[dt.date, dt.date]]
    ) -> pl.DataFrame | None:
        schema = {"grid_id": pl.Int64, "day": pl.Date, "households": pl.Int64, "covered": pl.Int64}
        if rs.empty or not windows:
            return pl.DataFrame(schema=schema)
        by_length: dict[str, list[int]] = {}
        for first, day in windows:
            length = (day - first).days + 1
            column = {COVERAGE_30D_DAYS: "covered_30d", COVERAGE_90D_DAYS: "covered_90d"}.get(
                length
            )
            if column is None:
                return None
            by_length.setdefault(column, []).append(day.toordinal())
        if not self.holds(*(day for _, day in windows)):
            return None
        parts = [
            self._grid_day(
                rs,
                sorted(set(days)),
                {"households": "households", column: "covered"},
                column,
                with_day=True,
            ).select("grid_id", "day", "households", "covered")
            for column, days in by_length.items()
        ]
        return pl.concat(parts)

    def _open_incidents_on_days(
        self, rs: ResolvedScope, days: Sequence[dt.date]
    ) -> pl.DataFrame | None:
        schema = {"grid_id": pl.Int64, "day": pl.Date, "open": pl.Int64}
        if rs.empty or not days:
            return pl.DataFrame(schema=schema)
        days = sorted(set(days))
        if not self.holds(*days):
            return None
        return self._grid_day(
            rs,
            [d.toordinal() for d in days],
            {"open_incidents": "open"},
            "open_incidents",
            with_day=True,
        ).select("grid_id", "day", "open")

    # --- registry-wide checks ----------------------------------------------------------------

    def _check_counts(
        self, rs: ResolvedScope, code: str, today: dt.date | None = None
    ) -> pl.DataFrame | None:
        """DQ28 (no day, no scope: one registry-wide row) as of the last refresh."""
        if code not in STORED_CHECKS or today is not None or not self.held():
            return None
        c = t.store_check.c
        with self.app_engine.connect() as conn:
            row = conn.execute(
                sa.select(c.records, c.sensitive).where(c.rid == self._rid, c.code == code)
            ).first()
        schema = {"grid_id": pl.Int64, "records": pl.Int64, "sensitive": pl.Int64}
        if row is None:
            return None
        rows = [(None, row.records, row.sensitive)] if row.records else []
        return pl.DataFrame(rows, schema=schema, orient="row")
