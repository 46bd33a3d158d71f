"""The ``users`` operations.

One module per operation (``sync()``, ``asyncio()``, ``*_detailed()``), and the resource
classes behind ``client.users``: ``UsersResource`` for :class:`~storefront_client.Storefront`
and ``AsyncUsersResource`` for :class:`~storefront_client.AsyncStorefront`, each with
``with_raw_response``.
"""

import builtins
from collections.abc import Mapping
from functools import cached_property
from typing import Any, cast, overload

from ...client import AsyncAPIResource, RequestOptions, SyncAPIResource, TimeoutTypes
from ...models.problem import Problem
from ...models.user import User
from ...models.user_create import UserCreate
from ...models.user_page import UserPage
from ...models.user_update import UserUpdate
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
from . import (
    create_user,
    deactivate_user,
    get_current_user,
    list_users,
    reactivate_user,
    revoke_user_sessions,
    update_current_user,
)


class UsersResource(SyncAPIResource):
    """``client.users`` of ``Storefront``: one method per operation."""

    @cached_property
    def with_raw_response(self) -> "UsersResourceWithRawResponse":
        """The same methods, returning the answer with its headers (:class:`APIResponse`)."""
        return UsersResourceWithRawResponse(self._get_client)

    def list(
        self,
        *,
        limit: int | Unset = 20,
        cursor: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> SyncPager[User]:
        """List users: ``GET /v1/users``.

        List all users, oldest first (superusers only).

        Returns a pager over every User across the pages, fetched as you iterate
        (``pages()`` gives the pages with their cursors); ``cursor=`` resumes from a page's
        ``next_cursor``. The filters and options apply to every page.

        Args:
            limit:
            cursor:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's (for every page).

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )

        def fetch(page_cursor: str | None) -> Page[User]:
            page = self._call(
                list_users._get_kwargs(
                    limit=limit,
                    cursor=UNSET if page_cursor is None else page_cursor,
                ),
                options,
                list_users._parse_success,
            )
            next_cursor = page.next_cursor if isinstance(page.next_cursor, str) else None
            return Page(items=page.items, cursor=page_cursor, next_cursor=next_cursor)

        return SyncPager(fetch, cursor if isinstance(cursor, str) else None)

    @overload
    def create(
        self,
        *,
        body: UserCreate,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> User: ...

    @overload
    def create(
        self,
        *,
        email: str,
        password: str,
        full_name: None | str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> User: ...

    def create(
        self,
        *,
        body: UserCreate | None = None,
        email: str | Unset = UNSET,
        password: str | Unset = UNSET,
        full_name: None | str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> User:
        """Register a user: ``POST /v1/users``.

        Register a new user.

        Returns the User.

        Args:
            email: The sign-in email (at most 254 characters); compared after NFKC
                normalisation and case folding, and stored so. Required unless ``body=`` is given.
            password: 8 to 128 characters, any Unicode (passphrases welcome). Refused: common or
                breached passwords, repeated characters or keyboard runs, and passwords
                containing your email. Required unless ``body=`` is given.
            full_name: How the user is addressed: 1 to 200 characters; null for none.
            body: The whole ``UserCreate`` instead of the fields above (not both).
            idempotency_key: Makes the request safe to retry (1 to 255 printable ASCII characters; a UUID
                is a good choice). Sent again by the same caller with the same body, it
                replays the first response (same status, body, Location and ETag, plus
                `Idempotent-Replayed: true`) and writes nothing; sent with another body, it
                is rejected with 422. A duplicate that arrives while the first is still
                running waits for it, then replays. Only a successful response is kept, for
                24 hours after the key's first use (server setting
                IDEMPOTENCY_KEY_TTL_SECONDS); after that the key counts as new.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            ConflictError: 409: a unique value (an email, a SKU) is taken
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            RateLimitError: 429: too many attempts: ``retry_after`` says how long to wait
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            UserCreate,
            body,
            {
                "email": email,
                "password": password,
                "full_name": full_name,
            },
            required=(
                "email",
                "password",
            ),
            operation="create",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._call(
            create_user._get_kwargs(
                body=body,
                idempotency_key=idempotency_key,
            ),
            options,
            create_user._parse_success,
        )

    def me(
        self,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> User:
        """Get the current user: ``GET /v1/users/me``.

        Return the authenticated user.

        Returns the User.

        Args:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._call(
            get_current_user._get_kwargs(),
            options,
            get_current_user._parse_success,
        )

    def update_me(
        self,
        *,
        body: UserUpdate | None = None,
        current_password: str | Unset = UNSET,
        full_name: None | str | Unset = UNSET,
        password: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> User:
        """Update the current user: ``PATCH /v1/users/me``.

        Change the authenticated user's name, or their password (which needs
        `current_password` and ends every session: log in again with the new one).

        Returns the User.

        Args:
            current_password: Your password now: required to set a new one.
            full_name: How the user is addressed: 1 to 200 characters; null for none.
            password: 8 to 128 characters, any Unicode (passphrases welcome). Refused: common or
                breached passwords, repeated characters or keyboard runs, and passwords
                containing your email.
            body: The whole ``UserUpdate`` instead of the fields above (not both).
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
            UserUpdate,
            body,
            {
                "current_password": current_password,
                "full_name": full_name,
                "password": password,
            },
            required=(),
            operation="update_me",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._call(
            update_current_user._get_kwargs(
                body=body,
            ),
            options,
            update_current_user._parse_success,
        )

    def deactivate(
        self,
        user_id: int,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> User:
        """Deactivate a user: ``POST /v1/users/{user_id}/deactivate``.

        Deactivate a user: they cannot log in, and their sessions end (superusers only).

        Returns the User.

        Args:
            user_id: The user's id.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ConflictError: 409: a unique value (an email, a SKU) is taken
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._call(
            deactivate_user._get_kwargs(
                user_id=user_id,
            ),
            options,
            deactivate_user._parse_success,
        )

    def reactivate(
        self,
        user_id: int,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> User:
        """Reactivate a user: ``POST /v1/users/{user_id}/reactivate``.

        Let a deactivated user log in again; no earlier session returns (superusers only).

        Returns the User.

        Args:
            user_id: The user's id.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._call(
            reactivate_user._get_kwargs(
                user_id=user_id,
            ),
            options,
            reactivate_user._parse_success,
        )

    def revoke_user_sessions(
        self,
        user_id: int,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> None:
        """Revoke a user's sessions: ``POST /v1/users/{user_id}/revoke-sessions``.

        End every session of a user: their tokens are refused from now on (superusers only).

        Returns the None.

        Args:
            user_id: The user's id.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._call(
            revoke_user_sessions._get_kwargs(
                user_id=user_id,
            ),
            options,
            revoke_user_sessions._parse_success,
        )


class UsersResourceWithRawResponse(SyncAPIResource):
    """``client.users.with_raw_response``: each method returns an :class:`APIResponse`."""

    def list(
        self,
        *,
        limit: int | Unset = 20,
        cursor: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[UserPage]:
        """List users: ``GET /v1/users``.

        List all users, oldest first (superusers only).

        Returns an ``APIResponse``: ``parse()`` is the UserPage; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            limit:
            cursor:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._raw(
            list_users._get_kwargs(
                limit=limit,
                cursor=cursor,
            ),
            options,
            list_users._parse_success,
        )

    @overload
    def create(
        self,
        *,
        body: UserCreate,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[User]: ...

    @overload
    def create(
        self,
        *,
        email: str,
        password: str,
        full_name: None | str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[User]: ...

    def create(
        self,
        *,
        body: UserCreate | None = None,
        email: str | Unset = UNSET,
        password: str | Unset = UNSET,
        full_name: None | str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[User]:
        """Register a user: ``POST /v1/users``.

        Register a new user.

        Returns an ``APIResponse``: ``parse()`` is the User; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            email: The sign-in email (at most 254 characters); compared after NFKC
                normalisation and case folding, and stored so. Required unless ``body=`` is given.
            password: 8 to 128 characters, any Unicode (passphrases welcome). Refused: common or
                breached passwords, repeated characters or keyboard runs, and passwords
                containing your email. Required unless ``body=`` is given.
            full_name: How the user is addressed: 1 to 200 characters; null for none.
            body: The whole ``UserCreate`` instead of the fields above (not both).
            idempotency_key: Makes the request safe to retry (1 to 255 printable ASCII characters; a UUID
                is a good choice). Sent again by the same caller with the same body, it
                replays the first response (same status, body, Location and ETag, plus
                `Idempotent-Replayed: true`) and writes nothing; sent with another body, it
                is rejected with 422. A duplicate that arrives while the first is still
                running waits for it, then replays. Only a successful response is kept, for
                24 hours after the key's first use (server setting
                IDEMPOTENCY_KEY_TTL_SECONDS); after that the key counts as new.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            ConflictError: 409: a unique value (an email, a SKU) is taken
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            RateLimitError: 429: too many attempts: ``retry_after`` says how long to wait
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            UserCreate,
            body,
            {
                "email": email,
                "password": password,
                "full_name": full_name,
            },
            required=(
                "email",
                "password",
            ),
            operation="create",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._raw(
            create_user._get_kwargs(
                body=body,
                idempotency_key=idempotency_key,
            ),
            options,
            create_user._parse_success,
        )

    def me(
        self,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[User]:
        """Get the current user: ``GET /v1/users/me``.

        Return the authenticated user.

        Returns an ``APIResponse``: ``parse()`` is the User; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._raw(
            get_current_user._get_kwargs(),
            options,
            get_current_user._parse_success,
        )

    def update_me(
        self,
        *,
        body: UserUpdate | None = None,
        current_password: str | Unset = UNSET,
        full_name: None | str | Unset = UNSET,
        password: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[User]:
        """Update the current user: ``PATCH /v1/users/me``.

        Change the authenticated user's name, or their password (which needs
        `current_password` and ends every session: log in again with the new one).

        Returns an ``APIResponse``: ``parse()`` is the User; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            current_password: Your password now: required to set a new one.
            full_name: How the user is addressed: 1 to 200 characters; null for none.
            password: 8 to 128 characters, any Unicode (passphrases welcome). Refused: common or
                breached passwords, repeated characters or keyboard runs, and passwords
                containing your email.
            body: The whole ``UserUpdate`` instead of the fields above (not both).
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
            UserUpdate,
            body,
            {
                "current_password": current_password,
                "full_name": full_name,
                "password": password,
            },
            required=(),
            operation="update_me",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._raw(
            update_current_user._get_kwargs(
                body=body,
            ),
            options,
            update_current_user._parse_success,
        )

    def deactivate(
        self,
        user_id: int,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[User]:
        """Deactivate a user: ``POST /v1/users/{user_id}/deactivate``.

        Deactivate a user: they cannot log in, and their sessions end (superusers only).

        Returns an ``APIResponse``: ``parse()`` is the User; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            user_id: The user's id.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ConflictError: 409: a unique value (an email, a SKU) is taken
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._raw(
            deactivate_user._get_kwargs(
                user_id=user_id,
            ),
            options,
            deactivate_user._parse_success,
        )

    def reactivate(
        self,
        user_id: int,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[User]:
        """Reactivate a user: ``POST /v1/users/{user_id}/reactivate``.

        Let a deactivated user log in again; no earlier session returns (superusers only).

        Returns an ``APIResponse``: ``parse()`` is the User; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            user_id: The user's id.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._raw(
            reactivate_user._get_kwargs(
                user_id=user_id,
            ),
            options,
            reactivate_user._parse_success,
        )

    def revoke_user_sessions(
        self,
        user_id: int,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[None]:
        """Revoke a user's sessions: ``POST /v1/users/{user_id}/revoke-sessions``.

        End every session of a user: their tokens are refused from now on (superusers only).

        Returns an ``APIResponse``: ``parse()`` is the None; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            user_id: The user's id.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._raw(
            revoke_user_sessions._get_kwargs(
                user_id=user_id,
            ),
            options,
            revoke_user_sessions._parse_success,
        )


class AsyncUsersResource(AsyncAPIResource):
    """``client.users`` of ``AsyncStorefront``: one method per operation."""

    @cached_property
    def with_raw_response(self) -> "AsyncUsersResourceWithRawResponse":
        """The same methods, returning the answer with its headers (:class:`APIResponse`)."""
        return AsyncUsersResourceWithRawResponse(self._get_client)

    def list(
        self,
        *,
        limit: int | Unset = 20,
        cursor: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> AsyncPager[User]:
        """List users: ``GET /v1/users``.

        List all users, oldest first (superusers only).

        Returns a pager over every User across the pages, fetched as you iterate
        (``pages()`` gives the pages with their cursors); ``cursor=`` resumes from a page's
        ``next_cursor``. The filters and options apply to every page.

        Args:
            limit:
            cursor:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's (for every page).

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )

        async def fetch(page_cursor: str | None) -> Page[User]:
            page = await self._call(
                list_users._get_kwargs(
                    limit=limit,
                    cursor=UNSET if page_cursor is None else page_cursor,
                ),
                options,
                list_users._parse_success,
            )
            next_cursor = page.next_cursor if isinstance(page.next_cursor, str) else None
            return Page(items=page.items, cursor=page_cursor, next_cursor=next_cursor)

        return AsyncPager(fetch, cursor if isinstance(cursor, str) else None)

    @overload
    async def create(
        self,
        *,
        body: UserCreate,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> User: ...

    @overload
    async def create(
        self,
        *,
        email: str,
        password: str,
        full_name: None | str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> User: ...

    async def create(
        self,
        *,
        body: UserCreate | None = None,
        email: str | Unset = UNSET,
        password: str | Unset = UNSET,
        full_name: None | str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> User:
        """Register a user: ``POST /v1/users``.

        Register a new user.

        Returns the User.

        Args:
            email: The sign-in email (at most 254 characters); compared after NFKC
                normalisation and case folding, and stored so. Required unless ``body=`` is given.
            password: 8 to 128 characters, any Unicode (passphrases welcome). Refused: common or
                breached passwords, repeated characters or keyboard runs, and passwords
                containing your email. Required unless ``body=`` is given.
            full_name: How the user is addressed: 1 to 200 characters; null for none.
            body: The whole ``UserCreate`` instead of the fields above (not both).
            idempotency_key: Makes the request safe to retry (1 to 255 printable ASCII characters; a UUID
                is a good choice). Sent again by the same caller with the same body, it
                replays the first response (same status, body, Location and ETag, plus
                `Idempotent-Replayed: true`) and writes nothing; sent with another body, it
                is rejected with 422. A duplicate that arrives while the first is still
                running waits for it, then replays. Only a successful response is kept, for
                24 hours after the key's first use (server setting
                IDEMPOTENCY_KEY_TTL_SECONDS); after that the key counts as new.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            ConflictError: 409: a unique value (an email, a SKU) is taken
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            RateLimitError: 429: too many attempts: ``retry_after`` says how long to wait
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            UserCreate,
            body,
            {
                "email": email,
                "password": password,
                "full_name": full_name,
            },
            required=(
                "email",
                "password",
            ),
            operation="create",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._call(
            create_user._get_kwargs(
                body=body,
                idempotency_key=idempotency_key,
            ),
            options,
            create_user._parse_success,
        )

    async def me(
        self,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> User:
        """Get the current user: ``GET /v1/users/me``.

        Return the authenticated user.

        Returns the User.

        Args:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._call(
            get_current_user._get_kwargs(),
            options,
            get_current_user._parse_success,
        )

    async def update_me(
        self,
        *,
        body: UserUpdate | None = None,
        current_password: str | Unset = UNSET,
        full_name: None | str | Unset = UNSET,
        password: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> User:
        """Update the current user: ``PATCH /v1/users/me``.

        Change the authenticated user's name, or their password (which needs
        `current_password` and ends every session: log in again with the new one).

        Returns the User.

        Args:
            current_password: Your password now: required to set a new one.
            full_name: How the user is addressed: 1 to 200 characters; null for none.
            password: 8 to 128 characters, any Unicode (passphrases welcome). Refused: common or
                breached passwords, repeated characters or keyboard runs, and passwords
                containing your email.
            body: The whole ``UserUpdate`` instead of the fields above (not both).
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
            UserUpdate,
            body,
            {
                "current_password": current_password,
                "full_name": full_name,
                "password": password,
            },
            required=(),
            operation="update_me",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._call(
            update_current_user._get_kwargs(
                body=body,
            ),
            options,
            update_current_user._parse_success,
        )

    async def deactivate(
        self,
        user_id: int,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> User:
        """Deactivate a user: ``POST /v1/users/{user_id}/deactivate``.

        Deactivate a user: they cannot log in, and their sessions end (superusers only).

        Returns the User.

        Args:
            user_id: The user's id.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ConflictError: 409: a unique value (an email, a SKU) is taken
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._call(
            deactivate_user._get_kwargs(
                user_id=user_id,
            ),
            options,
            deactivate_user._parse_success,
        )

    async def reactivate(
        self,
        user_id: int,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> User:
        """Reactivate a user: ``POST /v1/users/{user_id}/reactivate``.

        Let a deactivated user log in again; no earlier session returns (superusers only).

        Returns the User.

        Args:
            user_id: The user's id.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._call(
            reactivate_user._get_kwargs(
                user_id=user_id,
            ),
            options,
            reactivate_user._parse_success,
        )

    async def revoke_user_sessions(
        self,
        user_id: int,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> None:
        """Revoke a user's sessions: ``POST /v1/users/{user_id}/revoke-sessions``.

        End every session of a user: their tokens are refused from now on (superusers only).

        Returns the None.

        Args:
            user_id: The user's id.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._call(
            revoke_user_sessions._get_kwargs(
                user_id=user_id,
            ),
            options,
            revoke_user_sessions._parse_success,
        )


class AsyncUsersResourceWithRawResponse(AsyncAPIResource):
    """``client.users.with_raw_response``: each method returns an :class:`APIResponse`."""

    async def list(
        self,
        *,
        limit: int | Unset = 20,
        cursor: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[UserPage]:
        """List users: ``GET /v1/users``.

        List all users, oldest first (superusers only).

        Returns an ``APIResponse``: ``parse()`` is the UserPage; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            limit:
            cursor:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._raw(
            list_users._get_kwargs(
                limit=limit,
                cursor=cursor,
            ),
            options,
            list_users._parse_success,
        )

    @overload
    async def create(
        self,
        *,
        body: UserCreate,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[User]: ...

    @overload
    async def create(
        self,
        *,
        email: str,
        password: str,
        full_name: None | str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[User]: ...

    async def create(
        self,
        *,
        body: UserCreate | None = None,
        email: str | Unset = UNSET,
        password: str | Unset = UNSET,
        full_name: None | str | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[User]:
        """Register a user: ``POST /v1/users``.

        Register a new user.

        Returns an ``APIResponse``: ``parse()`` is the User; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            email: The sign-in email (at most 254 characters); compared after NFKC
                normalisation and case folding, and stored so. Required unless ``body=`` is given.
            password: 8 to 128 characters, any Unicode (passphrases welcome). Refused: common or
                breached passwords, repeated characters or keyboard runs, and passwords
                containing your email. Required unless ``body=`` is given.
            full_name: How the user is addressed: 1 to 200 characters; null for none.
            body: The whole ``UserCreate`` instead of the fields above (not both).
            idempotency_key: Makes the request safe to retry (1 to 255 printable ASCII characters; a UUID
                is a good choice). Sent again by the same caller with the same body, it
                replays the first response (same status, body, Location and ETag, plus
                `Idempotent-Replayed: true`) and writes nothing; sent with another body, it
                is rejected with 422. A duplicate that arrives while the first is still
                running waits for it, then replays. Only a successful response is kept, for
                24 hours after the key's first use (server setting
                IDEMPOTENCY_KEY_TTL_SECONDS); after that the key counts as new.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            ConflictError: 409: a unique value (an email, a SKU) is taken
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            RateLimitError: 429: too many attempts: ``retry_after`` says how long to wait
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            UserCreate,
            body,
            {
                "email": email,
                "password": password,
                "full_name": full_name,
            },
            required=(
                "email",
                "password",
            ),
            operation="create",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._raw(
            create_user._get_kwargs(
                body=body,
                idempotency_key=idempotency_key,
            ),
            options,
            create_user._parse_success,
        )

    async def me(
        self,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[User]:
        """Get the current user: ``GET /v1/users/me``.

        Return the authenticated user.

        Returns an ``APIResponse``: ``parse()`` is the User; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._raw(
            get_current_user._get_kwargs(),
            options,
            get_current_user._parse_success,
        )

    async def update_me(
        self,
        *,
        body: UserUpdate | None = None,
        current_password: str | Unset = UNSET,
        full_name: None | str | Unset = UNSET,
        password: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[User]:
        """Update the current user: ``PATCH /v1/users/me``.

        Change the authenticated user's name, or their password (which needs
        `current_password` and ends every session: log in again with the new one).

        Returns an ``APIResponse``: ``parse()`` is the User; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            current_password: Your password now: required to set a new one.
            full_name: How the user is addressed: 1 to 200 characters; null for none.
            password: 8 to 128 characters, any Unicode (passphrases welcome). Refused: common or
                breached passwords, repeated characters or keyboard runs, and passwords
                containing your email.
            body: The whole ``UserUpdate`` instead of the fields above (not both).
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
            UserUpdate,
            body,
            {
                "current_password": current_password,
                "full_name": full_name,
                "password": password,
            },
            required=(),
            operation="update_me",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._raw(
            update_current_user._get_kwargs(
                body=body,
            ),
            options,
            update_current_user._parse_success,
        )

    async def deactivate(
        self,
        user_id: int,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[User]:
        """Deactivate a user: ``POST /v1/users/{user_id}/deactivate``.

        Deactivate a user: they cannot log in, and their sessions end (superusers only).

        Returns an ``APIResponse``: ``parse()`` is the User; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            user_id: The user's id.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ConflictError: 409: a unique value (an email, a SKU) is taken
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._raw(
            deactivate_user._get_kwargs(
                user_id=user_id,
            ),
            options,
            deactivate_user._parse_success,
        )

    async def reactivate(
        self,
        user_id: int,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[User]:
        """Reactivate a user: ``POST /v1/users/{user_id}/reactivate``.

        Let a deactivated user log in again; no earlier session returns (superusers only).

        Returns an ``APIResponse``: ``parse()`` is the User; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            user_id: The user's id.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._raw(
            reactivate_user._get_kwargs(
                user_id=user_id,
            ),
            options,
            reactivate_user._parse_success,
        )

    async def revoke_user_sessions(
        self,
        user_id: int,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[None]:
        """Revoke a user's sessions: ``POST /v1/users/{user_id}/revoke-sessions``.

        End every session of a user: their tokens are refused from now on (superusers only).

        Returns an ``APIResponse``: ``parse()`` is the None; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            user_id: The user's id.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._raw(
            revoke_user_sessions._get_kwargs(
                user_id=user_id,
            ),
            options,
            revoke_user_sessions._parse_success,
        )


__all__ = [
    "AsyncUsersResource",
    "AsyncUsersResourceWithRawResponse",
    "UsersResource",
    "UsersResourceWithRawResponse",
]
