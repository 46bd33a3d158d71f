"""``server.routing.CompiledRoute``: every answer the same as FastAPI's own handler's;
``server.routing.CompiledRouter``: every answer the same as FastAPI's own router's.

The compiled plan hands a request to FastAPI's handler whenever dependency overrides
are set, so one app answers each request twice, once per handler, on the same data;
the two answers must match byte for byte (status, headers, body), for valid requests
and for every kind of refusal (each 422 is FastAPI's own).
"""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

import fastapi.routing
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from server import health, routing
from server.auth.router import router as auth_router
from server.items.router import router as items_router
from server.users.router import router as users_router

_VOLATILE = {"x-request-id", "date"}


def _never_called() -> None:  # pragma: no cover - only its identity is used
    raise AssertionError("an override key, never a dependency")


def _answer(client: TestClient, request: dict[str, Any]) -> tuple[int, list[Any], bytes]:
    response = client.request(**request)
    headers = sorted((k, v) for k, v in response.headers.items() if k not in _VOLATILE)
    return response.status_code, headers, response.content


def _both(app: FastAPI, client: TestClient, request: dict[str, Any]) -> tuple[Any, Any]:
    compiled = _answer(client, request)
    app.dependency_overrides[_never_called] = _never_called
    try:
        fastapi = _answer(client, request)
    finally:
        app.dependency_overrides.clear()
    return compiled, fastapi


def _item(sku: str) -> dict[str, Any]:
    return {
        "sku": sku,
        "name": "Blue shirt",
        "description": "A cotton shirt.",
        "price_cents": 2500,
        "currency": "USD",
        "stock": 3,
        "tags": ["blue", "cotton"],
    }


@pytest.fixture
def token(client: TestClient) -> str:
    password = f"Vq7-{uuid4().hex}-horse"
    email = f"route-{uuid4().hex[:12]}@example.com"
    assert client.post("/v1/users", json={"email": email, "password": password}).status_code == 201
    answer = client.post("/v1/auth/token", data={"username": email, "password": password})
    access: str = answer.json()["access_token"]
    return access


def test_the_busiest_routes_are_compiled() -> None:
    # The comparison below would pass trivially if every route fell back to FastAPI.
    for router, names in (
        (items_router, {"create_item", "list_items", "get_item", "update_item", "delete_item"}),
        (users_router, {"create_user", "list_users", "get_current_user"}),
    ):
        for route in router.routes:
            if isinstance(route, APIRoute) and route.name in names:
                assert isinstance(route, routing.CompiledRoute)
                routing._compile(route)  # raises _Unsupported if it could not be


READS: list[dict[str, Any]] = [
    {"method": "GET", "url": "/v1/items"},
    {"method": "GET", "url": "/v1/items?limit=2"},
    {"method": "GET", "url": "/v1/items?limit=2&sort=-price_cents&min_price_cents=1"},
    {"method": "GET", "url": "/v1/items?q=shirt&tag=blue&max_price_cents=100000"},
    {"method": "GET", "url": "/v1/items?limit=0"},
    {"method": "GET", "url": "/v1/items?limit=101"},
    {"method": "GET", "url": "/v1/items?limit=abc"},
    {"method": "GET", "url": "/v1/items?limit="},
    {"method": "GET", "url": "/v1/items?limit=5&limit=500"},
    {"method": "GET", "url": "/v1/items?sort=colour"},
    {"method": "GET", "url": "/v1/items?q="},
    {"method": "GET", "url": "/v1/items?q=" + "x" * 201},
    {"method": "GET", "url": "/v1/items?cursor=" + "x" * 513},
    {"method": "GET", "url": "/v1/items?cursor=not-a-cursor"},
    {"method": "GET", "url": "/v1/items?min_price_cents=-1&max_price_cents=x"},
    {"method": "GET", "url": "/v1/items?min_price_cents=9&max_price_cents=1"},
    {"method": "GET", "url": "/v1/items/{id}"},
    {"method": "GET", "url": "/v1/items/{id}", "headers": {"If-None-Match": '"1"'}},
    {"method": "GET", "url": "/v1/items/{id}", "headers": {"if-none-match": "x" * 1025}},
    {"method": "GET", "url": "/v1/items/0"},
    {"method": "GET", "url": "/v1/items/abc"},
    {"method": "GET", "url": "/v1/items/99999999999999999999"},
    {"method": "GET", "url": "/v1/items/2147483648"},
    {"method": "GET", "url": "/v1/items/999999"},
    {"method": "GET", "url": "/v1/users/me"},
    {"method": "GET", "url": "/v1/users/me", "auth": True},
    {"method": "GET", "url": "/v1/users?limit=0", "auth": True},
    {"method": "GET", "url": "/v1/users", "headers": {"Authorization": "Bearer nope"}},
    {"method": "GET", "url": "/healthz"},
    {"method": "GET", "url": "/readyz"},
]

