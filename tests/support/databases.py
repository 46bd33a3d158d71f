"""Test databases: a migrated SQLite template copied per test, and one PostgreSQL
database per test session, emptied between tests.

PostgreSQL tests skip with a reason when no server answers at
``STOREFRONT_TEST_POSTGRES_URL`` (default: the local one); with
``STOREFRONT_REQUIRE_POSTGRES=1`` (CI) they fail instead.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text

from server import migrate
from server.config import Settings
from server.db import build_engine

ADMIN_URL = os.environ.get(
    "STOREFRONT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REQUIRE_POSTGRES = os.environ.get("STOREFRONT_REQUIRE_POSTGRES") == "1"
SECRET_KEY = "test-secret-key-" + "s" * 32
TEST_CONNECT_TIMEOUT_SECONDS = 15
TABLES = (
    "client_attempts",
    "idempotency_keys",
    "login_failures",
    "refresh_families",
    "item_tags",
    "items",
    "users",
)


def fast_settings(database_url: str, **overrides: object) -> Settings:
    """Settings for tests: real Argon2 with small work factors, a fixed key."""
    values: dict[str, object] = {
        "database_url": database_url,
        "secret_key": SECRET_KEY,
        "argon2_time_cost": 1,
        "argon2_memory_cost_kib": 1024,
        # A loaded two-core CI machine once took over the default 3 s to open a loopback
        # connection (a 503 in a scenario that is not about outages). Tests about outages
        # set their own, shorter timeout.
        "db_connect_timeout_seconds": TEST_CONNECT_TIMEOUT_SECONDS,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


def postgres_available() -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        with psycopg.connect(ADMIN_URL, connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as exc:
        return f"PostgreSQL is not reachable at {ADMIN_URL}: {exc}".strip()
    return None


def require_postgres() -> None:
    reason = postgres_available()
    if reason is None:
        return
    if REQUIRE_POSTGRES:
        pytest.fail(f"{reason} (STOREFRONT_REQUIRE_POSTGRES=1 makes this a failure)")
    pytest.skip(f"{reason}; start it or set STOREFRONT_TEST_POSTGRES_URL")


class SqliteTemplate:
    """A migrated database file, copied for each test (migrating once is the slow part)."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / "template.sqlite"
        engine = build_engine(fast_settings(f"sqlite:///{self.path}"))
        migrate.upgrade(engine)
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()

    def fresh(self, directory: Path) -> str:
        target = directory / "storefront.sqlite"
        shutil.copyfile(self.path, target)
        return f"sqlite:///{target}"


class PostgresDatabase:
    """A database of its own for this test session, dropped at the end."""

    def __init__(self) -> None:
        self.name = f"storefront_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.name}"')
        base = ADMIN_URL.rsplit("/", 1)[0]
        self.url = f"{base}/{self.name}"
        engine = build_engine(fast_settings(self.url))
        migrate.upgrade(engine)
        engine.dispose()

    def empty(self) -> str:
        engine = create_engine(fast_settings(self.url).sqlalchemy_url)
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
        engine.dispose()
        return self.url

    def drop(self) -> None:
        with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def session_postgres() -> Iterator[PostgresDatabase]:
    database = PostgresDatabase()
    try:
        yield database
    finally:
        database.drop()
