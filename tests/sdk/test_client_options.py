"""The client's defaults and per-call options: a finite timeout (a float accepted),
``timeout=`` / ``max_retries=`` / ``extra_headers=`` / ``extra_query=`` on every call,
``with_options()`` sharing the pool, ``close()`` / ``aclose()`` and context managers,
the User-Agent, connection errors as SDK errors, error messages, reprs and ``__version__``.
Sync and async alike (respx: no server)."""

from __future__ import annotations

import asyncio
import importlib.metadata
import json
import platform
import tomllib
from pathlib import Path

import httpx
import pytest
import respx
import storefront_client
from storefront_client import (
    UNSET,
    AsyncStorefront,
    AuthenticatedClient,
    Client,
    Storefront,
    errors,
)
from storefront_client.api.items import get_item
from storefront_client.client import DEFAULT_TIMEOUT
from storefront_client.models import ItemCreate, LoginForm, UserCreate

from tests.sdk.conftest import BASE_URL, Mode, Sleeps, item_json, run

ROOT = Path(__file__).resolve().parents[2]


def timeouts(request: httpx.Request) -> dict[str, float | None]:
    """The timeout httpx applied to a request."""
    value: dict[str, float | None] = request.extensions["timeout"]
    return value


def get(mode: Mode, client: Storefront, **options: object) -> object:
    """``client.items.get(1, **options)`` the ``mode`` way (an AsyncStorefront over the
    same low-level client for async)."""
    twin = AsyncStorefront.from_client(client.client)
    return run(
        mode,
        lambda: client.items.get(1, **options),  # type: ignore[arg-type]
        lambda: twin.items.get(1, **options),  # type: ignore[arg-type]
    )


@pytest.fixture
def ok(mock: respx.MockRouter) -> respx.Route:
    return mock.get("/v1/items/1").mock(return_value=httpx.Response(200, json=item_json()))


