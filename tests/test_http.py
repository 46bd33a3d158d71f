"""HTTP plumbing: request ids, problem bodies, body limits, probes, strict JSON."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from server.main import create_app
from tests.support import examples
from tests.support.databases import SECRET_KEY, fast_settings
from tests.support.leaks import LeakError, check_response, find_leaks, watch


@pytest.fixture
def http(client: TestClient) -> TestClient:
    watch(client)
    return client


def register_and_login(http: TestClient) -> dict[str, str]:
    http.post("/v1/users", json={"email": "p@example.com", "password": "correct-horse-battery-1"})
    token = http.post(
        "/v1/auth/token", data={"username": "p@example.com", "password": "correct-horse-battery-1"}
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def test_request_id_is_echoed_when_sane_and_generated_otherwise(http: TestClient) -> None:
    assert http.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"] == (
        "abc-123"
    )
    for insane in ["", "a" * 129, "has space", "<script>"]:
        generated = http.get("/healthz", headers={"X-Request-ID": insane}).headers["x-request-id"]
        assert generated != insane
        assert len(generated) == 32
    problem = http.get("/v1/items/999", headers={"X-Request-ID": "trace-1"}).json()
    assert problem["request_id"] == "trace-1"


def test_unknown_route_and_method_are_problems(http: TestClient) -> None:
    r = http.get("/v1/nothing-here")
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"] == "No route matches GET /v1/nothing-here."
    r = http.request("TRACE", "/v1/items")
    assert r.status_code == 405
    assert r.headers["content-type"] == "application/problem+json"


def test_body_over_one_mib_is_413_declared_or_streamed(http: TestClient) -> None:
    headers = register_and_login(http)
    big = b'{"name": "' + b"x" * (1024 * 1024) + b'"}'
    r = http.post("/v1/items", content=big, headers={**headers, "Content-Type": "application/json"})
    assert r.status_code == 413
    assert r.json()["status"] == 413

    def chunks() -> Iterator[bytes]:
        for _ in range(20):
            yield b"x" * 65536

    r = http.post(
        "/v1/items", content=chunks(), headers={**headers, "Content-Type": "application/json"}
    )
    assert r.status_code == 413
    assert http.get("/v1/items").json()["items"] == []


@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity", b"1e400"])
def test_nan_and_infinity_are_rejected(http: TestClient, literal: bytes) -> None:
    headers = register_and_login(http)
    body = b'{"sku": "NAN-1", "name": "n", "price_cents": ' + literal + b"}"
    r = http.post(
        "/v1/items", content=body, headers={**headers, "Content-Type": "application/json"}
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["loc"] == ["body", "price_cents"]


def test_malformed_json_is_422_without_echo(http: TestClient) -> None:
    headers = register_and_login(http)
    r = http.post(
        "/v1/items",
        content=b'{"sku": "SECRET-VALUE-9",',
        headers={**headers, "Content-Type": "application/json"},
    )
    assert r.status_code == 422
    assert "SECRET-VALUE-9" not in r.text
    assert r.json()["errors"][0]["msg"] == "The body is not valid JSON."


def test_validation_errors_never_echo_input(http: TestClient) -> None:
    r = http.post("/v1/users", json={"email": "e@example.com", "password": "sh0rt"})
    assert r.status_code == 422
    assert "sh0rt" not in r.text
    assert set(r.json()["errors"][0]) == {"loc", "msg", "type"}


def test_probes(http: TestClient) -> None:
    assert http.get("/healthz").json() == {"status": "ok"}
    assert http.get("/readyz").json() == {"status": "ok"}


def test_database_unreachable_is_503_problem(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir" / "db.sqlite"
    app = create_app(fast_settings(f"sqlite:///{missing}"), secret_key=SECRET_KEY)
    with TestClient(app, raise_server_exceptions=False) as client:
        examples.attach(client)
        for path in ["/readyz", "/v1/items", "/v1/items/1"]:
            r = client.get(path)
            assert r.status_code == 503, path
            assert r.headers["content-type"] == "application/problem+json"
            assert "Traceback" not in r.text
        assert client.get("/healthz").status_code == 200


def test_every_declared_error_uses_the_problem_schema(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in document["components"]["schemas"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if status[0] in "45":
                    assert list(response["content"]) == ["application/problem+json"], (
                        method,
                        path,
                        status,
                    )


def test_leak_check_catches_a_planted_leak() -> None:
    """The response watcher used by the whole suite can fail."""
    assert find_leaks("/v1/users/me", [], b'{"hashed_password": "x"}')
    assert find_leaks("/v1/users/me", [], b'{"note": "$argon2id$v=19$m=1024"}')
    assert find_leaks("/x", [("x-debug", "$argon2id$...")], b"{}")
    assert not find_leaks("/v1/users", [], b'{"errors": [{"loc": ["body", "password"]}]}')
    request = httpx.Request("GET", "http://testserver/v1/users/me")
    planted = httpx.Response(200, content=b'{"password": "p"}', request=request)
    with pytest.raises(LeakError):
        check_response(planted)
