"""Scenario fixtures: each scenario runs once per driver (raw HTTP, SDK sync, SDK
async) on each database engine, all against the same in-process app, and once more on
the SDK's testing kit (``sdk-fake``: ``storefront_client.testing.FakeServer``, no app).

The fake claims every scenario except those in :data:`NOT_ON_THE_FAKE`, each with the
reason it is not modelled. A scenario added later runs on the fake too: it passes, or it
fails until it is listed here (so nothing is skipped silently).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from anyio.from_thread import start_blocking_portal
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.support.drivers import Driver, HttpDriver
from tests.support.factories import Api
from tests.support.leaks import watch
from tests.support.sdk_drivers import AsyncSdkDriver, SyncSdkDriver

DRIVER_KINDS = ["http", "sdk-sync", "sdk-async"]
FAKE = "sdk-fake"
FIRST_ENGINE = "sqlite"

# Scenarios (module, or module::test prefix) the fake does not model, and why.
NOT_ON_THE_FAKE: dict[str, str] = {
    "test_busy.py": "the hashing bound and per-client limits are server capacity, not API state",
    "test_unavailable.py": "a database outage (503 everywhere) is fault injection's job "
    "(fake.fail_next(503)), not the fake's state",
    "test_payload_too_large.py": "413 on bodies over 1 MiB: a server limit the fake skips",
    "test_auth.py::test_repeated_failures": "login throttling is server capacity",
    "test_auth.py::test_unknown_emails_are_throttled": "login throttling is server capacity",
    "test_auth.py::test_login_issues_a_pinned_expiring_token": "the fake's tokens are opaque; "
    "the JWT (algorithm, claims, key) is the server's",
    "test_users.py::TestCurrentUser::test_wrong_current_passwords_are_throttled": "wrong "
    "current passwords count as failed logins: throttling is server capacity",
}


def on_the_fake(nodeid: str) -> bool:
    """Whether the fake claims the scenario ``nodeid`` (``tests/scenarios/x.py::...``)."""
    name = nodeid.split("/")[-1]
    return not any(name.startswith(prefix) for prefix in NOT_ON_THE_FAKE)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Drop the fake's runs of the scenarios it does not claim (listed above), and its
    runs under any engine but the first (it has no database)."""
    kept = []
    for item in items:
        callspec = getattr(item, "callspec", None)
        params = callspec.params if callspec is not None else {}
        if params.get("driver") == FAKE:
            if params.get("engine_name", FIRST_ENGINE) != FIRST_ENGINE:
                continue
            tag = f"[{FAKE}-{FIRST_ENGINE}"
            if not on_the_fake(item.nodeid.replace(f"{tag}-", "[").replace(f"{tag}]", "")):
                continue
        kept.append(item)
    items[:] = kept


@pytest.fixture(params=[*DRIVER_KINDS, FAKE])
def driver(request: pytest.FixtureRequest, engine_name: str) -> Iterator[Driver]:
    # engine_name: the real drivers' app is built per engine (the fake runs once, on the
    # first engine's ids only: see pytest_collection_modifyitems).
    kind: str = request.param
    if kind == FAKE:
        # Imported here: the compatibility job runs this suite with a released SDK and
        # its sdk_drivers.py, which have no testing kit (and select their own drivers).
        from storefront_client.testing import FakeServer

        from tests.support.sdk_drivers import FakeSdkDriver

        yield FakeSdkDriver(FakeServer())
        return
    client: TestClient = request.getfixturevalue("client")
    app: FastAPI = request.getfixturevalue("app")
    if kind == "http":
        yield HttpDriver(watch(client))
    elif kind == "sdk-sync":
        yield SyncSdkDriver(client._transport)
    elif kind == "sdk-async":
        with start_blocking_portal() as portal:
            driver = AsyncSdkDriver.open(portal, httpx.ASGITransport(app=app))
            try:
                yield driver
            finally:
                driver.close()
                # No lifespan runs on this loop: close what the app opened on it.
                portal.call(app.state.storefront.db.aclose)
    else:
        raise AssertionError(f"unknown driver {kind}")


@pytest.fixture
def api(driver: Driver, request: pytest.FixtureRequest) -> Api:
    if getattr(driver, "fake", None) is not None:
        return Api(driver, None)
    return Api(driver, request.getfixturevalue("app"))
