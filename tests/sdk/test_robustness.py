"""The bugs issue 23 found, each with the test that failed before its fix: a pager that
never stops, the configuration mistakes that failed misleadingly, ``*_detailed()``
raising on a malformed 200, duplicated log lines, a secret header in repr and logs, the
error names, and the environment."""

from __future__ import annotations

import logging
import subprocess
import sys

import httpx
import pytest
import storefront_client
from storefront_client import (
    APITimeoutError,
    AuthenticatedClient,
    Client,
    RepeatedCursorError,
    Storefront,
    errors,
)
from storefront_client.api.items import get_item, list_items
from storefront_client.api.users import list_users
from storefront_client.testing import FakeServer, make_item

from tests.support.live import ROOT

BASE = "http://storefront.test"


def page_with(cursor: str) -> httpx.MockTransport:
    """A mock that answers every list with one item and the same ``next_cursor`` (what a
    mock serving the schema's example does)."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"items": [make_item()], "next_cursor": cursor})

    return httpx.MockTransport(answer)


def test_the_pager_stops_when_a_cursor_comes_back() -> None:
    client = Storefront(base_url=BASE, transport=page_with("abc"), max_retries=0)
    pages = client.items.list().pages()
    assert next(pages).next_cursor == "abc"  # the first page
    assert next(pages).cursor == "abc"  # the page of cursor "abc"
    with pytest.raises(RepeatedCursorError, match="abc"):
        next(pages)  # would follow "abc" again: stops instead of a third request


def test_the_module_iterator_stops_too() -> None:
    client = Client(base_url=BASE, transport=page_with("abc"), max_retries=0)
    with pytest.raises(RepeatedCursorError):
        list(list_items.iterate(client=client))


def test_a_base_url_without_a_scheme_fails_at_construction() -> None:
    with pytest.raises(ValueError, match="scheme and a host"):
        Storefront(base_url="localhost:8000")


def test_the_base_url_and_token_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STOREFRONT_BASE_URL", BASE)
    monkeypatch.setenv("STOREFRONT_TOKEN", "from-env")
    client = Storefront()
    assert client.client._base_url == BASE
    assert client.token == "from-env"
    monkeypatch.delenv("STOREFRONT_BASE_URL")
    with pytest.raises(ValueError, match="STOREFRONT_BASE_URL"):
        Storefront()


def test_an_http_client_without_a_base_url_uses_base_url() -> None:
    fake = FakeServer()
    http = httpx.Client(transport=fake.transport())
    client = Storefront(base_url=BASE, http_client=http, max_retries=0)
    assert list(client.items.list()) == []
    assert str(fake.requests[0].url) == f"{BASE}/v1/items?limit=20"


@pytest.mark.parametrize("body", [b"not json", b"{}", b"[1, 2]"])
def test_detailed_never_raises_on_a_malformed_200(body: bytes) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    client = Client(base_url=BASE, transport=transport, max_retries=0)
    response = get_item.sync_detailed(1, client=client)
    assert response.status_code == 200
    assert response.parsed is None
    with pytest.raises(errors.MalformedResponseError):
        get_item.sync(1, client=client)


def test_a_secret_header_is_redacted_in_repr_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    fake = FakeServer()
    client = AuthenticatedClient(
        base_url=BASE,
        token="tok-123",
        headers={"X-Api-Key": "key-456", "X-Trace": "visible"},
        transport=fake.transport(),
    )
    assert "key-456" not in repr(client)
    assert "visible" in repr(client)
    with caplog.at_level(logging.DEBUG, logger="storefront_client"):
        list_users.sync_detailed(client=client)
    logged = caplog.text
    assert "X-Trace" in logged
    assert "key-456" not in logged
    assert "tok-123" not in logged


def test_no_duplicate_lines_when_the_application_configures_logging() -> None:
    program = (
        "import logging, httpx\n"
        "logging.basicConfig(level=logging.INFO, format='%(name)s %(message)s')\n"
        "from storefront_client import Storefront\n"
        "t = httpx.MockTransport(lambda r: httpx.Response(200, json={'status': 'ok'}))\n"
        "Storefront(base_url='http://x.test', transport=t).health.healthz()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        env={"STOREFRONT_LOG": "info", "PATH": "", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = [line for line in result.stderr.splitlines() if "/healthz -> 200" in line]
    assert len(lines) == 1, result.stderr


def test_error_names_are_consistent_and_old_names_still_work() -> None:
    assert errors.ApiError is errors.APIStatusError
    for name in (
        "APIStatusError",
        "AuthenticationError",
        "PermissionDeniedError",
        "NotFoundError",
        "ConflictError",
        "PreconditionFailedError",
        "ValidationError",
        "RateLimitError",
        "ServerError",
        "ApiError",
    ):
        assert getattr(storefront_client, name) is getattr(errors, name)
        assert name in storefront_client.__all__


def test_asynchronous_is_asyncio_under_a_name_that_does_not_shadow() -> None:
    assert get_item.asynchronous is get_item.asyncio
    assert get_item.asynchronous_detailed is get_item.asyncio_detailed


def test_the_deadline_bounds_the_whole_call() -> None:
    fake = FakeServer()
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    client = Client(
        base_url=BASE,
        transport=fake.transport(),
        max_retries=5,
        deadline=2.5,
        sleep=sleep,
        clock=lambda: now[0],
    )
    fake.fail_next(503, retry_after=1, times=10)
    response = get_item.sync_detailed(1, client=client)
    # Attempts at t=0, 1 and 2; a fourth wait would end at 3, past the deadline.
    assert response.status_code == 503
    assert len(fake.requests) == 3
    fake.faults.clear()
    fake.drop_next(times=10)
    with pytest.raises(APITimeoutError, match="deadline"):
        get_item.sync(1, client=client)
