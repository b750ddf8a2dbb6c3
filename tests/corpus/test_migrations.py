"""The catalog schema is made by Alembic: on an empty database and on the foundation's schema."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect

from corpus.catalog import Catalog
from corpus.database import alembic_config, current_revision, head_revision
from tests.conftest import FIXTURES

FOUNDATION_SQL = (FIXTURES / "foundation_catalog.sql").read_text()
TABLES = {"documents", "versions", "api_keys", "audit_log", "document_aliases", "alembic_version"}


def _shape(url: str, table: str) -> tuple[dict, set, set, list]:
    inspector = inspect(create_engine(url))
    columns = {c["name"]: (str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)}
    indexes = {(i["name"], tuple(i["column_names"])) for i in inspector.get_indexes(table)}
    unique = {tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)}
    return columns, indexes, unique, inspector.get_pk_constraint(table)["constrained_columns"]


def _foundation_db(path: Path) -> str:
    """A catalog exactly as the foundation's create_all left it, with one document."""
    with sqlite3.connect(path) as db:
        db.executescript(FOUNDATION_SQL)
        db.execute("INSERT INTO documents VALUES ('d1', 'Lokalgrupper i Faxe', 'Faxe', 'strategi', '2021-05-04', "
                   "NULL, 'da', 'faxe.md', '/srv/docs/faxe.md', 'abc123', 812, 3, 'published', "
                   "'2024-03-01 10:00:00', '2024-03-01 10:00:00')")
    return f"sqlite:///{path}"


def test_migrations_build_every_table_on_an_empty_database(tmp_path):
    catalog = Catalog(f"sqlite:///{tmp_path / 'new.sqlite'}")
    assert set(inspect(catalog.engine).get_table_names()) == TABLES
    assert current_revision(catalog.engine) == head_revision() == "0005"
    catalog.close()


def test_revision_0001_is_the_foundation_schema(tmp_path):
    migrated, foundation = f"sqlite:///{tmp_path / 'm.sqlite'}", _foundation_db(tmp_path / "f.sqlite")
    engine = create_engine(migrated)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
    assert _shape(migrated, "documents") == _shape(foundation, "documents")


def test_foundation_catalog_is_adopted_and_upgraded_keeping_its_documents(tmp_path):
    catalog = Catalog(_foundation_db(tmp_path / "old.sqlite"))
    row = catalog.require("d1")
    assert (row.title, row.kommune, row.status, row.chunk_count) == ("Lokalgrupper i Faxe", "Faxe", "published", 3)
    assert (row.pii_status, row.pii_types, row.pii_shown, row.file_name) == ("none", [], [], None)
    assert [(v.version_no, v.content_hash, v.size) for v in catalog.versions("d1")] == [(1, "abc123", 812)]
    assert current_revision(catalog.engine) == head_revision()
    catalog.close()


def test_reopening_a_migrated_catalog_changes_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    Catalog(url).close()
    before = _shape(url, "documents")
    Catalog(url).close()
    assert _shape(url, "documents") == before and current_revision(create_engine(url)) == head_revision()


def test_migrations_downgrade_to_the_foundation_and_up_again(tmp_path):
    url = _foundation_db(tmp_path / "round.sqlite")
    Catalog(url).close()
    engine = create_engine(url)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0001")
    assert set(inspect(engine).get_table_names()) == {"documents", "alembic_version"}
    assert Catalog(url).require("d1").title == "Lokalgrupper i Faxe"


@pytest.mark.postgres
def test_catalog_migrates_and_works_on_postgresql():
    url = os.environ.get("POSTGRES_URL")
    if not url:
        pytest.skip("set POSTGRES_URL (e.g. postgresql+psycopg://user:pw@localhost/vidensbank_test)")
    engine = create_engine(url)
    with engine.begin() as connection:
        for table in ("audit_log", "api_keys", "versions", "documents", "alembic_version"):
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {table} CASCADE")
    catalog = Catalog(url)
    key = catalog.keys.create(name="pg", role="curator")
    assert catalog.keys.verify(key.key).name == "pg"
    assert current_revision(catalog.engine) == head_revision()
    catalog.close()
