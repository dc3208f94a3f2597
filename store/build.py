"""Build and refresh the daily store: for each day, the registry's per-grid and per-worker
inputs, computed by the very queries the pages run live (``data_access``), kept in the app
database (never the registry).

A refresh builds the days not yet built, from the registry's first visit to its default day,
and recomputes a trailing window (late and edited records); ``full`` drops the registry's rows
and builds every day again. Each day is written in one transaction (its old rows deleted, the
new ones inserted, the day marked built): a refresh stopped half-way keeps the days it wrote and
the next one goes on from there. Memory holds one day's frames and one chunk's visits per grid
and day. One writer at a time: a lock (a file next to a SQLite app database, an advisory lock on
PostgreSQL); a second refresh waits for it or says it is busy.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import fcntl
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

import polars as pl
import sqlalchemy as sa

from app_db import schema as t
from app_db.schema import now_utc
from data_access import population as pq
from data_access import quality as dq
from data_access import queries as q
from data_access import special_groups as sq
from data_access import visits as qv
from data_access.errors import DashboardError
from data_access.loaders import Registry, today_local
from data_access.scope import Scope, resolve
from metrics import population as mp
from metrics import special_groups as msg
from metrics.core import MIN_DAY
from metrics.snapshot import SnapshotPlan

#: days recomputed at every refresh, for late and edited records
DEFAULT_WINDOW = 14
#: days whose visits are read in one query (per grid and day, per worker and day, by purpose)
CHUNK_DAYS = 31
#: an arbitrary constant: the store writer's advisory lock on PostgreSQL
_PG_LOCK_KEY = 7_414_204

DAY_TABLES = (
    t.store_grid_day,
    t.store_grid_residents,
    t.store_grid_groups,
    t.store_grid_purposes,
    t.store_worker_day,
    t.store_grid_ages,
    t.store_grid_movements,
    t.store_worker_patrols,
    t.store_worker_logs,
)
#: the registrations of the registry's first stored day reach back to the earliest date
PREHISTORY_FROM = dt.date.min
#: ``date.toordinal()`` of 1970-01-01: polars' dates count days from there
EPOCH = dt.date(1970, 1, 1).toordinal()

Progress = Callable[[int, int, dt.date], None]


class StoreBusy(Exception):
    """Another refresh holds the writer's lock."""


class StoreWorkerLost(DashboardError):
    """A process computing days (``--jobs``) died without a word: killed, or out of memory."""


@dataclass(frozen=True)
class RefreshResult:
    first: dt.date | None  # the registry's first and last day the store covers
    last: dt.date | None
    built: int  # days written by this refresh
    rows: int  # rows written
    seconds: float


