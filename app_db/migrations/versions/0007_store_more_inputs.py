"""The daily store holds more of each day's inputs: ages by band and household sizes per grid,
arrivals and departures per grid and day, the care gap and the memberships no group count holds
per grid. The days built
before are marked unbuilt: the next refresh builds them again with the new inputs (the pages
read live meanwhile).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

GRID_DAY_COLUMNS = ("care_members", "care_unvisited", "left_out")
GRID_DAY_TEXTS = ("household_sizes",)


def upgrade() -> None:
    with op.batch_alter_table("store_grid_day") as batch:
        for name in GRID_DAY_COLUMNS:
            batch.add_column(sa.Column(name, sa.Integer))
        for name in GRID_DAY_TEXTS:
            batch.add_column(sa.Column(name, sa.Text))
    with op.batch_alter_table("store_day") as batch:
        batch.add_column(sa.Column("care_codes", sa.Integer))
        batch.add_column(sa.Column("earlier", sa.Boolean))
    op.create_table(
        "store_grid_ages",
        sa.Column("rid", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("grid_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("counts", sa.Text, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "store_grid_movements",
        sa.Column("rid", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("day", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("grid_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("residency", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("residents", sa.Integer, nullable=False),
        sqlite_with_rowid=False,
    )
    op.execute("DELETE FROM store_day")


def downgrade() -> None:
    op.drop_table("store_grid_movements")
    op.drop_table("store_grid_ages")
    with op.batch_alter_table("store_day") as batch:
        batch.drop_column("earlier")
        batch.drop_column("care_codes")
    with op.batch_alter_table("store_grid_day") as batch:
        for name in GRID_DAY_COLUMNS + GRID_DAY_TEXTS:
            batch.drop_column(name)
    op.execute("DELETE FROM store_day")
