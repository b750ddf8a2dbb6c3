"""Documents get their file, personal-data review state and authors; versions keep the hash history.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("file_name", sa.String(255)))
        batch.add_column(sa.Column("media_type", sa.String(100)))
        batch.add_column(sa.Column("pii_types", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("pii_status", sa.String(20), nullable=False, server_default="none"))
        batch.add_column(sa.Column("pii_shown", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("created_by", sa.String(100)))
        batch.add_column(sa.Column("updated_by", sa.String(100)))
        batch.create_index("ix_documents_pii_status", ["pii_status"])
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(64), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False),
        sa.Column("version_no", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(255)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100)),
        sa.UniqueConstraint("doc_id", "version_no", name="uq_versions_doc_version"),
    )
    op.create_index("ix_versions_doc_id", "versions", ["doc_id"])
    op.create_index("ix_versions_content_hash", "versions", ["content_hash"])
    # Documents indexed before this revision get their current hash as version 1.
    op.execute(
        "INSERT INTO versions (doc_id, version_no, content_hash, size, created_at) "
        "SELECT doc_id, 1, content_hash, size, created_at FROM documents"
    )


def downgrade() -> None:
    op.drop_table("versions")
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_pii_status")
        for column in ("updated_by", "created_by", "pii_shown", "pii_status", "pii_types",
                       "media_type", "file_name"):
            batch.drop_column(column)
