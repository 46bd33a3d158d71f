"""The per-client limit on login and registration is shared by every server process, and
``X-Forwarded-For`` moves it only when the connection comes from a trusted proxy.

Real ``storefront serve`` processes on one database (the SQLite file, or PostgreSQL),
called over loopback TCP: the connection's peer is 127.0.0.1, as it would be for any
client that connects directly.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.live import LiveServer

MAX_ATTEMPTS = 4
WINDOW_SECONDS = 600
PASSWORD = "the-right-password"
ENV = {
    "CLIENT_MAX_ATTEMPTS": str(MAX_ATTEMPTS),
    "CLIENT_ATTEMPT_WINDOW_SECONDS": str(WINDOW_SECONDS),
}
_emails = itertools.count(1)


@pytest.fixture
def servers(database_url: str, tmp_path: Path) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    # Started one after the other: each migrates the database before serving.
    with (
        LiveServer(database_url, env=ENV, log=tmp_path / "a.log") as a,
        LiveServer(database_url, env=ENV, log=tmp_path / "b.log") as b,
        httpx.Client(base_url=a.url, timeout=10) as first,
        httpx.Client(base_url=b.url, timeout=10) as second,
    ):
        assert a.process is not None
        assert b.process is not None
        assert a.process.pid != b.process.pid
        yield first, second


def _register(client: httpx.Client, headers: dict[str, str] | None = None) -> httpx.Response:
    body = {"email": f"client{next(_emails)}@example.com", "password": PASSWORD}
    return client.post("/v1/users", json=body, headers=headers)


def _login(client: httpx.Client, headers: dict[str, str] | None = None) -> httpx.Response:
    form = {"username": "nobody@example.com", "password": "wrong-password"}
    return client.post("/v1/auth/token", data=form, headers=headers)


def _assert_limited(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/too-many-requests")
    assert 0 < int(response.headers["Retry-After"]) <= WINDOW_SECONDS


def test_attempts_add_up_across_processes_whatever_the_client_forwards(
    servers: tuple[httpx.Client, httpx.Client],
) -> None:
    statuses = []
    for n in range(MAX_ATTEMPTS):
        # A new address in X-Forwarded-For every time: from a peer nobody trusts, ignored.
        spoofed = {"X-Forwarded-For": f"198.51.100.{n + 1}"}
        client = servers[n % 2]
        response = _register(client, spoofed) if n % 2 == 0 else _login(client, spoofed)
        statuses.append(response.status_code)
    assert statuses == [201, 401] * (MAX_ATTEMPTS // 2)
    for client in servers:
        _assert_limited(_register(client, {"X-Forwarded-For": "192.0.2.200"}))
        _assert_limited(_login(client))


def test_a_trusted_proxy_names_the_client(database_url: str, tmp_path: Path) -> None:
    env = {**ENV, "TRUSTED_PROXIES": "127.0.0.1"}
    with (
        LiveServer(database_url, env=env, log=tmp_path / "proxied.log") as server,
        httpx.Client(base_url=server.url, timeout=10) as proxy,
    ):
        for _ in range(MAX_ATTEMPTS):
            assert _register(proxy, {"X-Forwarded-For": "198.51.100.7"}).status_code == 201
        _assert_limited(_register(proxy, {"X-Forwarded-For": "198.51.100.7"}))
        # Another client behind the same proxy has its own attempts; so has the proxy.
        assert _register(proxy, {"X-Forwarded-For": "198.51.100.8"}).status_code == 201
        assert _login(proxy).status_code == 401
        # What the client itself put in front of the proxy's entry does not count.
        forged = {"X-Forwarded-For": "192.0.2.1, 198.51.100.7"}
        _assert_limited(_register(proxy, forged))
