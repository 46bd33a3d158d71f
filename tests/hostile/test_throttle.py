"""Login throttling is shared by every server process and treats unknown emails alike.

Two ``storefront serve`` processes on one database (the SQLite file, or PostgreSQL):
failures sent alternately to each add up, so the account is throttled on both, with
429, ``Retry-After`` and the same body whether or not the email has an account.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.live import LiveServer

MAX_FAILURES = 3
WINDOW_SECONDS = 120
PASSWORD = "the-right-password"


@pytest.fixture
def servers(database_url: str, tmp_path: Path) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    env = {
        "LOGIN_MAX_FAILURES": str(MAX_FAILURES),
        "LOGIN_FAILURE_WINDOW_SECONDS": str(WINDOW_SECONDS),
    }
    # Started one after the other: each migrates the database before serving.
    with (
        LiveServer(database_url, env=env, log=tmp_path / "a.log") as a,
        LiveServer(database_url, env=env, log=tmp_path / "b.log") as b,
        httpx.Client(base_url=a.url, timeout=10) as first,
        httpx.Client(base_url=b.url, timeout=10) as second,
    ):
        assert a.process is not None
        assert b.process is not None
        assert a.process.pid != b.process.pid
        yield first, second


def _login(client: httpx.Client, email: str, password: str) -> httpx.Response:
    return client.post("/v1/auth/token", data={"username": email, "password": password})


def _comparable(response: httpx.Response) -> dict[str, Any]:
    body: dict[str, Any] = response.json()
    return {k: v for k, v in body.items() if k != "request_id"}


def _throttle(clients: tuple[httpx.Client, httpx.Client], email: str) -> list[httpx.Response]:
    """MAX_FAILURES wrong passwords, alternating between the processes, then one more."""
    answers = [_login(clients[i % 2], email, "wrong-password") for i in range(MAX_FAILURES)]
    answers.append(_login(clients[MAX_FAILURES % 2], email, "wrong-password"))
    return answers


def _assert_throttled(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"] == "application/problem+json"
    retry_after = int(response.headers["Retry-After"])
    assert 0 < retry_after <= WINDOW_SECONDS


def test_failures_add_up_across_processes(servers: tuple[httpx.Client, httpx.Client]) -> None:
    first, second = servers
    email = "alice@example.com"
    created = first.post("/v1/users", json={"email": email, "password": PASSWORD})
    assert created.status_code == 201
    answers = _throttle(servers, email)
    assert [r.status_code for r in answers[:MAX_FAILURES]] == [401] * MAX_FAILURES
    _assert_throttled(answers[-1])
    # Throttled on both processes, even with the right password (no oracle for guesses).
    for client in (first, second):
        _assert_throttled(_login(client, email, PASSWORD))
        # The email is normalised: case and spaces do not give a fresh window.
        _assert_throttled(_login(client, " ALICE@Example.COM ", PASSWORD))
    # Other accounts are not affected.
    other = "bob@example.com"
    assert first.post("/v1/users", json={"email": other, "password": PASSWORD}).status_code == 201
    assert _login(second, other, PASSWORD).status_code == 200


def test_unknown_emails_are_throttled_the_same(
    servers: tuple[httpx.Client, httpx.Client],
) -> None:
    first, _ = servers
    known, unknown = "carol@example.com", "nobody@example.com"
    assert first.post("/v1/users", json={"email": known, "password": PASSWORD}).status_code == 201
    known_answers = _throttle(servers, known)
    unknown_answers = _throttle(servers, unknown)
    for k, u in zip(known_answers, unknown_answers, strict=True):
        assert k.status_code == u.status_code
        # Identical bodies: neither 401 nor 429 tells whether the account exists.
        assert _comparable(k) == _comparable(u)
    _assert_throttled(unknown_answers[-1])
    # Both windows started moments apart: the waits agree to the second.
    waits = [int(r[-1].headers["Retry-After"]) for r in (known_answers, unknown_answers)]
    assert abs(waits[0] - waits[1]) <= 1
