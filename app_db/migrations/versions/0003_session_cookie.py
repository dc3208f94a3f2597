"""A session survives a page reload: the browser keeps an HttpOnly cookie (``auth.web``).

After a sign-in the page hands the browser a one-time ticket (stored here as its SHA-256, valid
for a minute); the ticket is exchanged once for the cookie, whose SHA-256 is stored too. Neither
value itself is ever stored.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_session") as table:
        table.add_column(sa.Column("ticket_hash", sa.String(64)))
        table.add_column(sa.Column("ticket_until", sa.DateTime(timezone=False)))
        table.add_column(sa.Column("cookie_hash", sa.String(64)))
        table.create_index("ix_session_ticket", ["ticket_hash"], unique=True)
        table.create_index("ix_session_cookie", ["cookie_hash"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("app_session") as table:
        table.drop_index("ix_session_cookie")
        table.drop_index("ix_session_ticket")
        table.drop_column("cookie_hash")
        table.drop_column("ticket_until")
        table.drop_column("ticket_hash")
