"""OWASP API Security Top 10 (2023), for the risks that apply to this API.

API1 object-level authorization, API2 broken authentication, API3 object
property-level authorization, API4 unrestricted resource consumption, API5
function-level authorization, API8 security misconfiguration. (API6 business
flows, API7 SSRF, API9 inventory and API10 unsafe consumption of other APIs have
nothing here to test: no outbound calls, one documented version.)
Every test runs on SQLite and PostgreSQL through the shared ``client`` fixture.
"""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import delete, update

from server.config import Settings
from server.main import create_app
from server.security import JWT_ALGORITHM
from server.users.models import User
from tests.support.databases import SECRET_KEY

PASSWORD = "a-long-enough-password"
PROBLEM = "application/problem+json"


@dataclass
class Account:
    id: int
    email: str
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def register(client: TestClient, name: str) -> Account:
    email = f"{name}@example.com"
    created = client.post("/v1/users", json={"email": email, "password": PASSWORD})
    assert created.status_code == 201, created.text
    login = client.post("/v1/auth/token", data={"username": email, "password": PASSWORD})
    assert login.status_code == 200, login.text
    return Account(created.json()["id"], email, login.json()["access_token"])


def new_item(client: TestClient, owner: Account, sku: str = "SKU-1") -> dict[str, Any]:
    body = {"sku": sku, "name": "Mug", "price_cents": 1200, "tags": ["kitchen"]}
    response = client.post("/v1/items", json=body, headers=owner.auth)
    assert response.status_code == 201, response.text
    item: dict[str, Any] = response.json()
    return item


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


# --- API1: broken object-level authorization ------------------------------------------


class TestObjectLevelAuthorization:
    @pytest.mark.parametrize(
        ("method", "body"),
        [
            ("PUT", {"sku": "SKU-1", "name": "Stolen", "price_cents": 1}),
            ("PATCH", {"name": "Stolen"}),
            ("PATCH", {"price_cents": 1}),
            ("DELETE", None),
        ],
    )
    def test_other_users_write_is_refused(
        self, client: TestClient, method: str, body: dict[str, Any] | None
    ) -> None:
        alice, mallory = register(client, "alice"), register(client, "mallory")
        item = new_item(client, alice)
        etag = client.get(f"/v1/items/{item['id']}").headers["ETag"]
        # Even with the current ETag (read by anyone): ownership is checked, not freshness.
        headers = {**mallory.auth, "If-Match": etag}
        response = client.request(method, f"/v1/items/{item['id']}", json=body, headers=headers)
        assert_problem(response, 403)
        after = client.get(f"/v1/items/{item['id']}")
        assert after.status_code == 200
        assert after.json() == item

    def test_owner_and_nobody_else(self, client: TestClient) -> None:
        alice, bob = register(client, "alice"), register(client, "bob")
        item = new_item(client, alice)
        url = f"/v1/items/{item['id']}"
        assert client.patch(url, json={"name": "Bob's"}, headers=bob.auth).status_code == 403
        assert client.patch(url, json={"name": "Cup"}, headers=alice.auth).status_code == 200
        assert client.delete(url, headers=bob.auth).status_code == 403
        assert client.delete(url, headers=alice.auth).status_code == 204

    def test_missing_item_is_404_for_anyone(self, client: TestClient) -> None:
        bob = register(client, "bob")
        for item_id in (999_999, 2**31, 2**62):
            response = client.patch(f"/v1/items/{item_id}", json={"name": "x"}, headers=bob.auth)
            assert_problem(response, 404)


# --- API2: broken authentication -------------------------------------------------------


