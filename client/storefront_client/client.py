"""Clients of the API: connection settings, the bearer token, timeouts, retries, logging.

Every operation sends its request through :meth:`Client.request` (or
:meth:`Client.arequest` for ``asyncio()`` calls), which

- applies the client's headers, a ``User-Agent`` (``storefront-client/<version>
  python/<version>``) and the bearer token of an :class:`AuthenticatedClient` to each
  request, so they are sent even through an httpx client or transport you supplied;
- applies the call's options (:class:`RequestOptions`: ``timeout``, ``max_retries``,
  ``extra_headers``, ``extra_query``) over the client's;
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
  :class:`~storefront_client.errors.APIConnectionError` /
  :class:`~storefront_client.errors.APITimeoutError` is raised from httpx's error;
- logs each request (INFO: method, URL, status, attempt, request id; DEBUG: the headers,
  with ``Authorization``, cookies and any header named like a key, token or secret
  redacted) and each retry (INFO: attempt, delay,
  reason) to the ``storefront_client`` logger. ``STOREFRONT_LOG=debug`` or ``info`` in the
  environment sends that logger's records to stderr.

Each attempt has a finite timeout: :data:`DEFAULT_TIMEOUT` unless the client or the call
says otherwise (a number of seconds or an ``httpx.Timeout``; ``None`` waits forever).
"""

from __future__ import annotations

import asyncio
import logging
import os
import platform
import random
import ssl
import sys
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol, Self, TypeVar

import httpx
from attrs import define, evolve, field

from ._version import __version__
from .errors import APIConnectionError, APITimeoutError, retry_after
from .types import UNSET, APIResponse, Unset

USER_AGENT = f"storefront-client/{__version__} python/{platform.python_version()}"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
"""Per attempt: 5 s to connect, 30 s for each read, write and pool wait."""
DEFAULT_MAX_RETRIES = 2
DEFAULT_SLEEP: Callable[[float], None] = time.sleep
"""How a sync client waits between attempts unless told otherwise."""
DEFAULT_ASYNC_SLEEP: Callable[[float], Awaitable[None]] = asyncio.sleep
"""How an async client waits between attempts unless told otherwise."""
LOG_ENV = "STOREFRONT_LOG"

RETRY_STATUSES = frozenset({429, 502, 503, 504})
"""Statuses that are retried (429 and 503 always; 502 and 504 when the request may be replayed)."""

NOT_ACTED_STATUSES = frozenset({429, 503})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
IDEMPOTENCY_HEADER = "Idempotency-Key"
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
REDACTED = "<redacted>"
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
_NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_AMBIGUOUS_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)

TimeoutTypes = float | httpx.Timeout | None
"""A timeout: seconds (for connect, read, write and pool alike), an ``httpx.Timeout``, or
None for none at all."""

