"""Alembic's environment: always given a connection by ``app_db.engine`` (no alembic.ini)."""

from alembic import context

from app_db.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