WRITES: list[dict[str, Any]] = [
    # Refusals: nothing is written, so both handlers see the same data.
    {"method": "POST", "url": "/v1/items", "json": _item("A-1")},
    {"method": "POST", "url": "/v1/items", "auth": True, "content": b"{not json"},
    {"method": "POST", "url": "/v1/items", "auth": True, "content": b""},
    {"method": "POST", "url": "/v1/items", "auth": True, "json": [1, 2]},
    {"method": "POST", "url": "/v1/items", "auth": True, "json": {**_item("a b"), "stock": -1}},
    {"method": "POST", "url": "/v1/items", "auth": True, "json": {"sku": "ONLY"}},
    {"method": "POST", "url": "/v1/items", "auth": True, "json": {**_item("X-1"), "extra": 1}},
    {
        "method": "POST",
        "url": "/v1/items",
        "auth": True,
        "content": json.dumps(_item("T-1")).encode(),
        "headers": {"Content-Type": "text/plain"},
    },
    {
        "method": "POST",
        "url": "/v1/items",
        "auth": True,
        "content": b'{"sku": NaN}',
        "headers": {"Content-Type": "application/json"},
    },
    {
        "method": "POST",
        "url": "/v1/items",
        "auth": True,
        "json": _item("K-1"),
        "headers": {"Idempotency-Key": "with space"},
    },
    {"method": "POST", "url": "/v1/items", "auth": True, "json": _item("{taken}")},
    {"method": "PATCH", "url": "/v1/items/{id}", "auth": True, "json": {"stock": "many"}},
    {"method": "PATCH", "url": "/v1/items/{id}", "json": {"stock": 1}},
    {
        "method": "PATCH",
        "url": "/v1/items/{id}",
        "auth": True,
        "json": {"stock": 1},
        "headers": {"If-Match": '"99"'},
    },
    {"method": "DELETE", "url": "/v1/items/0", "auth": True},
    # The same change twice leaves the same data: the endpoint's own Response parameter
    # (Cache-Control: no-store) must reach the answer on both handlers.
    {"method": "PATCH", "url": "/v1/users/me", "auth": True, "json": {"full_name": "Same"}},
    {"method": "PATCH", "url": "/v1/users/me", "auth": True, "json": {"nickname": "x"}},
    {"method": "DELETE", "url": "/v1/items/999999", "auth": True},
    {"method": "POST", "url": "/v1/users", "json": {"email": "no-at-sign", "password": "x"}},
]


def _resolve(request: dict[str, Any], token: str, item: dict[str, Any]) -> dict[str, Any]:
    request = dict(request)
    request["url"] = request["url"].replace("{id}", str(item["id"]))
    # A fixed request id: problem bodies carry it.
    headers = {"X-Request-ID": "routing-test", **request.pop("headers", {})}
    if request.pop("auth", False):
        headers["Authorization"] = f"Bearer {token}"
    if "json" in request and request["json"] == _item("{taken}"):
        request["json"] = _item(item["sku"])
    request["headers"] = headers
    return request


@pytest.mark.parametrize("request_", READS + WRITES, ids=lambda r: f"{r['method']} {r['url']}")
def test_answers_match_fastapis_own(
    app: FastAPI, client: TestClient, token: str, request_: dict[str, Any]
) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    item = client.post("/v1/items", json=_item(f"R-{uuid4().hex[:8].upper()}"), headers=auth)
    assert item.status_code == 201
    compiled, fastapi = _both(app, client, _resolve(request_, token, item.json()))
    assert compiled == fastapi


def test_a_create_answers_as_fastapis_own(app: FastAPI, client: TestClient, token: str) -> None:
    auth = {
        "Authorization": f"Bearer {token}",
        "Idempotency-Key": uuid4().hex,
        "X-Request-ID": "routing-test",
    }
    first = _answer(
        client, {"method": "POST", "url": "/v1/items", "json": _item("C-1"), "headers": auth}
    )
    app.dependency_overrides[_never_called] = _never_called
    try:
        # The same key and body: FastAPI's handler replays what the compiled one stored.
        replay = _answer(
            client, {"method": "POST", "url": "/v1/items", "json": _item("C-1"), "headers": auth}
        )
    finally:
        app.dependency_overrides.clear()
    assert first[0] == replay[0] == 201
    assert first[2] == replay[2]
    assert [h for h in replay[1] if h[0] != "idempotent-replayed"] == first[1]