logger: logging.Logger = logging.getLogger("storefront_client")


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler ``STOREFRONT_LOG`` adds: it writes only while the application has not
    configured logging itself (no handler on the root logger). Once it has (say with
    ``logging.basicConfig()``), the records reach the application's handlers through
    propagation, and writing them here too would print every line twice."""

    def emit(self, record: logging.LogRecord) -> None:
        if logging.getLogger().handlers:
            return
        super().emit(record)


def setup_logging() -> None:
    """Send the SDK's log records to stderr when ``STOREFRONT_LOG`` is ``debug`` or ``info``
    (called on import; without the variable the SDK leaves logging to the application)."""
    level = {"debug": logging.DEBUG, "info": logging.INFO}.get(
        os.environ.get(LOG_ENV, "").strip().lower()
    )
    if level is None:
        return
    logger.setLevel(level)
    if not any(isinstance(handler, _StderrHandler) for handler in logger.handlers):
        handler = _StderrHandler(sys.stderr)
        handler.setFormatter(
            logging.Formatter(
                "[%(asctime)s %(name)s %(levelname)s] %(message)s", "%Y-%m-%d %H:%M:%S"
            )
        )
        logger.addHandler(handler)


setup_logging()


SECRET_WORDS = ("key", "token", "secret", "password", "auth", "cookie", "session")
"""A header whose name contains one of these is a secret: never shown in logs or repr."""


def is_secret_header(name: str) -> bool:
    """``Authorization``, ``Cookie``, ``X-Api-Key``, ``X-Auth-Token``...: redacted."""
    lowered = name.lower()
    return lowered in SECRET_HEADERS or any(word in lowered for word in SECRET_WORDS)


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """``headers`` with the value of every secret one (:func:`is_secret_header`) hidden."""
    return {name: REDACTED if is_secret_header(name) else value for name, value in headers.items()}


def _redacted_repr(headers: Mapping[str, str]) -> str:
    return repr(redact_headers(headers))


def _cookies_repr(cookies: Mapping[str, str]) -> str:
    return repr(dict.fromkeys(cookies, REDACTED))


BASE_URL_ENV = "STOREFRONT_BASE_URL"
"""Where ``Storefront()`` finds the API when no ``base_url`` is given."""
TOKEN_ENV = "STOREFRONT_TOKEN"  # noqa: S105 - a variable name, not a secret
"""The bearer token ``Storefront()`` sends when no ``token`` is given."""


def check_base_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL; a ``ValueError`` saying what is wrong
    otherwise (instead of an "UnsupportedProtocol" at the first call)."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as error:
        raise ValueError(f"base_url {url!r} is not a URL: {error}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(
            f"base_url {url!r} needs a scheme and a host, like 'https://api.example.com' "
            "or 'http://127.0.0.1:8000'"
        )
    return url


def to_timeout(value: TimeoutTypes) -> httpx.Timeout | None:
    """An ``httpx.Timeout`` for a number of seconds (or None, or a Timeout as it is)."""
    if value is None or isinstance(value, httpx.Timeout):
        return value
    return httpx.Timeout(float(value))


@define(frozen=True)
class RequestOptions:
    """Options of one call, over the client's: ``timeout`` (seconds, an ``httpx.Timeout``,
    or None for none), ``max_retries``, ``extra_headers`` (win over every other header),
    ``extra_query`` (added to the query string). UNSET / None: the client's setting."""

    timeout: TimeoutTypes | Unset = UNSET
    max_retries: int | Unset = UNSET
    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, Any] | None = None


NO_OPTIONS = RequestOptions()


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


def _no_answer(
    error: httpx.TransportError, sent: dict[str, Any], attempts: int
) -> APIConnectionError:
    """The SDK's error for a request that got no answer (raised ``from error``)."""
    try:
        request = error.request
    except RuntimeError:  # raised by a transport outside httpx's request context
        request = httpx.Request(sent["method"], sent["url"])
    tries = f"{attempts} attempt{'s' if attempts > 1 else ''}"
    what = f"{request.method} {request.url}"
    reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(f"{what} timed out ({tries}; {reason})", request=request)
    return APIConnectionError(f"{what}: no answer ({tries}; {reason})", request=request)


def _out_of_time(sent: dict[str, Any], attempts: int, why: str) -> APITimeoutError:
    """The error when the client's ``deadline`` leaves no time for another attempt."""
    request = httpx.Request(sent["method"], sent["url"])
    return APITimeoutError(
        f"{request.method} {request.url}: deadline reached after {attempts} attempt(s) "
        f"(last: {why})",
        request=request,
    )


@define
class _Connections:
    """The httpx clients, shared by a client and its ``with_options()`` copies."""

    sync: httpx.Client | None = None
    async_: httpx.AsyncClient | None = None
    sync_owned: bool = True
    async_owned: bool = True


