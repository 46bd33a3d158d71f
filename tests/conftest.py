"""Fixtures shared by the suite: a fresh database per test on each engine, the app on
it, and an HTTP client. Tests that take ``database_url`` run once per engine."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from server.config import Settings
from server.main import create_app
from tests.support.databases import (
    SECRET_KEY,
    PostgresDatabase,
    SqliteTemplate,
    fast_settings,
    require_postgres,
    session_postgres,
)

ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[PostgresDatabase]:
    require_postgres()
    yield from session_postgres()


@pytest.fixture(params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def database_url(engine_name: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database of the engine under test."""
    if engine_name == "sqlite":
        template: SqliteTemplate = request.getfixturevalue("sqlite_template")
        return template.fresh(tmp_path)
    database: PostgresDatabase = request.getfixturevalue("postgres_database")
    return database.empty()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return fast_settings(database_url)


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    application = create_app(settings, secret_key=SECRET_KEY)
    yield application
    application.state.storefront.db.engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


def pytest_report_header() -> str:
    required = os.environ.get("STOREFRONT_REQUIRE_POSTGRES") == "1"
    return f"storefront: PostgreSQL tests {'required' if required else 'skipped when unreachable'}"
