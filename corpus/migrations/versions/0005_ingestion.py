"""Ingestion (issue 4): OCR repair figures, near-duplicate fingerprint, sidecar hash, and
exact copies of a document kept as aliases.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("oov_before", sa.Float(), nullable=True))
        batch.add_column(sa.Column("oov_after", sa.Float(), nullable=True))
        batch.add_column(sa.Column("fingerprint", sa.Text(), nullable=True))
        batch.add_column(sa.Column("sidecar_hash", sa.String(64), nullable=True))
    op.create_table(
        "document_aliases",
        sa.Column("origin", sa.Text(), primary_key=True),
        sa.Column("doc_id", sa.String(64), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_document_aliases_doc_id", "document_aliases", ["doc_id"])


def downgrade() -> None:
    op.drop_index("ix_document_aliases_doc_id", table_name="document_aliases")
    op.drop_table("document_aliases")
    with op.batch_alter_table("documents") as batch:
        for name in ("sidecar_hash", "fingerprint", "oov_after", "oov_before"):
            batch.drop_column(name)