def _b64(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _token(claims: dict[str, Any], key: str = SECRET_KEY, algorithm: str = JWT_ALGORITHM) -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


def _claims(sub: str, *, lifetime: int = 600, drop: str = "") -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {"sub": sub, "iat": now, "exp": now + lifetime}
    return {k: v for k, v in claims.items() if k != drop}


def forged_tokens(user_id: int) -> Iterator[tuple[str, str | None]]:
    """(label, Authorization header value) for every way a token can be wrong."""
    sub = str(user_id)
    yield "no header", None
    yield "empty bearer", "Bearer "
    yield "garbage", "Bearer not-a-token"
    yield "basic scheme", "Basic " + base64.b64encode(b"alice:pw").decode()
    none_header = _b64({"alg": "none", "typ": "JWT"})
    yield "alg none", f"Bearer {none_header}.{_b64(_claims(sub))}."
    yield "expired", "Bearer " + _token(_claims(sub, lifetime=-60))
    yield "wrong key", "Bearer " + _token(_claims(sub), key="another-key-" + "k" * 32)
    yield "HS384 not pinned", "Bearer " + _token(_claims(sub), algorithm="HS384")
    yield "no exp", "Bearer " + _token(_claims(sub, drop="exp"))
    yield "no sub", "Bearer " + _token(_claims(sub, drop="sub"))
    yield "sub not a user", "Bearer " + _token(_claims("999999"))
    yield "sub not a number", "Bearer " + _token(_claims("alice"))
    yield "sub negative", "Bearer " + _token(_claims("-1"))
    yield "sub huge", "Bearer " + _token(_claims("9" * 40))
    valid = _token(_claims(sub))
    yield (
        "tampered payload",
        "Bearer "
        + ".".join([valid.split(".")[0], _b64(_claims(str(user_id + 1))), valid.split(".")[2]]),
    )


PROTECTED = [
    ("GET", "/v1/users/me", None),
    ("PATCH", "/v1/users/me", {"full_name": "x"}),
    ("POST", "/v1/items", {"sku": "SKU-9", "name": "Mug", "price_cents": 1}),
]


class TestBrokenAuthentication:
    @pytest.mark.parametrize(("method", "path", "body"), PROTECTED)
    def test_every_bad_token_is_401(
        self, client: TestClient, method: str, path: str, body: dict[str, Any] | None
    ) -> None:
        alice = register(client, "alice")
        for label, header in forged_tokens(alice.id):
            headers = {"Authorization": header} if header is not None else {}
            response = client.request(method, path, json=body, headers=headers)
            assert response.status_code == 401, (label, response.text)
            assert response.headers["WWW-Authenticate"] == "Bearer", label
            assert response.headers["content-type"] == PROBLEM, label
        # The genuine token works, so the 401s above were about the tokens.
        assert client.request(method, path, json=body, headers=alice.auth).status_code in (
            200,
            201,
        )
        # Only the genuine request wrote anything.
        assert len(client.get("/v1/items").json()["items"]) == (1 if method == "POST" else 0)

    @pytest.mark.parametrize("change", ["deleted", "deactivated"])
    def test_token_of_a_user_who_is_gone(
        self, client: TestClient, app: FastAPI, change: str
    ) -> None:
        alice = register(client, "alice")
        assert client.get("/v1/users/me", headers=alice.auth).status_code == 200
        with app.state.storefront.db.engine.begin() as connection:
            if change == "deleted":
                connection.execute(delete(User).where(User.id == alice.id))
            else:
                connection.execute(update(User).where(User.id == alice.id).values(is_active=False))
        response = client.get("/v1/users/me", headers=alice.auth)
        assert_problem(response, 401)
        assert response.headers["WWW-Authenticate"] == "Bearer"

    def test_a_token_is_bound_to_its_user(self, client: TestClient) -> None:
        alice, bob = register(client, "alice"), register(client, "bob")
        assert client.get("/v1/users/me", headers=alice.auth).json()["id"] == alice.id
        assert client.get("/v1/users/me", headers=bob.auth).json()["id"] == bob.id


# --- API3: broken object property-level authorization ---------------------------------


PUBLIC_USER_FIELDS = {"id", "email", "full_name", "is_active", "is_superuser", "created_at"}
ITEM_FIELDS = {
    *("id", "sku", "name", "description", "price_cents", "currency", "stock", "tags"),
    *("owner_id", "version", "created_at", "updated_at"),
}


class TestPropertyLevelAuthorization:
    @pytest.mark.parametrize(
        "extra",
        [
            {"id": 42},
            {"owner_id": 1},
            {"version": 7},
            {"created_at": "2020-01-01T00:00:00Z"},
            {"updated_at": "2020-01-01T00:00:00Z"},
        ],
    )
    def test_item_server_fields_are_not_assignable(
        self, client: TestClient, extra: dict[str, Any]
    ) -> None:
        alice, bob = register(client, "alice"), register(client, "bob")
        body = {"sku": "SKU-2", "name": "Mug", "price_cents": 1, **extra}
        if "owner_id" in extra:
            body["owner_id"] = bob.id
        assert_problem(client.post("/v1/items", json=body, headers=alice.auth), 422)
        item = new_item(client, alice)
        url = f"/v1/items/{item['id']}"
        patch = {**extra, "owner_id": bob.id} if "owner_id" in extra else extra
        assert_problem(client.patch(url, json=patch, headers=alice.auth), 422)
        assert_problem(client.put(url, json={**body, "sku": "SKU-1"}, headers=alice.auth), 422)
        assert client.get(url).json() == item

    @pytest.mark.parametrize(
        "extra", [{"is_superuser": True}, {"is_active": False}, {"id": 1}, {"hashed_password": "x"}]
    )
    def test_user_server_fields_are_not_assignable(
        self, client: TestClient, extra: dict[str, Any]
    ) -> None:
        body = {"email": "eve@example.com", "password": PASSWORD, **extra}
        assert_problem(client.post("/v1/users", json=body), 422)
        alice = register(client, "alice")
        before = client.get("/v1/users/me", headers=alice.auth).json()
        patch = {**extra, "email": "other@example.com"} if "id" in extra else extra
        assert_problem(client.patch("/v1/users/me", json=patch, headers=alice.auth), 422)
        assert client.get("/v1/users/me", headers=alice.auth).json() == before
        assert before["is_superuser"] is False

    def test_responses_show_only_public_fields(self, client: TestClient, app: FastAPI) -> None:
        alice = register(client, "alice")
        with app.state.storefront.db.engine.begin() as connection:
            connection.execute(update(User).where(User.id == alice.id).values(is_superuser=True))
        register(client, "bob")
        new_item(client, alice)
        responses = [
            client.get("/v1/users/me", headers=alice.auth),
            client.patch("/v1/users/me", json={"full_name": "A"}, headers=alice.auth),
        ]
        for response in responses:
            assert set(response.json()) == PUBLIC_USER_FIELDS
        users = client.get("/v1/users", headers=alice.auth)
        assert users.status_code == 200
        for user in users.json()["items"]:
            assert set(user) == PUBLIC_USER_FIELDS
        for item in client.get("/v1/items").json()["items"]:
            assert set(item) == ITEM_FIELDS
        for response in [*responses, users]:
            assert "hashed_password" not in response.text
            assert "$argon2" not in response.text
            assert PASSWORD not in response.text

    def test_schema_has_no_secret_outputs(self, client: TestClient) -> None:
        schemas = client.get("/openapi.json").json()["components"]["schemas"]
        assert "hashed_password" not in json.dumps(schemas)
        for name in ("User", "Item", "Token"):
            assert "password" not in schemas[name]["properties"]


# --- API4: unrestricted resource consumption ------------------------------------------


class TestResourceConsumption:
    @pytest.mark.parametrize(
        ("query", "status"),
        [("limit=100", 200), ("limit=101", 422), ("limit=0", 422), ("limit=1000000", 422)],
    )
    def test_page_size_is_bounded(self, client: TestClient, query: str, status: int) -> None:
        assert client.get(f"/v1/items?{query}").status_code == status

    @pytest.mark.parametrize(
        ("query", "status"),
        [("limit=100", 200), ("limit=101", 422), ("limit=0", 422), ("limit=1000000", 422)],
    )
    def test_page_size_is_bounded_for_users(
        self, client: TestClient, app: FastAPI, query: str, status: int
    ) -> None:
        # A superuser, so the limit itself is what answers (anyone else gets 403 first).
        admin = register(client, "admin")
        with app.state.storefront.db.engine.begin() as connection:
            connection.execute(update(User).where(User.id == admin.id).values(is_superuser=True))
        response = client.get(f"/v1/users?{query}", headers=admin.auth)
        assert response.status_code == status
        if status == 422:
            assert response.json()["errors"][0]["loc"] == ["query", "limit"]

    @pytest.mark.parametrize("chunked", [False, True])
    def test_body_over_one_mebibyte_is_413(self, client: TestClient, chunked: bool) -> None:
        alice = register(client, "alice")
        payload = json.dumps({"sku": "BIG", "name": "x" * (1024 * 1024), "price_cents": 1})
        data = payload.encode()
        content: Any = iter([data[i : i + 65536] for i in range(0, len(data), 65536)])
        response = client.post(
            "/v1/items",
            content=content if chunked else data,
            headers={**alice.auth, "Content-Type": "application/json"},
        )
        assert_problem(response, 413)
        assert client.get("/v1/items").json()["items"] == []

    def test_body_just_under_the_limit_is_read(self, client: TestClient) -> None:
        alice = register(client, "alice")
        body = json.dumps({"sku": "BIG", "name": "x" * (1000 * 1024), "price_cents": 1})
        response = client.post(
            "/v1/items",
            content=body,
            headers={**alice.auth, "Content-Type": "application/json"},
        )
        # Read and validated (name too long), not refused for size.
        assert_problem(response, 422)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("name", "x" * 201),
            ("name", ""),
            ("description", "x" * 5001),
            ("sku", "A" * 65),
            ("tags", [f"t{i}" for i in range(21)]),
            ("tags", ["x" * 51]),
            ("tags", ["same", "same"]),
            ("price_cents", 1_000_000_001),
            ("price_cents", 10**30),
            ("stock", 2**31),
            ("name", "nul\x00byte"),
        ],
    )
    def test_item_field_limits(self, client: TestClient, field: str, value: Any) -> None:
        alice = register(client, "alice")
        body = {"sku": "SKU-3", "name": "Mug", "price_cents": 1, field: value}
        problem = assert_problem(client.post("/v1/items", json=body, headers=alice.auth), 422)
        assert problem["errors"][0]["loc"][:2] == ["body", field]

    @pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
    def test_non_finite_numbers_are_rejected(self, client: TestClient, number: str) -> None:
        alice = register(client, "alice")
        body = f'{{"sku": "SKU-4", "name": "Mug", "price_cents": {number}}}'
        headers = {**alice.auth, "Content-Type": "application/json"}
        assert_problem(client.post("/v1/items", content=body, headers=headers), 422)

    def test_password_length_bounds_argon2_work(self, client: TestClient) -> None:
        long = "p" * 129
        created = client.post("/v1/users", json={"email": "l@example.com", "password": long})
        assert_problem(created, 422)
        assert long not in created.text
        login = client.post("/v1/auth/token", data={"username": "l@example.com", "password": long})
        assert_problem(login, 422)
        alice = register(client, "alice")
        patched = client.patch("/v1/users/me", json={"password": long}, headers=alice.auth)
        assert_problem(patched, 422)
        # 128 characters is allowed (a passphrase), as long as it is not one repeated one.
        passphrase = ("correct horse battery staple " * 5)[:128]
        ok = client.post("/v1/users", json={"email": "m@example.com", "password": passphrase})
        assert ok.status_code == 201

    def test_argon2_work_factors_are_capped(self) -> None:
        with pytest.raises(ValueError, match="argon2_time_cost"):
            Settings(argon2_time_cost=11)
        with pytest.raises(ValueError, match="argon2_memory_cost_kib"):
            Settings(argon2_memory_cost_kib=1024 * 1024)

    @pytest.mark.parametrize(
        "query",
        ["q=" + "x" * 201, "tag=" + "x" * 51, "cursor=" + "x" * 513, "min_price_cents=-1"],
    )
    def test_query_limits(self, client: TestClient, query: str) -> None:
        assert_problem(client.get(f"/v1/items?{query}"), 422)

    def test_header_limits(self, client: TestClient) -> None:
        alice = register(client, "alice")
        body = {"sku": "SKU-5", "name": "Mug", "price_cents": 1}
        headers = {**alice.auth, "Idempotency-Key": "k" * 256}
        assert_problem(client.post("/v1/items", json=body, headers=headers), 422)
        item = new_item(client, alice)
        too_long = {**alice.auth, "If-Match": '"1"' + " " * 1024}
        response = client.patch(f"/v1/items/{item['id']}", json={"name": "x"}, headers=too_long)
        assert_problem(response, 422)

    def test_email_length(self, client: TestClient) -> None:
        email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".com"
        assert len(email) > 254
        assert_problem(client.post("/v1/users", json={"email": email, "password": PASSWORD}), 422)


