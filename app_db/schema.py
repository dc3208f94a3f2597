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
