"""A PostgreSQL database that takes reads but no writes (``default_transaction_read_only``,
as after a failover to a standby, or an operator's freeze): ``/readyz`` says 503, reads go
on, and every write is a 503 problem+json with ``Retry-After``, never a 500. Once writes
are allowed again the same settings serve them.

A database of its own on the main server, made read-only with ``ALTER DATABASE``; each
phase is a new application, so its connections start with the database's setting.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import psycopg
import pytest
from fastapi.testclient import TestClient

from server import migrate
from server.db import build_engine
from server.main import create_app
from tests.support.databases import (
    ADMIN_URL,
    SECRET_KEY,
    fast_settings,
    require_postgres,
)
from tests.support.factories import strong_password

pytestmark = pytest.mark.postgres


@pytest.fixture
def database() -> Iterator[str]:
    require_postgres()
    name = f"storefront_read_only_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        engine = build_engine(fast_settings(_url(name)))
        migrate.upgrade(engine)
        engine.dispose()
        yield name
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _read_only(name: str, on: bool) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        value = "on" if on else "off"
        connection.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = {value}')


def _url(name: str) -> str:
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def _client(name: str) -> TestClient:
    app = create_app(fast_settings(_url(name)), secret_key=SECRET_KEY)
    return TestClient(app, base_url="http://testserver")


def _refused(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "1"


def test_a_read_only_database_is_not_ready_and_refuses_writes_with_503(database: str) -> None:
    email = f"ro-{uuid.uuid4().hex[:12]}@example.com"
    password = strong_password()
    item = {"sku": "RO-1", "name": "Mug", "price_cents": 900, "currency": "USD", "stock": 1}
    with _client(database) as client:
        assert client.get("/readyz").status_code == 200
        assert (
            client.post("/v1/users", json={"email": email, "password": password}).status_code == 201
        )
        login = client.post("/v1/auth/token", data={"username": email, "password": password})
        auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
        created = client.post("/v1/items", json=item, headers=auth)
        assert created.status_code == 201

    _read_only(database, True)
    with _client(database) as client:
        ready = client.get("/readyz")
        _refused(ready)
        assert "read-only" in ready.json()["detail"]
        assert client.get("/healthz").status_code == 200
        # Reads go on.
        assert client.get(f"/v1/items/{created.json()['id']}").json() == created.json()
        assert client.get("/v1/users/me", headers=auth).status_code == 200
        # Every kind of write is a 503, none a 500.
        _refused(client.post("/v1/users", json={"email": "x" + email, "password": password}))
        _refused(client.post("/v1/items", json={**item, "sku": "RO-2"}, headers=auth))
        _refused(client.patch(f"/v1/items/{created.json()['id']}", json={"stock": 2}, headers=auth))
        _refused(client.post("/v1/auth/token", data={"username": email, "password": password}))
        assert client.get("/v1/items").json()["items"] == [created.json()]  # nothing written

    _read_only(database, False)
    with _client(database) as client:
        assert client.get("/readyz").status_code == 200
        assert (
            client.post("/v1/items", json={**item, "sku": "RO-2"}, headers=auth).status_code == 201
        )
