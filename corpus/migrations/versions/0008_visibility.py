"""Visibility (issue 13): who may see a document (public, signed-in, kommune), and when it was
published, for the feed of new documents.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("visibility", sa.String(20), nullable=False, server_default="public"))
        batch.add_column(sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_documents_visibility", ["visibility"])
        batch.create_index("ix_documents_published_at", ["published_at"])
    # Documents published before this revision: their last change is the best date we have.
    op.execute("UPDATE documents SET published_at = updated_at WHERE status = 'published'")


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_published_at")
        batch.drop_index("ix_documents_visibility")
        batch.drop_column("published_at")
        batch.drop_column("visibility")
