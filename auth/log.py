"""The access log: append-only for the dashboard and tamper-evident.

Each row stores ``hash = SHA-256(prev_hash + canonical JSON of the row)``, the first row's
``prev_hash`` being 64 zeros, and ids run 1, 2, 3 … without gaps; ``verify`` recomputes the chain
and names the first row that was changed, removed or inserted. (The chain cannot show that its
newest rows were cut off; the administrator's regular exports, kept elsewhere, can.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa

from app_db.schema import access_log
from data_access.loaders import LOCAL_TZ

GENESIS = "0" * 64
#: what a row records besides id, time and hashes
FIELDS = (
    "action",
    "login",
    "role",
    "client",
    "page",
    "scope",
    "communities",
    "filters",
    "rows",
    "reason",
    "detail",
)
ACTIONS = frozenset(
    {
        "sign_in",
        "sign_in_failed",
        "sign_in_refused",
        "lockout",
        "sign_out",
        "session_idle",
        "password_changed",
        "unmask",
        "export",
        "brief",
        "admin_user_add",
        "admin_grant_add",
        "admin_password_reset",
        "admin_lock",
        "admin_unlock",
        "admin_log_export",
        # the committee's scoring (``scoring.store``)
        "rubric_save",
        "score_open",
        "score_set",
        "score_sign",
        "score_withdraw",
        "score_confirm",
        "score_reopen",
        "score_export",
    }
)
_RETRIES = 20
_T = TypeVar("_T")


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def utc(moment: dt.datetime) -> dt.datetime:
    """``moment`` as the log stores it: UTC without a zone (a naive moment is taken as UTC)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def local(moment: dt.datetime) -> dt.datetime:
    """A stored (UTC) moment as shown to users: Asia/Shanghai."""
    return moment.replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ)


def community_codes(codes: Any) -> str | None:
    """The ``communities`` column: ",AH,JF," (so one code matches with LIKE '%,AH,%')."""
    codes = sorted({str(c) for c in codes or ()})
    return f",{','.join(codes)}," if codes else None


def row_hash(prev_hash: str, row: Mapping[str, Any]) -> str:
    content = {"id": row["id"], "at": row["at"].isoformat(), **{f: row[f] for f in FIELDS}}
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def _values(action: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    if action not in ACTIONS:
        raise ValueError(f"unknown access-log action {action!r}")
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown access-log field(s) {sorted(unknown)}")
    values = {f: fields.get(f) for f in FIELDS if f != "action"}
    return {
        "action": action,
        **values,
        "scope": _text(values["scope"]),
        "communities": community_codes(values["communities"]),
        "filters": _text(values["filters"]),
        "detail": _text(values["detail"]),
    }


def append_on(conn: sa.Connection, now: dt.datetime, action: str, **fields: Any) -> int:
    """Append one row inside the caller's transaction (a change and its log row commit
    together, or neither); returns its id. PostgreSQL: a table lock orders the writers; SQLite
    serialises them with its write lock (the caller retries a clash: ``append``)."""
    values = _values(action, fields)
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("LOCK TABLE access_log IN EXCLUSIVE MODE"))
    last = conn.execute(
        sa.select(access_log.c.id, access_log.c.hash).order_by(access_log.c.id.desc()).limit(1)
    ).first()
    row = {"id": (last.id + 1) if last else 1, "at": utc(now), **values}
    prev = last.hash if last else GENESIS
    conn.execute(access_log.insert().values(**row, prev_hash=prev, hash=row_hash(prev, row)))
    return row["id"]


def append(
    engine: sa.Engine,
    now: dt.datetime,
    action: str,
    *,
    login: str | None = None,
    role: str | None = None,
    client: str | None = None,
    page: str | None = None,
    scope: Any = None,
    communities: Any = (),
    filters: Any = None,
    rows: int | None = None,
    reason: str | None = None,
    detail: Any = None,
) -> int:
    """Append one row in its own transaction; returns its id. Concurrent writers serialise
    (PostgreSQL: a table lock; SQLite: the database's write lock, retried on a clash)."""
    fields = {
        "login": login,
        "role": role,
        "client": client,
        "page": page,
        "scope": scope,
        "communities": communities,
        "filters": filters,
        "rows": rows,
        "reason": reason,
        "detail": detail,
    }
    _values(action, fields)  # a bad action fails before any attempt
    return in_transaction(engine, lambda conn: append_on(conn, now, action, **fields))


