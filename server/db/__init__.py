"""Database plumbing shared by every domain: tables' base, statements, units of work.

A domain's repository declares its statements (``Statement``) and runs them on the
``Connection`` a unit of work gets; services run units with ``Database.read`` and
``Database.write``. One way per engine: SQLite on the event loop's thread with group
commit (``server.db.sqlite``), PostgreSQL over asyncpg (``server.db.postgres``).
Migrations and bulk loading use the synchronous engine (``Database.engine``).
"""

from __future__ import annotations

from typing import TypeVar

from server.config import Settings
from server.db.base import Base, UTCDateTime, utcnow
from server.db.connection import Connection, Row, Unit
from server.db.engine import build_engine, configure_sqlite, is_in_memory
from server.db.errors import DatabaseUnavailable, UniqueViolation
from server.db.postgres import PostgresUnits
from server.db.sqlite import SqliteUnits
from server.db.statements import (
    Batch,
    Dialect,
    Statement,
    bind_json,
    bind_time,
    read_json,
    read_time,
)

__all__ = [
    "Base",
    "Batch",
    "Connection",
    "Database",
    "DatabaseUnavailable",
    "Dialect",
    "Row",
    "Statement",
    "UTCDateTime",
    "UniqueViolation",
    "Unit",
    "bind_json",
    "bind_time",
    "build_engine",
    "read_json",
    "read_time",
    "utcnow",
]

T = TypeVar("T")


class Database:
    """One application's database: units of work for requests, an engine for the rest."""

    def __init__(self, settings: Settings) -> None:
        self.engine = build_engine(settings)
        self.dialect: Dialect = "sqlite" if settings.is_sqlite else "postgresql"
        self._units: SqliteUnits | PostgresUnits
        if settings.is_sqlite:
            self._units = SqliteUnits(
                self.engine,
                lambda raw, busy_ms: configure_sqlite(raw, settings, busy_timeout_ms=busy_ms),
                in_memory=is_in_memory(settings),
            )
        else:
            self._units = PostgresUnits(
                self.engine.url,
                pool_size=settings.db_pool_size,
                connect_timeout=settings.db_connect_timeout_seconds,
            )

    async def read(self, unit: Unit[T]) -> T:
        """``unit``'s result; its statements see committed data (autocommit)."""
        return await self._units.read(unit)

    async def write(self, unit: Unit[T], *, single_statement: bool = False) -> T:
        """``unit``'s result once its transaction has committed; its error rolls it back.

        ``single_statement``: the unit writes with one statement, atomic by itself, and
        its other statements (if any) only read. PostgreSQL then runs it without
        ``BEGIN`` and ``COMMIT``, a round trip each (the statement commits on its own
        before it answers); SQLite's group commit takes it as any other write.
        """
        if single_statement and isinstance(self._units, PostgresUnits):
            return await self._units.write(unit, transaction=False)
        return await self._units.write(unit)

    def pool_stats(self) -> tuple[int, int]:
        """Connections in use and units of work waiting for one (the metrics read it)."""
        return self._units.pool_stats()

    def write_blocking(self, unit: Unit[T]) -> T:
        """``write`` from code outside the event loop (the CLI, tests' setup)."""
        return self._units.write_blocking(unit)

    async def aclose(self) -> None:
        """Close what the running event loop opened (application shutdown)."""
        await self._units.aclose()

    def dispose(self) -> None:
        self.engine.dispose()
