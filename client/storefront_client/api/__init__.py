"""The resource client: :class:`Storefront` and :class:`AsyncStorefront`.

One attribute per tag (``auth``, ``health``, ``items``, ``users``) and one method per operation, generated from
the API document like the modules under ``storefront_client.api.<tag>``, which they call.
"""

import os
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Self

import httpx

from ..client import (
    BASE_URL_ENV,
    DEFAULT_ASYNC_SLEEP,
    DEFAULT_MAX_RETRIES,
    DEFAULT_SLEEP,
    DEFAULT_TIMEOUT,
    TOKEN_ENV,
    AuthenticatedClient,
    Client,
    SessionClient,
    TimeoutTypes,
    anonymous,
    authenticated,
    check_base_url,
    with_session,
)
from ..errors import error_for_response
from ..models.login_form import LoginForm
from ..models.token import Token
from ..types import UNSET, Unset
from .auth import AsyncAuthResource, AuthResource
from .health import AsyncHealthResource, HealthResource
from .items import AsyncItemsResource, ItemsResource
from .users import AsyncUsersResource, UsersResource


class Storefront:
    """The resource client: ``client.items.create(...)``, ``client.users.me()``...

    ``base_url``: where the API is (default: the ``STOREFRONT_BASE_URL`` environment
    variable; a ``ValueError`` when neither is set or the URL has no scheme and host).
    ``token``: a bearer token (default: ``STOREFRONT_TOKEN`` if set; or call :meth:`login`).
    ``timeout``: per attempt, seconds or an ``httpx.Timeout`` (default 5 s to connect,
    30 s to read; None: no limit). ``max_retries``: default 2. ``deadline``: seconds a
    whole call may take, retries and waits included (default None: no overall limit). ``headers``: sent with every
    request. ``transport``: an httpx transport (tests: ``httpx.ASGITransport``...).
    ``http_client``: an ``httpx.Client`` to send through (its cookies apply, and
    its base URL if it has one; otherwise ``base_url``). ``sleep``: how to wait between
    attempts (tests pass one that does not sleep). Every method also takes ``timeout=``, ``max_retries=``,
    ``extra_headers=`` and ``extra_query=`` for that call.

    ``with`` the client (or ``client.close()``) closes its connections.
    """

    auth: AuthResource
    health: HealthResource
    items: ItemsResource
    users: UsersResource

    def __init__(
        self,
        *,
        base_url: str | None = None,
        token: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        deadline: float | None = None,
        headers: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        if base_url is None:
            base_url = os.environ.get(BASE_URL_ENV) or None
        if base_url is None:
            raise ValueError(f"no base_url: pass Storefront(base_url=...) or set {BASE_URL_ENV}")
        check_base_url(base_url)
        if token is None:
            token = os.environ.get(TOKEN_ENV) or None
        client = Client(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            headers=dict(headers or {}),
            transport=transport,
            sleep=DEFAULT_SLEEP if sleep is None else sleep,
        )
        if http_client is not None:
            client.set_httpx_client(http_client)
        self._bind(client if token is None else authenticated(client, token))

    @classmethod
    def from_client(cls, client: Client) -> Self:
        """A resource client over a configured :class:`~storefront_client.Client` or
        :class:`~storefront_client.AuthenticatedClient` (its settings, token and pool)."""
        self = cls.__new__(cls)
        self._bind(client)
        return self

    def _bind(self, client: Client) -> None:
        self._client = client
        self.auth = AuthResource(self._current)
        self.health = HealthResource(self._current)
        self.items = ItemsResource(self._current)
        self.users = UsersResource(self._current)

    def _current(self) -> Client:
        return self._client

    @property
    def client(self) -> Client:
        """The underlying client, for the module functions (``create_item.sync(client=...)``)."""
        return self._client

    @property
    def token(self) -> str | None:
        """The bearer token sent with each request (None: anonymous)."""
        return self._client.token if isinstance(self._client, AuthenticatedClient) else None

    def login(
        self,
        email: str,
        password: str,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Token:
        """Log in and keep the session: every later call (here and in copies made after
        this by :meth:`with_options`) sends its access token, renewed with the refresh
        token when it runs out, so the password is needed only here. Returns the
        :class:`Token` (``expires_in``).

        Raises ``AuthenticationError`` (401) for wrong credentials."""
        token = self.auth.login(
            body=LoginForm(username=email, password=password),
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        self._client = with_session(self._client, token.to_dict())
        return token

    def logout(self) -> None:
        """End the session on the server (``POST /v1/auth/revoke``: every session of the
        user ends) and forget its tokens; later calls are anonymous.

        Raises the typed error of a refusal (``ServerError`` when the server could not
        record it); the tokens are kept then, so the call can be repeated."""
        client = self._client
        if isinstance(client, SessionClient):
            request = client._revocation()
        elif isinstance(client, AuthenticatedClient):
            request = {"method": "POST", "url": "/v1/auth/revoke", "data": {"token": client.token}}
        else:
            return
        response = client.request(**request)
        if response.status_code != 200:
            raise error_for_response(response)
        self._client = anonymous(client)

    def with_options(
        self,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        headers: Mapping[str, str] | None = None,
        deadline: float | None | Unset = UNSET,
    ) -> Self:
        """A copy with another default timeout, retry count, deadline or more headers,
        sharing this client's token and connection pool:
        ``client.with_options(timeout=2.0).items.get(1)``."""
        return type(self).from_client(
            self._client.with_options(
                timeout=timeout, max_retries=max_retries, headers=headers, deadline=deadline
            )
        )

    def close(self) -> None:
        """Close the connection pool (shared with :meth:`with_options` copies)."""
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "authenticated" if self.token is not None else "anonymous"
        return f"<{type(self).__name__} {self._client._base_url} ({state})>"


class AsyncStorefront:
    """The async resource client: ``client.items.create(...)``, ``client.users.me()``...

    ``base_url``: where the API is (default: the ``STOREFRONT_BASE_URL`` environment
    variable; a ``ValueError`` when neither is set or the URL has no scheme and host).
    ``token``: a bearer token (default: ``STOREFRONT_TOKEN`` if set; or call :meth:`login`).
    ``timeout``: per attempt, seconds or an ``httpx.Timeout`` (default 5 s to connect,
    30 s to read; None: no limit). ``max_retries``: default 2. ``deadline``: seconds a
    whole call may take, retries and waits included (default None: no overall limit). ``headers``: sent with every
    request. ``transport``: an httpx transport (tests: ``httpx.ASGITransport``...).
    ``http_client``: an ``httpx.AsyncClient`` to send through (its cookies apply, and
    its base URL if it has one; otherwise ``base_url``). ``sleep``: how to wait between
    attempts (tests pass one that does not sleep). Every method also takes ``timeout=``, ``max_retries=``,
    ``extra_headers=`` and ``extra_query=`` for that call.

    ``async with`` the client (or ``await client.aclose()``) closes its connections.
    """

    auth: AsyncAuthResource
    health: AsyncHealthResource
    items: AsyncItemsResource
    users: AsyncUsersResource

    def __init__(
        self,
        *,
        base_url: str | None = None,
        token: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        deadline: float | None = None,
        headers: Mapping[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        if base_url is None:
            base_url = os.environ.get(BASE_URL_ENV) or None
        if base_url is None:
            raise ValueError(f"no base_url: pass Storefront(base_url=...) or set {BASE_URL_ENV}")
        check_base_url(base_url)
        if token is None:
            token = os.environ.get(TOKEN_ENV) or None
        client = Client(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            headers=dict(headers or {}),
            async_transport=transport,
            async_sleep=DEFAULT_ASYNC_SLEEP if sleep is None else sleep,
        )
        if http_client is not None:
            client.set_async_httpx_client(http_client)
        self._bind(client if token is None else authenticated(client, token))

    @classmethod
    def from_client(cls, client: Client) -> Self:
        """A resource client over a configured :class:`~storefront_client.Client` or
        :class:`~storefront_client.AuthenticatedClient` (its settings, token and pool)."""
        self = cls.__new__(cls)
        self._bind(client)
        return self

    def _bind(self, client: Client) -> None:
        self._client = client
        self.auth = AsyncAuthResource(self._current)
        self.health = AsyncHealthResource(self._current)
        self.items = AsyncItemsResource(self._current)
        self.users = AsyncUsersResource(self._current)

    def _current(self) -> Client:
        return self._client

    @property
    def client(self) -> Client:
        """The underlying client, for the module functions (``create_item.sync(client=...)``)."""
        return self._client

    @property
    def token(self) -> str | None:
        """The bearer token sent with each request (None: anonymous)."""
        return self._client.token if isinstance(self._client, AuthenticatedClient) else None

    async def login(
        self,
        email: str,
        password: str,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Token:
        """Log in and keep the session: every later call (here and in copies made after
        this by :meth:`with_options`) sends its access token, renewed with the refresh
        token when it runs out, so the password is needed only here. Returns the
        :class:`Token` (``expires_in``).

        Raises ``AuthenticationError`` (401) for wrong credentials."""
        token = await self.auth.login(
            body=LoginForm(username=email, password=password),
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        self._client = with_session(self._client, token.to_dict())
        return token

    async def logout(self) -> None:
        """End the session on the server (``POST /v1/auth/revoke``: every session of the
        user ends) and forget its tokens; later calls are anonymous.

        Raises the typed error of a refusal (``ServerError`` when the server could not
        record it); the tokens are kept then, so the call can be repeated."""
        client = self._client
        if isinstance(client, SessionClient):
            request = client._revocation()
        elif isinstance(client, AuthenticatedClient):
            request = {"method": "POST", "url": "/v1/auth/revoke", "data": {"token": client.token}}
        else:
            return
        response = await client.arequest(**request)
        if response.status_code != 200:
            raise error_for_response(response)
        self._client = anonymous(client)

    def with_options(
        self,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        headers: Mapping[str, str] | None = None,
        deadline: float | None | Unset = UNSET,
    ) -> Self:
        """A copy with another default timeout, retry count, deadline or more headers,
        sharing this client's token and connection pool:
        ``client.with_options(timeout=2.0).items.get(1)``."""
        return type(self).from_client(
            self._client.with_options(
                timeout=timeout, max_retries=max_retries, headers=headers, deadline=deadline
            )
        )

    async def aclose(self) -> None:
        """Close the connection pool (shared with :meth:`with_options` copies)."""
        await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *args: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        state = "authenticated" if self.token is not None else "anonymous"
        return f"<{type(self).__name__} {self._client._base_url} ({state})>"


__all__ = ["AsyncStorefront", "Storefront"]
