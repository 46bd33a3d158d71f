"""server/fastpath.py answers exactly what FastAPI would, and answers the plain requests.

The same script of requests — plain ones the fast path takes and near misses it must
hand over — runs against two apps on two fresh databases, one with the fast path
and one without; every answer must match (status, headers, body), with only the
clock masked (timestamps, and the cursors and lengths that embed them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from server.main import create_app
from tests.support.databases import SECRET_KEY, PostgresDatabase, SqliteTemplate, fast_settings

TIMESTAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")
CURSOR = re.compile(rb'"(next_cursor|request_id)":"[^"]*"')
Answer = tuple[int, dict[str, str], bytes]
IGNORED_HEADERS = {"date", "content-length"}


def item(sku: str, **overrides: Any) -> dict[str, Any]:
    return {"sku": sku, "name": f"Item {sku}", "price_cents": 500, "tags": ["a", "b"]} | overrides


# (method, path, headers, json body or raw bytes); "{token}" is each app's own token,
# "{cursor}" the next_cursor of that app's previous answer.
BEARER = {"Authorization": "Bearer {token}"}
JSON = {"Content-Type": "application/json"}
SCRIPT: list[tuple[str, str, dict[str, str], Any]] = [
    ("POST", "/v1/items", BEARER, item("A-1")),
    ("POST", "/v1/items", BEARER | {"Idempotency-Key": "k-1"}, item("A-2")),
    ("POST", "/v1/items", BEARER | {"Idempotency-Key": "k-1"}, item("A-2")),
    ("POST", "/v1/items", BEARER | {"Idempotency-Key": "k-1"}, item("A-3")),
    ("POST", "/v1/items", BEARER, item("A-1")),
    ("POST", "/v1/items", BEARER, item("A-4", price_cents="5")),
    ("POST", "/v1/items", BEARER, item("A-4", price_cents=5.0, description="five")),
    ("POST", "/v1/items", BEARER, item("A-5", tags=["x", "x"])),
    ("POST", "/v1/items", BEARER, item("A-5", extra=1)),
    ("POST", "/v1/items", BEARER, item("A-5", name="nul\x00")),
    ("POST", "/v1/items", BEARER | JSON, b"{not json"),
    ("POST", "/v1/items", BEARER | JSON, b"[1, 2]"),
    ("POST", "/v1/items", BEARER | JSON, b'{"sku": "A-6", "name": "n", "price_cents": NaN}'),
    ("POST", "/v1/items", BEARER | {"Content-Type": "text/plain"}, b'{"sku": "A-7"}'),
    ("POST", "/v1/items", {}, item("A-8")),
    ("POST", "/v1/items", {"Authorization": "Bearer not-a-token"}, item("A-8")),
    ("POST", "/v1/items", {"Authorization": "bearer {token}"}, item("A-9")),
    ("POST", "/v1/items", BEARER | {"Idempotency-Key": "has space"}, item("A-10")),
    ("POST", "/v1/items", BEARER | {"Idempotency-Key": "k" * 256}, item("A-10")),
    ("POST", "/v1/items?x=1", BEARER, item("A-11")),
    ("GET", "/v1/items/1", {}, None),
    ("GET", "/v1/items/2", {"If-None-Match": '"1"'}, None),
    ("GET", "/v1/items/999", {}, None),
    ("GET", "/v1/items/0", {}, None),
    ("GET", "/v1/items/01", {}, None),
    ("GET", "/v1/items/abc", {}, None),
    ("GET", "/v1/items/1?x=1", {}, None),
    ("GET", "/v1/items/99999999999", {}, None),
    ("GET", "/v1/items", {}, None),
    ("GET", "/v1/items?limit=2", {}, None),
    ("GET", "/v1/items?limit=2&cursor={cursor}", {}, None),
    ("GET", "/v1/items?limit=2&cursor={cursor}&sort=-price_cents", {}, None),
    ("GET", "/v1/items?limit=1&sort=-price_cents", {}, None),
    ("GET", "/v1/items?limit=1&sort=-price_cents&cursor={cursor}", {}, None),
    ("GET", "/v1/items?sort=name&limit=100", {}, None),
    ("GET", "/v1/items?limit=0", {}, None),
    ("GET", "/v1/items?limit=101", {}, None),
    ("GET", "/v1/items?limit=07", {}, None),
    ("GET", "/v1/items?limit=abc", {}, None),
    ("GET", "/v1/items?limit=2&limit=3", {}, None),
    ("GET", "/v1/items?sort=bogus", {}, None),
    ("GET", "/v1/items?cursor=", {}, None),
    ("GET", "/v1/items?cursor=garbage", {}, None),
    ("GET", "/v1/items?q=Item", {}, None),
    ("GET", "/v1/items/1", {"X-Request-ID": "trace-1"}, None),
    ("GET", "/v1/items?limit=1", {"X-Request-ID": "not sane!"}, None),
    ("POST", "/v1/items", BEARER | {"X-Request-ID": "trace-2"}, item("A-12")),
    ("GET", "/v1/items/999", {"X-Request-ID": "trace-3"}, None),
]
# Requests the fast path must answer itself (indexes into SCRIPT).
FAST = {0, 1, 2, 6, 20, 28, 29, 30, 32, 33, 34, 44, 45, 46}
GENERATED_ID = re.compile(r"[0-9a-f]{32}")


@contextmanager
def client_for(database_url: str, *, fast_path: bool) -> Iterator[TestClient]:
    app = create_app(fast_settings(database_url, fast_path=fast_path), secret_key=SECRET_KEY)
    with TestClient(app, base_url="http://testserver") as client:
        yield client
    app.state.storefront.db.engine.dispose()


def _token(client: TestClient) -> str:
    body = {"email": "owner@example.com", "password": "correct-horse-battery-1"}
    assert client.post("/v1/users", json=body).status_code == 201
    form = {"username": body["email"], "password": body["password"]}
    token: str = client.post("/v1/auth/token", data=form).json()["access_token"]
    return token


@pytest.fixture
def routed_by_fastapi(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts requests that reached a FastAPI route (the fast path skips routing)."""
    calls: list[int] = []
    original = APIRoute.handle

    async def handle(self: APIRoute, scope: Any, receive: Any, send: Any) -> None:
        calls.append(1)
        await original(self, scope, receive, send)

    monkeypatch.setattr(APIRoute, "handle", handle)
    return calls


