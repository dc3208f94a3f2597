"""Build the demo registry into SQLite or PostgreSQL, one community at a time.

SQLite: the file is written under a temporary name next to the target (journal off,
one transaction, ``executemany``) and renamed into place only when complete, so a
half-built file never looks like a registry. PostgreSQL: one transaction, rows
loaded with ``COPY``; nobody sees the tables before the commit.
"""

from __future__ import annotations

import contextlib
import os
import resource
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from data_access.config import DEMO_DB_PATH
from data_access.schema import INDEXES, metadata
from demo.generate import COMMUNITY_TABLES, IdAllocator, generate_community
from demo.spec import community_spec

DEFAULT_SEED = 20260310
CHUNK = 20_000


@dataclass(frozen=True)
class Scale:
    """A named size of the demo: how many communities, how dense their visits."""

    communities: int
    visit_density: float = 1.0
    note: str = ""


#: ``python -m demo build --scale NAME``. ``visit_density`` multiplies the share of households
#: visited on each visit day (routine visits only); 1.0 is the seed's rhythm, and the default
#: 5-community demo never changes. ``city`` is the benchmark's ≥ 1M residents / ≥ 5M visits.
SCALES: dict[str, Scale] = {
    "demo": Scale(5, 1.0, "the default demo: ~85k residents, ~250k visits"),
    "township": Scale(10, 1.0, "a township: ~165k residents, ~490k visits"),
    "city": Scale(62, 2.0, "≥ 1M residents, ≥ 5M visits"),
}

#: Labels for the progress lines, Chinese first.
TABLE_LABELS = {
    "community": "社区", "area": "责任片", "grid": "网格", "household": "住户", "resident": "居民",
    "special_group": "特殊人群", "resident_group": "人员类别", "household_group": "住户类别",
    "rental": "出租房屋", "worker": "网格员", "grid_assignment": "网格分工", "visit": "入户走访",
    "patrol": "巡查", "work_log": "工作日志", "incident_category": "事件类别", "incident": "事件",
    "assessment_criterion": "考核项目", "assessment": "考核",
}  # fmt: skip

SPECIAL_GROUPS = (
    ("disabled", "残疾人", "Persons with disabilities", "resident", 0),
    ("empty_nest_elderly", "空巢老人", "Empty-nest elderly", "resident", 0),
    ("solitary_elderly", "独居老人", "Elderly living alone", "resident", 0),
    ("widowed_elderly", "孤寡老人", "Elderly without family", "resident", 0),
    ("party_member", "党员", "Party members", "resident", 0),
    ("pregnant", "怀孕对象", "Pregnant women", "resident", 1),
    ("prenatal_check", "孕检对象", "Prenatal check", "resident", 1),
    ("iud_check", "环检对象", "IUD check", "resident", 1),
    ("key_population", "重点人口", "Key population", "resident", 1),
    ("stability_watch", "稳控对象", "Stability watch", "resident", 1),
    ("party_household", "党员家庭", "Party-member households", "household", 0),
    ("honor_certificate", "光荣证户", "Honour-certificate households", "household", 0),
    ("newlywed_childless", "新婚无孩户", "Newlywed childless households", "household", 0),
    ("renter_local", "本县租房户", "Renters from this county", "household", 0),
    ("renter_nonlocal", "非本县租房户", "Renters from other counties", "household", 0),
    ("home_buyer", "买房户", "Home-buyer households", "household", 0),
)
INCIDENT_CATEGORIES = (
    ("neighbor_dispute", "邻里纠纷", "Neighbour disputes"),
    ("public_security", "治安隐患", "Public-security hazards"),
    ("fire_safety", "消防安全", "Fire safety"),
    ("sanitation", "环境卫生", "Sanitation"),
    ("facilities", "设施维修", "Facility repairs"),
    ("assistance", "民生求助", "Requests for help"),
    ("rental", "出租房屋", "Rented housing"),
    ("other", "其他", "Other"),
)
ASSESSMENT_CRITERIA = (
    ("collection", "信息采集", "Information collection", 25.0),
    ("visits", "入户走访", "Household visits", 25.0),
    ("patrol", "巡查", "Patrols", 15.0),
    ("work_log", "工作日志", "Work logs", 10.0),
    ("incidents", "事件处置", "Incident handling", 15.0),
    ("satisfaction", "群众满意度", "Residents' satisfaction", 10.0),
)
LOOKUPS = {
    "special_group": SPECIAL_GROUPS,
    "incident_category": INCIDENT_CATEGORIES,
    "assessment_criterion": ASSESSMENT_CRITERIA,
}
#: The registry's tables in the contract's order (the order of the report).
REGISTRY_TABLES = (
    "community", "area", "grid", "household", "resident", "special_group", "resident_group",
    "household_group", "rental", "worker", "grid_assignment", "visit", "patrol", "work_log",
    "incident_category", "incident", "assessment_criterion", "assessment",
)  # fmt: skip
assert set(REGISTRY_TABLES) == set(metadata.tables), "REGISTRY_TABLES out of step with the schema"


