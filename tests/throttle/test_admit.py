"""Admission of an anonymous expensive attempt (``server.throttle.service.admit``): a burst
past half the database pool is refused before it takes a connection."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from server.errors import ServiceUnavailable
from server.main import create_app
from server.throttle import service
from tests.support.databases import SECRET_KEY, fast_settings


def test_a_burst_past_half_the_pool_is_refused_before_counting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A database that cannot be opened: counting would answer 503 *unavailable*.
    settings = fast_settings(f"sqlite:///{tmp_path / 'missing' / 'db.sqlite'}", db_pool_size=4)
    ctx = create_app(settings, secret_key=SECRET_KEY).state.storefront
    monkeypatch.setattr(service, "_counting", [2])
    with pytest.raises(ServiceUnavailable) as refused:
        asyncio.run(service.admit(ctx, "203.0.113.7"))
    assert refused.value.detail == service.COUNTING_BUSY
    assert refused.value.headers == {"Retry-After": "1"}
    monkeypatch.setattr(service, "_counting", [1])
    with pytest.raises(ServiceUnavailable) as unavailable:
        asyncio.run(service.admit(ctx, "203.0.113.7"))
    assert unavailable.value.detail != service.COUNTING_BUSY  # it went to the database
    assert service._counting == [1]  # and gave its place back
