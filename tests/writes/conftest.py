"""Fixtures for the write-semantics tests: real ``storefront serve`` processes on a
fresh database of each engine, and helpers to talk to them over HTTP."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import httpx
import pytest
from sqlalchemy import Engine

from server.db import build_engine
from tests.conftest import ENGINES
from tests.support.databases import PostgresDatabase, SqliteTemplate, fast_settings
from tests.support.live import LiveServer

T = TypeVar("T")

# Built once: every new httpx.Client otherwise spends ~25 ms of CPU on its own.
_TLS = httpx.create_ssl_context()


def loopback_client(base_url: str, *, timeout: float = 30) -> httpx.Client:
    """An HTTP client for a server on this machine, cheap to create."""
    return httpx.Client(base_url=base_url, timeout=timeout, verify=_TLS)


def fresh_database(engine: str, request: pytest.FixtureRequest, directory: Path) -> str:
    """A migrated, empty database of ``engine`` (the session's PostgreSQL database, emptied)."""
    if engine == "sqlite":
        template: SqliteTemplate = request.getfixturevalue("sqlite_template")
        return template.fresh(directory)
    database: PostgresDatabase = request.getfixturevalue("postgres_database")
    return database.empty()


@pytest.fixture(scope="module", params=ENGINES)
def live_engine(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture(scope="module")
def live_database_url(
    live_engine: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str:
    return fresh_database(live_engine, request, tmp_path_factory.mktemp(f"live-{live_engine}"))


@pytest.fixture(scope="module")
def live_server(
    live_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """Two server processes (uvicorn workers) on one database, for the whole module."""
    log = tmp_path_factory.mktemp("live-log") / "serve.log"
    with LiveServer(live_database_url, workers=2, log=log) as server:
        yield server


@pytest.fixture(scope="module")
def database(live_database_url: str) -> Iterator[Engine]:
    """A direct connection to the live server's database, to count rows."""
    engine = build_engine(fast_settings(live_database_url))
    yield engine
    engine.dispose()


_counter = iter(range(1, 1_000_000))


def token_for(base_url: str) -> str:
    """Register a new user on the server at ``base_url`` and log in."""
    email = f"writer{next(_counter)}-{threading.get_ident()}@example.com"
    password = "correct-horse-battery-9"
    with loopback_client(base_url) as http:
        created = http.post("/v1/users", json={"email": email, "password": password})
        assert created.status_code == 201, created.text
        login = http.post("/v1/auth/token", data={"username": email, "password": password})
        assert login.status_code == 200, login.text
        token: str = login.json()["access_token"]
        return token


def all_at_once(count: int, call: Callable[[httpx.Client, int], T], *, base_url: str) -> list[T]:
    """Run ``call(http, n)`` for n in 0..count-1 from threads released together.

    Each thread opens its connection first (a GET /healthz), so when the barrier drops
    the requests leave within a millisecond of each other and the server's processes
    accept them on separate connections.
    """
    barrier = threading.Barrier(count)

    def one(n: int) -> T:
        with loopback_client(base_url, timeout=60) as http:
            assert http.get("/healthz").status_code == 200
            barrier.wait(timeout=30)
            return call(http, n)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))
