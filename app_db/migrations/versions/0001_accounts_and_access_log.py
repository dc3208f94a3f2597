"""Accounts, grants, sign-in attempts, sessions and the access log.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Moment = sa.DateTime(timezone=False)


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("login", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(128), nullable=False),
        sa.Column("email", sa.String(254), unique=True),
        sa.Column("oidc_subject", sa.String(512), unique=True),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("is_chair", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("worker_id", sa.Integer),
        sa.Column("password_hash", sa.String(256)),
        sa.Column("must_change_password", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("demo", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("updated_at", Moment, nullable=False),
        sa.Column("password_changed_at", Moment),
    )
    op.create_table(
        "user_grant",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("app_user.id"), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("code", sa.String(64), primary_key=True),
        sa.CheckConstraint("kind IN ('township', 'community', 'grid')", name="grant_kind"),
    )
    op.create_table(
        "sign_in_attempt",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("login", sa.String(64), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("at", Moment, nullable=False),
        sa.Column("succeeded", sa.Boolean, nullable=False),
    )
    op.create_index("ix_attempt_login_at", "sign_in_attempt", ["login", "at"])
    op.create_index("ix_attempt_client_at", "sign_in_attempt", ["client", "at"])
    op.create_table(
        "app_session",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("started_at", Moment, nullable=False),
        sa.Column("last_seen_at", Moment, nullable=False),
        sa.Column("ended_at", Moment),
        sa.Column("end_reason", sa.String(16)),
    )
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", Moment, nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("login", sa.String(64)),
        sa.Column("role", sa.String(32)),
        sa.Column("client", sa.String(64)),
        sa.Column("page", sa.String(64)),
        sa.Column("scope", sa.Text),
        sa.Column("communities", sa.Text),
        sa.Column("filters", sa.Text),
        sa.Column("rows", sa.Integer),
        sa.Column("reason", sa.Text),
        sa.Column("detail", sa.Text),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_log_at", "access_log", ["at"])
    op.create_index("ix_log_login", "access_log", ["login"])


def downgrade() -> None:
    op.drop_table("access_log")
    op.drop_table("app_session")
    op.drop_table("sign_in_attempt")
    op.drop_table("user_grant")
    op.drop_table("app_user")