@contextlib.contextmanager
def writer_lock(app_engine: sa.Engine, wait: bool) -> Iterator[None]:
    """The one writer's lock; ``StoreBusy`` when ``wait`` is false and another holds it."""
    if app_engine.dialect.name == "postgresql":
        with app_engine.connect() as conn:
            if wait:
                conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
            elif not conn.execute(
                sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": _PG_LOCK_KEY}
            ).scalar():
                raise StoreBusy("another refresh of the store is running")
            conn.commit()
            try:
                yield
            finally:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
                conn.commit()
        return
    database = app_engine.url.database or ""
    with open(f"{database}.store.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreBusy("another refresh of the store is running") from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def registry_id(app_engine: sa.Engine, key: str, create: bool = True) -> int | None:
    with app_engine.begin() as conn:
        rid = conn.execute(
            sa.select(t.store_registry.c.id).where(t.store_registry.c.key == key)
        ).scalar()
        if rid is None and create:
            rid = conn.execute(
                t.store_registry.insert().values(key=key, created_at=now_utc())
            ).inserted_primary_key[0]
        return rid


def built_days(conn: sa.Connection, rid: int) -> set[int]:
    rows = conn.execute(sa.select(t.store_day.c.day).where(t.store_day.c.rid == rid))
    return {r[0] for r in rows}


def registry_days(
    registry: Registry, today: dt.date | None = None
) -> tuple[dt.date, dt.date] | None:
    """The days the store covers: the registry's first visit to its default day (the latest
    visit not after today); ``None`` for a registry without a visit."""
    today = today or today_local()
    with registry.connect() as conn:
        first = q.earliest_visit_day(conn, MIN_DAY)
        last = q.latest_visit_day(conn, not_after=today, not_before=MIN_DAY)
    if first is None or last is None or first > last:
        return None
    return first, last


def _rows(frame: pl.DataFrame, **constants: int) -> list[dict]:
    return [constants | row for row in frame.to_dicts()]


@dataclass(frozen=True)
class _Chunk:
    """Visits of the chunk's days, per grid and day, per worker and day, and by purpose;
    arrivals and departures per grid and day (from ``PREHISTORY_FROM`` when the chunk begins
    with the registry's first stored day); every worker's patrol days and work logs."""

    first: dt.date | None  # the registry's first stored day, when this chunk begins with it
    grid_days: pl.DataFrame
    worker_days: pl.DataFrame
    purposes: pl.DataFrame
    movements: pl.DataFrame
    patrols: pl.DataFrame
    logs: pl.DataFrame

    @classmethod
    def read(
        cls, conn: sa.Connection, rs, first: dt.date, last: dt.date, covered_from: dt.date
    ) -> _Chunk:
        from_ = PREHISTORY_FROM if first == covered_from else first
        return cls(
            first=covered_from if first == covered_from else None,
            grid_days=q.grid_day_visits(conn, rs, first, last),
            worker_days=q.worker_day_visits(conn, None, first, last),
            purposes=qv.grid_day_purpose_visits(conn, first, last),
            movements=pq.movements_by_day(conn, rs, from_, last, by_grid=True),
            patrols=q.patrol_days(conn, None, first, last),
            logs=q.work_logs(conn, None, first, last),
        )


def packed(frame: pl.DataFrame, name: str, *keys: str) -> pl.DataFrame:
    """Per grid, its rows' ``keys`` and last column in one text ``k….n`` joined by "," (a
    grid-day's short distribution in one column). Out: grid_id, ``name``."""
    value = frame.columns[-1]
    return frame.group_by("grid_id").agg(
        pl.concat_str([*keys, value], separator=".").sort().str.join(",").alias(name)
    )


def day_rows(
    conn: sa.Connection, grids: pl.DataFrame, communities: pl.DataFrame, day: dt.date, chunk: _Chunk
) -> dict[sa.Table, list[dict]]:
    """The rows of every store table for ``day``, from the live queries on the whole registry
    (and the ``store_day`` row's own columns)."""
    rs = resolve(Scope(), day, grids, communities)
    plan = SnapshotPlan.for_day(day)
    care_codes = msg.care_group_codes(q.special_groups(conn))
    care = sq.care_gap_counts(conn, rs, care_codes, msg.care_window_start(day)).select(
        "grid_id",
        pl.col("members").alias("care_members"),
        pl.col("without_visit").alias("care_unvisited"),
    )
    left_out = q.memberships_left_out_by_grid(conn, rs)
    households = q.active_households_on_days(conn, None, [day]).select("grid_id", "households")
    coverage = q.coverage_by_grid(
        conn, rs, {"covered_30d": plan.coverage_30d_from, "covered_90d": plan.coverage_90d_from}
    ).select("grid_id", "covered_30d", "covered_90d")
    week = q.visits_by_grid(conn, rs, plan.week_start, day).select(
        "grid_id",
        pl.col("visits").alias("week_visits"),
        pl.col("households_visited").alias("week_households"),
    )
    on_day = chunk.grid_days.filter(pl.col("day") == day).select(
        "grid_id",
        pl.col("visits").alias("day_visits"),
        pl.col("households_visited").alias("day_households"),
    )
    open_ = q.open_incidents(conn, rs).select("grid_id", pl.col("open").alias("open_incidents"))
    rentals = q.rental_counts(conn, rs, plan.inspected_from)
    sizes = packed(pq.household_sizes(conn, rs, by_grid=True), "household_sizes", "size")
    parts = [households, coverage, week, on_day, open_, rentals, care, left_out, sizes]
    ids = pl.concat([p.select("grid_id") for p in parts]).unique()
    wide = ids
    for part in parts:
        wide = wide.join(part, on="grid_id", how="left")
    n = day.toordinal()
    residents, ages = pq.resident_profile_by_grid(
        conn, rs, plan.elderly_born_by, mp.age_band_born_by(day)
    )
    groups = q.special_group_counts(conn, rs)
    purposes = chunk.purposes.filter(pl.col("day") == day).drop("day")
    workers = chunk.worker_days.filter(pl.col("day") == day).drop("day")
    on_or_before = chunk.first == day
    movements = chunk.movements.filter(
        pl.col("day") <= day if on_or_before else pl.col("day") == day
    ).with_columns((pl.col("day").cast(pl.Int32) + EPOCH).alias("day"))
    patrols = chunk.patrols.filter(pl.col("day") == day).select("worker_id")
    logs = (
        chunk.logs.filter(pl.col("log_date") == day)
        .group_by("worker_id", "submitted_on")
        .agg(pl.len().cast(pl.Int64).alias("logs"))
        .select(
            "worker_id",
            (pl.col("submitted_on").cast(pl.Int32) + EPOCH).fill_null(0).alias("submitted"),
            "logs",
        )
    )
    return {
        t.store_grid_day: _rows(wide, day=n),
        t.store_grid_residents: _rows(residents, day=n),
        t.store_grid_groups: _rows(groups, day=n),
        t.store_grid_purposes: _rows(purposes, day=n),
        t.store_worker_day: _rows(workers, day=n),
        t.store_grid_ages: _rows(ages, day=n),
        t.store_grid_movements: movements.to_dicts(),
        t.store_worker_patrols: _rows(patrols, day=n),
        t.store_worker_logs: _rows(logs, day=n),
        t.store_day: [{"care_codes": ",".join(sorted(care_codes)) or None}],
    }


def _chunk_rows(
    conn: sa.Connection,
    grids: pl.DataFrame,
    communities: pl.DataFrame,
    run: list[dt.date],
    covered_from: dt.date,
) -> Iterator[tuple[dt.date, dict[sa.Table, list[dict]]]]:
    rs = resolve(Scope(), run[-1], grids, communities)
    chunk = _Chunk.read(conn, rs, run[0], run[-1], covered_from)
    for day in run:
        yield day, day_rows(conn, grids, communities, day, chunk)


_worker_registry: Registry | None = None
#: why the worker process could not open the registry: raised by its first chunk, so the refresh
#: says it (an initializer's error would only break the pool, the reason lost)
_worker_failure: Exception | None = None


def _worker_start(url: str) -> None:
    global _worker_registry, _worker_failure
    try:
        _worker_registry = Registry.open(url)
    except Exception as exc:
        _worker_failure = exc


def _worker_chunk(
    run: list[dt.date], covered_from: dt.date
) -> list[tuple[dt.date, dict[str, list[dict]]]]:
    """A worker process's chunk: its days' rows, by table name (tables do not pickle)."""
    if _worker_failure is not None:
        raise _worker_failure
    assert _worker_registry is not None
    communities, grids = _worker_registry.organisation()
    with _worker_registry.connect() as conn:
        return [
            (day, {table.name: rows for table, rows in tables.items()})
            for day, tables in _chunk_rows(conn, grids, communities, run, covered_from)
        ]


def _computed(
    registry: Registry, runs: list[list[dt.date]], jobs: int, covered_from: dt.date
) -> Iterator[tuple[dt.date, dict[sa.Table, list[dict]]]]:
    """Every day's rows, chunk by chunk: here, or in ``jobs`` worker processes (as they finish)."""
    if jobs <= 1 or sum(len(run) for run in runs) <= 7 or not registry.url:
        communities, grids = registry.organisation()
        with registry.connect() as conn:
            for run in runs:
                yield from _chunk_rows(conn, grids, communities, run, covered_from)
        return
    by_name = {table.name: table for table in (*DAY_TABLES, t.store_day)}
    # short chunks spread the work: a worker's chunk is a week, not a month
    weeks = iter([run[i : i + 7] for run in runs for i in range(0, len(run), 7)])
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_worker_start, initargs=(registry.url,)
    ) as pool:
        # at most two chunks a worker in flight: memory holds a few weeks' rows, not the history
        inflight: set[concurrent.futures.Future] = set()

        def submit() -> None:
            week = next(weeks, None)
            if week is not None:
                inflight.add(pool.submit(_worker_chunk, week, covered_from))

        try:
            for _ in range(2 * jobs):
                submit()
            while inflight:
                done, _ = concurrent.futures.wait(
                    inflight, return_when=concurrent.futures.FIRST_COMPLETED
                )
                for future in done:
                    inflight.discard(future)
                    days = future.result()
                    submit()
                    while days:
                        day, tables = days.pop(0)
                        yield day, {by_name[name]: rows for name, rows in tables.items()}
        except BrokenProcessPool:
            raise StoreWorkerLost(
                "a process computing the store's days stopped abruptly (killed, or out of "
                "memory); the days written are kept: run the refresh again"
            ) from None
        finally:
            for future in inflight:
                future.cancel()