class BuildError(RuntimeError):
    """The demo cannot be built at that target; the message says why (one line)."""


class BadTargetError(BuildError):
    """The URL itself is unusable (unparseable, unsupported engine, not a file path)."""


class RegistryExistsError(BuildError):
    """The target already holds registry tables and ``replace`` was not given."""


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote: rows per table (in write order), wall time, throughput."""

    url: str
    communities: int
    seed: int
    rows: Mapping[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    visit_density: float = 1.0
    #: the building process's peak resident memory so far (getrusage ru_maxrss), MiB
    peak_rss_mib: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def rows_per_second(self) -> float:
        return self.total_rows / self.seconds if self.seconds > 0 else 0.0


Writer = Callable[[str, list[tuple]], None]


def build_demo(
    url: str,
    *,
    communities: int = 5,
    seed: int = DEFAULT_SEED,
    progress: Callable[[str], None] | None = None,
    replace: bool = False,
    visit_density: float = 1.0,
) -> BuildReport:
    """Create the registry tables at ``url`` and fill them with the demo data.

    ``visit_density`` (> 0) multiplies the share of households each worker visits on a visit
    day; 1.0 (the default) is the seed's rhythm. Generation is one community at a time, so
    memory stays bounded by the largest community whatever ``communities`` is.
    """
    if communities < 1:
        raise ValueError("communities must be at least 1")
    if not visit_density > 0:
        raise ValueError("visit_density must be positive")
    parsed = _parse(url)
    started = time.perf_counter()
    say = progress or (lambda _line: None)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        counts = _build_sqlite(parsed, communities, seed, say, replace, visit_density)
    elif backend == "postgresql":
        counts = _build_postgres(parsed, communities, seed, say, replace, visit_density)
    else:
        raise BadTargetError(
            f"unsupported database {backend!r}: use sqlite:///… or postgresql+psycopg://…"
        )
    seconds = time.perf_counter() - started
    for table in REGISTRY_TABLES:
        say(f"{TABLE_LABELS[table]} {table}: {counts.get(table, 0):,} rows")
    ordered = {t: counts.get(t, 0) for t in REGISTRY_TABLES}
    return BuildReport(
        url=parsed.render_as_string(hide_password=True),
        communities=communities,
        seed=seed,
        rows=ordered,
        seconds=seconds,
        visit_density=visit_density,
        peak_rss_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


def ensure_demo(
    path: Path | str = DEMO_DB_PATH, progress: Callable[[str], None] | None = None
) -> BuildReport | None:
    """Build the demo SQLite file at ``path`` unless it exists; ``None`` when it did."""
    target = Path(path).expanduser().resolve()
    if target.exists():
        return None
    try:
        return build_demo(f"sqlite:///{target}", progress=progress)
    except RegistryExistsError:  # another process finished it first
        return None


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except Exception as exc:
        raise BadTargetError(f"not a database URL: {url!r} ({exc})") from None


def _generate(
    communities: int,
    seed: int,
    write: Writer,
    say: Callable[[str], None],
    visit_density: float = 1.0,
) -> dict[str, int]:
    """Lookups, then every community in turn: generated, written, forgotten."""
    counts: dict[str, int] = {}
    for table, rows in LOOKUPS.items():
        write(table, list(rows))
        counts[table] = len(rows)
    ids = IdAllocator()
    for index in range(communities):
        spec = community_spec(index, seed)
        rows = generate_community(spec, seed, ids, visit_density)
        sizes = {t: len(rows[t]) for t in COMMUNITY_TABLES}
        for table in COMMUNITY_TABLES:
            write(table, rows.pop(table))
            counts[table] = counts.get(table, 0) + sizes[table]
        say(
            f"[{index + 1}/{communities}] {spec.name} ({spec.code}): {sizes['grid']} 网格, "
            f"{sizes['household']:,} 住户, {sizes['resident']:,} 居民, {sizes['visit']:,} 入户走访"
        )
    return counts


def _columns(table: str) -> list[str]:
    return [c.name for c in metadata.tables[table].columns]


def _check_width(table: str, rows: list[tuple]) -> None:
    if rows and len(rows[0]) != len(metadata.tables[table].columns):
        raise AssertionError(
            f"{table}: rows of {len(rows[0])} values for {len(_columns(table))} columns"
        )


# -- SQLite ---------------------------------------------------------------------------------------


def _sqlite_tables(path: Path) -> list[str]:
    """Table names in an existing SQLite file (empty file: none)."""
    if path.stat().st_size == 0:
        return []
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
        try:
            return [
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BuildError(f"{path} exists and is not a SQLite database ({exc})") from None


def _check_sqlite_target(path: Path, replace: bool) -> None:
    if path.is_dir():
        raise BuildError(f"{path} is a directory")
    if not path.exists():
        return
    tables = _sqlite_tables(path)
    registry = [t for t in tables if t in REGISTRY_TABLES]
    if registry and not replace:
        raise RegistryExistsError(
            f"{path} already holds registry tables ({', '.join(registry[:3])}…); use --replace"
        )
    others = [t for t in tables if t not in REGISTRY_TABLES and not t.startswith("sqlite_")]
    if others:
        raise BuildError(
            f"{path} holds other tables ({', '.join(others[:3])}); refusing to overwrite it"
        )


def _build_sqlite(
    parsed: URL,
    communities: int,
    seed: int,
    say: Callable[[str], None],
    replace: bool,
    visit_density: float = 1.0,
) -> dict[str, int]:
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        raise BadTargetError(
            "a SQLite demo registry needs a file path, e.g. sqlite:////abs/demo.sqlite"
        )
    target = Path(database).expanduser().resolve()
    _check_sqlite_target(target, replace)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"cannot create {target.parent}: {exc.strerror}") from None
    tmp = target.with_name(f".{target.name}.{os.getpid()}.building")
    _remove(tmp)
    try:
        engine = sa.create_engine(f"sqlite:///{tmp}")
        try:
            metadata.create_all(engine)
        finally:
            engine.dispose()
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("PRAGMA cache_size=-65536")
            conn.execute("BEGIN")
            statements = {t: _insert_sql(t) for t in REGISTRY_TABLES}

            def write(table: str, rows: list[tuple]) -> None:
                _check_width(table, rows)
                for start in range(0, len(rows), CHUNK):
                    conn.executemany(statements[table], rows[start : start + CHUNK])

            counts = _generate(communities, seed, write, say, visit_density)
            conn.execute("COMMIT")
            say("索引 indexes, ANALYZE")
            for name, table, cols in INDEXES:
                conn.execute(f"CREATE INDEX {name} ON {table} ({', '.join(cols)})")
            conn.execute("ANALYZE")
        finally:
            conn.close()
        # Someone may have built it meanwhile (e.g. two `ensure` at once).
        if (
            not replace
            and target.exists()
            and any(t in REGISTRY_TABLES for t in _sqlite_tables(target))
        ):
            raise RegistryExistsError(f"{target} was built by another process meanwhile")
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        raise BuildError(f"SQLite error while building {target}: {exc}") from None
    except OSError as exc:
        raise BuildError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        _remove(tmp)
    return counts


def _insert_sql(table: str) -> str:
    cols = _columns(table)
    return f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-journal")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


# -- PostgreSQL -----------------------------------------------------------------------------------


def _build_postgres(
    parsed: URL,
    communities: int,
    seed: int,
    say: Callable[[str], None],
    replace: bool,
    visit_density: float = 1.0,
) -> dict[str, int]:
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername != "postgresql+psycopg":
        raise BadTargetError(
            f"use the psycopg driver (postgresql+psycopg://…), not {parsed.drivername}"
        )
    engine = sa.create_engine(parsed)
    where = parsed.render_as_string(hide_password=True)
    try:
        with engine.connect() as conn, conn.begin():
            present = set(sa.inspect(conn).get_table_names())
            registry = [t for t in REGISTRY_TABLES if t in present]
            if registry and not replace:
                held = ", ".join(registry[:3])
                raise RegistryExistsError(
                    f"{where} already holds registry tables ({held}…); use --replace"
                )
            if registry:
                say(f"dropping {len(registry)} registry tables")
                metadata.drop_all(conn)
            metadata.create_all(conn)
            raw: Any = conn.connection.driver_connection
            with raw.cursor() as cur:
                # Foreign keys are checked row by row during COPY: drop them while loading
                # and add them back afterwards, when they are validated in one pass each.
                foreign_keys = _drop_foreign_keys(cur)

                def write(table: str, rows: list[tuple]) -> None:
                    _check_width(table, rows)
                    if not rows:
                        return
                    with cur.copy(
                        f"COPY {table} ({', '.join(_columns(table))}) FROM STDIN"
                    ) as copy:
                        for row in rows:
                            copy.write_row(row)

                counts = _generate(communities, seed, write, say, visit_density)
                say("索引 indexes, foreign keys, ANALYZE")
                for name, table, cols in INDEXES:
                    cur.execute(f"CREATE INDEX {name} ON {table} ({', '.join(cols)})")
                for table, name, definition in foreign_keys:
                    cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
                for table in REGISTRY_TABLES:
                    cur.execute(f"ANALYZE {table}")
    except sa.exc.DBAPIError as exc:
        raise BuildError(f"cannot build at {where}: {_first_line(exc.orig or exc)}") from None
    except psycopg.Error as exc:
        raise BuildError(f"cannot build at {where}: {_first_line(exc)}") from None
    finally:
        engine.dispose()
    return counts


def _drop_foreign_keys(cur: Any) -> list[tuple[str, str, str]]:
    """Drop the registry tables' foreign keys; return (table, name, definition) to restore."""
    cur.execute(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
        "FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s) "
        "ORDER BY 1, 2",
        (list(REGISTRY_TABLES),),
    )
    keys = [tuple(r) for r in cur.fetchall()]
    for table, name, _ in keys:
        cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    return keys


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def rows_summary(report: BuildReport, target: str) -> str:
    """The final line the command prints."""
    density = f", visit density {report.visit_density:g}" if report.visit_density != 1.0 else ""
    return (
        f"built {target}: {report.communities} communities{density}, "
        f"{report.rows.get('resident', 0):,} residents, {report.rows.get('visit', 0):,} visits, "
        f"{report.total_rows:,} rows in {report.seconds:.1f} s "
        f"({report.rows_per_second:,.0f} rows/s, peak memory {report.peak_rss_mib:,.0f} MiB)"
    )


def table_counts(url: str, tables: Iterable[str] = REGISTRY_TABLES) -> dict[str, int]:
    """Row counts of an existing registry (for checks and tests)."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables
            }
    finally:
        engine.dispose()
