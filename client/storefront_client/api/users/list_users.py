"""GET /v1/users: List users."""

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client, RequestOptions, TimeoutTypes
from ...models.problem import Problem
from ...models.user import User
from ...models.user_page import UserPage
from ...types import UNSET, RepeatedCursorError, Response, Unset, http_status


def _get_kwargs(
    *,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/users",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | UserPage | None:
    """The declared body of any declared status (None for others or an unparsable body)."""
    if response.status_code == 200:
        try:
            response_200 = UserPage.from_dict(response.json())

            return response_200

        except (ValueError, KeyError, TypeError):
            return None
    if response.status_code == 401:
        try:
            response_401 = Problem.from_dict(response.json())

            return response_401

        except (ValueError, KeyError, TypeError):
            return None
    if response.status_code == 403:
        try:
            response_403 = Problem.from_dict(response.json())

            return response_403

        except (ValueError, KeyError, TypeError):
            return None
    if response.status_code == 422:
        try:
            response_422 = Problem.from_dict(response.json())

            return response_422

        except (ValueError, KeyError, TypeError):
            return None
    if response.status_code == 503:
        try:
            response_503 = Problem.from_dict(response.json())

            return response_503

        except (ValueError, KeyError, TypeError):
            return None
    return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | UserPage]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> UserPage:
    """The success model, or the typed exception of any other status."""
    if response.status_code == 200:
        try:
            response_200 = UserPage.from_dict(response.json())

            return response_200

        except (ValueError, KeyError, TypeError) as error:
            raise errors.MalformedResponseError(response) from error
    raise errors.error_for_response(response)


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> Response[Problem | UserPage]:
    """List users

     List all users, oldest first (superusers only).

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        timeout, max_retries, extra_headers, extra_query: This call's options over the
            client's (see ``RequestOptions``).

    Raises:
        errors.APIConnectionError: No answer after the retries (errors.APITimeoutError when
            the timeout ran out).

    Returns:
        Response[Problem | UserPage]: Any status, never raised; ``parsed``
            is the success model or the Problem of a declared error status, else None.
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
    )
    response = client.request(
        **kwargs,
        options=RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        ),
    )
    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> UserPage:
    """List users

     List all users, oldest first (superusers only).

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        timeout, max_retries, extra_headers, extra_query: This call's options over the
            client's (see ``RequestOptions``).

    Raises:
        errors.AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
        errors.PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
        errors.ValidationError: 422: an input is invalid: ``problem.errors`` lists each
        errors.ServerError: 503: the server is busy or its database unreachable (retried first)
        errors.APIStatusError: Any other status that is not a success (base of the error classes).
        errors.APIConnectionError: No answer after the retries (errors.APITimeoutError when
            the timeout ran out).

    Returns:
        UserPage
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
    )
    response = client.request(
        **kwargs,
        options=RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        ),
    )
    return _parse_success(client=client, response=response)


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> Response[Problem | UserPage]:
    """List users

     List all users, oldest first (superusers only).

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        timeout, max_retries, extra_headers, extra_query: This call's options over the
            client's (see ``RequestOptions``).

    Raises:
        errors.APIConnectionError: No answer after the retries (errors.APITimeoutError when
            the timeout ran out).

    Returns:
        Response[Problem | UserPage]: Any status, never raised; ``parsed``
            is the success model or the Problem of a declared error status, else None.
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
    )
    response = await client.arequest(
        **kwargs,
        options=RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        ),
    )
    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> UserPage:
    """List users

     List all users, oldest first (superusers only).

    Args:
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):
        timeout, max_retries, extra_headers, extra_query: This call's options over the
            client's (see ``RequestOptions``).

    Raises:
        errors.AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
        errors.PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
        errors.ValidationError: 422: an input is invalid: ``problem.errors`` lists each
        errors.ServerError: 503: the server is busy or its database unreachable (retried first)
        errors.APIStatusError: Any other status that is not a success (base of the error classes).
        errors.APIConnectionError: No answer after the retries (errors.APITimeoutError when
            the timeout ran out).

    Returns:
        UserPage
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
    )
    response = await client.arequest(
        **kwargs,
        options=RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        ),
    )
    return _parse_success(client=client, response=response)


asynchronous = asyncio
"""``asyncio()`` under a name that does not shadow the standard library's ``asyncio``
module when imported (``from ...list_users import asynchronous``)."""
asynchronous_detailed = asyncio_detailed
"""``asyncio_detailed()`` under a name that does not shadow the ``asyncio`` module."""


def iterate(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> Iterator[User]:
    """Every User across all pages, fetched one page at a time as you iterate.

    Takes the same arguments as ``sync()``; ``cursor`` (default: the first page) is where
    to start. Each page is one ``sync()`` call, with its retries and typed errors. A
    ``next_cursor`` that comes back raises ``RepeatedCursorError`` instead of looping.
    """
    seen: set[str | Unset] = {cursor}
    while True:
        page = sync(
            client=client,
            limit=limit,
            cursor=cursor,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        yield from page.items
        if not isinstance(page.next_cursor, str):
            return
        if page.next_cursor in seen:
            raise RepeatedCursorError(page.next_cursor)
        cursor = page.next_cursor
        seen.add(cursor)


async def aiterate(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> AsyncIterator[User]:
    """The async twin of ``iterate()``: ``async for item in aiterate(client=...)``."""
    seen: set[str | Unset] = {cursor}
    while True:
        page = await asyncio(
            client=client,
            limit=limit,
            cursor=cursor,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        for item in page.items:
            yield item
        if not isinstance(page.next_cursor, str):
            return
        if page.next_cursor in seen:
            raise RepeatedCursorError(page.next_cursor)
        cursor = page.next_cursor
        seen.add(cursor)
