"""Database outage: PostgreSQL stops under a running server, then comes back.

Runs against a DEDICATED cluster (``outage``, port 5433), never the main one other
tests use: created with ``pg_createcluster`` when missing, started, stopped during
the test and left running. While it is down every database route answers 503
problem+json with ``Retry-After`` within seconds (no hang, no 500, no trace) and
``/readyz`` says 503 while ``/healthz`` stays 200; once it is back, the same server
process serves again without a restart.

Needs the Debian ``postgresql-common`` tools and root (or the postgres user); skips
with the reason otherwise, and fails instead under ``STOREFRONT_REQUIRE_POSTGRES=1``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.support.databases import REQUIRE_POSTGRES
from tests.support.live import LiveServer

CLUSTER = "outage"
PORT = int(os.environ.get("STOREFRONT_OUTAGE_PORT", "5433"))
DATABASE = "storefront_outage"
URL = f"postgresql://postgres@127.0.0.1:{PORT}/{DATABASE}"
ADMIN_URL = f"postgresql://postgres@127.0.0.1:{PORT}/postgres"
# Each request during the outage must be answered within this (connect timeout: 1 s).
FAST_SECONDS = 5.0
RECOVERY_SECONDS = 15.0

pytestmark = pytest.mark.postgres


def _unavailable(reason: str) -> None:
    if REQUIRE_POSTGRES:
        pytest.fail(f"{reason} (STOREFRONT_REQUIRE_POSTGRES=1 makes this a failure)")
    pytest.skip(reason)


def _version() -> str | None:
    root = Path("/etc/postgresql")
    versions = sorted(p.name for p in root.iterdir()) if root.is_dir() else []
    return versions[-1] if versions else None


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)


def _ctl(version: str, action: str) -> None:
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, CLUSTER, action]
    if action == "stop":
        command += ["-m", "fast"]
    result = _run(*command)
    assert result.returncode == 0, f"{' '.join(command)}: {result.stderr}"


def _wait_ready(timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _run("pg_isready", "-h", "127.0.0.1", "-p", str(PORT), "-q").returncode == 0:
            return
        time.sleep(0.2)
    raise AssertionError(f"the {CLUSTER} cluster did not accept connections on {PORT}")


def _is_online(version: str) -> bool:
    listing = _run("pg_lsclusters", "--no-header", version, CLUSTER)
    return listing.returncode == 0 and "online" in listing.stdout


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """The dedicated cluster's version, created and started if needed; left running."""
    tools = ("pg_createcluster", "pg_ctlcluster", "pg_lsclusters", "pg_isready")
    missing = [tool for tool in tools if shutil.which(tool) is None]
    version = _version()
    if missing or version is None:
        _unavailable(f"no PostgreSQL cluster tools ({', '.join(missing) or '/etc/postgresql'})")
    assert version is not None
    if os.geteuid() != 0:
        _unavailable("creating, stopping and starting a PostgreSQL cluster needs root")
    if _run("pg_lsclusters", "--no-header", version, CLUSTER).returncode != 0:
        created = _run(
            "pg_createcluster",
            version,
            CLUSTER,
            "-p",
            str(PORT),
            "--",
            "--auth-local=trust",
            "--auth-host=trust",
        )
        assert created.returncode == 0, created.stderr
    if not _is_online(version):
        _ctl(version, "start")
    _wait_ready()
    yield version
    if not _is_online(version):
        _ctl(version, "start")


@pytest.fixture
def server(cluster: str, tmp_path: Path) -> Iterator[LiveServer]:
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    env = {"DB_CONNECT_TIMEOUT_SECONDS": "1"}
    with LiveServer(URL, env=env, log=tmp_path / "server.log") as live:
        yield live
    if not _is_online(cluster):
        _ctl(cluster, "start")
        _wait_ready()
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def _requests(http: httpx.Client, token: str, item_id: int) -> list[tuple[str, httpx.Response]]:
    auth = {"Authorization": f"Bearer {token}"}
    calls = [
        ("GET", "/v1/items", None, {}),
        ("GET", f"/v1/items/{item_id}", None, {}),
        ("POST", "/v1/items", {"sku": "SKU-2", "name": "Cup", "price_cents": 1}, auth),
        ("PATCH", f"/v1/items/{item_id}", {"name": "Bowl"}, auth),
        ("GET", "/v1/users/me", None, auth),
        ("GET", "/readyz", None, {}),
    ]
    answers = []
    for method, path, body, headers in calls:
        answers.append((f"{method} {path}", http.request(method, path, json=body, headers=headers)))
    answers.append(
        (
            "POST /v1/auth/token",
            http.post("/v1/auth/token", data={"username": "o@example.com", "password": "pw-12345"}),
        )
    )
    return answers


def test_outage_is_503_fast_and_recovers_without_restart(
    cluster: str, server: LiveServer, tmp_path: Path
) -> None:
    assert server.process is not None
    pid = server.process.pid
    with httpx.Client(base_url=server.url, timeout=30) as http:
        user = {"email": "o@example.com", "password": "pw-12345"}
        assert http.post("/v1/users", json=user).status_code == 201
        login = http.post(
            "/v1/auth/token", data={"username": user["email"], "password": "pw-12345"}
        )
        token = login.json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        item = http.post(
            "/v1/items", json={"sku": "SKU-1", "name": "Mug", "price_cents": 1}, headers=auth
        )
        assert item.status_code == 201
        item_id = item.json()["id"]
        assert http.get("/readyz").status_code == 200

        _ctl(cluster, "stop")
        try:
            # Twice: first with the pool's connections now dead, then with none left.
            answers = _requests(http, token, item_id) + _requests(http, token, item_id)
            for label, response in answers:
                elapsed = response.elapsed.total_seconds()
                assert response.status_code == 503, (label, response.status_code, response.text)
                assert elapsed < FAST_SECONDS, (label, elapsed)
                assert response.headers["content-type"] == "application/problem+json", label
                assert response.headers.get("Retry-After"), label
                body = response.json()
                assert body["status"] == 503
                for revealing in ("Traceback", "psycopg", "asyncpg", "OperationalError", str(PORT)):
                    assert revealing not in response.text, (label, revealing)
            assert http.get("/healthz").status_code == 200
            slowest = max(response.elapsed.total_seconds() for _, response in answers)
            print(f"outage: {len(answers)} requests, all 503, slowest {slowest:.3f}s")
        finally:
            _ctl(cluster, "start")
        _wait_ready()

        deadline = time.monotonic() + RECOVERY_SECONDS
        while time.monotonic() < deadline:
            if http.get("/readyz").status_code == 200:
                break
            time.sleep(0.2)
        assert http.get("/readyz").status_code == 200
        recovered = time.monotonic() - (deadline - RECOVERY_SECONDS)
        assert http.get(f"/v1/items/{item_id}").json()["name"] == "Mug"
        assert (
            http.patch(f"/v1/items/{item_id}", json={"name": "Bowl"}, headers=auth).status_code
            == 200
        )
        assert http.get("/v1/users/me", headers=auth).status_code == 200
        again = http.post(
            "/v1/auth/token", data={"username": user["email"], "password": "pw-12345"}
        )
        assert again.status_code == 200
        print(f"recovered {recovered:.1f}s after the cluster accepted connections")
    # The same process served before, during and after: no restart.
    assert server.process.poll() is None
    assert server.process.pid == pid
    log = (tmp_path / "server.log").read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log
