"""Scenario fixtures: each scenario runs once per driver (raw HTTP, SDK sync, SDK
async) on each database engine."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.support.drivers import Driver, HttpDriver
from tests.support.factories import Api
from tests.support.leaks import watch

DRIVER_KINDS = ["http"]


@pytest.fixture(params=DRIVER_KINDS)
def driver(request: pytest.FixtureRequest, client: TestClient, app: FastAPI) -> Driver:
    kind: str = request.param
    if kind == "http":
        return HttpDriver(watch(client))
    raise AssertionError(f"unknown driver {kind}")


@pytest.fixture
def api(driver: Driver, app: FastAPI) -> Api:
    return Api(driver, app)
