"""The catalog schema is made by Alembic: on an empty database and on the foundation's schema."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from corpus.catalog import Catalog
from corpus.database import alembic_config, current_revision, head_revision
from tests.conftest import FIXTURES

pytestmark = pytest.mark.catalog

FOUNDATION_SQL = (FIXTURES / "foundation_catalog.sql").read_text()
TABLES = {"documents", "versions", "api_keys", "audit_log", "document_aliases", "jobs", "job_files", "alembic_version"}


def _shape(url: str, table: str) -> tuple[dict, set, set, list]:
    engine = create_engine(url)
    inspector = inspect(engine)
    columns = {c["name"]: (str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)}
    indexes = {(i["name"], tuple(i["column_names"])) for i in inspector.get_indexes(table)}
    unique = {tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)}
    shape = columns, indexes, unique, inspector.get_pk_constraint(table)["constrained_columns"]
    engine.dispose()
    return shape


def _foundation_db(url: str) -> str:
    """A catalog exactly as the foundation's create_all left it, with one document."""
    engine = create_engine(url)
    script = FOUNDATION_SQL
    if engine.dialect.name == "postgresql":  # what create_all made of DateTime(timezone=True) there
        script = script.replace("DATETIME", "TIMESTAMP WITH TIME ZONE")
    body = "\n".join(line for line in script.splitlines() if not line.startswith("--"))
    with engine.begin() as connection:
        for statement in filter(str.strip, body.split(";")):
            connection.execute(text(statement))
        connection.execute(text(
            "INSERT INTO documents VALUES ('d1', 'Lokalgrupper i Faxe', 'Faxe', 'strategi', '2021-05-04', "
            "NULL, 'da', 'faxe.md', '/srv/docs/faxe.md', 'abc123', 812, 3, 'published', "
            "'2024-03-01 10:00:00', '2024-03-01 10:00:00')"))
    engine.dispose()
    return url


def test_migrations_build_every_table_on_an_empty_database(catalog_url):
    catalog = Catalog(catalog_url)
    assert set(inspect(catalog.engine).get_table_names()) == TABLES
    assert current_revision(catalog.engine) == head_revision() == "0008"
    catalog.close()


def test_revision_0001_is_the_foundation_schema(catalog_url, new_catalog_url, tmp_path):
    migrated, foundation = catalog_url, _foundation_db(new_catalog_url() or f"sqlite:///{tmp_path / 'f.sqlite'}")
    engine = create_engine(migrated)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
    engine.dispose()
    assert _shape(migrated, "documents") == _shape(foundation, "documents")


def test_foundation_catalog_is_adopted_and_upgraded_keeping_its_documents(catalog_url):
    catalog = Catalog(_foundation_db(catalog_url))
    row = catalog.require("d1")
    assert (row.title, row.kommune, row.status, row.chunk_count) == ("Lokalgrupper i Faxe", "Faxe", "published", 3)
    assert (row.pii_status, row.pii_types, row.pii_shown, row.file_name) == ("none", [], [], None)
    # Revision 0008: everything indexed before is public, and a published document has a publication date.
    assert row.visibility == "public" and row.published_at is not None
    assert [(v.version_no, v.content_hash, v.size) for v in catalog.versions("d1")] == [(1, "abc123", 812)]
    assert current_revision(catalog.engine) == head_revision()
    catalog.close()


def test_reopening_a_migrated_catalog_changes_nothing(catalog_url):
    url = catalog_url
    Catalog(url).close()
    before = _shape(url, "documents")
    Catalog(url).close()
    assert _shape(url, "documents") == before and current_revision(create_engine(url)) == head_revision()


def test_migrations_downgrade_to_the_foundation_and_up_again(catalog_url):
    url = _foundation_db(catalog_url)
    Catalog(url).close()
    engine = create_engine(url)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0001")
    assert set(inspect(engine).get_table_names()) == {"documents", "alembic_version"}
    engine.dispose()
    catalog = Catalog(url)
    assert catalog.require("d1").title == "Lokalgrupper i Faxe"
    assert current_revision(catalog.engine) == head_revision()
    catalog.close()


def test_every_revision_downgrades_and_upgrades_one_step_at_a_time(catalog_url):
    """Each migration's downgrade undoes its upgrade exactly, on this backend."""
    engine = create_engine(catalog_url)
    revisions = [r.revision for r in reversed(list(_script().walk_revisions()))]
    shapes = {}
    for revision in revisions:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), revision)
        shapes[revision] = _tables(engine)
    for revision, below in zip(reversed(revisions), reversed([None, *revisions[:-1]])):
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), below or "base")
        if below:
            assert _tables(engine) == shapes[below], f"downgrade {revision} -> {below}"
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def _script():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def _tables(engine) -> dict:
    inspector = inspect(engine)
    return {t: sorted(c["name"] for c in inspector.get_columns(t)) for t in inspector.get_table_names()}
