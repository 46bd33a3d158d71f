"""A client library for accessing Storefront API.

Start with :class:`Storefront` (or :class:`AsyncStorefront`): ``client.items.create(...)``,
``client.items.list(...)``, ``client.users.me()``... The operation modules
``storefront_client.api.<tag>.<operation>`` with :class:`Client` /
:class:`AuthenticatedClient` are the same operations as functions. Errors are in
``storefront_client.errors``.
"""

from .api import AsyncStorefront, Storefront
from .client import AuthenticatedClient, Client, RequestOptions, __version__
from .errors import (
    APIConnectionError,
    ApiError,
    APITimeoutError,
    NotModified,
    StorefrontError,
)
from .types import UNSET, APIResponse, AsyncPager, Page, SyncPager, Unset

__version__ = "3.0.0"

__all__ = (
    "UNSET",
    "APIConnectionError",
    "APIResponse",
    "APITimeoutError",
    "ApiError",
    "AsyncPager",
    "AsyncStorefront",
    "AuthenticatedClient",
    "Client",
    "NotModified",
    "Page",
    "RequestOptions",
    "Storefront",
    "StorefrontError",
    "SyncPager",
    "Unset",
    "__version__",
)
