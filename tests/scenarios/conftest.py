"""Scenario fixtures: each scenario runs once per driver (raw HTTP, SDK sync, SDK
async) on each database engine, all against the same in-process app."""

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


@pytest.fixture(params=DRIVER_KINDS)
def driver(request: pytest.FixtureRequest, client: TestClient, app: FastAPI) -> Iterator[Driver]:
    kind: str = request.param
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
def api(driver: Driver, app: FastAPI) -> Api:
    return Api(driver, app)
