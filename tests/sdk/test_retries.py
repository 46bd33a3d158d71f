"""Retries: which failures are retried, how long the client waits, and the
Idempotency-Key that makes a retried POST safe. Sync and async twins behave alike."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
import respx
from storefront_client import AuthenticatedClient, Client, errors
from storefront_client.api.auth import login
from storefront_client.api.items import create_item, get_item, update_item
from storefront_client.client import backoff
from storefront_client.models import ItemCreate, ItemUpdate, LoginForm

from tests.sdk.conftest import BASE_URL, Mode, Sleeps, item_json, problem_json, run


def client(sleeps: Sleeps, **options: object) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=BASE_URL,
        token="t0ken",
        sleep=sleeps.sleep,
        async_sleep=sleeps.async_sleep,
        **options,  # type: ignore[arg-type]
    )


def fetch(mode: Mode, c: Client) -> object:
    return run(mode, lambda: get_item.sync(1, client=c), lambda: get_item.asyncio(1, client=c))


def patch(mode: Mode, c: AuthenticatedClient) -> object:
    body = ItemUpdate(name="New")
    return run(
        mode,
        lambda: update_item.sync(1, client=c, body=body),
        lambda: update_item.asyncio(1, client=c, body=body),
    )


def create(mode: Mode, c: AuthenticatedClient, key: str | None = None) -> object:
    body = ItemCreate(sku="SKU-1", name="Shirt", price_cents=100)
    if key is None:
        return run(
            mode,
            lambda: create_item.sync(client=c, body=body),
            lambda: create_item.asyncio(client=c, body=body),
        )
    return run(
        mode,
        lambda: create_item.sync(client=c, body=body, idempotency_key=key),
        lambda: create_item.asyncio(client=c, body=body, idempotency_key=key),
    )


def unavailable(**headers: str) -> httpx.Response:
    return httpx.Response(503, json=problem_json(503, "Service Unavailable"), headers=headers)


def test_backoff_is_exponential_with_jitter_and_capped() -> None:
    for attempt, nominal in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (9, 8.0)]:
        delays = {backoff(attempt) for _ in range(50)}
        assert all(0.75 * nominal <= d <= nominal for d in delays)
        assert len(delays) > 1, "no jitter"


def test_retries_503_then_returns_the_success(
    mock: respx.MockRouter, sleeps: Sleeps, mode: Mode
) -> None:
    route = mock.get("/v1/items/1").mock(
        side_effect=[unavailable(), unavailable(), httpx.Response(200, json=item_json())]
    )
    item = fetch(mode, client(sleeps))
    assert getattr(item, "id", None) == 1
    assert route.call_count == 3
    assert len(sleeps) == 2
    assert 0.375 <= sleeps[0] <= 0.5
    assert 0.75 <= sleeps[1] <= 1.0


@pytest.mark.parametrize(("max_retries", "attempts"), [(0, 1), (1, 2), (2, 3), (5, 6)])
def test_gives_up_after_max_retries_with_the_typed_error(
    mock: respx.MockRouter, sleeps: Sleeps, mode: Mode, max_retries: int, attempts: int
) -> None:
    route = mock.get("/v1/items/1").mock(return_value=unavailable())
    with pytest.raises(errors.ServerError) as failure:
        fetch(mode, client(sleeps, max_retries=max_retries))
    assert failure.value.status == 503
    assert route.call_count == attempts
    assert len(sleeps) == attempts - 1


def test_default_is_two_retries(mock: respx.MockRouter, sleeps: Sleeps) -> None:
    route = mock.get("/v1/items/1").mock(return_value=unavailable())
    c = Client(base_url=BASE_URL, sleep=sleeps.sleep)
    assert c.max_retries == 2
    with pytest.raises(errors.ServerError):
        get_item.sync(1, client=c)
    assert route.call_count == 3


def test_retry_after_seconds_is_honoured(
    mock: respx.MockRouter, sleeps: Sleeps, mode: Mode
) -> None:
    route = mock.get("/v1/items/1").mock(
        side_effect=[
            httpx.Response(
                429, json=problem_json(429, "Too Many Requests"), headers={"Retry-After": "3"}
            ),
            unavailable(**{"Retry-After": "0"}),
            httpx.Response(200, json=item_json()),
        ]
    )
    fetch(mode, client(sleeps))
    assert route.call_count == 3
    assert sleeps == [3.0, 0.0]


def test_retry_after_http_date_is_honoured(
    mock: respx.MockRouter, sleeps: Sleeps, mode: Mode
) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=10), usegmt=True)
    mock.get("/v1/items/1").mock(
        side_effect=[unavailable(**{"Retry-After": when}), httpx.Response(200, json=item_json())]
    )
    fetch(mode, client(sleeps))
    assert len(sleeps) == 1
    assert 8.0 <= sleeps[0] <= 10.0


@pytest.mark.parametrize("value", ["3600", "soon"])
def test_unusable_retry_after_falls_back_to_backoff(
    mock: respx.MockRouter, sleeps: Sleeps, mode: Mode, value: str
) -> None:
    """Over a minute (the login throttle's window) or unparsable: back off as usual, and
    let the caller see the RateLimitError with its retry_after when retries run out."""
    mock.get("/v1/items/1").mock(
        return_value=httpx.Response(
            429, json=problem_json(429, "Too Many Requests"), headers={"Retry-After": value}
        )
    )
    with pytest.raises(errors.RateLimitError) as failure:
        fetch(mode, client(sleeps))
    assert len(sleeps) == 2
    assert all(s <= 1.0 for s in sleeps)
    assert failure.value.retry_after == (3600.0 if value == "3600" else None)


@pytest.mark.parametrize("status", [502, 503, 504, 429])
def test_retried_statuses_for_a_get(
    mock: respx.MockRouter, sleeps: Sleeps, mode: Mode, status: int
) -> None:
    route = mock.get("/v1/items/1").mock(
        side_effect=[httpx.Response(status), httpx.Response(200, json=item_json())]
    )
    fetch(mode, client(sleeps))
    assert route.call_count == 2


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (412, errors.PreconditionFailedError),
        (413, errors.PayloadTooLargeError),
        (422, errors.ValidationError),
        (500, errors.ServerError),
    ],
)
def test_never_retried(
    mock: respx.MockRouter,
    sleeps: Sleeps,
    mode: Mode,
    status: int,
    error: type[errors.ApiError],
) -> None:
    get = mock.get("/v1/items/1").mock(
        return_value=httpx.Response(status, json=problem_json(status, "Nope"))
    )
    post = mock.post("/v1/items").mock(
        return_value=httpx.Response(status, json=problem_json(status, "Nope"))
    )
    with pytest.raises(error):
        fetch(mode, client(sleeps))
    with pytest.raises(error):
        create(mode, client(sleeps))
    assert (get.call_count, post.call_count, sleeps) == (1, 1, [])


def test_connection_errors_are_retried_then_raised(
    mock: respx.MockRouter, sleeps: Sleeps, mode: Mode
) -> None:
    route = mock.get("/v1/items/1").mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(errors.APIConnectionError) as failure:
        fetch(mode, client(sleeps))
    assert isinstance(failure.value.__cause__, httpx.ConnectError)
    assert not isinstance(failure.value, errors.APITimeoutError)
    assert route.call_count == 3
    assert len(sleeps) == 2


def test_a_connection_error_then_success(
    mock: respx.MockRouter, sleeps: Sleeps, mode: Mode
) -> None:
    route = mock.get("/v1/items/1").mock(
        side_effect=[httpx.ConnectError("refused"), httpx.Response(200, json=item_json())]
    )
    assert getattr(fetch(mode, client(sleeps)), "id", None) == 1
    assert route.call_count == 2


def test_read_timeouts_on_a_get_are_retried_then_raised(
    mock: respx.MockRouter, sleeps: Sleeps, mode: Mode
) -> None:
    route = mock.get("/v1/items/1").mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(errors.APITimeoutError) as failure:
        fetch(mode, client(sleeps))
    assert isinstance(failure.value.__cause__, httpx.ReadTimeout)
    assert route.call_count == 3


def test_a_patch_is_not_replayed_when_the_server_may_have_acted(
    mock: respx.MockRouter, sleeps: Sleeps, mode: Mode
) -> None:
    """PATCH has no Idempotency-Key: after a lost answer (read timeout, 502, 504) it is
    not sent again; when nothing reached the server (connect error) or it did not act
    (429, 503), it is."""
    route = mock.patch("/v1/items/1")
    route.mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(errors.APITimeoutError) as timed_out:
        patch(mode, client(sleeps))
    assert isinstance(timed_out.value.__cause__, httpx.ReadTimeout)
    assert route.call_count == 1
    for status in (502, 504):
        route.reset()
        route.mock(return_value=httpx.Response(status))
        with pytest.raises(errors.ServerError):
            patch(mode, client(sleeps))
        assert route.call_count == 1
    for failure in (httpx.ConnectError("refused"), unavailable(), httpx.Response(429)):
        route.reset()
        route.mock(side_effect=[failure, httpx.Response(200, json=item_json())])
        patch(mode, client(sleeps))
        assert route.call_count == 2
    assert "Idempotency-Key" not in route.calls.last.request.headers


def test_a_post_keeps_one_idempotency_key_across_attempts(
    mock: respx.MockRouter, sleeps: Sleeps, mode: Mode
) -> None:
    route = mock.post("/v1/items").mock(
        side_effect=[
            unavailable(),
            httpx.ReadError("connection reset"),  # the answer was lost: replayed by key
            httpx.Response(504),
            httpx.Response(201, json=item_json()),
            httpx.Response(201, json=item_json(2)),
        ]
    )
    assert getattr(create(mode, client(sleeps, max_retries=3)), "id", None) == 1
    keys = [call.request.headers["Idempotency-Key"] for call in route.calls]
    assert all(call.request.headers["Authorization"] == "Bearer t0ken" for call in route.calls)
    assert len(keys) == 4
    assert len(set(keys)) == 1
    assert uuid.UUID(keys[0]).version == 4
    # The next call is another operation: another key.
    create(mode, client(sleeps))
    assert route.calls.last.request.headers["Idempotency-Key"] != keys[0]


def test_a_callers_idempotency_key_is_used_on_every_attempt(
    mock: respx.MockRouter, sleeps: Sleeps, mode: Mode
) -> None:
    route = mock.post("/v1/items").mock(
        side_effect=[unavailable(), httpx.Response(201, json=item_json())]
    )
    create(mode, client(sleeps), key="order-42")
    assert [c.request.headers["Idempotency-Key"] for c in route.calls] == ["order-42"] * 2


def test_login_is_retried_too(mock: respx.MockRouter, sleeps: Sleeps, mode: Mode) -> None:
    """A login creates nothing: replaying it after a lost answer issues a second token,
    which is harmless (documented in docs/sdk.md)."""
    token = {"access_token": "abc", "token_type": "bearer", "expires_in": 3600}
    route = mock.post("/v1/auth/token").mock(
        side_effect=[httpx.ReadError("reset"), httpx.Response(200, json=token)]
    )
    c = Client(base_url=BASE_URL, sleep=sleeps.sleep, async_sleep=sleeps.async_sleep)
    body = LoginForm(username="a@example.com", password="pw-1")
    result = run(
        mode, lambda: login.sync(client=c, body=body), lambda: login.asyncio(client=c, body=body)
    )
    assert result.access_token == "abc"
    assert route.call_count == 2
    assert route.calls[0].request.content == route.calls[1].request.content
