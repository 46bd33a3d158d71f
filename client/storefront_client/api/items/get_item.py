"""GET /v1/items/{item_id}: Get an item."""

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client, RequestOptions, TimeoutTypes
from ...models.item import Item
from ...models.problem import Problem
from ...types import UNSET, Response, Unset, http_status


def _get_kwargs(
    item_id: int,
    *,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/items/{item_id}".format(
            item_id=quote(str(item_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Item | Problem | None:
    """The declared body of any declared status (None for others or an unparsable body)."""
    if response.status_code == 200:
        try:
            response_200 = Item.from_dict(response.json())

            return response_200

        except (ValueError, KeyError, TypeError):
            return None
    if response.status_code == 304:
        return None
    if response.status_code == 404:
        try:
            response_404 = Problem.from_dict(response.json())

            return response_404

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
) -> Response[Any | Item | Problem]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Item:
    """The success model, or the typed exception of any other status."""
    if response.status_code == 200:
        try:
            response_200 = Item.from_dict(response.json())

            return response_200

        except (ValueError, KeyError, TypeError) as error:
            raise errors.MalformedResponseError(response) from error
    raise errors.error_for_response(response)


def sync_detailed(
    item_id: int,
    *,
    client: AuthenticatedClient | Client,
    if_none_match: str | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> Response[Any | Item | Problem]:
    """Get an item

     Return one item.

    Args:
        item_id (int): The item's id.
        if_none_match (str | Unset): Answer 304 Not Modified when the ETag still matches.
        timeout, max_retries, extra_headers, extra_query: This call's options over the
            client's (see ``RequestOptions``).

    Raises:
        errors.APIConnectionError: No answer after the retries (errors.APITimeoutError when
            the timeout ran out).

    Returns:
        Response[Any | Item | Problem]: Any status, never raised; ``parsed``
            is the success model or the Problem of a declared error status, else None.
    """

    kwargs = _get_kwargs(
        item_id=item_id,
        if_none_match=if_none_match,
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
    item_id: int,
    *,
    client: AuthenticatedClient | Client,
    if_none_match: str | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> Item:
    """Get an item

     Return one item.

    Args:
        item_id (int): The item's id.
        if_none_match (str | Unset): Answer 304 Not Modified when the ETag still matches.
        timeout, max_retries, extra_headers, extra_query: This call's options over the
            client's (see ``RequestOptions``).

    Raises:
        errors.NotModified: 304: your copy (its ETag) is current
        errors.NotFoundError: 404: no such resource
        errors.ValidationError: 422: an input is invalid: ``problem.errors`` lists each
        errors.ServerError: 503: the server is busy or its database unreachable (retried first)
        errors.APIStatusError: Any other status that is not a success (base of the error classes).
        errors.APIConnectionError: No answer after the retries (errors.APITimeoutError when
            the timeout ran out).

    Returns:
        Item
    """

    kwargs = _get_kwargs(
        item_id=item_id,
        if_none_match=if_none_match,
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
    item_id: int,
    *,
    client: AuthenticatedClient | Client,
    if_none_match: str | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> Response[Any | Item | Problem]:
    """Get an item

     Return one item.

    Args:
        item_id (int): The item's id.
        if_none_match (str | Unset): Answer 304 Not Modified when the ETag still matches.
        timeout, max_retries, extra_headers, extra_query: This call's options over the
            client's (see ``RequestOptions``).

    Raises:
        errors.APIConnectionError: No answer after the retries (errors.APITimeoutError when
            the timeout ran out).

    Returns:
        Response[Any | Item | Problem]: Any status, never raised; ``parsed``
            is the success model or the Problem of a declared error status, else None.
    """

    kwargs = _get_kwargs(
        item_id=item_id,
        if_none_match=if_none_match,
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
    item_id: int,
    *,
    client: AuthenticatedClient | Client,
    if_none_match: str | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> Item:
    """Get an item

     Return one item.

    Args:
        item_id (int): The item's id.
        if_none_match (str | Unset): Answer 304 Not Modified when the ETag still matches.
        timeout, max_retries, extra_headers, extra_query: This call's options over the
            client's (see ``RequestOptions``).

    Raises:
        errors.NotModified: 304: your copy (its ETag) is current
        errors.NotFoundError: 404: no such resource
        errors.ValidationError: 422: an input is invalid: ``problem.errors`` lists each
        errors.ServerError: 503: the server is busy or its database unreachable (retried first)
        errors.APIStatusError: Any other status that is not a success (base of the error classes).
        errors.APIConnectionError: No answer after the retries (errors.APITimeoutError when
            the timeout ran out).

    Returns:
        Item
    """

    kwargs = _get_kwargs(
        item_id=item_id,
        if_none_match=if_none_match,
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
module when imported (``from ...get_item import asynchronous``)."""
asynchronous_detailed = asyncio_detailed
"""``asyncio_detailed()`` under a name that does not shadow the ``asyncio`` module."""