@define
class Client:
    """A client for the operations anyone may call.

    Keyword arguments:

        ``base_url``: The base URL for the API; all requests are made relative to it.

        ``cookies``: A dictionary of cookies to be sent with every request.

        ``headers``: A dictionary of headers to be sent with every request.

        ``timeout``: For each attempt: seconds (a float), an ``httpx.Timeout``, or None
        (no limit). Default :data:`DEFAULT_TIMEOUT` (5 s to connect, 30 s to read).

        ``verify_ssl``: Whether to verify the server's TLS certificate (keep True in production).

        ``follow_redirects``: Whether to follow redirects. Default False.

        ``transport`` / ``async_transport``: an httpx transport for the sync / async httpx
        client (e.g. an ``httpx.ASGITransport`` to call the app in-process).

        ``httpx_args``: More arguments for the ``httpx.Client`` and ``httpx.AsyncClient``
        constructors.

        ``max_retries``: How many times a failed request is retried (default 2; 0 disables).

        ``sleep`` / ``async_sleep``: How to wait between attempts (default ``time.sleep`` /
        ``asyncio.sleep``); replace them to observe or skip the delays in tests.

        ``deadline``: Seconds a whole call may take, retries and waits included (default
        None: no overall limit). ``clock``: the monotonic clock it is measured with.

    """

    _base_url: str = field(alias="base_url")
    _cookies: dict[str, str] = field(
        factory=dict, kw_only=True, alias="cookies", repr=_cookies_repr
    )
    _headers: dict[str, str] = field(
        factory=dict, kw_only=True, alias="headers", repr=_redacted_repr
    )
    _timeout: httpx.Timeout | None = field(
        default=DEFAULT_TIMEOUT, converter=to_timeout, kw_only=True, alias="timeout"
    )
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _transport: httpx.BaseTransport | None = field(default=None, kw_only=True, alias="transport")
    _async_transport: httpx.AsyncBaseTransport | None = field(
        default=None, kw_only=True, alias="async_transport"
    )
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    max_retries: int = field(default=DEFAULT_MAX_RETRIES, kw_only=True)
    _sleep: Callable[[float], None] = field(default=DEFAULT_SLEEP, kw_only=True, alias="sleep")
    _async_sleep: Callable[[float], Awaitable[None]] = field(
        default=DEFAULT_ASYNC_SLEEP, kw_only=True, alias="async_sleep"
    )
    deadline: float | None = field(default=None, kw_only=True)
    """Seconds a whole call may take, retries and their waits included (None: no limit
    beyond ``timeout`` per attempt). Each attempt's timeout is cut to what is left; no
    retry starts (and no wait) that would end past it."""
    _clock: Callable[[], float] = field(default=time.monotonic, kw_only=True, alias="clock")
    _connections: _Connections = field(factory=_Connections, init=False, repr=False)

    @property
    def timeout(self) -> httpx.Timeout | None:
        """The timeout of each attempt (None: no limit)."""
        return self._timeout

    def _sharing(self, other: Self) -> Self:
        other._connections = self._connections
        return other

    def with_options(
        self,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        headers: Mapping[str, str] | None = None,
        deadline: float | Unset | None = UNSET,
    ) -> Self:
        """A copy with another timeout, retry count, deadline or more headers, sharing
        this client's connection pool (closing either closes it for both)."""
        changes: dict[str, Any] = {}
        if not isinstance(deadline, Unset):
            changes["deadline"] = deadline
        if not isinstance(timeout, Unset):
            changes["timeout"] = timeout
        if not isinstance(max_retries, Unset):
            changes["max_retries"] = max_retries
        if headers:
            changes["headers"] = {**self._headers, **headers}
        return self._sharing(evolve(self, **changes))

    def with_headers(self, headers: dict[str, str]) -> Self:
        """A copy with additional headers, sharing the connection pool."""
        return self.with_options(headers=headers)

    def with_cookies(self, cookies: dict[str, str]) -> Self:
        """A copy with additional cookies (cookies belong to a pool: this one opens its own)."""
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: TimeoutTypes) -> Self:
        """A copy with another timeout, sharing the connection pool."""
        return self.with_options(timeout=timeout)

    def auth_headers(self) -> dict[str, str]:
        """Headers that authenticate each request (none for an anonymous client)."""
        return {}

    def _secret_headers(self) -> frozenset[str]:
        return SECRET_HEADERS

    def _prepare(self, request: dict[str, Any], options: RequestOptions) -> dict[str, Any]:
        headers: dict[str, str] = {}
        if not any(name.lower() == "user-agent" for name in self._headers):
            headers["User-Agent"] = USER_AGENT
        headers.update(self._headers)
        headers.update({str(k): str(v) for k, v in (request.get("headers") or {}).items()})
        headers.update(self.auth_headers())
        headers.update(options.extra_headers or {})
        keyed = any(name.lower() == IDEMPOTENCY_HEADER.lower() for name in headers)
        if str(request["method"]).upper() == "POST" and not keyed:
            headers[IDEMPOTENCY_HEADER] = str(uuid.uuid4())
        prepared = {**request, "headers": headers}
        if options.extra_query:
            prepared["params"] = {**(request.get("params") or {}), **options.extra_query}
        timeout = self._timeout if isinstance(options.timeout, Unset) else options.timeout
        prepared["timeout"] = to_timeout(timeout)
        return prepared

    def _past(self, end: float | None, delay: float) -> bool:
        """Whether waiting ``delay`` seconds would reach the deadline ``end``."""
        return end is not None and self._clock() + delay >= end

    def _within(self, request: dict[str, Any], end: float | None) -> dict[str, Any]:
        """The arguments of ``httpx.Client.request`` for one attempt: the timeout (cut to
        the time left before the deadline, if any) goes in the request's ``timeout``
        extension, which every httpx client honours; the ``timeout=`` argument would
        make Starlette's ``TestClient`` (an ``httpx.Client`` too) warn."""
        timeout: httpx.Timeout | None = request.get("timeout")
        if end is not None:
            left = end - self._clock()
            if left <= 0:
                raise _out_of_time(request, 0, "no time left")
            timeout = httpx.Timeout(
                **{
                    name: left if value is None else min(value, left)
                    for name, value in (
                        ("connect", timeout.connect if timeout else None),
                        ("read", timeout.read if timeout else None),
                        ("write", timeout.write if timeout else None),
                        ("pool", timeout.pool if timeout else None),
                    )
                }
            )
        arguments = {name: value for name, value in request.items() if name != "timeout"}
        limits = timeout if timeout is not None else httpx.Timeout(None)
        arguments["extensions"] = {**(request.get("extensions") or {}), "timeout": limits.as_dict()}
        return arguments

    def _absolute(self, request: dict[str, Any], http_base_url: httpx.URL) -> dict[str, Any]:
        """The request with an absolute URL when the httpx client has no base URL of its
        own (one passed as ``http_client=``): the SDK's ``base_url`` applies then."""
        if str(http_base_url) or httpx.URL(request["url"]).is_absolute_url:
            return request
        check_base_url(self._base_url)
        return {**request, "url": self._base_url.rstrip("/") + "/" + request["url"].lstrip("/")}

    def _log_request(self, request: dict[str, Any], attempt: int, tries: int) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            secret = self._secret_headers()
            shown = {
                name: (REDACTED if name.lower() in secret or is_secret_header(name) else value)
                for name, value in request["headers"].items()
            }
            logger.debug(
                "sending %s %s (attempt %d of %d) headers=%s params=%s",
                str(request["method"]).upper(),
                request["url"],
                attempt + 1,
                tries,
                shown,
                request.get("params") or {},
            )

    @staticmethod
    def _log_response(response: httpx.Response, attempt: int, tries: int) -> None:
        logger.info(
            "%s %s -> %d (attempt %d of %d, request id %s)",
            response.request.method,
            response.request.url,
            response.status_code,
            attempt + 1,
            tries,
            response.headers.get("x-request-id"),
        )

    @staticmethod
    def _log_retry(
        request: dict[str, Any], attempt: int, tries: int, delay: float, why: str
    ) -> None:
        logger.info(
            "retrying %s %s in %.2f s (attempt %d of %d) after %s",
            str(request["method"]).upper(),
            request["url"],
            delay,
            attempt + 2,
            tries,
            why,
        )

    @staticmethod
    def _failure(error: httpx.TransportError) -> str:
        return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__

    def request(self, *, options: RequestOptions | None = None, **request: Any) -> httpx.Response:
        """Send one operation's request (``method``, ``url``, ``params``, ``headers``, body
        arguments of ``httpx.Client.request``) with the call's ``options``, authentication,
        retries and logging."""
        options = options or NO_OPTIONS
        request = self._prepare(request, options)
        retries = (
            self.max_retries if isinstance(options.max_retries, Unset) else options.max_retries
        )
        http = self.get_httpx_client()
        request = self._absolute(request, http.base_url)
        end = None if self.deadline is None else self._clock() + self.deadline
        attempt = 0
        while True:
            self._log_request(request, attempt, retries + 1)
            try:
                response = http.request(**self._within(request, end))
            except httpx.TransportError as error:
                delay = _delay_after_error(request, error, attempt, retries)
                if delay is None:
                    raise _no_answer(error, request, attempt + 1) from error
                if self._past(end, delay):
                    raise _out_of_time(request, attempt + 1, self._failure(error)) from error
                why = self._failure(error)
            else:
                self._log_response(response, attempt, retries + 1)
                delay = _delay_after_response(request, response, attempt, retries)
                if delay is None or self._past(end, delay):
                    return response
                response.close()
                why = f"HTTP {response.status_code}"
            self._log_retry(request, attempt, retries + 1, delay, why)
            self._sleep(delay)
            attempt += 1

    async def arequest(
        self, *, options: RequestOptions | None = None, **request: Any
    ) -> httpx.Response:
        """The async twin of :meth:`request`."""
        options = options or NO_OPTIONS
        request = self._prepare(request, options)
        retries = (
            self.max_retries if isinstance(options.max_retries, Unset) else options.max_retries
        )
        http = self.get_async_httpx_client()
        request = self._absolute(request, http.base_url)
        end = None if self.deadline is None else self._clock() + self.deadline
        attempt = 0
        while True:
            self._log_request(request, attempt, retries + 1)
            try:
                response = await http.request(**self._within(request, end))
            except httpx.TransportError as error:
                delay = _delay_after_error(request, error, attempt, retries)
                if delay is None:
                    raise _no_answer(error, request, attempt + 1) from error
                if self._past(end, delay):
                    raise _out_of_time(request, attempt + 1, self._failure(error)) from error
                why = self._failure(error)
            else:
                self._log_response(response, attempt, retries + 1)
                delay = _delay_after_response(request, response, attempt, retries)
                if delay is None or self._past(end, delay):
                    return response
                await response.aclose()
                why = f"HTTP {response.status_code}"
            self._log_retry(request, attempt, retries + 1, delay, why)
            await self._async_sleep(delay)
            attempt += 1

    def _httpx_kwargs(self) -> dict[str, Any]:
        # Headers and the timeout are applied per request (see _prepare), so copies made
        # by with_options() can share the pool and still differ in them.
        return {
            "base_url": self._base_url,
            "cookies": self._cookies,
            "timeout": self._timeout,
            "verify": self._verify_ssl,
            "follow_redirects": self._follow_redirects,
            **self._httpx_args,
        }

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Use ``client`` for sync calls. Its base URL, cookies and transport apply; the
        SDK still sends its headers, the bearer token (of an AuthenticatedClient) and its
        timeout with each request. ``close()`` closes it."""
        self._connections.sync, self._connections.sync_owned = client, False
        return self

    def get_httpx_client(self) -> httpx.Client:
        """The underlying httpx.Client, constructed on first use unless one was set."""
        if self._connections.sync is None:
            check_base_url(self._base_url)
            self._connections.sync = httpx.Client(transport=self._transport, **self._httpx_kwargs())
            self._connections.sync_owned = True
        return self._connections.sync

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Use ``async_client`` for async calls; the SDK's headers, token and timeout are
        still sent."""
        self._connections.async_, self._connections.async_owned = async_client, False
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The underlying httpx.AsyncClient, constructed on first use unless one was set."""
        if self._connections.async_ is None:
            check_base_url(self._base_url)
            self._connections.async_ = httpx.AsyncClient(
                transport=self._async_transport, **self._httpx_kwargs()
            )
            self._connections.async_owned = True
        return self._connections.async_

    def close(self) -> None:
        """Close the sync connection pool. A pool the SDK opened is forgotten, so a later
        call opens a new one; one you set with ``set_httpx_client`` stays closed."""
        connections = self._connections
        if connections.sync is not None:
            connections.sync.close()
            if connections.sync_owned:
                connections.sync = None

    async def aclose(self) -> None:
        """Close the async connection pool (the async twin of :meth:`close`)."""
        connections = self._connections
        if connections.async_ is not None:
            await connections.async_.aclose()
            if connections.async_owned:
                connections.async_ = None

    def __enter__(self) -> Self:
        """``with client:`` closes the sync pool on exit; entering after calls is fine."""
        return self

    def __exit__(self, *args: object) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        """``async with client:`` closes the async pool on exit."""
        return self

    async def __aexit__(self, *args: object) -> None:
        await self.aclose()


@define
class AuthenticatedClient(Client):
    """A client that sends a bearer token (from ``login``) with every request.

    Keyword arguments:

        ``base_url``: The base URL for the API; all requests are made relative to it.

        ``cookies``: A dictionary of cookies to be sent with every request.

        ``headers``: A dictionary of headers to be sent with every request.

        ``timeout``: For each attempt: seconds (a float), an ``httpx.Timeout``, or None
        (no limit). Default :data:`DEFAULT_TIMEOUT` (5 s to connect, 30 s to read).

        ``verify_ssl``: Whether to verify the server's TLS certificate (keep True in production).

        ``follow_redirects``: Whether to follow redirects. Default False.

        ``transport`` / ``async_transport``: an httpx transport for the sync / async httpx
        client (e.g. an ``httpx.ASGITransport`` to call the app in-process).

        ``httpx_args``: More arguments for the ``httpx.Client`` and ``httpx.AsyncClient``
        constructors.

        ``max_retries``: How many times a failed request is retried (default 2; 0 disables).

        ``sleep`` / ``async_sleep``: How to wait between attempts (default ``time.sleep`` /
        ``asyncio.sleep``); replace them to observe or skip the delays in tests.

        ``deadline``: Seconds a whole call may take, retries and waits included (default
        None: no overall limit). ``clock``: the monotonic clock it is measured with.

        ``token``: The access token (never shown in ``repr()``).

        ``prefix``: The Authorization scheme (default ``"Bearer"``; empty sends the bare token).

        ``auth_header_name``: The header carrying the token (default ``"Authorization"``).
    """

    token: str = field(kw_only=True, repr=False)
    prefix: str = field(default="Bearer", kw_only=True)
    auth_header_name: str = field(default="Authorization", kw_only=True)

    def with_token(self, token: str) -> Self:
        """A new client matching this one with another token; it shares this one's
        connection pool (the token is applied per request, not stored in it)."""
        return self._sharing(evolve(self, token=token))

    def auth_headers(self) -> dict[str, str]:
        """The Authorization header (``Bearer <token>``)."""
        value = f"{self.prefix} {self.token}" if self.prefix else self.token
        return {self.auth_header_name: value}

    def _secret_headers(self) -> frozenset[str]:
        return SECRET_HEADERS | {self.auth_header_name.lower()}


def authenticated(client: Client, token: str) -> AuthenticatedClient:
    """``client`` with ``token`` as its bearer token, sharing its pool and settings."""
    if isinstance(client, AuthenticatedClient):
        return client.with_token(token)
    other = AuthenticatedClient(
        base_url=client._base_url,
        cookies=client._cookies,
        headers=client._headers,
        timeout=client._timeout,
        verify_ssl=client._verify_ssl,
        follow_redirects=client._follow_redirects,
        transport=client._transport,
        async_transport=client._async_transport,
        httpx_args=client._httpx_args,
        max_retries=client.max_retries,
        sleep=client._sleep,
        async_sleep=client._async_sleep,
        token=token,
    )
    other._connections = client._connections
    return other


# --- Sessions: a login's refresh token renews its access token ----------------------
# Self-contained: the resource client's login() makes a SessionClient, logout() revokes
# it. Nothing else in this module depends on it.
TOKEN_PATH = "/v1/auth/token"  # noqa: S105 - a path, not a secret
REVOKE_PATH = "/v1/auth/revoke"


@define
class _Session:
    """A login's tokens, shared by a :class:`SessionClient` and its ``with_options()``
    copies, so whichever renews it renews it for all."""

    access_token: str
    refresh_token: str
    renew_at: float  # time.monotonic() after which the access token is renewed first
    lock: threading.Lock = field(factory=threading.Lock)
    alock: asyncio.Lock | None = None

    def keep(self, token: Mapping[str, Any]) -> None:
        self.access_token = str(token["access_token"])
        # A 2.x server sends none: the access token then simply runs out.
        self.refresh_token = str(token.get("refresh_token") or "")
        lifetime = float(token["expires_in"])
        # Renewed a little before it expires (a fifth of its life, at most 30 s early), so
        # a request in flight does not arrive with a token that has just run out.
        self.renew_at = time.monotonic() + lifetime - min(30.0, lifetime / 5)

    @classmethod
    def start(cls, token: Mapping[str, Any]) -> _Session:
        session = cls("", "", 0.0)
        session.keep(token)
        return session


@define
class SessionClient(AuthenticatedClient):
    """An :class:`AuthenticatedClient` that keeps a login's session going by itself.

    Before a request, once the access token is near its end, and once after a 401, it
    redeems the refresh token (``grant_type=refresh_token``) for the next pair and sends
    the request with the new access token; a program that runs for days never handles
    the password again. Renewals are serialised (a lock per session), because a refresh
    token redeemed twice ends the session on the server. When the session has ended
    (a logout, a password change, a deactivation) the 401 is returned as it is.
    """

    session: _Session = field(kw_only=True, repr=False)

    def auth_headers(self) -> dict[str, str]:
        value = (
            f"{self.prefix} {self.session.access_token}"
            if self.prefix
            else self.session.access_token
        )
        return {self.auth_header_name: value}

    def with_token(self, token: str) -> Self:
        return self._sharing(evolve(self, token=token, session=_Session(token, "", float("inf"))))

    def _renewal(self) -> dict[str, Any]:
        return {
            "method": "POST",
            "url": TOKEN_PATH,
            "data": {"grant_type": "refresh_token", "refresh_token": self.session.refresh_token},
        }

    def _renewed(self, response: httpx.Response) -> bool:
        if response.status_code != 200:
            logger.info("the session could not be renewed (HTTP %d)", response.status_code)
            return False
        self.session.keep(response.json())
        return True

    def _renew(self, seen: str) -> bool:
        with self.session.lock:
            if self.session.access_token != seen:
                return True  # renewed meanwhile by another thread
            if not self.session.refresh_token:
                return False
            return self._renewed(Client.request(self, **self._renewal()))

    async def _arenew(self, seen: str) -> bool:
        if self.session.alock is None:
            self.session.alock = asyncio.Lock()
        async with self.session.alock:
            if self.session.access_token != seen:
                return True
            if not self.session.refresh_token:
                return False
            return self._renewed(await Client.arequest(self, **self._renewal()))

    def request(self, *, options: RequestOptions | None = None, **request: Any) -> httpx.Response:
        seen = self.session.access_token
        if time.monotonic() >= self.session.renew_at:
            self._renew(seen)
            seen = self.session.access_token
        response = super().request(options=options, **request)
        if response.status_code == 401 and request.get("url") != TOKEN_PATH and self._renew(seen):
            response.close()
            response = super().request(options=options, **request)
        return response

    async def arequest(
        self, *, options: RequestOptions | None = None, **request: Any
    ) -> httpx.Response:
        seen = self.session.access_token
        if time.monotonic() >= self.session.renew_at:
            await self._arenew(seen)
            seen = self.session.access_token
        response = await super().arequest(options=options, **request)
        if (
            response.status_code == 401
            and request.get("url") != TOKEN_PATH
            and await self._arenew(seen)
        ):
            await response.aclose()
            response = await super().arequest(options=options, **request)
        return response

    def _revocation(self) -> dict[str, Any]:
        token = self.session.refresh_token or self.session.access_token
        return {"method": "POST", "url": REVOKE_PATH, "data": {"token": token}}


def with_session(client: Client, token: Mapping[str, Any]) -> SessionClient:
    """``client`` carrying the session of ``token`` (the token endpoint's answer: access
    token, refresh token, ``expires_in``), sharing its pool and settings."""
    base = authenticated(client, str(token["access_token"]))
    other = SessionClient(
        base_url=base._base_url,
        cookies=base._cookies,
        headers=base._headers,
        timeout=base._timeout,
        verify_ssl=base._verify_ssl,
        follow_redirects=base._follow_redirects,
        transport=base._transport,
        async_transport=base._async_transport,
        httpx_args=base._httpx_args,
        max_retries=base.max_retries,
        sleep=base._sleep,
        async_sleep=base._async_sleep,
        token=base.token,
        session=_Session.start(token),
    )
    other._connections = client._connections
    return other


def anonymous(client: Client) -> Client:
    """``client`` without a token, sharing its pool and settings."""
    other = Client(
        base_url=client._base_url,
        cookies=client._cookies,
        headers=client._headers,
        timeout=client._timeout,
        verify_ssl=client._verify_ssl,
        follow_redirects=client._follow_redirects,
        transport=client._transport,
        async_transport=client._async_transport,
        httpx_args=client._httpx_args,
        max_retries=client.max_retries,
        sleep=client._sleep,
        async_sleep=client._async_sleep,
    )
    other._connections = client._connections
    return other


T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Parser(Protocol[T_co]):
    """An operation's ``_parse_success``: the success model, or the typed error raised."""

    def __call__(self, *, client: Client, response: httpx.Response) -> T_co: ...


