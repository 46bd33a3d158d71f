"""The synchronous SQLAlchemy engine: migrations, bulk loading and tests' inspection.

Requests never use it: they run units of work on the driver connections of
``server.db.units``. Both configure SQLite connections the same way (``configure_sqlite``).
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from server.config import Settings

SQLITE_CACHE_KIB = 16 * 1024


def configure_sqlite(connection: Any, settings: Settings, *, busy_timeout_ms: int) -> None:
    """Every SQLite connection: WAL, the configured durability, foreign keys, lock wait."""
    # Transactions are begun explicitly (BEGIN IMMEDIATE for writers), never by the driver.
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA synchronous={settings.sqlite_synchronous}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    # Reads from SQLite's own page cache rather than a read() per page; a process holds
    # few connections, so memory stays bounded (docs/performance.md).
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    # Checkpoint every 10,000 pages of WAL rather than SQLite's 1,000, and cut it back after.
    cursor.execute("PRAGMA wal_autocheckpoint=10000")
    cursor.execute("PRAGMA journal_size_limit=67108864")
    cursor.close()


def is_in_memory(settings: Settings) -> bool:
    return settings.sqlalchemy_url in ("sqlite://", "sqlite:///:memory:")


def create_private_file(settings: Settings) -> None:
    """Create the SQLite file, when it does not exist yet, readable by its owner only
    (0600): it holds password hashes. SQLite gives its WAL and shared-memory files the
    database file's mode, so they are private too. A file that exists is left as it is
    (its owner chose its mode); a missing directory is left for the first connection to
    report (503, ``server.db``)."""
    if is_in_memory(settings) or "mode=memory" in settings.database_url:
        return
    path = settings.sqlalchemy_url.split("///", 1)[-1].split("?", 1)[0]
    if not path:
        return
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return  # it exists, or cannot be made here (reported by the first connection)
    os.close(descriptor)


def build_engine(settings: Settings) -> Engine:
    """The engine for ``settings.database_url`` (psycopg for PostgreSQL)."""
    if settings.is_sqlite:
        create_private_file(settings)
        # One shared connection for an in-memory database (each connection is its own).
        pool: dict[str, Any] = (
            {"poolclass": StaticPool}
            if is_in_memory(settings)
            else {"pool_size": settings.db_pool_size, "max_overflow": 0}
        )
        engine = create_engine(
            settings.sqlalchemy_url,
            connect_args={"check_same_thread": False, "timeout": 30},
            **pool,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
            configure_sqlite(dbapi_connection, settings, busy_timeout_ms=30_000)

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection: Any) -> None:
            # The driver begins nothing itself (``configure_sqlite``): SQLAlchemy does.
            connection.exec_driver_sql("BEGIN")

        return engine
    return create_engine(
        settings.sqlalchemy_url,
        pool_size=2,
        max_overflow=0,
        pool_pre_ping=True,
        pool_timeout=settings.db_connect_timeout_seconds,
        connect_args={"connect_timeout": settings.db_connect_timeout_seconds},
    )
