"""The app database's tables (SQLAlchemy Core). Changing one means a new migration in
``app_db/migrations/versions``; a test checks the migrations build exactly these tables."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

#: a moment is stored as UTC without a zone (the same on SQLite and PostgreSQL)
Moment = sa.DateTime(timezone=False)

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