class SyncAPIResource:
    """Base of the resource classes of ``Storefront`` (``client.items``...): each method
    sends its operation's request through the root's current client."""

    def __init__(self, client: Callable[[], Client]) -> None:
        self._get_client = client

    def _call(self, request: dict[str, Any], options: RequestOptions, parse: Parser[T]) -> T:
        client = self._get_client()
        return parse(client=client, response=client.request(**request, options=options))

    def _raw(
        self, request: dict[str, Any], options: RequestOptions, parse: Parser[T]
    ) -> APIResponse[T]:
        client = self._get_client()
        response = client.request(**request, options=options)
        return APIResponse(response, parse(client=client, response=response))


class AsyncAPIResource:
    """The async twin of :class:`SyncAPIResource` (for ``AsyncStorefront``)."""

    def __init__(self, client: Callable[[], Client]) -> None:
        self._get_client = client

    async def _call(self, request: dict[str, Any], options: RequestOptions, parse: Parser[T]) -> T:
        client = self._get_client()
        return parse(client=client, response=await client.arequest(**request, options=options))

    async def _raw(
        self, request: dict[str, Any], options: RequestOptions, parse: Parser[T]
    ) -> APIResponse[T]:
        client = self._get_client()
        response = await client.arequest(**request, options=options)
        return APIResponse(response, parse(client=client, response=response))
