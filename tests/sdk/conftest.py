"""Helpers for the SDK's own behaviour, tested against respx mocks (no server)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, Literal, TypeVar

import pytest
import respx

BASE_URL = "https://api.example.test"
T = TypeVar("T")
Mode = Literal["sync", "async"]


def item_json(item_id: int = 1, **overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": item_id,
        "sku": f"SKU-{item_id}",
        "name": "Blue shirt",
        "description": None,
        "price_cents": 2500,
        "currency": "USD",
        "stock": 3,
        "tags": ["blue"],
        "owner_id": 7,
        "version": 1,
        "created_at": "2025-01-02T03:04:05Z",
        "updated_at": "2025-01-02T03:04:05Z",
    }
    item.update(overrides)
    return item


def problem_json(status: int, title: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": f"https://storefront.example/problems/{title.lower().replace(' ', '-')}",
        "title": title,
        "status": status,
        "detail": f"{title}: what went wrong and what to do.",
        "request_id": "req-from-body",
        **extra,
    }


class Sleeps(list[float]):
    """A ``sleep`` / ``async_sleep`` pair for the client that records and never waits."""

    def sleep(self, seconds: float) -> None:
        self.append(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def mock() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        yield router


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> Mode:
    value: Mode = request.param
    return value


def run(
    mode: Mode,
    sync: Callable[[], T],
    asyncio_call: Callable[[], Coroutine[Any, Any, T]],
) -> T:
    """Run one SDK call the ``mode`` way: the sync function, or its async twin on a
    fresh event loop."""
    if mode == "sync":
        return sync()
    return asyncio.run(asyncio_call())
