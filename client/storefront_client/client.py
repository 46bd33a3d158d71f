"""Clients of the API: connection settings, the bearer token, and retries.

Every operation sends its request through :meth:`Client.request` (or
:meth:`Client.arequest` for ``asyncio()`` calls), which

- applies the bearer token of an :class:`AuthenticatedClient` to each request, so the
  token is sent even through an httpx client or transport you supplied;
- gives each ``POST`` an ``Idempotency-Key`` (a uuid4, unless the caller passed one),
  generated once and reused on every attempt, so the server acts at most once;
- retries up to ``max_retries`` times (default 2) with exponential backoff and jitter,
  honouring ``Retry-After`` (up to a minute), when

  - the connection could not be made (``httpx.ConnectError``, ``ConnectTimeout``,
    ``PoolTimeout``): nothing reached the server;
  - the answer is 429 or 503: the server did not act on the request;
  - the connection broke after sending (read/write errors and timeouts, a broken
    protocol) or a gateway answered 502/504, *and* the request may be replayed: its
    method is idempotent (``GET``, ``HEAD``, ``OPTIONS``, ``PUT``, ``DELETE``) or it
    carries an ``Idempotency-Key`` (every ``POST``). A ``PATCH`` is not replayed then.

  No other status is retried: a 4xx other than 429 means the request itself must change.
  When retries run out, the last response is returned (so it raises its typed error) or
  the last transport error is raised.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import ssl
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, Self

import httpx
from attrs import define, evolve, field

RETRY_STATUSES = frozenset({429, 502, 503, 504})
"""Statuses that are retried (429 and 503 always; 502 and 504 when the request may be replayed)."""

NOT_ACTED_STATUSES = frozenset({429, 503})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
IDEMPOTENCY_HEADER = "Idempotency-Key"
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
_NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_AMBIGUOUS_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


def retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asked to wait (``Retry-After`` as seconds or HTTP date), if any."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def backoff(attempt: int) -> float:
    """Exponential backoff with jitter: about 0.5s, 1s, 2s... capped at 8s, minus up to 25%."""
    delay = min(INITIAL_RETRY_DELAY * 2.0**attempt, MAX_RETRY_DELAY)
    return delay * (1.0 - 0.25 * random.random())  # noqa: S311 - jitter, not security


def _replayable(request: dict[str, Any]) -> bool:
    if str(request["method"]).upper() in IDEMPOTENT_METHODS:
        return True
    return any(name.lower() == IDEMPOTENCY_HEADER.lower() for name in request["headers"])


def _delay_after_response(
    request: dict[str, Any], response: httpx.Response, attempt: int, max_retries: int
) -> float | None:
    """How long to wait before retrying after ``response``; None: do not retry."""
    if attempt >= max_retries or response.status_code not in RETRY_STATUSES:
        return None
    if response.status_code not in NOT_ACTED_STATUSES and not _replayable(request):
        return None
    asked = retry_after(response)
    if asked is not None and asked <= MAX_RETRY_AFTER:
        return asked
    return backoff(attempt)


def _delay_after_error(
    request: dict[str, Any], error: httpx.TransportError, attempt: int, max_retries: int
) -> float | None:
    """How long to wait before retrying after a transport error; None: raise it."""
    if attempt >= max_retries:
        return None
    if isinstance(error, _NOT_SENT_ERRORS):
        return backoff(attempt)
    if isinstance(error, _AMBIGUOUS_ERRORS) and _replayable(request):
        return backoff(attempt)
    return None


@define
class Client:
    """A client for the operations anyone may call.

    Keyword arguments:

        ``base_url``: The base URL for the API; all requests are made relative to it.

        ``cookies``: A dictionary of cookies to be sent with every request.

        ``headers``: A dictionary of headers to be sent with every request.

        ``timeout``: An ``httpx.Timeout`` for each attempt; httpx.TimeoutException is
        raised when it is exceeded and retries are exhausted.

        ``verify_ssl``: Whether to verify the server's TLS certificate (keep True in production).

        ``follow_redirects``: Whether to follow redirects. Default False.

        ``transport`` / ``async_transport``: an httpx transport for the sync / async httpx
        client (e.g. an ``httpx.ASGITransport`` to call the app in-process).

        ``httpx_args``: More arguments for the ``httpx.Client`` and ``httpx.AsyncClient`` constructors.

        ``max_retries``: How many times a failed request is retried (default 2; 0 disables).

        ``sleep`` / ``async_sleep``: How to wait between attempts (default ``time.sleep`` /
        ``asyncio.sleep``); replace them to observe or skip the delays in tests.

    """

    _base_url: str = field(alias="base_url")
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers")
    _timeout: httpx.Timeout | None = field(default=None, kw_only=True, alias="timeout")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _transport: httpx.BaseTransport | None = field(default=None, kw_only=True, alias="transport")
    _async_transport: httpx.AsyncBaseTransport | None = field(
        default=None, kw_only=True, alias="async_transport"
    )
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    max_retries: int = field(default=2, kw_only=True)
    _sleep: Callable[[float], None] = field(default=time.sleep, kw_only=True, alias="sleep")
    _async_sleep: Callable[[float], Awaitable[None]] = field(
        default=asyncio.sleep, kw_only=True, alias="async_sleep"
    )
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)

    def with_headers(self, headers: dict[str, str]) -> Self:
        """A new client matching this one with additional headers."""
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> Self:
        """A new client matching this one with additional cookies."""
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> Self:
        """A new client matching this one with a new timeout configuration."""
        return evolve(self, timeout=timeout)

    def auth_headers(self) -> dict[str, str]:
        """Headers that authenticate each request (none for an anonymous client)."""
        return {}

    def _prepare(self, request: dict[str, Any]) -> dict[str, Any]:
        headers = {str(k): str(v) for k, v in (request.get("headers") or {}).items()}
        headers.update(self.auth_headers())
        keyed = any(name.lower() == IDEMPOTENCY_HEADER.lower() for name in headers)
        if str(request["method"]).upper() == "POST" and not keyed:
            headers[IDEMPOTENCY_HEADER] = str(uuid.uuid4())
        return {**request, "headers": headers}

    def _httpx_kwargs(self) -> dict[str, Any]:
        return {
            "base_url": self._base_url,
            "cookies": self._cookies,
            "headers": self._headers,
            "timeout": self._timeout,
            "verify": self._verify_ssl,
            "follow_redirects": self._follow_redirects,
            **self._httpx_args,
        }

    def request(self, **request: Any) -> httpx.Response:
        """Send one operation's request (``method``, ``url``, ``params``, ``headers``, body
        arguments of ``httpx.Client.request``) with authentication and retries."""
        request = self._prepare(request)
        attempt = 0
        while True:
            try:
                response = self.get_httpx_client().request(**request)
            except httpx.TransportError as error:
                delay = _delay_after_error(request, error, attempt, self.max_retries)
                if delay is None:
                    raise
            else:
                delay = _delay_after_response(request, response, attempt, self.max_retries)
                if delay is None:
                    return response
                response.close()
            self._sleep(delay)
            attempt += 1

    async def arequest(self, **request: Any) -> httpx.Response:
        """The async twin of :meth:`request`."""
        request = self._prepare(request)
        attempt = 0
        while True:
            try:
                response = await self.get_async_httpx_client().request(**request)
            except httpx.TransportError as error:
                delay = _delay_after_error(request, error, attempt, self.max_retries)
                if delay is None:
                    raise
            else:
                delay = _delay_after_response(request, response, attempt, self.max_retries)
                if delay is None:
                    return response
                await response.aclose()
            await self._async_sleep(delay)
            attempt += 1

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Use ``client`` for sync calls. Its own base URL, headers, cookies and timeout
        apply; the bearer token (of an AuthenticatedClient) is still sent with each request."""
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """The underlying httpx.Client, constructed on first use unless one was set."""
        if self._client is None:
            self._client = httpx.Client(transport=self._transport, **self._httpx_kwargs())
        return self._client

    def __enter__(self) -> Self:
        """Enter the underlying httpx.Client (you cannot enter twice; see httpx)."""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Close the underlying httpx.Client."""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Use ``async_client`` for async calls; the bearer token is still sent."""
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The underlying httpx.AsyncClient, constructed on first use unless one was set."""
        if self._async_client is None:
            self._async_client = httpx.AsyncClient(
                transport=self._async_transport, **self._httpx_kwargs()
            )
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter the underlying httpx.AsyncClient (you cannot enter twice; see httpx)."""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Close the underlying httpx.AsyncClient."""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)


@define
class AuthenticatedClient(Client):
    """A client that sends a bearer token (from ``login``) with every request.

    Keyword arguments:

        ``base_url``: The base URL for the API; all requests are made relative to it.

        ``cookies``: A dictionary of cookies to be sent with every request.

        ``headers``: A dictionary of headers to be sent with every request.

        ``timeout``: An ``httpx.Timeout`` for each attempt; httpx.TimeoutException is
        raised when it is exceeded and retries are exhausted.

        ``verify_ssl``: Whether to verify the server's TLS certificate (keep True in production).

        ``follow_redirects``: Whether to follow redirects. Default False.

        ``transport`` / ``async_transport``: an httpx transport for the sync / async httpx
        client (e.g. an ``httpx.ASGITransport`` to call the app in-process).

        ``httpx_args``: More arguments for the ``httpx.Client`` and ``httpx.AsyncClient`` constructors.

        ``max_retries``: How many times a failed request is retried (default 2; 0 disables).

        ``sleep`` / ``async_sleep``: How to wait between attempts (default ``time.sleep`` /
        ``asyncio.sleep``); replace them to observe or skip the delays in tests.

        ``token``: The access token.

        ``prefix``: The Authorization scheme (default ``"Bearer"``; empty sends the bare token).

        ``auth_header_name``: The header carrying the token (default ``"Authorization"``).
    """

    token: str = field(kw_only=True, repr=False)
    prefix: str = field(default="Bearer", kw_only=True)
    auth_header_name: str = field(default="Authorization", kw_only=True)

    def with_token(self, token: str) -> Self:
        """A new client matching this one with another token; it shares this one's
        httpx clients (the token is applied per request, not stored in them)."""
        other = evolve(self, token=token)
        other._client, other._async_client = self._client, self._async_client
        return other

    def auth_headers(self) -> dict[str, str]:
        """The Authorization header (``Bearer <token>``)."""
        value = f"{self.prefix} {self.token}" if self.prefix else self.token
        return {self.auth_header_name: value}
