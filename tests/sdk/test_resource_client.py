"""The resource client (``Storefront`` / ``AsyncStorefront``): one attribute per tag, one
method per operation, login that keeps the token, auto-paging resumable from a cursor,
``with_raw_response``. Each test runs the sync client and the async one (respx: no server).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import httpx
import pytest
import respx
from storefront_client import (
    APIResponse,
    AsyncStorefront,
    Client,
    Page,
    Storefront,
    errors,
)
from storefront_client.models import Item, ItemCreate, ItemUpdate, Token, User

from tests.sdk.conftest import BASE_URL, Mode, Sleeps, item_json, problem_json

T = TypeVar("T")
USER = {
    "id": 7,
    "email": "me@example.com",
    "full_name": None,
    "is_active": True,
    "is_superuser": False,
    "created_at": "2025-01-02T03:04:05Z",
}
TOKEN = {"access_token": "jwt-abc", "token_type": "bearer", "expires_in": 3600}


class Pair:
    """A Storefront and an AsyncStorefront over one configured Client; ``call`` runs the
    ``mode`` one (the async one on a fresh event loop)."""

    def __init__(self, mode: Mode, client: Client) -> None:
        self.mode = mode
        self.sync = Storefront.from_client(client)
        self.async_ = AsyncStorefront.from_client(client)

    def call(
        self,
        sync: Callable[[Storefront], T],
        async_: Callable[[AsyncStorefront], Awaitable[T]],
    ) -> T:
        if self.mode == "sync":
            return sync(self.sync)

        async def main() -> T:
            return await async_(self.async_)

        return asyncio.run(main())


@pytest.fixture
def pair(mode: Mode, sleeps: Sleeps) -> Pair:
    return Pair(mode, Client(base_url=BASE_URL, sleep=sleeps.sleep, async_sleep=sleeps.async_sleep))


def test_one_attribute_per_tag_and_one_method_per_operation() -> None:
    client = Storefront(base_url=BASE_URL)
    for tag, methods in {
        "items": ["create", "list", "get", "replace", "update", "delete"],
        "users": ["create", "list", "me", "update_me"],
        "auth": ["login"],
        "health": ["healthz", "readyz"],
    }.items():
        resource = getattr(client, tag)
        for name in methods:
            assert callable(getattr(resource, name)), f"client.{tag}.{name}"
            assert callable(getattr(resource.with_raw_response, name))
            assert callable(getattr(getattr(AsyncStorefront(base_url=BASE_URL), tag), name))


def test_create_get_update_delete(mock: respx.MockRouter, pair: Pair) -> None:
    create = mock.post("/v1/items").mock(return_value=httpx.Response(201, json=item_json(5)))
    mock.get("/v1/items/5").mock(return_value=httpx.Response(200, json=item_json(5)))
    patch = mock.patch("/v1/items/5").mock(
        return_value=httpx.Response(200, json=item_json(5, price_cents=99, version=2))
    )
    mock.delete("/v1/items/5").mock(return_value=httpx.Response(204))
    body = ItemCreate(sku="SKU-5", name="Shirt", price_cents=100)

    created = pair.call(
        lambda c: c.items.create(body=body, idempotency_key="order-5"),
        lambda c: c.items.create(body=body, idempotency_key="order-5"),
    )
    assert isinstance(created, Item)
    assert created.id == 5
    assert create.calls.last.request.headers["Idempotency-Key"] == "order-5"
    assert create.calls.last.request.headers["Content-Type"] == "application/json"
    assert pair.call(lambda c: c.items.get(5), lambda c: c.items.get(5)).sku == "SKU-5"
    update = ItemUpdate(price_cents=99)
    updated = pair.call(
        lambda c: c.items.update(5, body=update, if_match='"1"'),
        lambda c: c.items.update(5, body=update, if_match='"1"'),
    )
    assert (updated.price_cents, updated.version) == (99, 2)
    assert patch.calls.last.request.headers["If-Match"] == '"1"'
    assert pair.call(lambda c: c.items.delete(5), lambda c: c.items.delete(5)) is None


def test_errors_are_the_typed_errors(mock: respx.MockRouter, pair: Pair) -> None:
    mock.get("/v1/items/9").mock(
        return_value=httpx.Response(404, json=problem_json(404, "Not Found"))
    )
    with pytest.raises(errors.NotFoundError) as failure:
        pair.call(lambda c: c.items.get(9), lambda c: c.items.get(9))
    assert failure.value.problem is not None
    assert failure.value.problem.title == "Not Found"


def test_login_keeps_the_token_for_later_calls(mock: respx.MockRouter, pair: Pair) -> None:
    login = mock.post("/v1/auth/token").mock(return_value=httpx.Response(200, json=TOKEN))
    me = mock.get("/v1/users/me").mock(return_value=httpx.Response(200, json=USER))

    async def async_login(c: AsyncStorefront) -> Token:
        return await c.login("me@example.com", "pw-123456")

    token = pair.call(lambda c: c.login("me@example.com", "pw-123456"), async_login)
    assert token.access_token == "jwt-abc"
    form = dict(httpx.QueryParams(login.calls.last.request.content.decode()))
    assert form == {"grant_type": "password", "username": "me@example.com", "password": "pw-123456"}
    assert "Authorization" not in login.calls.last.request.headers
    user = pair.call(lambda c: c.users.me(), lambda c: c.users.me())
    assert isinstance(user, User)
    assert user.email == "me@example.com"
    assert me.calls.last.request.headers["Authorization"] == "Bearer jwt-abc"
    client = pair.sync if pair.mode == "sync" else pair.async_
    assert client.token == "jwt-abc"
    assert "jwt-abc" not in repr(client)
    assert "jwt-abc" not in repr(token)
    assert repr(token).startswith("Token(access_token=<redacted>, expires_in=3600")


def pages(mock: respx.MockRouter, count: int) -> respx.Route:
    """``count`` pages of two items; page n is fetched with cursor ``c<n>``."""

    def answer(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("cursor")
        page = 0 if cursor is None else int(cursor[1:])
        items = [item_json(i) for i in (2 * page + 1, 2 * page + 2)]
        next_cursor = f"c{page + 1}" if page + 1 < count else None
        return httpx.Response(200, json={"items": items, "next_cursor": next_cursor})

    return mock.get("/v1/items").mock(side_effect=answer)


def test_list_pages_through_everything_lazily(mock: respx.MockRouter, pair: Pair) -> None:
    route = pages(mock, 3)

    async def async_ids(c: AsyncStorefront) -> list[int]:
        return [item.id async for item in c.items.list(tag="blue", limit=2)]

    pager = pair.sync.items.list(tag="blue", limit=2)
    assert route.call_count == 0  # nothing fetched before iterating
    ids = pair.call(lambda c: [item.id for item in c.items.list(tag="blue", limit=2)], async_ids)
    assert ids == [1, 2, 3, 4, 5, 6]
    params = [dict(call.request.url.params) for call in route.calls]
    assert [p.get("cursor") for p in params] == [None, "c1", "c2"]
    assert all(p["tag"] == "blue" and p["limit"] == "2" for p in params)
    assert pager.cursor is None


def test_list_resumes_from_a_saved_cursor(mock: respx.MockRouter, pair: Pair) -> None:
    """Walk the pages, stop after the second, save its next_cursor; a new list() from
    that cursor yields exactly the rest."""
    route = pages(mock, 4)

    def first_two(c: Storefront) -> list[Page[Item]]:
        walked = []
        for page in c.items.list().pages():
            walked.append(page)
            if len(walked) == 2:
                break
        return walked

    async def afirst_two(c: AsyncStorefront) -> list[Page[Item]]:
        walked = []
        async for page in c.items.list().pages():
            walked.append(page)
            if len(walked) == 2:
                break
        return walked

    walked = pair.call(first_two, afirst_two)
    assert [(p.cursor, p.next_cursor) for p in walked] == [(None, "c1"), ("c1", "c2")]
    saved = walked[-1].next_cursor
    assert saved == "c2"

    async def arest(c: AsyncStorefront) -> list[int]:
        return [item.id async for item in c.items.list(cursor=saved)]

    rest = pair.call(lambda c: [item.id for item in c.items.list(cursor=saved)], arest)
    assert rest == [5, 6, 7, 8]
    assert [call.request.url.params.get("cursor") for call in route.calls] == [
        None,
        "c1",
        "c2",
        "c3",
    ]


def test_raw_response_gives_the_typed_model_and_headers(mock: respx.MockRouter, pair: Pair) -> None:
    mock.get("/v1/items/1").mock(
        return_value=httpx.Response(
            200, json=item_json(1), headers={"ETag": '"3"', "X-Request-ID": "req-1"}
        )
    )
    raw = pair.call(
        lambda c: c.items.with_raw_response.get(1),
        lambda c: c.items.with_raw_response.get(1),
    )
    assert isinstance(raw, APIResponse)
    item: Item = raw.parse()  # typed: no isinstance needed
    assert item.id == 1
    assert (raw.status_code, raw.etag, raw.request_id) == (200, '"3"', "req-1")
    assert raw.headers["content-type"] == "application/json"
    assert repr(raw) == f"<APIResponse [200] GET {BASE_URL}/v1/items/1>"


def test_a_conditional_update_chain_without_isinstance(mock: respx.MockRouter, pair: Pair) -> None:
    """Read with its ETag, update with If-Match, update again with the new ETag; a stale
    ETag raises PreconditionFailedError."""
    versions = {"v": 1}

    def answer(request: httpx.Request) -> httpx.Response:
        current = f'"{versions["v"]}"'
        if request.method == "PATCH":
            if request.headers.get("If-Match") != current:
                return httpx.Response(412, json=problem_json(412, "Precondition Failed"))
            versions["v"] += 1
        return httpx.Response(
            200, json=item_json(1, version=versions["v"]), headers={"ETag": f'"{versions["v"]}"'}
        )

    mock.route(path="/v1/items/1").mock(side_effect=answer)
    body = ItemUpdate(stock=1)

    def chain(c: Storefront) -> list[int]:
        read = c.items.with_raw_response.get(1)
        # An ETag that may be UNSET is a type error there: narrow it, or pass the item.
        assert isinstance(read.etag, str)
        first = c.items.with_raw_response.update(1, body=body, if_match=read.etag)
        second = c.items.with_raw_response.update(1, body=body, if_match=first.parse())
        with pytest.raises(errors.PreconditionFailedError):
            c.items.update(1, body=body, if_match=read.parse())  # stale
        return [read.parse().version, first.parse().version, second.parse().version]

    async def achain(c: AsyncStorefront) -> list[int]:
        read = await c.items.with_raw_response.get(1)
        assert isinstance(read.etag, str)
        first = await c.items.with_raw_response.update(1, body=body, if_match=read.etag)
        second = await c.items.with_raw_response.update(1, body=body, if_match=first.parse())
        with pytest.raises(errors.PreconditionFailedError):
            await c.items.update(1, body=body, if_match=read.parse())
        return [read.parse().version, first.parse().version, second.parse().version]

    assert pair.call(chain, achain) == [1, 2, 3]


def test_raw_response_raises_the_typed_error_of_an_error_status(
    mock: respx.MockRouter, pair: Pair
) -> None:
    mock.delete("/v1/items/1").mock(
        return_value=httpx.Response(403, json=problem_json(403, "Forbidden"))
    )
    with pytest.raises(errors.PermissionDeniedError):
        pair.call(
            lambda c: c.items.with_raw_response.delete(1),
            lambda c: c.items.with_raw_response.delete(1),
        )


def test_raw_list_is_one_page(mock: respx.MockRouter, pair: Pair) -> None:
    pages(mock, 3)
    raw = pair.call(
        lambda c: c.items.with_raw_response.list(cursor="c1"),
        lambda c: c.items.with_raw_response.list(cursor="c1"),
    )
    page = raw.parse()
    assert [item.id for item in page.items] == [3, 4]
    assert page.next_cursor == "c2"


def test_the_module_functions_still_work_beside_it(mock: respx.MockRouter) -> None:
    from storefront_client.api.items import get_item

    mock.get("/v1/items/1").mock(return_value=httpx.Response(200, json=item_json(1)))
    client = Storefront(base_url=BASE_URL, token="tok")
    assert get_item.sync(1, client=client.client).id == 1
    assert mock.calls.last.request.headers["Authorization"] == "Bearer tok"
