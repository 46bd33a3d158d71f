"""Engine, sessions and the declarative base shared by every domain's tables."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, sessionmaker
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator

from server.config import Settings
from server.direct import Direct

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Execution option that makes a SQLite transaction take the write lock when it begins.
WRITE_OPTION = "storefront_write"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every engine (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


SQLITE_CACHE_KIB = 16 * 1024


def configure_sqlite(dbapi_connection: Any, settings: Settings, *, busy_timeout_ms: int) -> None:
    """Every SQLite connection: WAL, the configured durability, foreign keys, lock wait."""
    # Let SQLAlchemy's "begin" event (or the caller), not the driver, start transactions.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA synchronous={settings.sqlite_synchronous}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    # Reads from SQLite's own page cache, not a read() per page: 16 MiB per connection
    # (the default is 2 MiB; a process holds few connections, so memory stays bounded).
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    # Checkpoint every ~40 MiB of WAL instead of ~4 MiB: hot index pages are copied
    # back once per many commits (create: -11% CPU), and the WAL file is cut back after.
    cursor.execute("PRAGMA wal_autocheckpoint=10000")
    cursor.execute("PRAGMA journal_size_limit=67108864")
    cursor.close()


def build_engine(settings: Settings) -> Engine:
    """Create the engine for ``settings.database_url`` with durable, portable defaults."""
    if settings.is_sqlite:
        in_memory = settings.sqlalchemy_url in ("sqlite://", "sqlite:///:memory:")
        # One shared connection for an in-memory database (each connection is its own).
        pool: dict[str, Any] = (
            {"poolclass": StaticPool}
            if in_memory
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
            # Writers take the lock up front, so two writers queue instead of one of them
            # failing with SQLITE_BUSY when it upgrades a read snapshot.
            immediate = connection.get_execution_options().get(WRITE_OPTION, False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return create_engine(
        settings.sqlalchemy_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_pool_size,
        pool_pre_ping=True,
        pool_timeout=settings.db_connect_timeout_seconds,
        connect_args={"connect_timeout": settings.db_connect_timeout_seconds},
    )


class Database:
    """The engine, the two session factories (read, and write-locking) and the direct
    statements (``server.direct``) of one app."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.direct = Direct(
            engine,
            lambda connection, busy_timeout_ms: configure_sqlite(
                connection, settings, busy_timeout_ms=busy_timeout_ms
            ),
            pool_size=settings.db_pool_size,
            connect_timeout=settings.db_connect_timeout_seconds,
        )
        self.read_sessions = sessionmaker(engine, expire_on_commit=False)
        self.write_sessions = sessionmaker(
            engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )
