"""Sessions end at once on every process, and nobody can lock an owner out.

Two ``storefront serve`` processes on one database (the SQLite file, or PostgreSQL), as
a stolen token would meet them behind a load balancer: the token is used on one process
(so that process has checked and remembered it) and its session ended on the other;
from then on it gets 401 on both. Then the login throttle, per account and client
address (``X-Forwarded-For`` from a trusted proxy names the address): failures from an
attacker's address never refuse the owner's, the account-wide ceiling still bounds a
spread-out attack, and the window lifts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.databases import SECRET_KEY
from tests.support.live import ROOT, LiveServer


def strong() -> str:
    return f"Vq7-{uuid.uuid4().hex[:16]}-horse"


@pytest.fixture
def servers(database_url: str, tmp_path: Path) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    # Started one after the other: each migrates the database before serving.
    with (
        LiveServer(database_url, log=tmp_path / "a.log") as a,
        LiveServer(database_url, log=tmp_path / "b.log") as b,
        httpx.Client(base_url=a.url, timeout=10) as first,
        httpx.Client(base_url=b.url, timeout=10) as second,
    ):
        assert a.process is not None
        assert b.process is not None
        assert a.process.pid != b.process.pid
        yield first, second


def _register(http: httpx.Client, password: str) -> str:
    email = f"{uuid.uuid4().hex[:12]}@example.com"
    created = http.post("/v1/users", json={"email": email, "password": password})
    assert created.status_code == 201, created.text
    return email


def _login(http: httpx.Client, email: str, password: str) -> dict[str, str]:
    response = http.post("/v1/auth/token", data={"username": email, "password": password})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    return dict(response.json())


def _me(http: httpx.Client, token: str) -> int:
    return http.get("/v1/users/me", headers={"Authorization": f"Bearer {token}"}).status_code


def _superuser(database_url: str) -> tuple[str, str]:
    email, password = f"admin-{uuid.uuid4().hex[:8]}@example.com", strong()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET_KEY,
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_COST_KIB": "1024",
        "STOREFRONT_SUPERUSER_PASSWORD": password,
    }
    subprocess.run(
        [sys.executable, "-m", "server.cli", "create-superuser", "--email", email],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return email, password


Ending = Callable[[httpx.Client, str, dict[str, str], str], None]


def _change_password(http: httpx.Client, _email: str, tokens: dict[str, str], old: str) -> None:
    r = http.patch(
        "/v1/users/me",
        json={"password": strong(), "current_password": old},
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )
    assert r.status_code == 200, r.text


def _logout(http: httpx.Client, _email: str, tokens: dict[str, str], _old: str) -> None:
    r = http.post("/v1/auth/revoke", data={"token": tokens["refresh_token"]})
    assert r.status_code == 200, r.text


ENDINGS: dict[str, Ending] = {"password change": _change_password, "logout": _logout}


@pytest.mark.parametrize("ending", ["password change", "logout", "deactivation", "revocation"])
def test_an_ended_session_is_refused_on_every_process(
    servers: tuple[httpx.Client, httpx.Client], database_url: str, ending: str
) -> None:
    first, second = servers
    password = strong()
    email = _register(first, password)
    tokens = _login(first, email, password)
    stolen = tokens["access_token"]
    # Used, and so checked and remembered, on both processes.
    assert _me(first, stolen) == 200
    assert _me(second, stolen) == 200
    if ending in ENDINGS:
        ENDINGS[ending](second, email, tokens, password)
    else:
        admin_email, admin_password = _superuser(database_url)
        admin = _login(second, admin_email, admin_password)["access_token"]
        me = first.get("/v1/users/me", headers={"Authorization": f"Bearer {stolen}"}).json()
        operation = "deactivate" if ending == "deactivation" else "revoke-sessions"
        r = second.post(
            f"/v1/users/{me['id']}/{operation}", headers={"Authorization": f"Bearer {admin}"}
        )
        assert r.status_code in (200, 204), r.text
    # The very next request, on the process that ended it and on the other one.
    assert _me(second, stolen) == 401
    assert _me(first, stolen) == 401
    refreshed = first.post(
        "/v1/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
    )
    assert refreshed.status_code == 401


def test_a_reused_refresh_token_revokes_the_family_on_every_process(
    servers: tuple[httpx.Client, httpx.Client],
) -> None:
    first, second = servers
    password = strong()
    tokens = _login(first, _register(first, password), password)

    def refresh(http: httpx.Client, token: str) -> httpx.Response:
        return http.post(
            "/v1/auth/token", data={"grant_type": "refresh_token", "refresh_token": token}
        )

    rotated = refresh(first, tokens["refresh_token"])
    assert rotated.status_code == 200
    # The attacker's copy of the first refresh token, on the other process.
    assert refresh(second, tokens["refresh_token"]).status_code == 401
    assert refresh(first, rotated.json()["refresh_token"]).status_code == 401
    for http in (first, second):
        assert _me(http, rotated.json()["access_token"]) == 401
        assert _me(http, tokens["access_token"]) == 401


OWNER, ATTACKER = "198.51.100.7", "203.0.113.66"
PAIR_LIMIT, ACCOUNT_CEILING, WINDOW = 3, 8, 3


@pytest.fixture
def behind_a_proxy(database_url: str, tmp_path: Path) -> Iterator[httpx.Client]:
    env = {
        "TRUSTED_PROXIES": "127.0.0.1",
        "LOGIN_MAX_FAILURES": str(PAIR_LIMIT),
        "LOGIN_ACCOUNT_MAX_FAILURES": str(ACCOUNT_CEILING),
        "LOGIN_FAILURE_WINDOW_SECONDS": str(WINDOW),
    }
    with (
        LiveServer(database_url, env=env, log=tmp_path / "proxy.log") as server,
        httpx.Client(base_url=server.url, timeout=10) as http,
    ):
        yield http


def _login_from(http: httpx.Client, address: str, email: str, password: str) -> int:
    return http.post(
        "/v1/auth/token",
        data={"username": email, "password": password},
        headers={"X-Forwarded-For": address},
    ).status_code


def test_the_owner_logs_in_while_an_attacker_fails(behind_a_proxy: httpx.Client) -> None:
    http = behind_a_proxy
    password = strong()
    email = _register(http, password)
    answers = [_login_from(http, ATTACKER, email, "a wrong guess") for _ in range(PAIR_LIMIT + 3)]
    assert answers == [401] * PAIR_LIMIT + [429] * 3
    # The attacker's address is refused even with the right password; the owner's is not.
    assert _login_from(http, ATTACKER, email, password) == 429
    assert _login_from(http, OWNER, email, password) == 200
    assert _login_from(http, ATTACKER, email, password) == 429


def test_the_account_ceiling_bounds_an_attack_from_many_addresses_and_lifts(
    behind_a_proxy: httpx.Client,
) -> None:
    http = behind_a_proxy
    password = strong()
    email = _register(http, password)
    addresses = [f"203.0.113.{n}" for n in range(1, 4)]
    statuses = [
        _login_from(http, address, email, "a wrong guess")
        for address in addresses
        for _ in range(PAIR_LIMIT)
    ]
    # 9 failures from 3 addresses: the ceiling of 8 refuses the ninth, whatever its address.
    assert statuses == [401] * ACCOUNT_CEILING + [429]
    assert _login_from(http, OWNER, email, password) == 429
    # The window ends (a wait, not a measurement): the owner gets in again.
    time.sleep(WINDOW + 0.5)
    assert _login_from(http, OWNER, email, password) == 200