def in_transaction(engine: sa.Engine, work: Callable[[sa.Connection], _T]) -> _T:
    """``work(conn)`` in one transaction, retried from the start when concurrent writers
    clash (SQLite's write lock, the log's next id taken by another writer)."""
    for attempt in range(_RETRIES):
        try:
            with engine.begin() as conn:
                return work(conn)
        except (sa.exc.IntegrityError, sa.exc.OperationalError):
            if attempt == _RETRIES - 1:
                raise
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Broken:
    id: int
    problem: str


def _rows(conn: sa.Connection, batch: int = 1000) -> Iterator[sa.Row]:
    after = 0
    while True:
        chunk = conn.execute(
            sa.select(access_log)
            .where(access_log.c.id > after)
            .order_by(access_log.c.id)
            .limit(batch)
        ).all()
        if not chunk:
            return
        yield from chunk
        after = chunk[-1].id


def verify(engine: sa.Engine) -> tuple[int, Broken | None]:
    """(rows checked, the first broken row or None)."""
    prev, expected, count = GENESIS, 1, 0
    with engine.connect() as conn:
        for row in _rows(conn):
            if row.id != expected:
                return count, Broken(row.id, f"rows {expected}…{row.id - 1} missing")
            if row.prev_hash != prev:
                return count, Broken(row.id, "does not follow the row before")
            if row_hash(prev, row._mapping) != row.hash:
                return count, Broken(row.id, "changed after it was written")
            prev, expected, count = row.hash, expected + 1, count + 1
    return count, None


def verify_against(engine: sa.Engine, kept: Iterable[tuple[int, str]]) -> Broken | None:
    """Compare a kept export's (id, hash) pairs with the log: the first row the log no longer
    holds (cut off or removed) or holds with another hash (rewritten), or None."""
    kept = sorted(kept)
    with engine.connect() as conn:
        for start in range(0, len(kept), 1000):
            chunk = kept[start : start + 1000]
            stored = dict(
                conn.execute(
                    sa.select(access_log.c.id, access_log.c.hash).where(
                        access_log.c.id.in_([i for i, _ in chunk])
                    )
                ).all()
            )
            for row_id, row_hash_ in chunk:
                if row_id not in stored:
                    return Broken(row_id, "is in the kept export but no longer in the log")
                if stored[row_id] != row_hash_:
                    return Broken(row_id, "differs from the kept export")
    return None


def entries(
    engine: sa.Engine,
    *,
    since: dt.datetime | None = None,
    login: str | None = None,
    communities: Sequence[str] | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Rows newest first, as dicts without the hashes, ``at_local`` (Asia/Shanghai) beside ``at``
    (UTC). ``since`` is a UTC moment; ``communities``: only rows concerning one of them."""
    query = sa.select(access_log.c.id, access_log.c.at, *[access_log.c[f] for f in FIELDS])
    if since is not None:
        query = query.where(access_log.c.at >= utc(since))
    if login is not None:
        query = query.where(access_log.c.login == login)
    if communities is not None:
        query = query.where(
            sa.or_(
                sa.false(),
                *[
                    access_log.c.communities.contains(f",{c},", autoescape=True)
                    for c in communities
                ],
            )
        )
    query = query.order_by(access_log.c.id.desc())
    if limit is not None:
        query = query.limit(limit)
    with engine.connect() as conn:
        return [{**r._mapping, "at_local": local(r.at)} for r in conn.execute(query)]


#: the columns of an exported log, hashes included: a kept export can be checked against the
#: database later (and shows rows cut off its end)
EXPORT_COLUMNS = ("id", "at_local", "at", *FIELDS, "prev_hash", "hash")


def export_rows(engine: sa.Engine, *, since: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Every row from ``since`` (a moment; naive = UTC), oldest first, with ``at_local``
    (Asia/Shanghai) and the hashes; moments as ISO text."""
    query = sa.select(access_log).order_by(access_log.c.id)
    if since is not None:
        query = query.where(access_log.c.at >= utc(since))
    with engine.connect() as conn:
        return [
            {
                **r._mapping,
                "at": r.at.isoformat(),  # as the row's hash reads it
                "at_local": local(r.at).isoformat(sep=" ", timespec="seconds"),
            }
            for r in conn.execute(query)
        ]