#: the long tables' text columns, stored by ``store_text`` number (0: NULL)
TEXT_COLUMNS = {
    t.store_grid_residents: ("residency", "floating_origin"),
    t.store_grid_groups: ("group_code",),
    t.store_grid_purposes: ("purpose",),
    t.store_grid_ages: ("gender",),
    t.store_grid_movements: ("kind", "residency"),
    t.store_day: ("care_codes",),
}


class Texts:
    """The ``store_text`` dictionary: text → number, new texts added in the writer's
    transaction (one writer at a time: the lock)."""

    def __init__(self, conn: sa.Connection) -> None:
        rows = conn.execute(sa.select(t.store_text.c.id, t.store_text.c.text))
        self.ids = {text: i for i, text in rows}

    def coded(self, conn: sa.Connection, rows: list[dict], columns: Sequence[str]) -> list[dict]:
        out = []
        for row in rows:
            row = dict(row)
            for column in columns:
                text = row[column]
                if text is None:
                    row[column] = 0
                    continue
                if text not in self.ids:
                    number = max(self.ids.values(), default=0) + 1
                    conn.execute(t.store_text.insert().values(id=number, text=text))
                    self.ids[text] = number
                row[column] = self.ids[text]
            out.append(row)
        return out


#: the tables of one row per grid-day: their rows' fields packed in one text ``counts``
#: (``a.b….n`` joined by ","; texts by ``store_text`` number, a flag 0 or 1), in this order
PACKED = {
    t.store_grid_residents: ("residency", "floating_origin", "elderly", "residents"),
    t.store_grid_groups: ("group_code", "members"),
    t.store_grid_ages: ("gender", "band", "residents"),
}


