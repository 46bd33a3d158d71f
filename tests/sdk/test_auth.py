"""The bearer token is applied by the SDK to every request, whichever httpx client or
transport carries it (the generator's default set_httpx_client dropped it)."""

from __future__ import annotations

import httpx
import pytest
from storefront_client import AuthenticatedClient, Client
from storefront_client.api.users import get_current_user

from tests.sdk.conftest import BASE_URL

USER = {
    "id": 1,
    "email": "a@example.com",
    "full_name": None,
    "is_active": True,
    "is_superuser": False,
    "created_at": "2025-01-02T03:04:05Z",
}


class Recorder:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json=USER)

    @property
    def authorization(self) -> list[str | None]:
        return [r.headers.get("Authorization") for r in self.requests]


def test_token_with_a_transport() -> None:
    seen = Recorder()
    client = AuthenticatedClient(
        base_url=BASE_URL, token="tok-1", transport=httpx.MockTransport(seen)
    )
    assert get_current_user.sync(client=client).email == "a@example.com"
    assert seen.authorization == ["Bearer tok-1"]


def test_token_with_an_httpx_client_set_by_the_caller() -> None:
    seen = Recorder()
    http = httpx.Client(base_url=BASE_URL, transport=httpx.MockTransport(seen))
    client = AuthenticatedClient(base_url="unused", token="tok-2").set_httpx_client(http)
    get_current_user.sync(client=client)
    # Another token on the same httpx client: each request carries its own.
    get_current_user.sync(client=client.with_token("tok-3"))
    assert client.get_httpx_client() is http
    assert seen.authorization == ["Bearer tok-2", "Bearer tok-3"]
    assert "authorization" not in http.headers


@pytest.mark.asyncio
async def test_token_with_an_async_httpx_client_set_by_the_caller() -> None:
    seen = Recorder()
    async with httpx.AsyncClient(base_url=BASE_URL, transport=httpx.MockTransport(seen)) as http:
        client = AuthenticatedClient(base_url="unused", token="tok-4")
        client.set_async_httpx_client(http)
        await get_current_user.asyncio(client=client)
    assert seen.authorization == ["Bearer tok-4"]


def test_custom_prefix_and_header() -> None:
    seen = Recorder()
    client = AuthenticatedClient(
        base_url=BASE_URL,
        token="raw",
        prefix="",
        auth_header_name="X-Api-Key",
        transport=httpx.MockTransport(seen),
    )
    get_current_user.sync(client=client)
    assert seen.requests[0].headers["X-Api-Key"] == "raw"
    assert "Authorization" not in seen.requests[0].headers


def test_an_anonymous_client_sends_no_token_and_the_token_is_not_in_repr() -> None:
    seen = Recorder()
    client = Client(base_url=BASE_URL, transport=httpx.MockTransport(seen))
    get_current_user.sync(client=client)  # type: ignore[arg-type]
    assert seen.authorization == [None]
    assert "s3cret" not in repr(AuthenticatedClient(base_url=BASE_URL, token="s3cret"))
