"""A client library for accessing Storefront API.

Start with :class:`Storefront` (or :class:`AsyncStorefront`): ``client.items.create(...)``,
``client.items.list(...)``, ``client.users.me()``... The operation modules
``storefront_client.api.<tag>.<operation>`` with :class:`Client` /
:class:`AuthenticatedClient` are the same operations as functions. Errors are in
``storefront_client.errors``.
"""

from ._version import __version__
from .api import AsyncStorefront, Storefront
from .client import AuthenticatedClient, Client, RequestOptions
from .errors import (
    APIConnectionError,
    ApiError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    MalformedResponseError,
    NotFoundError,
    NotModified,
    PayloadTooLargeError,
    PermissionDeniedError,
    PreconditionFailedError,
    RateLimitError,
    ServerError,
    StorefrontError,
    ValidationError,
)
from .types import (
    NOT_GIVEN,
    UNSET,
    APIResponse,
    AsyncPager,
    NotGiven,
    Page,
    RepeatedCursorError,
    SyncPager,
    Unset,
    Versioned,
    etag,
)

__all__ = (
    "NOT_GIVEN",
    "UNSET",
    "APIConnectionError",
    "APIResponse",
    "APIStatusError",
    "APITimeoutError",
    "ApiError",
    "AsyncPager",
    "AsyncStorefront",
    "AuthenticatedClient",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "ConflictError",
    "MalformedResponseError",
    "NotFoundError",
    "NotGiven",
    "NotModified",
    "Page",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "RateLimitError",
    "RepeatedCursorError",
    "RequestOptions",
    "ServerError",
    "Storefront",
    "StorefrontError",
    "SyncPager",
    "Unset",
    "ValidationError",
    "Versioned",
    "__version__",
    "etag",
)
