"""Initial schema: settings, users, forms, cases, answers, audit log.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "forms",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("form_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title_sv", sa.String(200), nullable=False),
        sa.Column("title_en", sa.String(200), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("published_at", sa.String(32), nullable=False),
        sa.Column("published_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.UniqueConstraint("form_id", "version", name="uq_forms_id_version"),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_number", sa.String(64), nullable=False, unique=True),
        sa.Column("form_id", sa.String(64), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("coordinator_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("unit", sa.String(200), nullable=False),
        sa.Column("municipality", sa.String(8), nullable=False),
        sa.Column("referral_date", sa.String(10), nullable=True),
        sa.Column("start_date", sa.String(10), nullable=True),
        sa.Column("closure_date", sa.String(10), nullable=True),
        sa.Column("closure_reason", sa.String(64), nullable=True),
        sa.Column("gender", sa.String(64), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("age_band", sa.String(32), nullable=True),
        sa.Column("phases_complete", sa.String(64), nullable=False),
        sa.Column("warnings", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
    )
    for name, column in [
        ("ix_cases_status", "status"),
        ("ix_cases_coordinator", "coordinator_id"),
        ("ix_cases_start", "start_date"),
        ("ix_cases_closure", "closure_date"),
        ("ix_cases_referral", "referral_date"),
        ("ix_cases_updated", "updated_at"),
    ]:
        op.create_index(name, "cases", [column])
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "case_id", sa.Integer(), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("instance", sa.Integer(), nullable=False),
        sa.Column("repeat", sa.String(64), nullable=True),
        sa.Column("value_text", sa.Text(), nullable=True),
        sa.Column("value_num", sa.Float(), nullable=True),
        sa.Column("missing", sa.String(32), nullable=True),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("case_id", "code", "instance", name="uq_answers_case_code_instance"),
    )
    op.create_index("ix_answers_code", "answers", ["code"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ts", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("target", sa.String(200), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    for table in ("audit_log", "answers", "cases", "forms", "users", "settings"):
        op.drop_table(table)
