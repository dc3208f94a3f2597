"""The app database's tables (SQLAlchemy Core). Changing one means a new migration in
``app_db/migrations/versions``; a test checks the migrations build exactly these tables."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

metadata = sa.MetaData()

#: a moment is stored as UTC without a zone (the same on SQLite and PostgreSQL)
Moment = sa.DateTime(timezone=False)


def now_utc() -> dt.datetime:
    """Now, as a ``Moment`` is stored: UTC without a zone."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


app_user = sa.Table(
    "app_user",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("login", sa.String(64), nullable=False, unique=True),
    sa.Column("display_name", sa.String(128), nullable=False),
    sa.Column("email", sa.String(254), unique=True),
    #: the identity provider's ``iss`` + ``sub`` ("issuer|subject"), for single sign-on
    sa.Column("oidc_subject", sa.String(512), unique=True),
    sa.Column("role", sa.String(32), nullable=False),
    #: the committee's chair (issue: the committee scores in the dashboard)
    sa.Column("is_chair", sa.Boolean, nullable=False, server_default=sa.false()),
    #: the registry's worker this account is (grid leaders and workers)
    sa.Column("worker_id", sa.Integer),
    sa.Column("password_hash", sa.String(256)),
    sa.Column("must_change_password", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
    #: one of the demo accounts (``auth.demo``): signs in on the demo registry only
    sa.Column("demo", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", Moment, nullable=False),
    sa.Column("updated_at", Moment, nullable=False),
    sa.Column("password_changed_at", Moment),
)

#: what an account may see beyond its role's own scope: communities, grids, or a township
user_grant = sa.Table(
    "user_grant",
    metadata,
    sa.Column("user_id", sa.Integer, sa.ForeignKey("app_user.id"), primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),  # township | community | grid
    sa.Column("code", sa.String(64), primary_key=True),
    sa.CheckConstraint("kind IN ('township', 'community', 'grid')", name="grant_kind"),
)

#: every sign-in attempt, for the lockouts (per account and per client address)
sign_in_attempt = sa.Table(
    "sign_in_attempt",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("login", sa.String(64), nullable=False),
    sa.Column("client", sa.String(64), nullable=False),
    sa.Column("at", Moment, nullable=False),
    sa.Column("succeeded", sa.Boolean, nullable=False),
    sa.Index("ix_attempt_login_at", "login", "at"),
    sa.Index("ix_attempt_client_at", "client", "at"),
)

app_session = sa.Table(
    "app_session",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # a random token
    sa.Column("user_id", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
    sa.Column("client", sa.String(64), nullable=False),
    sa.Column("started_at", Moment, nullable=False),
    sa.Column("last_seen_at", Moment, nullable=False),
    sa.Column("ended_at", Moment),
    sa.Column("end_reason", sa.String(16)),  # sign_out | idle | admin
    #: the one-time ticket that a browser exchanges for the session's cookie (``auth.web``):
    #: SHA-256 of each, never the values
    sa.Column("ticket_hash", sa.String(64)),
    sa.Column("ticket_until", Moment),
    sa.Column("cookie_hash", sa.String(64)),
    #: the provider's sign-in that started it (SHA-256; single sign-on only): one session each
    sa.Column("sso_sign_in_hash", sa.String(64)),
    sa.Index("ix_session_ticket", "ticket_hash", unique=True),
    sa.Index("ix_session_cookie", "cookie_hash", unique=True),
    sa.Index("ix_session_sso_sign_in", "sso_sign_in_hash", unique=True),
)

#: append-only; each row carries the SHA-256 of the previous row's hash and its own content
access_log = sa.Table(
    "access_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", Moment, nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("login", sa.String(64)),
    sa.Column("role", sa.String(32)),
    sa.Column("client", sa.String(64)),
    sa.Column("page", sa.String(64)),
    sa.Column("scope", sa.Text),
    #: the community codes the row concerns, as ",AH,JF," (the secretary's view of the log)
    sa.Column("communities", sa.Text),
    sa.Column("filters", sa.Text),
    sa.Column("rows", sa.Integer),
    sa.Column("reason", sa.Text),
    sa.Column("detail", sa.Text),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Index("ix_log_at", "at"),
    sa.Index("ix_log_login", "login"),
)

#: the scoring rubric's versions (``metrics.rubric``): the newest is the one in force
rubric_version = sa.Table(
    "rubric_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("body", sa.Text, nullable=False),  # the rubric's JSON
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", Moment, nullable=False),
)

#: one community's month in one version: draft → awaiting_confirmation → signed (locked);
#: reopening supersedes the signed version with the next one (``scoring.store``)
score_sheet = sa.Table(
    "score_sheet",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("community_code", sa.String(64), nullable=False),
    sa.Column("period", sa.String(7), nullable=False),  # YYYY-MM, as the registry's assessment
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("status", sa.String(24), nullable=False),
    sa.Column(
        "rubric_version", sa.Integer, sa.ForeignKey("rubric_version.version"), nullable=False
    ),
    sa.Column("opened_by", sa.String(64), nullable=False),
    sa.Column("opened_at", Moment, nullable=False),
    #: why this version was opened after a signed one (None for version 1)
    sa.Column("reopen_reason", sa.Text),
    #: the day the evidence and proposals were taken as of, fixed at signing
    sa.Column("evidence_as_of", sa.Date),
    sa.Column("signed_by", sa.String(64)),
    sa.Column("signed_by_name", sa.String(128)),
    sa.Column("signed_at", Moment),
    sa.Column("confirmed_by", sa.String(64)),
    sa.Column("confirmed_by_name", sa.String(128)),
    sa.Column("confirmed_at", Moment),
    sa.UniqueConstraint("community_code", "period", "version", name="uq_sheet_version"),
    sa.CheckConstraint(
        "status IN ('draft', 'awaiting_confirmation', 'signed', 'superseded')",
        name="sheet_status",
    ),
)

#: a sheet's score of one worker on one criterion, with the proposal it was judged against
score_entry = sa.Table(
    "score_entry",
    metadata,
    sa.Column("sheet_id", sa.Integer, sa.ForeignKey("score_sheet.id"), primary_key=True),
    sa.Column("worker_id", sa.Integer, primary_key=True),
    sa.Column("criterion_code", sa.String(64), primary_key=True),
    sa.Column("worker_name", sa.String(128), nullable=False),
    sa.Column("proposed", sa.Float),
    sa.Column("score", sa.Float),
    sa.Column("reason", sa.Text),
    sa.Column("entered_by", sa.String(64)),
    sa.Column("entered_at", Moment),
)

# --- the daily-figures store (``store``): the per-grid and per-worker inputs of each day -----
# A day is stored as its proleptic ordinal (``date.toordinal()``): 1–3 bytes in SQLite against
# 10 for ISO text, in tables of millions of rows. ``rid`` is the registry the rows came from.

#: one registry the store holds days of (its URL without a password, or its file's path)
store_registry = sa.Table(
    "store_registry",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(512), nullable=False, unique=True),
    sa.Column("created_at", Moment, nullable=False),
)

#: a day built: every table below holds that day's rows for the registry
store_day = sa.Table(
    "store_day",
    metadata,
    sa.Column("rid", sa.Integer, sa.ForeignKey("store_registry.id"), primary_key=True),
    sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("built_at", Moment, nullable=False),
    #: the care groups of the day's care gap (``store_text`` number of the codes joined by ","
    #: in code order; 0: none): an answer for other codes goes to the live query
    sa.Column("care_codes", sa.Integer),
    #: its ``store_grid_movements`` rows also hold every earlier day (the registry's first
    #: stored day when it was built)
    sa.Column("earlier", sa.Boolean),
)

#: one refresh: when, what it built, how it ended (the page shows the last one's time)
store_run = sa.Table(
    "store_run",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("rid", sa.Integer, sa.ForeignKey("store_registry.id"), nullable=False),
    sa.Column("mode", sa.String(16), nullable=False),  # full | refresh
    sa.Column("started_at", Moment, nullable=False),
    sa.Column("finished_at", Moment),
    sa.Column("days", sa.Integer, nullable=False, server_default="0"),
    sa.Column("status", sa.String(16), nullable=False),  # running | done | failed
    sa.Column("message", sa.Text),
    sa.Index("ix_store_run_rid", "rid", "started_at"),
)

#: per grid and day; a NULL column: the grid is absent from that query's rows that day
store_grid_day = sa.Table(
    "store_grid_day",
    metadata,
    sa.Column("rid", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("grid_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("households", sa.Integer),  # active on the day (any grid id a household holds)
    sa.Column("covered_30d", sa.Integer),  # of them, visited in the 30 days ending on the day
    sa.Column("covered_90d", sa.Integer),
    sa.Column("day_visits", sa.Integer),  # visits dated on the day
    sa.Column("day_households", sa.Integer),  # distinct households visited on the day
    sa.Column("week_visits", sa.Integer),  # from the day's Monday to the day
    sa.Column("week_households", sa.Integer),
    sa.Column("open_incidents", sa.Integer),  # open at the end of the day
    sa.Column("rentals", sa.Integer),  # rental rows of households active on the day
    sa.Column("pledge_signed", sa.Integer),
    sa.Column("inspected", sa.Integer),  # inspected in the 90 days ending on the day
    sa.Column("care_members", sa.Integer),  # active care-group members (``store_day.care_codes``)
    sa.Column("care_unvisited", sa.Integer),  # of them, no visit in the care window
    sa.Column("left_out", sa.Integer),  # active memberships of no group count (DQ12, DQ28)
    #: active households by their active residents: ``size.households`` joined by ","
    sa.Column("household_sizes", sa.Text),
    sqlite_with_rowid=False,
)

#: the texts of the store's long tables (residency, origin, group code, purpose) by number:
#: a row holds 1 byte where the text would take 10–30; 0 is NULL
store_text = sa.Table(
    "store_text",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("text", sa.String(256), nullable=False, unique=True),
)

#: active residents per grid on the day by residency, raw floating origin and elderly flag, in
#: one text a grid-day: ``residency.floating_origin.elderly.residents`` joined by "," (texts by
#: ``store_text`` number, 0: NULL; elderly 0 or 1) — one row instead of a row per count
store_grid_residents = sa.Table(
    "store_grid_residents",
    metadata,
    sa.Column("rid", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("grid_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("counts", sa.Text, nullable=False),
    sqlite_with_rowid=False,
)

#: distinct active members of each special group per grid on the day, in one text a grid-day:
#: ``group_code.members`` joined by "," (the code by ``store_text`` number)
store_grid_groups = sa.Table(
    "store_grid_groups",
    metadata,
    sa.Column("rid", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("grid_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("counts", sa.Text, nullable=False),
    sqlite_with_rowid=False,
)

#: visits dated on the day per grid (the household's) and purpose
store_grid_purposes = sa.Table(
    "store_grid_purposes",
    metadata,
    sa.Column("rid", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("grid_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("purpose", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("visits", sa.Integer, nullable=False),
    sqlite_with_rowid=False,
)

#: a registry-wide check that depends on no day or scope (DQ28, rows pointing at a missing
#: row), as of the last refresh: the overview's line without reading every table
store_check = sa.Table(
    "store_check",
    metadata,
    sa.Column("rid", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("records", sa.Integer, nullable=False),
    sa.Column("sensitive", sa.Integer, nullable=False),
    sa.Column("checked_at", Moment, nullable=False),
)

#: visits dated on the day per worker who made them, and distinct households (any grid)
store_worker_day = sa.Table(
    "store_worker_day",
    metadata,
    sa.Column("rid", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("worker_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("visits", sa.Integer, nullable=False),
    sa.Column("households_visited", sa.Integer, nullable=False),
    sqlite_with_rowid=False,
)

#: the workers who patrolled on the day (any grid): a row is a (worker, day) with a patrol
store_worker_patrols = sa.Table(
    "store_worker_patrols",
    metadata,
    sa.Column("rid", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("worker_id", sa.Integer, primary_key=True, autoincrement=False),
    sqlite_with_rowid=False,
)

#: work logs about the day per worker and the day they were submitted (``date.toordinal()``;
#: 0: a log without a submission time): how many
store_worker_logs = sa.Table(
    "store_worker_logs",
    metadata,
    sa.Column("rid", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("worker_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("submitted", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("logs", sa.Integer, nullable=False),
    sqlite_with_rowid=False,
)

#: active residents per grid by gender and age band on the day, in one text a grid-day:
#: ``gender.band.residents`` joined by "," (gender by ``store_text`` number, 0: NULL) — one
#: row instead of up to 42
store_grid_ages = sa.Table(
    "store_grid_ages",
    metadata,
    sa.Column("rid", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("grid_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("counts", sa.Text, nullable=False),
    sqlite_with_rowid=False,
)

#: arrivals (``registered_on``) and departures (``left_on``) on the day per grid of the
#: residents' household and residency (kind and residency by ``store_text`` number), still active
#: or not; the registry's first stored day also holds every earlier day (``store_day.earlier``:
#: the weekly baselines look back before the first visit)
store_grid_movements = sa.Table(
    "store_grid_movements",
    metadata,
    sa.Column("rid", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("grid_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("kind", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("residency", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("residents", sa.Integer, nullable=False),
    sqlite_with_rowid=False,
)
