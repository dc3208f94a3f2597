"""The committee's scoring: the rubric's versions, the month's sheets and their scores.

A sheet is one community's month in one version: a draft the committee scores, signed by the
chair, confirmed by a second member (then locked); a correction reopens it as the next version,
the signed one kept as it was. What changed, by whom and why is in the access log.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

Moment = sa.DateTime(timezone=False)


def upgrade() -> None:
    op.create_table(
        "rubric_version",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", Moment, nullable=False),
    )
    op.create_table(
        "score_sheet",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("community_code", sa.String(64), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column(
            "rubric_version",
            sa.Integer,
            sa.ForeignKey("rubric_version.version"),
            nullable=False,
        ),
        sa.Column("opened_by", sa.String(64), nullable=False),
        sa.Column("opened_at", Moment, nullable=False),
        sa.Column("reopen_reason", sa.Text),
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
    op.create_table(
        "score_entry",
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


def downgrade() -> None:
    op.drop_table("score_entry")
    op.drop_table("score_sheet")
    op.drop_table("rubric_version")
