"""A provider's sign-in starts at most one dashboard session.

Single sign-on is bound to a dashboard session like a password's (idle timeout, sign-out). The
session keeps the SHA-256 of the provider's sign-in (its ID token's issuer, subject, issue time
and nonce); a unique index makes sure the same sign-in, still in Streamlit's 30-day identity
cookie, cannot start a second session once the first has ended.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_session") as table:
        table.add_column(sa.Column("sso_sign_in_hash", sa.String(64)))
        table.create_index("ix_session_sso_sign_in", ["sso_sign_in_hash"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("app_session") as table:
        table.drop_index("ix_session_sso_sign_in")
        table.drop_column("sso_sign_in_hash")
