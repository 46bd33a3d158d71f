"""Exceptions raised by the SDK.

``sync()`` and ``asyncio()`` return the success model; any other answer raises::

    StorefrontError
    ├── NotModified                  304 to a conditional GET: your copy (its ETag) is current
    ├── MalformedResponseError       a success status whose body is not the declared model
    └── ApiError                     any other status that is not the operation's success
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

Every ``ApiError`` carries ``status``, ``problem`` (the parsed RFC 9457
:class:`~storefront_client.models.Problem`, or None when the body was not one),
``request_id`` (the ``X-Request-ID`` to quote in a support request) and ``response``
(the raw ``httpx.Response``). A status ≥ 400 raises the class of its status whether or
not the operation declares it (a proxy's 520 is a ``ServerError``); any other unexpected
status (an undeclared 2xx or 3xx) raises ``ApiError`` itself.

Transport failures are not wrapped: once the client's retries are spent they surface as
httpx's own exceptions (``httpx.ConnectError``, ``httpx.TimeoutException``, both
``httpx.TransportError``). The ``*_detailed()`` functions never raise on a status: they
return the ``Response``.
"""

from __future__ import annotations

import httpx

from .client import retry_after
from .models.problem import Problem

__all__ = [
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
]


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
    """Base of every exception the SDK raises for an answer it received."""

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


class NotModified(StorefrontError):
    """304 Not Modified: the resource still has the ETag sent in ``If-None-Match``."""

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

    def _message(self) -> str:
        return f"HTTP {self.status} with a body that is not the declared model"


class ApiError(StorefrontError):
    """The API answered with a status that is not the operation's success."""

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
        if self.request_id:
            text += f" (request id {self.request_id})"
        return text


class BadRequestError(ApiError):
    """400: the request is malformed."""


class AuthenticationError(ApiError):
    """401: the token is missing, invalid or expired, or the credentials are wrong."""


class PermissionDeniedError(ApiError):
    """403: authenticated, but not allowed to do this."""


class NotFoundError(ApiError):
    """404: no such resource."""


class ConflictError(ApiError):
    """409: the request conflicts with the current state (e.g. a unique field is taken)."""


class PreconditionFailedError(ApiError):
    """412: ``If-Match`` no longer matches; fetch the resource again and retry."""


class PayloadTooLargeError(ApiError):
    """413: the request body is over the server's limit."""


class ValidationError(ApiError):
    """422: invalid input; ``problem.errors`` lists each invalid field."""


class RateLimitError(ApiError):
    """429: too many requests; wait ``retry_after`` seconds."""

    @property
    def retry_after(self) -> float | None:
        return retry_after(self.response)


class ServerError(ApiError):
    """5xx: the server could not answer (503: the database is unreachable)."""


_BY_STATUS: dict[int, type[ApiError]] = {
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


def error_for_response(response: httpx.Response) -> StorefrontError:
    """The exception for an answer that is not the operation's success."""
    status = response.status_code
    if status == 304:
        return NotModified(response)
    if status >= 500:
        return ServerError(response)
    return _BY_STATUS.get(status, ApiError)(response)
