"""The daily store keeps a grid-day's resident counts and special-group counts in one packed
text, as ``store_grid_ages`` does: one row instead of a row per count (on PostgreSQL a row's
header and its key's index entry cost more than its few numbers). Their old rows cannot be
carried over by a migration that stays simple and exact, so the two tables are made again empty
and every day is marked unbuilt: the next refresh builds them again (the pages read live
meanwhile).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

KEY = ("rid", "day", "grid_id")


def _key() -> list[sa.Column]:
    return [sa.Column(name, sa.Integer, primary_key=True, autoincrement=False) for name in KEY]


def upgrade() -> None:
    for name in ("store_grid_residents", "store_grid_groups"):
        op.drop_table(name)
        op.create_table(
            name, *_key(), sa.Column("counts", sa.Text, nullable=False), sqlite_with_rowid=False
        )
    op.execute("DELETE FROM store_day")


def downgrade() -> None:
    op.drop_table("store_grid_residents")
    op.drop_table("store_grid_groups")
    op.create_table(
        "store_grid_residents",
        *_key(),
        sa.Column("residency", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("floating_origin", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("elderly", sa.Boolean, primary_key=True, autoincrement=False),
        sa.Column("residents", sa.Integer, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "store_grid_groups",
        *_key(),
        sa.Column("group_code", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("members", sa.Integer, nullable=False),
        sqlite_with_rowid=False,
    )
    op.execute("DELETE FROM store_day")