def test_valid_requests_skip_fastapis_solving_and_refusals_use_it(
    client: TestClient, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    solved: list[str] = []
    # FastAPI's handler calls the name it imported into fastapi.routing.
    solve = getattr(fastapi.routing, "solve_dependencies")  # noqa: B009

    async def spy(**kwargs: Any) -> Any:
        solved.append(kwargs["request"].url.path)
        return await solve(**kwargs)

    monkeypatch.setattr(fastapi.routing, "solve_dependencies", spy)
    auth = {"Authorization": f"Bearer {token}"}
    created = client.post("/v1/items", json=_item("SPY-1"), headers=auth)
    assert created.status_code == 201
    assert client.get(f"/v1/items/{created.json()['id']}").status_code == 200
    assert client.get("/v1/items?limit=50").status_code == 200
    assert solved == []
    assert client.get("/v1/items?limit=0").status_code == 422
    assert client.post("/v1/items", content=b"{", headers=auth).status_code == 422
    assert solved == ["/v1/items", "/v1/items"]


def test_every_router_is_compiled() -> None:
    for router in (items_router, users_router, auth_router, health.router):
        assert isinstance(router, routing.CompiledRouter)


# Requests whose routing is the point: a route of each router, a path parameter,
# a method the path does not allow (405, its Allow header), a trailing slash (FastAPI's
# redirect), paths no router has, and the routes FastAPI adds itself.
ROUTED: list[dict[str, Any]] = [
    {"method": "GET", "url": "/v1/items/{id}"},
    {"method": "GET", "url": "/v1/items/not-a-number"},
    {"method": "GET", "url": "/v1/items?limit=1"},
    {"method": "POST", "url": "/v1/items", "auth": True, "json": {"stock": 1}},
    {"method": "PATCH", "url": "/v1/items", "auth": True, "json": {}},
    {"method": "DELETE", "url": "/v1/items"},
    {"method": "GET", "url": "/v1/items/"},
    {"method": "GET", "url": "/v1/users/me", "auth": True},
    {"method": "PUT", "url": "/v1/users/me", "auth": True},
    {"method": "POST", "url": "/v1/auth/token", "data": {"username": "x", "password": "y"}},
    {"method": "GET", "url": "/v1/auth/token"},
    {"method": "GET", "url": "/healthz"},
    {"method": "HEAD", "url": "/healthz"},
    {"method": "GET", "url": "/v1/nothing-here"},
    {"method": "GET", "url": "/"},
    {"method": "GET", "url": "/openapi.json"},
]


@pytest.mark.parametrize("request_", ROUTED, ids=lambda r: f"{r['method']} {r['url']}")
def test_routes_as_fastapis_own_router(
    client: TestClient, token: str, request_: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    item = client.post("/v1/items", json=_item(f"M-{uuid4().hex[:8].upper()}"), headers=auth)
    assert item.status_code == 201
    request = {**_resolve(request_, token, item.json()), "follow_redirects": False}
    matched: list[Any] = []
    match = fastapi.routing._IncludedRouter._match

    def counted(self: Any, scope: Any) -> Any:
        matched.append(self.original_router)
        return match(self, scope)

    monkeypatch.setattr(fastapi.routing._IncludedRouter, "_match", counted)
    ours = _answer(client, request)
    ours_matched = list(matched)
    # FastAPI's own: the included router matched again by its handle.
    monkeypatch.setattr(routing.CompiledRouter, "handle", fastapi.routing.APIRouter.handle)
    matched.clear()
    fastapis = _answer(client, request)
    assert ours == fastapis
    chosen = {"items": items_router, "users": users_router, "auth": auth_router}.get(
        request["url"].split("/")[2] if request["url"].startswith("/v1/") else ""
    )
    if 200 <= ours[0] < 300 and chosen is not None:
        # The chosen router's routes were matched once with ours, twice with FastAPI's
        # (a refusal may match again on purpose: a 405 finds the methods a path allows).
        assert ours_matched.count(chosen) == 1
        assert matched.count(chosen) == 2
