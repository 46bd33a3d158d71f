"""Exceptions raised by the SDK.

``sync()`` and ``asyncio()`` (and every resource-client method) return the success
model; anything else raises::

    StorefrontError
    ├── APIConnectionError           no answer: could not connect, or the connection broke
    │   └── APITimeoutError          no answer within the timeout
    ├── NotModified                  304 to a conditional GET: your copy (its ETag) is current
    ├── MalformedResponseError       a success status whose body is not the declared model
    └── APIStatusError               any other status that is not the operation's success
        ├── BadRequestError              400
        ├── AuthenticationError          401  missing, invalid or expired token; bad credentials
        ├── PermissionDeniedError        403  authenticated, but not allowed (not the owner)
        ├── NotFoundError                404
        ├── ConflictError                409  e.g. the email or SKU is taken
        ├── PreconditionFailedError      412  If-Match no longer matches: refetch and retry
        ├── PayloadTooLargeError         413  the body is over the server's limit (1 MiB)
        ├── ValidationError              422  ``problem.errors`` lists each invalid input
        ├── RateLimitError               429  ``retry_after``: seconds the server asked to wait
        └── ServerError                  5xx

Every ``APIStatusError`` carries ``status``, ``problem`` (the parsed RFC 9457
:class:`~storefront_client.models.Problem`, or None when the body was not one: then the
start of the body is in the message), ``request_id`` (the ``X-Request-ID`` to quote in a
support request) and ``response`` (the raw ``httpx.Response``). A status ≥ 400 raises the
class of its status whether or not the operation declares it (a proxy's 520 is a
``ServerError``); any other unexpected status (an undeclared 2xx or 3xx) raises
``APIStatusError`` itself.

``APIConnectionError`` and ``APITimeoutError`` are raised once the client's retries are
spent; the httpx exception that ended the last attempt is their ``__cause__``. They are
also ``httpx.TransportError`` (and ``APITimeoutError`` an ``httpx.TimeoutException``), so
code written against httpx's exceptions keeps catching them. The ``*_detailed()``
functions never raise on a status: they return the ``Response``.
"""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime

import httpx

from .models.problem import Problem

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "MalformedResponseError",
    "NotFoundError",
    "NotModified",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "RateLimitError",
    "ServerError",
    "StorefrontError",
    "ValidationError",
    "error_for_response",
    "parse_problem",
    "retry_after",
]

BODY_EXCERPT = 300
"""How many characters of a body that is not a problem go into an error's message."""


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


def body_excerpt(response: httpx.Response, limit: int = BODY_EXCERPT) -> str:
    """The start of the body as one line of text ('' when empty), cut at ``limit``."""
    text = " ".join(response.content.decode("utf-8", "replace").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_problem(response: httpx.Response) -> Problem | None:
    """The response's problem details, or None when its body is not a problem object."""
    try:
        data = response.json()
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    try:
        return Problem.from_dict(data)
    except (KeyError, TypeError, ValueError):
        return None


class StorefrontError(Exception):
    """Base of every exception the SDK raises. Those raised for an answer have its
    ``response``, ``status`` and ``request_id``; ``APIConnectionError`` has none (None)."""

    response: httpx.Response | None
    status: int | None
    request_id: str | None

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.status = response.status_code
        self.request_id: str | None = (
            response.headers.get("x-request-id") or self._body_request_id()
        )
        super().__init__(self._message())

    def _body_request_id(self) -> str | None:
        return None

    def _message(self) -> str:
        return f"HTTP {self.status}"


class APIConnectionError(StorefrontError, httpx.TransportError):
    """No answer arrived: the connection could not be made or broke (after the retries).

    ``request`` is the ``httpx.Request`` that was sent; ``__cause__`` is httpx's error."""

    def __init__(self, message: str, *, request: httpx.Request) -> None:
        httpx.TransportError.__init__(self, message, request=request)
        self.response: httpx.Response | None = None
        self.status: int | None = None
        self.request_id: str | None = None


class APITimeoutError(APIConnectionError, httpx.TimeoutException):
    """No answer within the timeout (``timeout=`` of the client or of the call)."""


class NotModified(StorefrontError):
    """304 Not Modified: the resource still has the ETag sent in ``If-None-Match``."""

    response: httpx.Response
    status: int

    @property
    def etag(self) -> str | None:
        etag: str | None = self.response.headers.get("etag")
        return etag

    def _message(self) -> str:
        return f"HTTP 304 Not Modified (ETag {self.etag})"


class MalformedResponseError(StorefrontError):
    """A success status whose body is not the declared model (not JSON, or missing
    fields): usually something between you and the API answered. The parse error is
    the ``__cause__``; ``response`` holds what arrived."""

    response: httpx.Response
    status: int

    def _message(self) -> str:
        return f"HTTP {self.status} with a body that is not the declared model"


class APIStatusError(StorefrontError):
    """The API answered with a status that is not the operation's success."""

    response: httpx.Response
    status: int

    def __init__(self, response: httpx.Response) -> None:
        self.problem: Problem | None = parse_problem(response)
        super().__init__(response)

    def _body_request_id(self) -> str | None:
        request_id = self.problem.request_id if self.problem is not None else None
        return request_id if isinstance(request_id, str) else None

    def _message(self) -> str:
        text = f"HTTP {self.status}"
        if self.problem is not None:
            text += f" {self.problem.title}: {self.problem.detail}"
        elif excerpt := body_excerpt(self.response):
            text += f": {excerpt}"
        if self.request_id:
            text += f" (request id {self.request_id})"
        return text


class BadRequestError(APIStatusError):
    """400: the request is malformed."""


class AuthenticationError(APIStatusError):
    """401: the token is missing, invalid or expired, or the credentials are wrong."""


class PermissionDeniedError(APIStatusError):
    """403: authenticated, but not allowed to do this."""


class NotFoundError(APIStatusError):
    """404: no such resource."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the current state (e.g. a unique field is taken)."""


class PreconditionFailedError(APIStatusError):
    """412: ``If-Match`` no longer matches; fetch the resource again and retry."""


class PayloadTooLargeError(APIStatusError):
    """413: the request body is over the server's limit."""


class ValidationError(APIStatusError):
    """422: invalid input; ``problem.errors`` lists each invalid field."""


class RateLimitError(APIStatusError):
    """429: too many requests; wait ``retry_after`` seconds."""

    @property
    def retry_after(self) -> float | None:
        return retry_after(self.response)


class ServerError(APIStatusError):
    """5xx: the server could not answer (503: the database is unreachable)."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    413: PayloadTooLargeError,
    422: ValidationError,
    429: RateLimitError,
}


ApiError = APIStatusError
"""The name of :class:`APIStatusError` before 2.2 (kept: ``except ApiError`` still works)."""


def error_for_response(response: httpx.Response) -> StorefrontError:
    """The exception for an answer that is not the operation's success."""
    status = response.status_code
    if status == 304:
        return NotModified(response)
    if status >= 500:
        return ServerError(response)
    return _BY_STATUS.get(status, APIStatusError)(response)
