"""The daily store holds the workers' patrols and work logs per worker and day (the workers
page read them from the registry on every view). The days built before are marked unbuilt: the
next refresh builds them again with the new inputs (the pages read live meanwhile).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "store_worker_patrols",
        sa.Column("rid", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("worker_id", sa.Integer, primary_key=True, autoincrement=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "store_worker_logs",
        sa.Column("rid", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("worker_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("submitted", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("logs", sa.Integer, nullable=False),
        sqlite_with_rowid=False,
    )
    op.execute("DELETE FROM store_day")


def downgrade() -> None:
    op.drop_table("store_worker_logs")
    op.drop_table("store_worker_patrols")
    op.execute("DELETE FROM store_day")
