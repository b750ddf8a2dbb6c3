"""The foundation's catalog: one documents table (what create_all made before migrations).

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("doc_id", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kommune", sa.String(100)),
        sa.Column("kind", sa.String(50)),
        sa.Column("date", sa.String(10)),
        sa.Column("url", sa.Text()),
        sa.Column("language", sa.String(10)),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False, unique=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("chunk_count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    for column in ("content_hash", "kind", "kommune", "status"):
        op.create_index(f"ix_documents_{column}", "documents", [column])


def downgrade() -> None:
    op.drop_table("documents")
