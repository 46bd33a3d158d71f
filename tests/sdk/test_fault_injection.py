"""End to end against a real ``storefront serve`` process: the answer to the first POST
is lost between the server and the SDK after the server committed. The SDK retries with
the same Idempotency-Key, the server replays its first answer, and exactly one resource
exists: the one the caller gets."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from storefront_client import AuthenticatedClient, Client
from storefront_client.api.auth import login
from storefront_client.api.items import create_item, list_items
from storefront_client.api.users import create_user
from storefront_client.models import ItemCreate, LoginForm, UserCreate

from tests.conftest import ENGINES
from tests.support.databases import PostgresDatabase, SqliteTemplate
from tests.support.leaks import remember_password
from tests.support.live import LiveServer

PASSWORD = remember_password("correct-horse-battery-7")


class LosesFirstAnswer(httpx.BaseTransport):
    """Forwards every request; the first answer to ``POST path`` is dropped after the
    server sent it, as a reset connection would."""

    def __init__(self, path: str) -> None:
        self.inner = httpx.HTTPTransport()
        self.path = path
        self.sent: list[httpx.Request] = []
        self.lost: list[httpx.Response] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        self.sent.append(request)
        if request.method == "POST" and request.url.path == self.path and not self.lost:
            response.read()
            response.close()
            self.lost.append(response)
            raise httpx.ReadError("connection reset before the answer arrived", request=request)
        return response

    def close(self) -> None:
        self.inner.close()


class AsyncLosesFirstAnswer(httpx.AsyncBaseTransport):
    def __init__(self, path: str) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.path = path
        self.sent: list[httpx.Request] = []
        self.lost: list[httpx.Response] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        self.sent.append(request)
        if request.method == "POST" and request.url.path == self.path and not self.lost:
            await response.aread()
            await response.aclose()
            self.lost.append(response)
            raise httpx.ReadError("connection reset before the answer arrived", request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.fixture(scope="module", params=ENGINES)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """One server process per engine for the module, on a fresh database."""
    directory = tmp_path_factory.mktemp("fault-injection")
    if request.param == "sqlite":
        template: SqliteTemplate = request.getfixturevalue("sqlite_template")
        url = template.fresh(directory)
    else:
        database: PostgresDatabase = request.getfixturevalue("postgres_database")
        url = database.empty()
    with LiveServer(url, log=directory / "serve.log") as live:
        yield live


def no_wait(_: float) -> None:
    pass


async def no_wait_async(_: float) -> None:
    pass


def keys(sent: list[httpx.Request], path: str) -> list[str]:
    return [r.headers["Idempotency-Key"] for r in sent if r.method == "POST" and r.url.path == path]


def token(server: LiveServer, email: str) -> str:
    with Client(base_url=server.url) as anonymous:
        create_user.sync(client=anonymous, body=UserCreate(email=email, password=PASSWORD))
        return login.sync(
            client=anonymous, body=LoginForm(username=email, password=PASSWORD)
        ).access_token


def test_a_lost_create_item_answer_is_retried_into_exactly_one_item(server: LiveServer) -> None:
    faulty = LosesFirstAnswer("/v1/items")
    body = ItemCreate(sku="LOST-1", name="Lost answer", price_cents=1200)
    with AuthenticatedClient(
        base_url=server.url,
        token=token(server, "sync@example.com"),
        transport=faulty,
        sleep=no_wait,
    ) as client:
        item = create_item.sync(client=client, body=body)
        listed = list_items.sync(client=client)
    assert len(faulty.lost) == 1
    assert faulty.lost[0].status_code == 201
    assert faulty.lost[0].json()["id"] == item.id
    sent_keys = keys(faulty.sent, "/v1/items")
    assert len(sent_keys) == 2
    assert len(set(sent_keys)) == 1
    assert [i.id for i in listed.items if i.owner_id == item.owner_id] == [item.id]
    assert (item.sku, item.version) == ("LOST-1", 1)


def test_the_async_twin_does_the_same(server: LiveServer) -> None:
    bearer = token(server, "async@example.com")

    async def scenario() -> tuple[AsyncLosesFirstAnswer, int, list[int]]:
        faulty = AsyncLosesFirstAnswer("/v1/items")
        body = ItemCreate(sku="LOST-2", name="Lost answer", price_cents=1200)
        async with AuthenticatedClient(
            base_url=server.url, token=bearer, async_transport=faulty, async_sleep=no_wait_async
        ) as client:
            item = await create_item.asyncio(client=client, body=body)
            listed = await list_items.asyncio(client=client)
        return faulty, item.id, [i.id for i in listed.items if i.owner_id == item.owner_id]

    faulty, item_id, listed = asyncio.run(scenario())
    assert len(faulty.lost) == 1
    assert len(set(keys(faulty.sent, "/v1/items"))) == 1
    assert listed == [item_id]


def test_a_lost_registration_answer_is_retried_without_a_conflict(server: LiveServer) -> None:
    faulty = LosesFirstAnswer("/v1/users")
    body = UserCreate(email="lost@example.com", password=PASSWORD)
    with Client(base_url=server.url, transport=faulty, sleep=no_wait) as client:
        user = create_user.sync(client=client, body=body)
    assert faulty.lost[0].status_code == 201
    assert faulty.lost[0].json() == user.to_dict() | {
        "created_at": faulty.lost[0].json()["created_at"]
    }
    assert user.email == "lost@example.com"
