"""A client library for accessing Storefront API.

Start with :class:`Client` (anonymous) or :class:`AuthenticatedClient` (bearer token),
then call the operations in ``storefront_client.api.<tag>.<operation>``; errors are in
``storefront_client.errors``.
"""

from .client import AuthenticatedClient, Client
from .errors import ApiError, NotModified, StorefrontError

__version__ = "1.0.0"

__all__ = (
    "ApiError",
    "AuthenticatedClient",
    "Client",
    "NotModified",
    "StorefrontError",
)
