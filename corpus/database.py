"""The catalog database: engine, transactions and Alembic migrations run at start-up.

The migrations ship inside the package (corpus/migrations), so an installed copy upgrades
its own database: every open runs ``alembic upgrade head``. A database made by the
foundation's ``create_all`` (no alembic_version table) is stamped as revision 0001 first.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, inspect, make_url
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from indexer.errors import CatalogUnavailable

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
FOUNDATION_REVISION = "0001"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the CLI read the catalog while the server writes it.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at the packaged migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration revision."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None when it was never migrated)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; adopt a foundation database first."""
    with engine.begin() as connection:
        config = alembic_config(connection)
        tables = set(inspect(connection).get_table_names())
        if "documents" in tables and "alembic_version" not in tables:
            log.info("adopting a catalog made before migrations as revision %s", FOUNDATION_REVISION)
            command.stamp(config, FOUNDATION_REVISION)
        command.upgrade(config, "head")


def _shown(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except SQLAlchemyError:
        return "(invalid URL)"


class Database:
    """One SQL database (SQLite file or PostgreSQL) with short transactions."""

    def __init__(self, url: str) -> None:
        try:
            if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
                Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(url, future=True)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            migrate(self.engine)
        except (ImportError, OSError, SQLAlchemyError) as exc:
            raise CatalogUnavailable(f"Katalogdatabasen {_shown(url)} kan ikke åbnes: {type(exc).__name__}: "
                                     f"{str(exc).splitlines()[0]}") from None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()
