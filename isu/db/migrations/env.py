"""Alembic environment, configured in code: the caller passes an open connection."""

from alembic import context

from isu.db.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