def _fresh_again(engine_name: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Another empty database of the engine (PostgreSQL: the same one, emptied)."""
    if engine_name == "sqlite":
        template: SqliteTemplate = request.getfixturevalue("sqlite_template")
        (tmp_path / "plain").mkdir()
        return template.fresh(tmp_path / "plain")
    database: PostgresDatabase = request.getfixturevalue("postgres_database")
    return database.empty()


def test_fast_path_answers_like_fastapi(
    engine_name: str,
    database_url: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    routed_by_fastapi: list[int],
) -> None:
    with client_for(database_url, fast_path=True) as fast:
        fast_routes: list[int] = []
        fast_answers = _run_counting(fast, routed_by_fastapi, fast_routes)
    other_url = _fresh_again(engine_name, request, tmp_path)
    with client_for(other_url, fast_path=False) as plain:
        plain_routes: list[int] = []
        plain_answers = _run_counting(plain, routed_by_fastapi, plain_routes)
    if engine_name == "postgres":
        # A PostgreSQL sequence is not transactional: the fast path's attempt at the
        # 409 (rolled back, then answered by FastAPI) spends an id; ids may differ.
        fast_answers, plain_answers = _without_ids(fast_answers), _without_ids(plain_answers)
    for n, (a, b) in enumerate(zip(fast_answers, plain_answers, strict=True)):
        assert a == b, f"request {n}: {SCRIPT[n][:2]}"
    statuses = {a[0] for a in fast_answers}
    assert {200, 201, 304, 401, 404, 409, 422} <= statuses
    assert all(plain_routes), "without the fast path every request is routed by FastAPI"
    answered_fast = {n for n, routed in enumerate(fast_routes) if not routed}
    assert answered_fast == FAST


ID = re.compile(rb'("id":|/v1/items/)\d+')


def _without_ids(answers: list[Answer]) -> list[Answer]:
    return [
        (
            status,
            {k: ID.sub(rb"\1~", v.encode()).decode() for k, v in headers.items()},
            ID.sub(rb"\1~", body),
        )
        for status, headers, body in answers
    ]


def _run_counting(client: TestClient, calls: list[int], routed: list[int]) -> list[Answer]:
    token, cursor, answers = _token(client), "", []
    for method, path, headers, body in SCRIPT:
        before = len(calls)
        sent = {k: v.replace("{token}", token) for k, v in headers.items()}
        content = body if isinstance(body, bytes) else None
        response = client.request(
            method,
            path.replace("{cursor}", cursor),
            headers=sent,
            json=None if content is not None or body is None else body,
            content=content,
        )
        routed.append(len(calls) - before)
        if method == "GET" and response.headers.get("content-type") == "application/json":
            cursor = response.json().get("next_cursor") or cursor
        kept = {k: v for k, v in response.headers.items() if k not in IGNORED_HEADERS}
        # Every answer names its request: the caller's sane id, else a generated one.
        if kept.get("x-request-id") != sent.get("X-Request-ID"):
            assert GENERATED_ID.fullmatch(kept["x-request-id"]), (method, path, kept)
            kept["x-request-id"] = "~generated"
        masked = CURSOR.sub(rb'"\1":"~"', TIMESTAMP.sub(b"~", response.content))
        answers.append((response.status_code, kept, masked))
    return answers
