"""Admission of an anonymous expensive attempt (``server.throttle.service.admit``): a burst
past half the database pool waits its turn, boundedly, before it takes a connection."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from server.errors import ServiceUnavailable
from server.main import create_app
from server.throttle import service
from tests.support.databases import SECRET_KEY, fast_settings


def test_a_burst_past_half_the_pool_is_refused_before_counting(tmp_path: Path) -> None:
    # A database that cannot be opened: counting would answer 503 *unavailable*.
    settings = fast_settings(
        f"sqlite:///{tmp_path / 'missing' / 'db.sqlite'}",
        db_pool_size=4,
        password_hash_max_wait_seconds=0.05,
    )
    ctx = create_app(settings, secret_key=SECRET_KEY).state.storefront

    async def burst() -> None:
        slots = service.counting_slots(2)  # half the pool of 4
        await slots.acquire()
        await slots.acquire()
        with pytest.raises(ServiceUnavailable) as refused:
            await service.admit(ctx, "203.0.113.7")
        assert refused.value.detail == service.COUNTING_BUSY
        assert refused.value.headers == {"Retry-After": "1"}
        slots.release()
        with pytest.raises(ServiceUnavailable) as unavailable:
            await service.admit(ctx, "203.0.113.7")
        assert unavailable.value.detail != service.COUNTING_BUSY  # it went to the database
        assert not slots.locked()  # and gave its turn back

    asyncio.run(burst())
