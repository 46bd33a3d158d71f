"""PUT /v1/items/{item_id}: Replace an item."""

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client, RequestOptions, TimeoutTypes
from ...models.item import Item
from ...models.item_create import ItemCreate
from ...models.problem import Problem
from ...types import UNSET, Response, Unset, http_status


def _get_kwargs(
    item_id: int,
    *,
    body: ItemCreate,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/items/{item_id}".format(
            item_id=quote(str(item_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Item | Problem | None:
    """The declared body of any declared status (None for others or an unparsable body)."""
    if response.status_code == 200:
        try:
            response_200 = Item.from_dict(response.json())

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
    if response.status_code == 404:
        try:
            response_404 = Problem.from_dict(response.json())

            return response_404

        except (ValueError, KeyError, TypeError):
            return None
    if response.status_code == 409:
        try:
            response_409 = Problem.from_dict(response.json())

            return response_409

        except (ValueError, KeyError, TypeError):
            return None
    if response.status_code == 412:
        try:
            response_412 = Problem.from_dict(response.json())

            return response_412

        except (ValueError, KeyError, TypeError):
            return None
    if response.status_code == 413:
        try:
            response_413 = Problem.from_dict(response.json())

            return response_413

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
) -> Response[Item | Problem]:
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
    client: AuthenticatedClient,
    body: ItemCreate,
    if_match: str | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> Response[Item | Problem]:
    """Replace an item

     Replace every field of an item.

    Args:
        item_id (int): The item's id.
        if_match (str | Unset): Apply only if the item's ETag still matches (412 otherwise).
        body (ItemCreate): A new item, or the full replacement of one.
        timeout, max_retries, extra_headers, extra_query: This call's options over the
            client's (see ``RequestOptions``).

    Raises:
        errors.APIConnectionError: No answer after the retries (errors.APITimeoutError when
            the timeout ran out).

    Returns:
        Response[Item | Problem]: Any status, never raised; ``parsed``
            is the success model or the Problem of a declared error status, else None.
    """

    kwargs = _get_kwargs(
        item_id=item_id,
        body=body,
        if_match=if_match,
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
    client: AuthenticatedClient,
    body: ItemCreate,
    if_match: str | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> Item:
    """Replace an item

     Replace every field of an item.

    Args:
        item_id (int): The item's id.
        if_match (str | Unset): Apply only if the item's ETag still matches (412 otherwise).
        body (ItemCreate): A new item, or the full replacement of one.
        timeout, max_retries, extra_headers, extra_query: This call's options over the
            client's (see ``RequestOptions``).

    Raises:
        errors.AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
        errors.PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
        errors.NotFoundError: 404: no such resource
        errors.ConflictError: 409: a unique value (an email, a SKU) is taken
        errors.PreconditionFailedError: 412: ``if_match`` no longer matches: read the item again and retry
        errors.PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
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
        body=body,
        if_match=if_match,
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
    client: AuthenticatedClient,
    body: ItemCreate,
    if_match: str | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> Response[Item | Problem]:
    """Replace an item

     Replace every field of an item.

    Args:
        item_id (int): The item's id.
        if_match (str | Unset): Apply only if the item's ETag still matches (412 otherwise).
        body (ItemCreate): A new item, or the full replacement of one.
        timeout, max_retries, extra_headers, extra_query: This call's options over the
            client's (see ``RequestOptions``).

    Raises:
        errors.APIConnectionError: No answer after the retries (errors.APITimeoutError when
            the timeout ran out).

    Returns:
        Response[Item | Problem]: Any status, never raised; ``parsed``
            is the success model or the Problem of a declared error status, else None.
    """

    kwargs = _get_kwargs(
        item_id=item_id,
        body=body,
        if_match=if_match,
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
    client: AuthenticatedClient,
    body: ItemCreate,
    if_match: str | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> Item:
    """Replace an item

     Replace every field of an item.

    Args:
        item_id (int): The item's id.
        if_match (str | Unset): Apply only if the item's ETag still matches (412 otherwise).
        body (ItemCreate): A new item, or the full replacement of one.
        timeout, max_retries, extra_headers, extra_query: This call's options over the
            client's (see ``RequestOptions``).

    Raises:
        errors.AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
        errors.PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
        errors.NotFoundError: 404: no such resource
        errors.ConflictError: 409: a unique value (an email, a SKU) is taken
        errors.PreconditionFailedError: 412: ``if_match`` no longer matches: read the item again and retry
        errors.PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
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
        body=body,
        if_match=if_match,
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
module when imported (``from ...replace_item import asynchronous``)."""
asynchronous_detailed = asyncio_detailed
"""``asyncio_detailed()`` under a name that does not shadow the ``asyncio`` module."""
