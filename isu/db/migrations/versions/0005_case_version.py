"""Who saved a case last, for the optimistic version check (issue #17.4).

``cases.revision`` is the version counter; every write moves it with
``UPDATE … WHERE revision = :expected`` (isu.services.cases). ``updated_by`` names who made
the current revision, so a save that lost the race can say who changed the case and when.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain nullable column: SQLite adds it without rebuilding the table. Rows from before
    # have no author recorded (the message then says "another user").
    op.add_column("cases", sa.Column("updated_by", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("updated_by")
