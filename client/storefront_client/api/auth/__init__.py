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
from ...models.login_form_grant_type import LoginFormGrantType, check_login_form_grant_type
from ...models.problem import Problem
from ...models.revoke_form import RevokeForm
from ...models.revoke_form_token_type_hint import (
    RevokeFormTokenTypeHint,
    check_revoke_form_token_type_hint,
)
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
from . import login, revoke_token


class AuthResource(SyncAPIResource):
    """``client.auth`` of ``Storefront``: one method per operation."""

    @cached_property
    def with_raw_response(self) -> "AuthResourceWithRawResponse":
        """The same methods, returning the answer with its headers (:class:`APIResponse`)."""
        return AuthResourceWithRawResponse(self._get_client)

    @overload
    def revoke_token(
        self,
        *,
        body: RevokeForm,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> None: ...

    @overload
    def revoke_token(
        self,
        *,
        token: str,
        token_type_hint: RevokeFormTokenTypeHint | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> None: ...

    def revoke_token(
        self,
        *,
        body: RevokeForm | None = None,
        token: str | Unset = UNSET,
        token_type_hint: RevokeFormTokenTypeHint | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> None:
        """Log out (revoke a token): ``POST /v1/auth/revoke``.

        Log out: end the session a token belongs to (every session of its user).

        Returns the None.

        Args:
            token: An access or refresh token of the session to end. Required unless ``body=`` is given.
            token_type_hint: Which kind `token` is; either is recognised without it.
            body: The whole ``RevokeForm`` instead of the fields above (not both).
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            RevokeForm,
            body,
            {
                "token": token,
                "token_type_hint": token_type_hint,
            },
            required=("token",),
            operation="revoke_token",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._call(
            revoke_token._get_kwargs(
                body=body,
            ),
            options,
            revoke_token._parse_success,
        )

    def login(
        self,
        *,
        body: LoginForm | None = None,
        grant_type: LoginFormGrantType | Unset = UNSET,
        password: str | Unset = UNSET,
        refresh_token: str | Unset = UNSET,
        username: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Token:
        """Log in: ``POST /v1/auth/token``.

        Exchange an email and password, or a refresh token, for a bearer access token and
        a refresh token.

        Returns the Token.

        Args:
            grant_type: `password` (the default) or `refresh_token`.
            password: Your password (grant_type=password).
            refresh_token: The newest refresh token of the session (grant_type=refresh_token).
            username: Your email (grant_type=password).
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
                "grant_type": grant_type,
                "password": password,
                "refresh_token": refresh_token,
                "username": username,
            },
            required=(),
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
    def revoke_token(
        self,
        *,
        body: RevokeForm,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[None]: ...

    @overload
    def revoke_token(
        self,
        *,
        token: str,
        token_type_hint: RevokeFormTokenTypeHint | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[None]: ...

    def revoke_token(
        self,
        *,
        body: RevokeForm | None = None,
        token: str | Unset = UNSET,
        token_type_hint: RevokeFormTokenTypeHint | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[None]:
        """Log out (revoke a token): ``POST /v1/auth/revoke``.

        Log out: end the session a token belongs to (every session of its user).

        Returns an ``APIResponse``: ``parse()`` is the None; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            token: An access or refresh token of the session to end. Required unless ``body=`` is given.
            token_type_hint: Which kind `token` is; either is recognised without it.
            body: The whole ``RevokeForm`` instead of the fields above (not both).
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            RevokeForm,
            body,
            {
                "token": token,
                "token_type_hint": token_type_hint,
            },
            required=("token",),
            operation="revoke_token",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._raw(
            revoke_token._get_kwargs(
                body=body,
            ),
            options,
            revoke_token._parse_success,
        )

    def login(
        self,
        *,
        body: LoginForm | None = None,
        grant_type: LoginFormGrantType | Unset = UNSET,
        password: str | Unset = UNSET,
        refresh_token: str | Unset = UNSET,
        username: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Token]:
        """Log in: ``POST /v1/auth/token``.

        Exchange an email and password, or a refresh token, for a bearer access token and
        a refresh token.

        Returns an ``APIResponse``: ``parse()`` is the Token; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            grant_type: `password` (the default) or `refresh_token`.
            password: Your password (grant_type=password).
            refresh_token: The newest refresh token of the session (grant_type=refresh_token).
            username: Your email (grant_type=password).
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
                "grant_type": grant_type,
                "password": password,
                "refresh_token": refresh_token,
                "username": username,
            },
            required=(),
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
    async def revoke_token(
        self,
        *,
        body: RevokeForm,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> None: ...

    @overload
    async def revoke_token(
        self,
        *,
        token: str,
        token_type_hint: RevokeFormTokenTypeHint | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> None: ...

    async def revoke_token(
        self,
        *,
        body: RevokeForm | None = None,
        token: str | Unset = UNSET,
        token_type_hint: RevokeFormTokenTypeHint | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> None:
        """Log out (revoke a token): ``POST /v1/auth/revoke``.

        Log out: end the session a token belongs to (every session of its user).

        Returns the None.

        Args:
            token: An access or refresh token of the session to end. Required unless ``body=`` is given.
            token_type_hint: Which kind `token` is; either is recognised without it.
            body: The whole ``RevokeForm`` instead of the fields above (not both).
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            RevokeForm,
            body,
            {
                "token": token,
                "token_type_hint": token_type_hint,
            },
            required=("token",),
            operation="revoke_token",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._call(
            revoke_token._get_kwargs(
                body=body,
            ),
            options,
            revoke_token._parse_success,
        )

    async def login(
        self,
        *,
        body: LoginForm | None = None,
        grant_type: LoginFormGrantType | Unset = UNSET,
        password: str | Unset = UNSET,
        refresh_token: str | Unset = UNSET,
        username: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Token:
        """Log in: ``POST /v1/auth/token``.

        Exchange an email and password, or a refresh token, for a bearer access token and
        a refresh token.

        Returns the Token.

        Args:
            grant_type: `password` (the default) or `refresh_token`.
            password: Your password (grant_type=password).
            refresh_token: The newest refresh token of the session (grant_type=refresh_token).
            username: Your email (grant_type=password).
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
                "grant_type": grant_type,
                "password": password,
                "refresh_token": refresh_token,
                "username": username,
            },
            required=(),
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
    async def revoke_token(
        self,
        *,
        body: RevokeForm,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[None]: ...

    @overload
    async def revoke_token(
        self,
        *,
        token: str,
        token_type_hint: RevokeFormTokenTypeHint | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[None]: ...

    async def revoke_token(
        self,
        *,
        body: RevokeForm | None = None,
        token: str | Unset = UNSET,
        token_type_hint: RevokeFormTokenTypeHint | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[None]:
        """Log out (revoke a token): ``POST /v1/auth/revoke``.

        Log out: end the session a token belongs to (every session of its user).

        Returns an ``APIResponse``: ``parse()`` is the None; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            token: An access or refresh token of the session to end. Required unless ``body=`` is given.
            token_type_hint: Which kind `token` is; either is recognised without it.
            body: The whole ``RevokeForm`` instead of the fields above (not both).
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            RevokeForm,
            body,
            {
                "token": token,
                "token_type_hint": token_type_hint,
            },
            required=("token",),
            operation="revoke_token",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._raw(
            revoke_token._get_kwargs(
                body=body,
            ),
            options,
            revoke_token._parse_success,
        )

    async def login(
        self,
        *,
        body: LoginForm | None = None,
        grant_type: LoginFormGrantType | Unset = UNSET,
        password: str | Unset = UNSET,
        refresh_token: str | Unset = UNSET,
        username: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Token]:
        """Log in: ``POST /v1/auth/token``.

        Exchange an email and password, or a refresh token, for a bearer access token and
        a refresh token.

        Returns an ``APIResponse``: ``parse()`` is the Token; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            grant_type: `password` (the default) or `refresh_token`.
            password: Your password (grant_type=password).
            refresh_token: The newest refresh token of the session (grant_type=refresh_token).
            username: Your email (grant_type=password).
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
                "grant_type": grant_type,
                "password": password,
                "refresh_token": refresh_token,
                "username": username,
            },
            required=(),
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
