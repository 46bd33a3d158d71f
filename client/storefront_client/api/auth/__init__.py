"""The ``auth`` operations.

One module per operation (``sync()``, ``asyncio()``, ``*_detailed()``), and the resource
classes behind ``client.auth``: ``AuthResource`` for :class:`~storefront_client.Storefront`
and ``AsyncAuthResource`` for :class:`~storefront_client.AsyncStorefront`, each with
``with_raw_response``.
"""

import builtins
from collections.abc import Mapping
from functools import cached_property
from typing import Any, cast, overload

from ...client import AsyncAPIResource, RequestOptions, SyncAPIResource, TimeoutTypes
from ...models.login_form import LoginForm
from ...models.problem import Problem
from ...models.token import Token
from ...types import (
    NOT_GIVEN,
    UNSET,
    APIResponse,
    AsyncPager,
    NotGiven,
    Page,
    SyncPager,
    Unset,
    Versioned,
    build_body,
    precondition,
)
from . import login


class AuthResource(SyncAPIResource):
    """``client.auth`` of ``Storefront``: one method per operation."""

    @cached_property
    def with_raw_response(self) -> "AuthResourceWithRawResponse":
        """The same methods, returning the answer with its headers (:class:`APIResponse`)."""
        return AuthResourceWithRawResponse(self._get_client)

    @overload
    def login(
        self,
        *,
        body: LoginForm,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Token: ...

    @overload
    def login(
        self,
        *,
        password: str,
        username: str,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Token: ...

    def login(
        self,
        *,
        body: LoginForm | None = None,
        password: str | Unset = UNSET,
        username: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Token:
        """Log in: ``POST /v1/auth/token``.

        Exchange an email and password for a bearer access token.

        Returns the Token.

        Args:
            password: Your password. Required unless ``body=`` is given.
            username: Your email. Required unless ``body=`` is given.
            body: The whole ``LoginForm`` instead of the fields above (not both).
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            RateLimitError: 429: too many attempts: ``retry_after`` says how long to wait
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            LoginForm,
            body,
            {
                "password": password,
                "username": username,
            },
            required=(
                "password",
                "username",
            ),
            operation="login",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._call(
            login._get_kwargs(
                body=body,
            ),
            options,
            login._parse_success,
        )


class AuthResourceWithRawResponse(SyncAPIResource):
    """``client.auth.with_raw_response``: each method returns an :class:`APIResponse`."""

    @overload
    def login(
        self,
        *,
        body: LoginForm,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Token]: ...

    @overload
    def login(
        self,
        *,
        password: str,
        username: str,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Token]: ...

    def login(
        self,
        *,
        body: LoginForm | None = None,
        password: str | Unset = UNSET,
        username: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Token]:
        """Log in: ``POST /v1/auth/token``.

        Exchange an email and password for a bearer access token.

        Returns an ``APIResponse``: ``parse()`` is the Token; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            password: Your password. Required unless ``body=`` is given.
            username: Your email. Required unless ``body=`` is given.
            body: The whole ``LoginForm`` instead of the fields above (not both).
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            RateLimitError: 429: too many attempts: ``retry_after`` says how long to wait
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            LoginForm,
            body,
            {
                "password": password,
                "username": username,
            },
            required=(
                "password",
                "username",
            ),
            operation="login",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._raw(
            login._get_kwargs(
                body=body,
            ),
            options,
            login._parse_success,
        )


class AsyncAuthResource(AsyncAPIResource):
    """``client.auth`` of ``AsyncStorefront``: one method per operation."""

    @cached_property
    def with_raw_response(self) -> "AsyncAuthResourceWithRawResponse":
        """The same methods, returning the answer with its headers (:class:`APIResponse`)."""
        return AsyncAuthResourceWithRawResponse(self._get_client)

    @overload
    async def login(
        self,
        *,
        body: LoginForm,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Token: ...

    @overload
    async def login(
        self,
        *,
        password: str,
        username: str,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Token: ...

    async def login(
        self,
        *,
        body: LoginForm | None = None,
        password: str | Unset = UNSET,
        username: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Token:
        """Log in: ``POST /v1/auth/token``.

        Exchange an email and password for a bearer access token.

        Returns the Token.

        Args:
            password: Your password. Required unless ``body=`` is given.
            username: Your email. Required unless ``body=`` is given.
            body: The whole ``LoginForm`` instead of the fields above (not both).
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            RateLimitError: 429: too many attempts: ``retry_after`` says how long to wait
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            LoginForm,
            body,
            {
                "password": password,
                "username": username,
            },
            required=(
                "password",
                "username",
            ),
            operation="login",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._call(
            login._get_kwargs(
                body=body,
            ),
            options,
            login._parse_success,
        )


class AsyncAuthResourceWithRawResponse(AsyncAPIResource):
    """``client.auth.with_raw_response``: each method returns an :class:`APIResponse`."""

    @overload
    async def login(
        self,
        *,
        body: LoginForm,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Token]: ...

    @overload
    async def login(
        self,
        *,
        password: str,
        username: str,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Token]: ...

    async def login(
        self,
        *,
        body: LoginForm | None = None,
        password: str | Unset = UNSET,
        username: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Token]:
        """Log in: ``POST /v1/auth/token``.

        Exchange an email and password for a bearer access token.

        Returns an ``APIResponse``: ``parse()`` is the Token; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            password: Your password. Required unless ``body=`` is given.
            username: Your email. Required unless ``body=`` is given.
            body: The whole ``LoginForm`` instead of the fields above (not both).
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            RateLimitError: 429: too many attempts: ``retry_after`` says how long to wait
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            LoginForm,
            body,
            {
                "password": password,
                "username": username,
            },
            required=(
                "password",
                "username",
            ),
            operation="login",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._raw(
            login._get_kwargs(
                body=body,
            ),
            options,
            login._parse_success,
        )


__all__ = [
    "AsyncAuthResource",
    "AsyncAuthResourceWithRawResponse",
    "AuthResource",
    "AuthResourceWithRawResponse",
]