# --- API5: broken function-level authorization ----------------------------------------

# Everything else needs a bearer token.
PUBLIC_ROUTES = {
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/openapi.json"),
    ("HEAD", "/openapi.json"),
    ("GET", "/docs"),
    ("GET", "/docs/oauth2-redirect"),
    ("GET", "/redoc"),
    ("POST", "/v1/users"),
    ("POST", "/v1/auth/token"),
    # RFC 7009: the token itself is the credential (logout with a token you hold).
    ("POST", "/v1/auth/revoke"),
    ("GET", "/v1/items"),
    ("GET", "/v1/items/{item_id}"),
}
SUPERUSER_ROUTES = {
    ("GET", "/v1/users"),
    ("POST", "/v1/users/{user_id}/deactivate"),
    ("POST", "/v1/users/{user_id}/reactivate"),
    ("POST", "/v1/users/{user_id}/revoke-sessions"),
}


def walk_routes(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path) of every HTTP route, included routers flattened."""
    found: set[tuple[str, str]] = set()
    for route in app.routes:
        # FastAPI keeps included routers as one entry each; it can list their routes.
        contexts = getattr(route, "effective_route_contexts", None)
        entries = list(contexts()) if contexts is not None else [route]
        for entry in entries:
            original = getattr(entry, "original_route", entry)
            methods = getattr(original, "methods", None)
            path = getattr(entry, "path", None)
            if methods and path:
                found.update((method, path) for method in methods)
    return found


class TestFunctionLevelAuthorization:
    def test_every_route_needs_a_token_unless_listed_public(
        self, client: TestClient, app: FastAPI
    ) -> None:
        routes = walk_routes(app)
        # The walk found the API, not an empty list: both kinds are there.
        assert routes >= PUBLIC_ROUTES, PUBLIC_ROUTES - routes
        protected = routes - PUBLIC_ROUTES
        assert {("DELETE", "/v1/items/{item_id}"), ("GET", "/v1/users")} <= protected
        alice = register(client, "alice")
        item = new_item(client, alice)
        for method, path in sorted(protected):
            url = re.sub(r"\{[^}]+\}", str(item["id"]), path)
            response = client.request(method, url, json={})
            assert response.status_code == 401, (method, path, response.text)
            assert response.headers["WWW-Authenticate"] == "Bearer"
        for method, path in sorted(PUBLIC_ROUTES):
            url = re.sub(r"\{[^}]+\}", str(item["id"]), path)
            response = client.request(method, url)
            assert response.status_code != 401, (method, path)
        assert new_item(client, alice, sku="SKU-2")  # nothing above broke the data

    def test_superuser_routes_refuse_users(self, client: TestClient, app: FastAPI) -> None:
        alice, bob = register(client, "alice"), register(client, "bob")
        routes = sorted((m, p.replace("{user_id}", str(bob.id))) for m, p in SUPERUSER_ROUTES)
        for method, path in routes:
            assert_problem(client.request(method, path, headers=alice.auth), 403)
        with app.state.storefront.db.engine.begin() as connection:
            connection.execute(update(User).where(User.id == alice.id).values(is_superuser=True))
        for method, path in routes:
            assert client.request(method, path, headers=alice.auth).status_code in (200, 204)


# --- API8: security misconfiguration ---------------------------------------------------


SECRET_IN_ERROR = "db-password-hunter2 at /srv/app/secret.py"


@pytest.fixture
def failing_app(settings: Settings) -> Iterator[FastAPI]:
    """The real app plus a test-only route that fails with a revealing exception."""
    application = create_app(settings, secret_key=SECRET_KEY)

    @application.get("/test-only/boom")
    def boom() -> None:
        raise RuntimeError(SECRET_IN_ERROR)

    yield application
    application.state.storefront.db.engine.dispose()


class TestMisconfiguration:
    def test_internal_error_is_a_generic_problem(self, failing_app: FastAPI) -> None:
        with TestClient(failing_app, raise_server_exceptions=False) as client:
            response = client.get("/test-only/boom", headers={"X-Request-ID": "trace-me-1"})
        problem = assert_problem(response, 500)
        assert set(problem) <= {"type", "title", "status", "detail", "instance", "request_id"}
        assert problem["request_id"] == "trace-me-1"
        for revealing in ("Traceback", "RuntimeError", "hunter2", "secret.py", 'File "'):
            assert revealing not in response.text
            assert all(revealing not in value for value in response.headers.values())

    @pytest.mark.parametrize(
        ("method", "path"),
        [("GET", "/v1/items"), ("OPTIONS", "/v1/items"), ("POST", "/v1/auth/token")],
    )
    def test_no_cors_wildcard_with_credentials(
        self, client: TestClient, method: str, path: str
    ) -> None:
        headers = {
            "Origin": "https://evil.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization",
        }
        response = client.request(method, path, headers=headers)
        allow_origin = response.headers.get("Access-Control-Allow-Origin")
        credentials = response.headers.get("Access-Control-Allow-Credentials", "").lower()
        assert not (allow_origin == "*" and credentials == "true")
        # No CORS at all today: no origin is reflected, so no other site can read answers.
        assert allow_origin in (None, "*")
        assert allow_origin != "https://evil.example"

    def test_errors_do_not_echo_input(self, client: TestClient) -> None:
        """Query, body and form values never come back; the path does, as the problem's
        ``instance`` (RFC 9457: the URI of this occurrence), inside JSON."""
        marker = "<script>alert(1)</script>"
        responses = [
            client.get("/v1/items", params={"limit": marker, "sort": marker}),
            client.post("/v1/users", json={"email": marker, "password": marker * 2}),
            client.post("/v1/auth/token", data={"username": marker, "password": "x"}),
            client.post("/v1/users", content=marker, headers={"Content-Type": "application/json"}),
        ]
        for response in responses:
            assert response.status_code in (401, 422), response.text
            assert response.headers["content-type"] == PROBLEM
            assert marker not in response.text
        by_path = client.get("/v1/items/not-a-number")
        assert_problem(by_path, 422)
        assert by_path.json()["instance"] == "/v1/items/not-a-number"
