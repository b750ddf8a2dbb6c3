"""Alembic environment: runs on the connection corpus.database hands over (no alembic.ini)."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through corpus.database.migrate(engine).")

# Batch mode lets SQLite alter tables by copying them; PostgreSQL alters in place.
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
