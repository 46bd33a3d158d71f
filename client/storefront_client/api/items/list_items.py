"""GET /v1/items: List items."""

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client, RequestOptions, TimeoutTypes
from ...models.item import Item
from ...models.item_page import ItemPage
from ...models.item_sort import ItemSort
from ...models.problem import Problem
from ...types import UNSET, RepeatedCursorError, Response, Unset, http_status


def _get_kwargs(
    *,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    q: str | Unset = UNSET,
    tag: str | Unset = UNSET,
    min_price_cents: int | Unset = UNSET,
    max_price_cents: int | Unset = UNSET,
    sort: ItemSort | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    params["q"] = q

    params["tag"] = tag

    params["min_price_cents"] = min_price_cents

    params["max_price_cents"] = max_price_cents

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort

    params["sort"] = json_sort

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/items",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ItemPage | Problem | None:
    """The declared body of any declared status (None for others or an unparsable body)."""
    if response.status_code == 200:
        try:
            response_200 = ItemPage.from_dict(response.json())

            return response_200

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
) -> Response[ItemPage | Problem]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ItemPage:
    """The success model, or the typed exception of any other status."""
    if response.status_code == 200:
        try:
            response_200 = ItemPage.from_dict(response.json())

            return response_200

        except (ValueError, KeyError, TypeError) as error:
            raise errors.MalformedResponseError(response) from error
    raise errors.error_for_response(response)


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    q: str | Unset = UNSET,
    tag: str | Unset = UNSET,
    min_price_cents: int | Unset = UNSET,
    max_price_cents: int | Unset = UNSET,
    sort: ItemSort | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> Response[ItemPage | Problem]:
    """List items

     List items, one page at a time.

    Args:
        limit (int | Unset): Page size. Default: 20.
        cursor (str | Unset): next_cursor of the previous page.
        q (str | Unset): Text in name or description.
        tag (str | Unset): Only items with this tag.
        min_price_cents (int | Unset):
        max_price_cents (int | Unset):
        sort (ItemSort | Unset):
        timeout, max_retries, extra_headers, extra_query: This call's options over the
            client's (see ``RequestOptions``).

    Raises:
        errors.APIConnectionError: No answer after the retries (errors.APITimeoutError when
            the timeout ran out).

    Returns:
        Response[ItemPage | Problem]: Any status, never raised; ``parsed``
            is the success model or the Problem of a declared error status, else None.
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        q=q,
        tag=tag,
        min_price_cents=min_price_cents,
        max_price_cents=max_price_cents,
        sort=sort,
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
    client: AuthenticatedClient | Client,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    q: str | Unset = UNSET,
    tag: str | Unset = UNSET,
    min_price_cents: int | Unset = UNSET,
    max_price_cents: int | Unset = UNSET,
    sort: ItemSort | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> ItemPage:
    """List items

     List items, one page at a time.

    Args:
        limit (int | Unset): Page size. Default: 20.
        cursor (str | Unset): next_cursor of the previous page.
        q (str | Unset): Text in name or description.
        tag (str | Unset): Only items with this tag.
        min_price_cents (int | Unset):
        max_price_cents (int | Unset):
        sort (ItemSort | Unset):
        timeout, max_retries, extra_headers, extra_query: This call's options over the
            client's (see ``RequestOptions``).

    Raises:
        errors.ValidationError: 422: an input is invalid: ``problem.errors`` lists each
        errors.ServerError: 503: the server is busy or its database unreachable (retried first)
        errors.APIStatusError: Any other status that is not a success (base of the error classes).
        errors.APIConnectionError: No answer after the retries (errors.APITimeoutError when
            the timeout ran out).

    Returns:
        ItemPage
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        q=q,
        tag=tag,
        min_price_cents=min_price_cents,
        max_price_cents=max_price_cents,
        sort=sort,
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
    client: AuthenticatedClient | Client,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    q: str | Unset = UNSET,
    tag: str | Unset = UNSET,
    min_price_cents: int | Unset = UNSET,
    max_price_cents: int | Unset = UNSET,
    sort: ItemSort | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> Response[ItemPage | Problem]:
    """List items

     List items, one page at a time.

    Args:
        limit (int | Unset): Page size. Default: 20.
        cursor (str | Unset): next_cursor of the previous page.
        q (str | Unset): Text in name or description.
        tag (str | Unset): Only items with this tag.
        min_price_cents (int | Unset):
        max_price_cents (int | Unset):
        sort (ItemSort | Unset):
        timeout, max_retries, extra_headers, extra_query: This call's options over the
            client's (see ``RequestOptions``).

    Raises:
        errors.APIConnectionError: No answer after the retries (errors.APITimeoutError when
            the timeout ran out).

    Returns:
        Response[ItemPage | Problem]: Any status, never raised; ``parsed``
            is the success model or the Problem of a declared error status, else None.
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        q=q,
        tag=tag,
        min_price_cents=min_price_cents,
        max_price_cents=max_price_cents,
        sort=sort,
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
    client: AuthenticatedClient | Client,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    q: str | Unset = UNSET,
    tag: str | Unset = UNSET,
    min_price_cents: int | Unset = UNSET,
    max_price_cents: int | Unset = UNSET,
    sort: ItemSort | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> ItemPage:
    """List items

     List items, one page at a time.

    Args:
        limit (int | Unset): Page size. Default: 20.
        cursor (str | Unset): next_cursor of the previous page.
        q (str | Unset): Text in name or description.
        tag (str | Unset): Only items with this tag.
        min_price_cents (int | Unset):
        max_price_cents (int | Unset):
        sort (ItemSort | Unset):
        timeout, max_retries, extra_headers, extra_query: This call's options over the
            client's (see ``RequestOptions``).

    Raises:
        errors.ValidationError: 422: an input is invalid: ``problem.errors`` lists each
        errors.ServerError: 503: the server is busy or its database unreachable (retried first)
        errors.APIStatusError: Any other status that is not a success (base of the error classes).
        errors.APIConnectionError: No answer after the retries (errors.APITimeoutError when
            the timeout ran out).

    Returns:
        ItemPage
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        q=q,
        tag=tag,
        min_price_cents=min_price_cents,
        max_price_cents=max_price_cents,
        sort=sort,
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
module when imported (``from ...list_items import asynchronous``)."""
asynchronous_detailed = asyncio_detailed
"""``asyncio_detailed()`` under a name that does not shadow the ``asyncio`` module."""


def iterate(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    q: str | Unset = UNSET,
    tag: str | Unset = UNSET,
    min_price_cents: int | Unset = UNSET,
    max_price_cents: int | Unset = UNSET,
    sort: ItemSort | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> Iterator[Item]:
    """Every Item across all pages, fetched one page at a time as you iterate.

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
            q=q,
            tag=tag,
            min_price_cents=min_price_cents,
            max_price_cents=max_price_cents,
            sort=sort,
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
    client: AuthenticatedClient | Client,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
    q: str | Unset = UNSET,
    tag: str | Unset = UNSET,
    min_price_cents: int | Unset = UNSET,
    max_price_cents: int | Unset = UNSET,
    sort: ItemSort | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> AsyncIterator[Item]:
    """The async twin of ``iterate()``: ``async for item in aiterate(client=...)``."""
    seen: set[str | Unset] = {cursor}
    while True:
        page = await asyncio(
            client=client,
            limit=limit,
            cursor=cursor,
            q=q,
            tag=tag,
            min_price_cents=min_price_cents,
            max_price_cents=max_price_cents,
            sort=sort,
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
