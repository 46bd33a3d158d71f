"""The ``users`` operations.

One module per operation (``sync()``, ``asyncio()``, ``*_detailed()``), and the resource
classes behind ``client.users``: ``UsersResource`` for :class:`~storefront_client.Storefront`
and ``AsyncUsersResource`` for :class:`~storefront_client.AsyncStorefront`, each with
``with_raw_response``.
"""

from collections.abc import Mapping
from functools import cached_property
from typing import Any, cast

from ...client import AsyncAPIResource, RequestOptions, SyncAPIResource, TimeoutTypes
from ...models.problem import Problem
from ...models.user import User
from ...models.user_create import UserCreate
from ...models.user_page import UserPage
from ...models.user_update import UserUpdate
from ...types import UNSET, APIResponse, AsyncPager, Page, SyncPager, Unset
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
        """List Users: ``GET /v1/users``.

        List all users, oldest first (superusers only).

        Every User across the pages, fetched as you iterate; ``cursor=`` resumes
        from a page's ``next_cursor``. The arguments and errors are those of
        :func:`list_users.sync`, plus this call's options (applied to every page).
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
                    cursor=page_cursor,
                ),
                options,
                list_users._parse_success,
            )
            next_cursor = page.next_cursor if isinstance(page.next_cursor, str) else None
            return Page(items=page.items, cursor=page_cursor, next_cursor=next_cursor)

        return SyncPager(fetch, cursor if isinstance(cursor, str) else None)

    def create(
        self,
        *,
        body: UserCreate,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> User:
        """Create User: ``POST /v1/users``.

        Register a new user.

        The arguments and errors are those of :func:`create_user.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return self._call(
            create_user._get_kwargs(
                body=body,
                idempotency_key=idempotency_key,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Get Current User: ``GET /v1/users/me``.

        Return the authenticated user.

        The arguments and errors are those of :func:`get_current_user.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return self._call(
            get_current_user._get_kwargs(),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            get_current_user._parse_success,
        )

    def update_me(
        self,
        *,
        body: UserUpdate,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> User:
        """Update Current User: ``PATCH /v1/users/me``.

        Change the authenticated user's name, or their password (which needs
        `current_password` and ends every session: log in again with the new one).

        The arguments and errors are those of :func:`update_current_user.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return self._call(
            update_current_user._get_kwargs(
                body=body,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Deactivate User: ``POST /v1/users/{user_id}/deactivate``.

        Deactivate a user: they cannot log in, and their sessions end (superusers only).

        The arguments and errors are those of :func:`deactivate_user.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return self._call(
            deactivate_user._get_kwargs(
                user_id=user_id,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Reactivate User: ``POST /v1/users/{user_id}/reactivate``.

        Let a deactivated user log in again; no earlier session returns (superusers only).

        The arguments and errors are those of :func:`reactivate_user.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return self._call(
            reactivate_user._get_kwargs(
                user_id=user_id,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Revoke User Sessions: ``POST /v1/users/{user_id}/revoke-sessions``.

        End every session of a user: their tokens are refused from now on (superusers only).

        The arguments and errors are those of :func:`revoke_user_sessions.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return self._call(
            revoke_user_sessions._get_kwargs(
                user_id=user_id,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """List Users: ``GET /v1/users``.

        List all users, oldest first (superusers only).

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        UserPage. The arguments and errors are those of :func:`list_users.sync`.
        """
        return self._raw(
            list_users._get_kwargs(
                limit=limit,
                cursor=cursor,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            list_users._parse_success,
        )

    def create(
        self,
        *,
        body: UserCreate,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[User]:
        """Create User: ``POST /v1/users``.

        Register a new user.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        User. The arguments and errors are those of :func:`create_user.sync`.
        """
        return self._raw(
            create_user._get_kwargs(
                body=body,
                idempotency_key=idempotency_key,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Get Current User: ``GET /v1/users/me``.

        Return the authenticated user.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        User. The arguments and errors are those of :func:`get_current_user.sync`.
        """
        return self._raw(
            get_current_user._get_kwargs(),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            get_current_user._parse_success,
        )

    def update_me(
        self,
        *,
        body: UserUpdate,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[User]:
        """Update Current User: ``PATCH /v1/users/me``.

        Change the authenticated user's name, or their password (which needs
        `current_password` and ends every session: log in again with the new one).

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        User. The arguments and errors are those of :func:`update_current_user.sync`.
        """
        return self._raw(
            update_current_user._get_kwargs(
                body=body,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Deactivate User: ``POST /v1/users/{user_id}/deactivate``.

        Deactivate a user: they cannot log in, and their sessions end (superusers only).

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        User. The arguments and errors are those of :func:`deactivate_user.sync`.
        """
        return self._raw(
            deactivate_user._get_kwargs(
                user_id=user_id,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Reactivate User: ``POST /v1/users/{user_id}/reactivate``.

        Let a deactivated user log in again; no earlier session returns (superusers only).

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        User. The arguments and errors are those of :func:`reactivate_user.sync`.
        """
        return self._raw(
            reactivate_user._get_kwargs(
                user_id=user_id,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Revoke User Sessions: ``POST /v1/users/{user_id}/revoke-sessions``.

        End every session of a user: their tokens are refused from now on (superusers only).

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        None. The arguments and errors are those of :func:`revoke_user_sessions.sync`.
        """
        return self._raw(
            revoke_user_sessions._get_kwargs(
                user_id=user_id,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """List Users: ``GET /v1/users``.

        List all users, oldest first (superusers only).

        Every User across the pages, fetched as you iterate; ``cursor=`` resumes
        from a page's ``next_cursor``. The arguments and errors are those of
        :func:`list_users.sync`, plus this call's options (applied to every page).
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
                    cursor=page_cursor,
                ),
                options,
                list_users._parse_success,
            )
            next_cursor = page.next_cursor if isinstance(page.next_cursor, str) else None
            return Page(items=page.items, cursor=page_cursor, next_cursor=next_cursor)

        return AsyncPager(fetch, cursor if isinstance(cursor, str) else None)

    async def create(
        self,
        *,
        body: UserCreate,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> User:
        """Create User: ``POST /v1/users``.

        Register a new user.

        The arguments and errors are those of :func:`create_user.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return await self._call(
            create_user._get_kwargs(
                body=body,
                idempotency_key=idempotency_key,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Get Current User: ``GET /v1/users/me``.

        Return the authenticated user.

        The arguments and errors are those of :func:`get_current_user.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return await self._call(
            get_current_user._get_kwargs(),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            get_current_user._parse_success,
        )

    async def update_me(
        self,
        *,
        body: UserUpdate,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> User:
        """Update Current User: ``PATCH /v1/users/me``.

        Change the authenticated user's name, or their password (which needs
        `current_password` and ends every session: log in again with the new one).

        The arguments and errors are those of :func:`update_current_user.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return await self._call(
            update_current_user._get_kwargs(
                body=body,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Deactivate User: ``POST /v1/users/{user_id}/deactivate``.

        Deactivate a user: they cannot log in, and their sessions end (superusers only).

        The arguments and errors are those of :func:`deactivate_user.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return await self._call(
            deactivate_user._get_kwargs(
                user_id=user_id,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Reactivate User: ``POST /v1/users/{user_id}/reactivate``.

        Let a deactivated user log in again; no earlier session returns (superusers only).

        The arguments and errors are those of :func:`reactivate_user.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return await self._call(
            reactivate_user._get_kwargs(
                user_id=user_id,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Revoke User Sessions: ``POST /v1/users/{user_id}/revoke-sessions``.

        End every session of a user: their tokens are refused from now on (superusers only).

        The arguments and errors are those of :func:`revoke_user_sessions.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return await self._call(
            revoke_user_sessions._get_kwargs(
                user_id=user_id,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """List Users: ``GET /v1/users``.

        List all users, oldest first (superusers only).

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        UserPage. The arguments and errors are those of :func:`list_users.sync`.
        """
        return await self._raw(
            list_users._get_kwargs(
                limit=limit,
                cursor=cursor,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            list_users._parse_success,
        )

    async def create(
        self,
        *,
        body: UserCreate,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[User]:
        """Create User: ``POST /v1/users``.

        Register a new user.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        User. The arguments and errors are those of :func:`create_user.sync`.
        """
        return await self._raw(
            create_user._get_kwargs(
                body=body,
                idempotency_key=idempotency_key,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Get Current User: ``GET /v1/users/me``.

        Return the authenticated user.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        User. The arguments and errors are those of :func:`get_current_user.sync`.
        """
        return await self._raw(
            get_current_user._get_kwargs(),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            get_current_user._parse_success,
        )

    async def update_me(
        self,
        *,
        body: UserUpdate,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[User]:
        """Update Current User: ``PATCH /v1/users/me``.

        Change the authenticated user's name, or their password (which needs
        `current_password` and ends every session: log in again with the new one).

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        User. The arguments and errors are those of :func:`update_current_user.sync`.
        """
        return await self._raw(
            update_current_user._get_kwargs(
                body=body,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Deactivate User: ``POST /v1/users/{user_id}/deactivate``.

        Deactivate a user: they cannot log in, and their sessions end (superusers only).

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        User. The arguments and errors are those of :func:`deactivate_user.sync`.
        """
        return await self._raw(
            deactivate_user._get_kwargs(
                user_id=user_id,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Reactivate User: ``POST /v1/users/{user_id}/reactivate``.

        Let a deactivated user log in again; no earlier session returns (superusers only).

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        User. The arguments and errors are those of :func:`reactivate_user.sync`.
        """
        return await self._raw(
            reactivate_user._get_kwargs(
                user_id=user_id,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Revoke User Sessions: ``POST /v1/users/{user_id}/revoke-sessions``.

        End every session of a user: their tokens are refused from now on (superusers only).

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        None. The arguments and errors are those of :func:`revoke_user_sessions.sync`.
        """
        return await self._raw(
            revoke_user_sessions._get_kwargs(
                user_id=user_id,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            revoke_user_sessions._parse_success,
        )


__all__ = [
    "AsyncUsersResource",
    "AsyncUsersResourceWithRawResponse",
    "UsersResource",
    "UsersResourceWithRawResponse",
]