def packed_rows(rows: list[dict], fields: Sequence[str]) -> list[dict]:
    """One row per grid-day: its rows' ``fields`` (whole numbers) in one text ``counts``."""
    by_grid: dict[tuple[int, int], list[str]] = {}
    for row in rows:
        key = (row["day"], row["grid_id"])
        by_grid.setdefault(key, []).append(".".join(str(int(row[f])) for f in fields))
    return [
        {"day": day, "grid_id": grid_id, "counts": ",".join(parts)}
        for (day, grid_id), parts in by_grid.items()
    ]


def _write_day(
    app_engine: sa.Engine,
    rid: int,
    day: dt.date,
    rows: dict[sa.Table, list[dict]],
    texts: Texts,
    first: bool = False,
) -> int:
    """Write ``day``'s rows in one transaction; ``first``: the registry's first stored day,
    whose registrations also hold every earlier day."""
    n = day.toordinal()
    written = 0
    with app_engine.begin() as conn:
        for table in DAY_TABLES:
            earlier = first and table is t.store_grid_movements
            on_day = table.c.day <= n if earlier else table.c.day == n
            conn.execute(table.delete().where(table.c.rid == rid, on_day))
            if rows[table]:
                coded = texts.coded(conn, rows[table], TEXT_COLUMNS.get(table, ()))
                if table in PACKED:
                    coded = packed_rows(coded, PACKED[table])
                conn.execute(table.insert(), [r | {"rid": rid} for r in coded])
                written += len(coded)
        (marked,) = texts.coded(conn, rows[t.store_day], TEXT_COLUMNS[t.store_day])
        conn.execute(t.store_day.delete().where(t.store_day.c.rid == rid, t.store_day.c.day == n))
        conn.execute(
            t.store_day.insert().values(rid=rid, day=n, built_at=now_utc(), earlier=first, **marked)
        )
    return written


#: registry-wide checks of no day and no scope, kept at each refresh (``t.store_check``)
STORED_CHECKS = ("DQ28",)


def _write_checks(app_engine: sa.Engine, rid: int, registry: Registry) -> None:
    communities, grids = registry.organisation()
    with registry.connect() as conn:
        rs = resolve(Scope(), today_local(), grids, communities)
        counts = {code: dq.check_counts(conn, rs, code) for code in STORED_CHECKS}
    c = t.store_check.c
    with app_engine.begin() as conn:
        for code, frame in counts.items():
            conn.execute(t.store_check.delete().where(c.rid == rid, c.code == code))
            conn.execute(
                t.store_check.insert().values(
                    rid=rid,
                    code=code,
                    records=int(frame["records"].sum() or 0),
                    sensitive=int(frame["sensitive"].sum() or 0),
                    checked_at=now_utc(),
                )
            )


def _chunks(days: Sequence[dt.date]) -> Iterator[list[dt.date]]:
    """Runs of the days to build, each within ``CHUNK_DAYS`` calendar days."""
    run: list[dt.date] = []
    for day in days:
        if run and (day - run[0]).days >= CHUNK_DAYS:
            yield run
            run = []
        run.append(day)
    if run:
        yield run


