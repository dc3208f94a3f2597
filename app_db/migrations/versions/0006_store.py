"""The daily-figures store: per grid and per worker, the inputs the figures of each day are made
from (``store``), refreshed from the registry; never the registry itself.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

Moment = sa.DateTime(timezone=False)


def upgrade() -> None:
    op.create_table(
        "store_registry",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(512), nullable=False, unique=True),
        sa.Column("created_at", Moment, nullable=False),
    )
    op.create_table(
        "store_day",
        sa.Column("rid", sa.Integer, sa.ForeignKey("store_registry.id"), primary_key=True),
        sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("built_at", Moment, nullable=False),
    )
    op.create_table(
        "store_run",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("rid", sa.Integer, sa.ForeignKey("store_registry.id"), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),  # full | refresh
        sa.Column("started_at", Moment, nullable=False),
        sa.Column("finished_at", Moment),
        sa.Column("days", sa.Integer, nullable=False, server_default="0"),
        sa.Column("status", sa.String(16), nullable=False),  # running | done | failed
        sa.Column("message", sa.Text),
    )
    op.create_table(
        "store_grid_day",
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
        sqlite_with_rowid=False,
    )
    op.create_table(
        "store_text",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("text", sa.String(256), nullable=False, unique=True),
    )
    op.create_table(
        "store_grid_residents",
        sa.Column("rid", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("grid_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("residency", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("floating_origin", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("elderly", sa.Boolean, primary_key=True, autoincrement=False),
        sa.Column("residents", sa.Integer, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "store_grid_groups",
        sa.Column("rid", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("grid_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("group_code", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("members", sa.Integer, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "store_grid_purposes",
        sa.Column("rid", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("grid_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("purpose", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("visits", sa.Integer, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "store_check",
        sa.Column("rid", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("code", sa.String(16), primary_key=True),
        sa.Column("records", sa.Integer, nullable=False),
        sa.Column("sensitive", sa.Integer, nullable=False),
        sa.Column("checked_at", Moment, nullable=False),
    )
    op.create_table(
        "store_worker_day",
        sa.Column("rid", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("worker_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("visits", sa.Integer, nullable=False),
        sa.Column("households_visited", sa.Integer, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_store_run_rid", "store_run", ["rid", "started_at"])


def downgrade() -> None:
    op.drop_table("store_worker_day")
    op.drop_table("store_check")
    op.drop_table("store_grid_purposes")
    op.drop_table("store_grid_groups")
    op.drop_table("store_grid_residents")
    op.drop_table("store_text")
    op.drop_table("store_grid_day")
    op.drop_table("store_run")
    op.drop_table("store_day")
    op.drop_table("store_registry")
