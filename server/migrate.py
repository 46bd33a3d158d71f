"""Bring a database to the latest Alembic revision, or tell whether it is there."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(slug)s")
    return config


# Any fixed number: the PostgreSQL advisory lock that migrations of this schema take.
MIGRATION_LOCK_ID = 0x5F0E_0001


def upgrade(engine: Engine) -> None:
    """Bring the database to head. On PostgreSQL, servers started together (several
    machines, each running ``storefront serve``) take turns: the first migrates, the
    others then find the database at head."""
    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def pending(engine: Engine) -> tuple[str | None, str]:
    """(current revision, head revision) of the database behind ``engine``."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head or ""


def is_known(revision: str) -> bool:
    """Whether this code has ``revision`` (a database migrated by newer code has not)."""
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:  # alembic raises its own errors for an unknown or malformed id
        return False
