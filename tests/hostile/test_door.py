"""The front door (``server.middleware.FrontDoor`` asking ``server.throttle.door``) refuses
what the process already knows it would refuse before the request is routed or its body
read, and malformed anonymous attempts spend their client's budget; a 422 stays small
whatever the body (``server.errors``, ``server.fields.StrictInput``).

In-process against the real app on both engines; the test client's address is
``testclient``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from uuid import uuid4

import orjson
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from server.errors import MAX_LISTED_ERRORS, ServiceUnavailable
from server.fields import MAX_BODY_KEYS
from server.main import create_app
from server.throttle import service
from tests.support.databases import SECRET_KEY, fast_settings

MAX_ATTEMPTS = 3
NOT_A_BODY = b"\xff this is neither JSON nor a form"


@pytest.fixture
def limited(database_url: str) -> Iterator[TestClient]:
    settings = fast_settings(database_url, client_max_attempts=MAX_ATTEMPTS)
    application = create_app(settings, secret_key=SECRET_KEY)
    with TestClient(application) as http:
        yield http
    application.state.storefront.db.engine.dispose()


def _registration() -> dict[str, str]:
    return {"email": f"door-{uuid4().hex}@example.com", "password": f"Vq7-{uuid4().hex}-horse"}


def _assert_refused(response: object, status: int) -> None:
    from httpx import Response

    assert isinstance(response, Response)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) >= 1
    assert response.headers["x-content-type-options"] == "nosniff"
    problem = response.json()
    assert problem["status"] == status
    assert problem["request_id"] == response.headers["x-request-id"]


def test_a_remembered_client_is_refused_before_its_body_is_read(app: FastAPI) -> None:
    ctx = app.state.storefront
    ctx.refused_clients[service._key(ctx, "testclient")] = time.monotonic() + 30
    with TestClient(app) as http:
        # Bodies no route could parse: a 422 would mean the door let them in.
        for path in ("/v1/users", "/v1/auth/token"):
            response = http.post(
                path, content=NOT_A_BODY, headers={"content-type": "application/json"}
            )
            _assert_refused(response, 429)
            assert 1 <= int(response.headers["retry-after"]) <= 30
        # Everything else is still served to that client.
        assert http.get("/v1/items").status_code == 200


def test_saturated_hashing_is_refused_at_the_door(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    def saturated() -> None:
        raise ServiceUnavailable("busy", headers={"Retry-After": "3"})

    monkeypatch.setattr(app.state.storefront.passwords.gate, "check", saturated)
    with TestClient(app) as http:
        response = http.post("/v1/auth/token", content=NOT_A_BODY)
        _assert_refused(response, 503)
        assert response.headers["retry-after"] == "3"


def test_validation_failures_spend_the_clients_budget(limited: TestClient) -> None:
    for _ in range(MAX_ATTEMPTS):
        response = limited.post("/v1/users", json={"email": "not an email"})
        assert response.status_code == 422
    # The budget is spent: even a valid registration is refused now.
    _assert_refused(limited.post("/v1/users", json=_registration()), 429)


def test_a_body_with_62000_keys_gets_a_small_422(client: TestClient) -> None:
    body = {**_registration(), **{f"k{n}": n for n in range(62_000)}}
    raw = orjson.dumps(body)
    assert len(raw) > 600_000
    response = client.post("/v1/users", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert len(response.content) < 1024, len(response.content)
    [error] = response.json()["errors"]
    assert error["type"] == "too_many_keys"
    assert "62002 keys" in error["msg"]


def test_a_422_lists_a_bounded_number_of_errors_and_counts_the_rest(client: TestClient) -> None:
    unknown = MAX_BODY_KEYS - 2  # under the key limit: each key is an error of its own
    body = {**_registration(), **{f"k{n}": n for n in range(unknown)}}
    response = client.post("/v1/users", json=body)
    assert response.status_code == 422
    problem = response.json()
    assert len(problem["errors"]) == MAX_LISTED_ERRORS
    assert all(e["type"] == "extra_forbidden" for e in problem["errors"])
    assert (
        f"{unknown} errors in all; the first {MAX_LISTED_ERRORS} are listed" in (problem["detail"])
    )