def test_the_default_timeout_is_finite(ok: respx.Route, mode: Mode) -> None:
    get(mode, Storefront(base_url=BASE_URL))
    applied = timeouts(ok.calls.last.request)
    assert applied == {"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 30.0}
    assert DEFAULT_TIMEOUT.connect == 5.0
    assert Client(base_url=BASE_URL).timeout == DEFAULT_TIMEOUT


def test_a_float_timeout_is_accepted_by_every_client(ok: respx.Route, mode: Mode) -> None:
    get(mode, Storefront(base_url=BASE_URL, timeout=2.5))
    assert set(timeouts(ok.calls.last.request).values()) == {2.5}
    low_level = AuthenticatedClient(base_url=BASE_URL, token="t", timeout=4.0)
    assert low_level.timeout == httpx.Timeout(4.0)
    run(
        mode,
        lambda: get_item.sync(1, client=low_level),
        lambda: get_item.asyncio(1, client=low_level),
    )
    assert set(timeouts(ok.calls.last.request).values()) == {4.0}


def test_per_call_options(mock: respx.MockRouter, mode: Mode) -> None:
    route = mock.get("/v1/items/1").mock(return_value=httpx.Response(200, json=item_json()))
    client = Storefront(base_url=BASE_URL, token="tok", headers={"X-Team": "shop"})
    get(
        mode,
        client,
        timeout=httpx.Timeout(1.0, connect=0.5),
        extra_headers={"X-Trace": "abc", "X-Team": "override"},
        extra_query={"expand": "owner"},
    )
    request = route.calls.last.request
    assert timeouts(request) == {"connect": 0.5, "read": 1.0, "write": 1.0, "pool": 1.0}
    assert request.headers["X-Trace"] == "abc"
    assert request.headers["X-Team"] == "override"  # extra_headers win
    assert request.headers["Authorization"] == "Bearer tok"
    assert request.url.params["expand"] == "owner"
    # The next call is back to the client's settings.
    get(mode, client)
    request = route.calls.last.request
    assert "X-Trace" not in request.headers
    assert "expand" not in request.url.params
    assert request.headers["X-Team"] == "shop"
    assert timeouts(request)["read"] == 30.0


def test_timeout_none_per_call_means_no_limit(ok: respx.Route, mode: Mode) -> None:
    get(mode, Storefront(base_url=BASE_URL), timeout=None)
    assert set(timeouts(ok.calls.last.request).values()) == {None}


def test_per_call_max_retries(mock: respx.MockRouter, sleeps: Sleeps, mode: Mode) -> None:
    route = mock.get("/v1/items/1").mock(return_value=httpx.Response(503))
    low_level = Client(base_url=BASE_URL, sleep=sleeps.sleep, async_sleep=sleeps.async_sleep)
    client = Storefront.from_client(low_level)
    with pytest.raises(errors.ServerError):
        get(mode, client, max_retries=0)
    assert route.call_count == 1
    with pytest.raises(errors.ServerError):
        get(mode, client, max_retries=4)
    assert route.call_count == 1 + 5
    with pytest.raises(errors.ServerError):
        get(mode, client)  # the client's default: 2
    assert route.call_count == 6 + 3


def test_module_functions_take_the_same_options(mock: respx.MockRouter, mode: Mode) -> None:
    route = mock.get("/v1/items/1").mock(return_value=httpx.Response(200, json=item_json()))
    c = Client(base_url=BASE_URL)
    run(
        mode,
        lambda: get_item.sync(1, client=c, timeout=3.0, extra_headers={"X-A": "1"}),
        lambda: get_item.asyncio(1, client=c, timeout=3.0, extra_headers={"X-A": "1"}),
    )
    assert route.calls.last.request.headers["X-A"] == "1"
    assert set(timeouts(route.calls.last.request).values()) == {3.0}


def test_an_idempotency_key_in_extra_headers_is_the_callers_key(
    mock: respx.MockRouter, mode: Mode
) -> None:
    route = mock.post("/v1/items").mock(return_value=httpx.Response(201, json=item_json()))
    client = Storefront(base_url=BASE_URL, token="tok")
    twin = AsyncStorefront(base_url=BASE_URL, token="tok")
    body = ItemCreate(sku="SKU-1", name="Shirt", price_cents=100)
    extra = {"Idempotency-Key": "mine-1"}
    run(
        mode,
        lambda: client.items.create(body=body, extra_headers=extra),
        lambda: twin.items.create(body=body, extra_headers=extra),
    )
    assert route.calls.last.request.headers.get_list("Idempotency-Key") == ["mine-1"]


def test_with_options_shares_the_pool_and_changes_only_what_it_says(
    ok: respx.Route, mode: Mode
) -> None:
    client = Storefront(base_url=BASE_URL, token="tok")
    quick = client.with_options(timeout=1.0, max_retries=0, headers={"X-Copy": "yes"})
    assert quick.client.get_httpx_client() is client.client.get_httpx_client()
    assert quick.client.get_async_httpx_client() is client.client.get_async_httpx_client()
    assert (quick.client.max_retries, client.client.max_retries) == (0, 2)
    get(mode, quick)
    request = ok.calls.last.request
    assert set(timeouts(request).values()) == {1.0}
    assert (request.headers["X-Copy"], request.headers["Authorization"]) == ("yes", "Bearer tok")
    get(mode, client)
    assert "X-Copy" not in ok.calls.last.request.headers
    assert timeouts(ok.calls.last.request)["read"] == 30.0


def test_low_level_copies_share_the_pool_too() -> None:
    client = AuthenticatedClient(base_url=BASE_URL, token="a")
    pool = client.get_httpx_client()
    assert client.with_headers({"X": "1"}).get_httpx_client() is pool
    assert client.with_timeout(2.0).get_httpx_client() is pool
    assert client.with_token("b").get_httpx_client() is pool
    assert client.with_options(max_retries=5).get_httpx_client() is pool


def test_a_with_block_after_a_first_call_and_close(ok: respx.Route) -> None:
    client = Storefront(base_url=BASE_URL)
    client.items.get(1)
    pool = client.client.get_httpx_client()
    with client as same:  # entering after a call used to raise
        assert same is client
        same.items.get(1)
    assert pool.is_closed
    client.items.get(1)  # a later call opens a new pool
    assert client.client.get_httpx_client() is not pool
    client.close()
    client.close()  # idempotent
    assert ok.call_count == 3


def test_an_async_with_block_after_a_first_call_and_aclose(ok: respx.Route) -> None:
    async def main() -> httpx.AsyncClient:
        client = AsyncStorefront(base_url=BASE_URL)
        await client.items.get(1)
        pool = client.client.get_async_httpx_client()
        async with client as same:
            assert same is client
            await same.items.get(1)
        assert pool.is_closed
        await client.items.get(1)
        assert client.client.get_async_httpx_client() is not pool
        await client.aclose()
        return pool

    asyncio.run(main())
    assert ok.call_count == 3


def test_a_caller_supplied_httpx_client_is_used_and_closed(mock: respx.MockRouter) -> None:
    route = mock.get("/v1/items/1").mock(return_value=httpx.Response(200, json=item_json()))
    http = httpx.Client(base_url=BASE_URL, headers={"X-Mine": "1"})
    with Storefront(base_url="http://unused.test", http_client=http, token="tok") as client:
        client.items.get(1)
    request = route.calls.last.request
    assert (request.headers["X-Mine"], request.headers["Authorization"]) == ("1", "Bearer tok")
    assert http.is_closed


def test_user_agent(ok: respx.Route, mode: Mode) -> None:
    get(mode, Storefront(base_url=BASE_URL))
    expected = (
        f"storefront-client/{storefront_client.__version__} python/{platform.python_version()}"
    )
    assert ok.calls.last.request.headers["User-Agent"] == expected
    get(mode, Storefront(base_url=BASE_URL, headers={"User-Agent": "my-app/2"}))
    assert ok.calls.last.request.headers["User-Agent"] == "my-app/2"


def test_a_refused_connection_is_an_sdk_error(
    mock: respx.MockRouter, sleeps: Sleeps, mode: Mode
) -> None:
    route = mock.get("/v1/items/1").mock(side_effect=httpx.ConnectError("refused"))
    client = Storefront.from_client(
        Client(base_url=BASE_URL, sleep=sleeps.sleep, async_sleep=sleeps.async_sleep)
    )
    with pytest.raises(errors.APIConnectionError) as failure:
        get(mode, client)
    error = failure.value
    assert isinstance(error, errors.StorefrontError)
    assert isinstance(error, httpx.TransportError)  # code catching httpx's errors still works
    assert not isinstance(error, errors.APITimeoutError)
    assert (error.response, error.status, error.request_id) == (None, None, None)
    assert error.request.url == f"{BASE_URL}/v1/items/1"
    assert str(error) == (
        f"GET {BASE_URL}/v1/items/1: no answer (3 attempts; ConnectError: refused)"
    )
    assert route.call_count == 3
    assert len(sleeps) == 2


def test_a_timeout_is_an_sdk_timeout_error(mock: respx.MockRouter, mode: Mode) -> None:
    mock.get("/v1/items/1").mock(side_effect=httpx.ReadTimeout("too slow"))
    client = Storefront(base_url=BASE_URL, max_retries=0)
    with pytest.raises(errors.APITimeoutError) as failure:
        get(mode, client)
    assert isinstance(failure.value, errors.APIConnectionError)
    assert isinstance(failure.value, httpx.TimeoutException)
    assert isinstance(failure.value.__cause__, httpx.ReadTimeout)
    assert "timed out (1 attempt; ReadTimeout: too slow)" in str(failure.value)


def test_a_body_that_is_not_a_problem_goes_into_the_message_truncated(
    mock: respx.MockRouter, mode: Mode
) -> None:
    route = mock.get("/v1/items/1")
    route.mock(return_value=httpx.Response(500, text="<html>\n  upstream   broke\n</html>"))
    client = Storefront(base_url=BASE_URL, max_retries=0)
    with pytest.raises(errors.ServerError) as failure:
        get(mode, client)
    assert str(failure.value) == "HTTP 500: <html> upstream broke </html>"
    route.mock(return_value=httpx.Response(502, text="x" * 5000))
    with pytest.raises(errors.ServerError) as failure:
        get(mode, client)
    message = str(failure.value)
    assert message == "HTTP 502: " + "x" * 299 + "…"
    route.mock(return_value=httpx.Response(500))
    with pytest.raises(errors.ServerError) as failure:
        get(mode, client)
    assert str(failure.value) == "HTTP 500"


def test_secrets_stay_out_of_reprs() -> None:
    assert "s3cret" not in repr(Storefront(base_url=BASE_URL, token="s3cret"))
    assert "s3cret" not in repr(AuthenticatedClient(base_url=BASE_URL, token="s3cret"))
    form = LoginForm(username="me@example.com", password="s3cret")
    assert "s3cret" not in repr(form)
    assert "me@example.com" in repr(form)
    assert form.password == "s3cret"  # the value itself is kept
    assert "s3cret" not in repr(UserCreate(email="a@example.com", password="s3cret"))


def test_unset_is_readable() -> None:
    assert repr(UNSET) == "UNSET"
    assert not UNSET


def test_version_is_the_distributions_and_the_api_documents() -> None:
    pyproject = tomllib.loads((ROOT / "client" / "pyproject.toml").read_text())
    spec_version = json.loads((ROOT / "openapi.json").read_text())["info"]["version"]
    assert storefront_client.__version__ == pyproject["project"]["version"] == spec_version
    assert importlib.metadata.version("storefront-client") == storefront_client.__version__


def test_python_dateutil_is_not_a_dependency() -> None:
    requires = importlib.metadata.requires("storefront-client") or []
    assert not [r for r in requires if r.startswith("python-dateutil")]
    assert all(r.split(">")[0].split("<")[0] in {"httpx", "attrs"} for r in requires)
