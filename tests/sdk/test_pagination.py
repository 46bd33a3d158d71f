"""iterate()/aiterate(): generated for each cursor-paginated operation; they walk every
page lazily, sending the same filters each time."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from storefront_client import Client, errors
from storefront_client.api.items import list_items

from tests.sdk.conftest import BASE_URL, item_json, problem_json

ROOT = Path(__file__).resolve().parents[2]


def pages(mock: respx.MockRouter, count: int, per_page: int = 2) -> respx.Route:
    """``count`` pages of items; page n's cursor is ``c<n>``."""

    def answer(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("cursor")
        page = 0 if cursor is None else int(cursor[1:])
        first = page * per_page + 1
        items = [item_json(i) for i in range(first, first + per_page)]
        next_cursor = f"c{page + 1}" if page + 1 < count else None
        return httpx.Response(200, json={"items": items, "next_cursor": next_cursor})

    return mock.get("/v1/items").mock(side_effect=answer)


def test_iterate_yields_every_item_across_pages_with_the_same_filters(
    mock: respx.MockRouter,
) -> None:
    route = pages(mock, 3)
    client = Client(base_url=BASE_URL)
    ids = [item.id for item in list_items.iterate(client=client, tag="blue", sort="-created_at")]
    assert ids == [1, 2, 3, 4, 5, 6]
    params = [dict(call.request.url.params) for call in route.calls]
    assert [p.get("cursor") for p in params] == [None, "c1", "c2"]
    assert all(p["tag"] == "blue" and p["sort"] == "-created_at" for p in params)


@pytest.mark.asyncio
async def test_aiterate_is_the_async_twin(mock: respx.MockRouter) -> None:
    route = pages(mock, 3)
    async with Client(base_url=BASE_URL) as client:
        ids = [item.id async for item in list_items.aiterate(client=client, tag="blue")]
    assert ids == [1, 2, 3, 4, 5, 6]
    assert route.call_count == 3


def test_iterate_is_lazy_and_can_start_from_a_cursor(mock: respx.MockRouter) -> None:
    route = pages(mock, 5)
    client = Client(base_url=BASE_URL)
    walk = list_items.iterate(client=client, cursor="c3")
    assert route.call_count == 0
    assert next(walk).id == 7
    assert route.call_count == 1
    assert [i.id for i in walk] == [8, 9, 10]


def test_an_error_on_a_later_page_raises_its_typed_error(mock: respx.MockRouter) -> None:
    mock.get("/v1/items", params={"cursor": "c1"}).mock(
        return_value=httpx.Response(422, json=problem_json(422, "Validation Error"))
    )
    pages(mock, 3)
    walk = list_items.iterate(client=Client(base_url=BASE_URL, max_retries=0))
    with pytest.raises(errors.ValidationError):
        list(walk)


def paginated_operations() -> set[tuple[str, str]]:
    """(tag, operation id) of every operation with a `cursor` query parameter whose
    success schema has `next_cursor`, read from openapi.json."""
    spec: dict[str, Any] = json.loads((ROOT / "openapi.json").read_text())
    found = set()
    for path_item in spec["paths"].values():
        for operation in path_item.values():
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            schema = operation["responses"].get("200", {}).get("content", {})
            ref = schema.get("application/json", {}).get("schema", {}).get("$ref", "")
            component = spec["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
            if "cursor" in names and "next_cursor" in component.get("properties", {}):
                found.add((operation["tags"][0], operation["operationId"]))
    return found


def test_every_cursor_paginated_operation_has_both_iterators() -> None:
    found = paginated_operations()
    assert {("items", "list_items"), ("users", "list_users")} <= found
    spec: dict[str, Any] = json.loads((ROOT / "openapi.json").read_text())
    for path_item in spec["paths"].values():
        for operation in path_item.values():
            tag, op = operation["tags"][0], operation["operationId"]
            module = importlib.import_module(f"storefront_client.api.{tag}.{op}")
            paginated = (tag, op) in found
            assert hasattr(module, "iterate") is paginated, op
            assert hasattr(module, "aiterate") is paginated, op