def days_to_build(covered: tuple[dt.date, dt.date], built: set[int], window: int) -> list[dt.date]:
    """Every day of ``covered`` not built, and the last ``window`` days whatever they hold."""
    first, last = covered
    recompute_from = (
        last - dt.timedelta(days=window - 1) if window > 0 else last + dt.timedelta(days=1)
    )
    days = []
    day = first
    while day <= last:
        if day.toordinal() not in built or day >= recompute_from:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def drop_registry_rows(app_engine: sa.Engine, rid: int) -> None:
    with app_engine.begin() as conn:
        for table in (*DAY_TABLES, t.store_day, t.store_check):
            conn.execute(table.delete().where(table.c.rid == rid))


def refresh(
    app_engine: sa.Engine,
    registry: Registry,
    *,
    full: bool = False,
    window: int = DEFAULT_WINDOW,
    wait: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
    jobs: int = 1,
) -> RefreshResult:
    """Bring the store of ``registry`` up to date (see the module's text); ``jobs`` processes
    compute days at once (each with its own registry connection; this one writes). Raises ``StoreBusy``
    when another refresh runs and ``wait`` is false; a registry failure propagates (as
    ``RegistryError``) after the run is marked failed, the days already written kept."""
    started = now_utc()
    clock = dt.datetime.now()
    with writer_lock(app_engine, wait):
        rid = registry_id(app_engine, registry.key)
        assert rid is not None
        with app_engine.begin() as conn:
            # holding the lock, no other refresh runs: one still "running" was stopped
            conn.execute(
                t.store_run.update()
                .where(t.store_run.c.rid == rid, t.store_run.c.status == "running")
                .values(status="failed", message="stopped before it finished", finished_at=started)
            )
            run_id = conn.execute(
                t.store_run.insert().values(
                    rid=rid,
                    mode="full" if full else "refresh",
                    started_at=started,
                    status="running",
                )
            ).inserted_primary_key[0]
        built = 0
        rows = 0
        try:
            covered = registry_days(registry, today)
            if full:
                drop_registry_rows(app_engine, rid)
            if covered is not None:
                with app_engine.connect() as conn:
                    done = built_days(conn, rid)
                    texts = Texts(conn)
                todo = days_to_build(covered, done, window)
                for day, day_table_rows in _computed(
                    registry, list(_chunks(todo)), jobs, covered[0]
                ):
                    rows += _write_day(
                        app_engine, rid, day, day_table_rows, texts, first=day == covered[0]
                    )
                    built += 1
                    if progress is not None:
                        progress(built, len(todo), day)
            if covered is not None:
                _write_checks(app_engine, rid, registry)
        except BaseException as exc:
            _finish(
                app_engine,
                run_id,
                built,
                "failed",
                str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
            )
            raise
        _finish(app_engine, run_id, built, "done", None)
    seconds = (dt.datetime.now() - clock).total_seconds()
    first, last = covered if covered is not None else (None, None)
    return RefreshResult(first=first, last=last, built=built, rows=rows, seconds=seconds)


def _finish(
    app_engine: sa.Engine, run_id: int, days: int, status: str, message: str | None
) -> None:
    with app_engine.begin() as conn:
        conn.execute(
            t.store_run.update()
            .where(t.store_run.c.id == run_id)
            .values(finished_at=now_utc(), days=days, status=status, message=message)
        )


@dataclass(frozen=True)
class Status:
    """What the store holds of one registry: its days and its last refresh."""

    days: int
    first: dt.date | None
    last: dt.date | None
    refreshed_at: dt.datetime | None  # the end of the last refresh that finished (UTC)
    running_since: dt.datetime | None  # a refresh running now (UTC)
    last_failure: str | None  # the message of the last refresh, when it failed


def status(app_engine: sa.Engine, registry: Registry) -> Status:
    rid = registry_id(app_engine, registry.key, create=False)
    if rid is None:
        return Status(0, None, None, None, None, None)
    d = t.store_day.c
    r = t.store_run.c
    with app_engine.connect() as conn:
        count, first, last = conn.execute(
            sa.select(sa.func.count(), sa.func.min(d.day), sa.func.max(d.day)).where(d.rid == rid)
        ).one()
        done = conn.execute(
            sa.select(sa.func.max(r.finished_at)).where(r.rid == rid, r.status == "done")
        ).scalar()
        running = conn.execute(
            sa.select(sa.func.max(r.started_at)).where(r.rid == rid, r.status == "running")
        ).scalar()
        latest = conn.execute(
            sa.select(r.status, r.message)
            .where(r.rid == rid, r.status != "running")
            .order_by(r.started_at.desc())
            .limit(1)
        ).first()
    return Status(
        days=count,
        first=None if first is None else dt.date.fromordinal(first),
        last=None if last is None else dt.date.fromordinal(last),
        refreshed_at=done,
        running_since=running,
        last_failure=latest.message if latest is not None and latest.status == "failed" else None,
    )
