"""The ``auth`` operations.

One module per operation (``sync()``, ``asyncio()``, ``*_detailed()``), and the resource
classes behind ``client.auth``: ``AuthResource`` for :class:`~storefront_client.Storefront`
and ``AsyncAuthResource`` for :class:`~storefront_client.AsyncStorefront`, each with
``with_raw_response``.
"""

from collections.abc import Mapping
from functools import cached_property
from typing import Any, cast

from ...client import AsyncAPIResource, RequestOptions, SyncAPIResource, TimeoutTypes
from ...models.login_form import LoginForm
from ...models.problem import Problem
from ...models.revoke_form import RevokeForm
from ...models.token import Token
from ...types import UNSET, APIResponse, AsyncPager, Page, SyncPager, Unset
from . import login, revoke_token


class AuthResource(SyncAPIResource):
    """``client.auth`` of ``Storefront``: one method per operation."""

    @cached_property
    def with_raw_response(self) -> "AuthResourceWithRawResponse":
        """The same methods, returning the answer with its headers (:class:`APIResponse`)."""
        return AuthResourceWithRawResponse(self._get_client)

    def revoke_token(
        self,
        *,
        body: RevokeForm,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> None:
        """Revoke Token: ``POST /v1/auth/revoke``.

        Log out: end the session a token belongs to (every session of its user).

        The arguments and errors are those of :func:`revoke_token.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return self._call(
            revoke_token._get_kwargs(
                body=body,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            revoke_token._parse_success,
        )

    def login(
        self,
        *,
        body: LoginForm | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Token:
        """Login: ``POST /v1/auth/token``.

        Exchange an email and password, or a refresh token, for a bearer access token and
        a refresh token.

        The arguments and errors are those of :func:`login.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return self._call(
            login._get_kwargs(
                body=body,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            login._parse_success,
        )


class AuthResourceWithRawResponse(SyncAPIResource):
    """``client.auth.with_raw_response``: each method returns an :class:`APIResponse`."""

    def revoke_token(
        self,
        *,
        body: RevokeForm,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[None]:
        """Revoke Token: ``POST /v1/auth/revoke``.

        Log out: end the session a token belongs to (every session of its user).

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        None. The arguments and errors are those of :func:`revoke_token.sync`.
        """
        return self._raw(
            revoke_token._get_kwargs(
                body=body,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            revoke_token._parse_success,
        )

    def login(
        self,
        *,
        body: LoginForm | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Token]:
        """Login: ``POST /v1/auth/token``.

        Exchange an email and password, or a refresh token, for a bearer access token and
        a refresh token.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        Token. The arguments and errors are those of :func:`login.sync`.
        """
        return self._raw(
            login._get_kwargs(
                body=body,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            login._parse_success,
        )


class AsyncAuthResource(AsyncAPIResource):
    """``client.auth`` of ``AsyncStorefront``: one method per operation."""

    @cached_property
    def with_raw_response(self) -> "AsyncAuthResourceWithRawResponse":
        """The same methods, returning the answer with its headers (:class:`APIResponse`)."""
        return AsyncAuthResourceWithRawResponse(self._get_client)

    async def revoke_token(
        self,
        *,
        body: RevokeForm,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> None:
        """Revoke Token: ``POST /v1/auth/revoke``.

        Log out: end the session a token belongs to (every session of its user).

        The arguments and errors are those of :func:`revoke_token.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return await self._call(
            revoke_token._get_kwargs(
                body=body,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            revoke_token._parse_success,
        )

    async def login(
        self,
        *,
        body: LoginForm | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Token:
        """Login: ``POST /v1/auth/token``.

        Exchange an email and password, or a refresh token, for a bearer access token and
        a refresh token.

        The arguments and errors are those of :func:`login.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return await self._call(
            login._get_kwargs(
                body=body,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            login._parse_success,
        )


class AsyncAuthResourceWithRawResponse(AsyncAPIResource):
    """``client.auth.with_raw_response``: each method returns an :class:`APIResponse`."""

    async def revoke_token(
        self,
        *,
        body: RevokeForm,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[None]:
        """Revoke Token: ``POST /v1/auth/revoke``.

        Log out: end the session a token belongs to (every session of its user).

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        None. The arguments and errors are those of :func:`revoke_token.sync`.
        """
        return await self._raw(
            revoke_token._get_kwargs(
                body=body,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            revoke_token._parse_success,
        )

    async def login(
        self,
        *,
        body: LoginForm | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Token]:
        """Login: ``POST /v1/auth/token``.

        Exchange an email and password, or a refresh token, for a bearer access token and
        a refresh token.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        Token. The arguments and errors are those of :func:`login.sync`.
        """
        return await self._raw(
            login._get_kwargs(
                body=body,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            login._parse_success,
        )


__all__ = [
    "AsyncAuthResource",
    "AsyncAuthResourceWithRawResponse",
    "AuthResource",
    "AuthResourceWithRawResponse",
]
