"""The ``storefront_client`` logger: each request (INFO; its headers at DEBUG with the
secrets redacted) and each retry with its attempt and delay; ``STOREFRONT_LOG`` turns
printing to stderr on. Sync and async alike (respx: no server)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap

import httpx
import pytest
import respx
from storefront_client import AsyncStorefront, AuthenticatedClient, Storefront

from tests.sdk.conftest import BASE_URL, Mode, Sleeps, item_json, run

LOGGER = "storefront_client"


def test_requests_and_retries_are_logged_with_secrets_redacted(
    mock: respx.MockRouter, sleeps: Sleeps, mode: Mode, caplog: pytest.LogCaptureFixture
) -> None:
    mock.get("/v1/items/1").mock(
        side_effect=[
            httpx.Response(503, headers={"Retry-After": "0.25", "X-Request-ID": "r-1"}),
            httpx.ConnectError("refused"),
            httpx.Response(200, json=item_json(), headers={"X-Request-ID": "r-3"}),
        ]
    )
    low_level = AuthenticatedClient(
        base_url=BASE_URL,
        token="s3cret-token",
        headers={"Cookie": "session=abc"},
        sleep=sleeps.sleep,
        async_sleep=sleeps.async_sleep,
    )
    client, twin = Storefront.from_client(low_level), AsyncStorefront.from_client(low_level)
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        run(mode, lambda: client.items.get(1), lambda: twin.items.get(1))
    records = [r for r in caplog.records if r.name == LOGGER]
    messages = [r.getMessage() for r in records]
    url = f"{BASE_URL}/v1/items/1"
    info = [r.getMessage() for r in records if r.levelno == logging.INFO]
    assert info[0] == f"GET {url} -> 503 (attempt 1 of 3, request id r-1)"
    assert info[1] == "retrying GET /v1/items/1 in 0.25 s (attempt 2 of 3) after HTTP 503"
    assert info[2].startswith("retrying GET /v1/items/1 in ")
    assert info[2].endswith(" s (attempt 3 of 3) after ConnectError: refused")
    assert info[3] == f"GET {url} -> 200 (attempt 3 of 3, request id r-3)"
    assert len(info) == 4
    sent = [m for m in messages if m.startswith("sending ")]
    assert len(sent) == 3
    assert sent[0].startswith("sending GET /v1/items/1 (attempt 1 of 3) headers=")
    assert "'Authorization': '<redacted>'" in sent[0]
    assert "'Cookie': '<redacted>'" in sent[0]
    assert all("s3cret-token" not in m and "session=abc" not in m for m in messages)


def test_without_the_switch_the_sdk_configures_no_logging() -> None:
    """Without STOREFRONT_LOG the SDK adds no handler and sets no level: the application's
    logging configuration decides."""
    logger = logging.getLogger(LOGGER)
    assert logger.level == logging.NOTSET
    assert logger.handlers == []


PROGRAM = textwrap.dedent(
    """
    import httpx
    from storefront_client import AuthenticatedClient, Storefront

    answers = iter([httpx.Response(503), httpx.Response(200, json={ITEM})])
    transport = httpx.MockTransport(lambda request: next(answers))
    client = Storefront.from_client(
        AuthenticatedClient(
            base_url="https://api.example.test",
            token="s3cret",
            transport=transport,
            sleep=lambda seconds: None,
        )
    )
    print(client.items.get(1).sku)
    """
)


@pytest.mark.parametrize(
    ("level", "shows_headers"), [("debug", True), ("info", False), ("", False)]
)
def test_storefront_log_prints_the_records_to_stderr(level: str, shows_headers: bool) -> None:
    program = PROGRAM.replace("{ITEM}", repr(item_json()))
    env = {**os.environ, "STOREFRONT_LOG": level}
    result = subprocess.run(
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "SKU-1\n"
    lines = result.stderr.splitlines()
    if not level:
        assert lines == []
        return
    assert any(
        "storefront_client INFO] GET https://api.example.test/v1/items/1 -> 503" in line
        for line in lines
    )
    assert any("INFO] retrying GET /v1/items/1 in " in line for line in lines)
    assert any("storefront_client DEBUG] sending GET" in line for line in lines) is shows_headers
    assert "s3cret" not in result.stderr
