"""HTTP plumbing: request ids, problem bodies, body limits, probes, strict JSON."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

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
    assert r.json()["errors"] == [
        {
            "loc": ["body"],
            "msg": "The body is not valid JSON: expecting property name enclosed in double "
            "quotes at line 1, column 26.",
            "type": "json_invalid",
        }
    ]


def test_a_json_syntax_error_is_located_by_line_and_column(http: TestClient) -> None:
    """Not by a character offset in ``loc`` (it read like a field: ["body", 40])."""
    body = b'{"email": "a@example.com",\n "password": }'
    r = http.post("/v1/users", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    (error,) = r.json()["errors"]
    assert error["loc"] == ["body"]
    assert error["msg"] == "The body is not valid JSON: expecting value at line 2, column 14."
    assert r.json()["detail"] == "The request is invalid: see `errors` (body)."


@pytest.mark.parametrize(
    ("content_type", "said"),
    [(None, "without a Content-Type"), ("text/plain", "with another Content-Type")],
)
def test_a_json_body_without_its_content_type_says_so(
    http: TestClient, content_type: str | None, said: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    body = b'{"email": "ct@example.com", "password": "correct-horse-battery-1"}'
    r = http.post("/v1/users", content=body, headers=headers)
    assert r.status_code == 422
    assert r.json()["errors"] == [
        {
            "loc": ["body"],
            "msg": f"The body was sent {said}: send it as JSON with Content-Type: "
            "application/json.",
            "type": "content_type_invalid",
        }
    ]
    # The same body with the header is accepted: the header was the only mistake.
    fixed = http.post("/v1/users", content=body, headers={"Content-Type": "application/json"})
    assert fixed.status_code == 201


def test_a_login_sent_as_json_is_told_to_send_a_form(http: TestClient) -> None:
    register_and_login(http)
    credentials = {"username": "p@example.com", "password": "correct-horse-battery-1"}
    r = http.post("/v1/auth/token", json=credentials)
    assert r.status_code == 422
    (error,) = r.json()["errors"]
    assert error["loc"] == ["body"]
    assert error["type"] == "content_type_invalid"
    assert "takes a form" in error["msg"]
    assert "application/x-www-form-urlencoded" in error["msg"]
    assert error["msg"].endswith("this request sent JSON.")
    assert "correct-horse-battery-1" not in r.text
    # A form that lacks a field is still told which field.
    r = http.post("/v1/auth/token", data={"username": "p@example.com"})
    assert r.json()["errors"] == [
        {"loc": ["body", "password"], "msg": "Field required", "type": "missing"}
    ]


@pytest.mark.parametrize(
    ("params", "loc", "msg", "kind"),
    [
        ({"q": "x" * 5000}, "q", "String should have at most 200 characters", "string_too_long"),
        ({"tag": "x" * 51}, "tag", "String should have at most 50 characters", "string_too_long"),
        ({"q": ""}, "q", "String should have at least 1 character", "string_too_short"),
    ],
)
def test_string_lengths_are_counted_in_characters(
    http: TestClient, params: dict[str, str], loc: str, msg: str, kind: str
) -> None:
    r = http.get("/v1/items", params=params)
    assert r.status_code == 422
    assert r.json()["errors"] == [{"loc": ["query", loc], "msg": msg, "type": kind}]


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


APP_ORIGIN = "https://shop.example.com"


def preflight(client: TestClient, origin: str, method: str = "POST") -> httpx.Response:
    response: httpx.Response = client.options(
        "/v1/items",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
        },
    )
    return response


@pytest.fixture
def cors_client(database_url: str, request: pytest.FixtureRequest) -> Iterator[TestClient]:
    origins: str | None = request.param
    app = create_app(fast_settings(database_url, cors_origins=origins), secret_key=SECRET_KEY)
    with TestClient(app) as client:
        yield client
    app.state.storefront.db.engine.dispose()


@pytest.mark.parametrize("cors_client", [None], indirect=True)
def test_cors_is_off_by_default(cors_client: TestClient) -> None:
    r = preflight(cors_client, APP_ORIGIN)
    assert r.status_code == 405
    assert not any(name.startswith("access-control-") for name in r.headers)
    r = cors_client.get("/v1/items", headers={"Origin": APP_ORIGIN})
    assert "access-control-allow-origin" not in r.headers


@pytest.mark.parametrize("cors_client", [f"{APP_ORIGIN}, http://localhost:3000"], indirect=True)
def test_cors_allows_the_listed_origins_only(cors_client: TestClient) -> None:
    r = preflight(cors_client, APP_ORIGIN)
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == APP_ORIGIN
    assert "POST" in r.headers["access-control-allow-methods"]
    allowed = r.headers["access-control-allow-headers"].lower()
    assert {"authorization", "content-type", "idempotency-key", "if-match"} <= {
        h.strip() for h in allowed.split(",")
    }
    assert "access-control-allow-credentials" not in r.headers
    assert r.headers["x-request-id"]
    # A simple (non-preflight) request carries the CORS headers too.
    r = cors_client.get("/v1/items", headers={"Origin": "http://localhost:3000"})
    assert r.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "x-request-id" in r.headers["access-control-expose-headers"].lower()
    assert "etag" in r.headers["access-control-expose-headers"].lower()
    # Another origin: no permission, and a refused preflight is a problem.
    r = preflight(cors_client, "https://evil.example")
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    assert "CORS_ORIGINS" in r.json()["detail"]
    assert "access-control-allow-origin" not in r.headers
    r = cors_client.get("/v1/items", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    r = preflight(cors_client, APP_ORIGIN, method="TRACE")
    assert r.status_code == 400


@pytest.mark.parametrize("cors_client", ["*"], indirect=True)
def test_a_cors_wildcard_never_comes_with_credentials(cors_client: TestClient) -> None:
    for r in (
        preflight(cors_client, "https://anyone.example"),
        cors_client.get("/v1/items", headers={"Origin": "https://anyone.example"}),
    ):
        assert r.status_code == 200
        assert r.headers["access-control-allow-origin"] == "*"
        assert "access-control-allow-credentials" not in r.headers


@pytest.mark.parametrize(
    "origins", ["shop.example.com", "https://shop.example.com/app", "ftp://x.example", " , "]
)
def test_cors_origins_must_be_origins(origins: str) -> None:
    with pytest.raises(ValidationError, match=r"cors_origins[\s\S]*scheme://host"):
        fast_settings("sqlite://", cors_origins=origins)
