"""POST /v1/items: Create an item."""

from collections.abc import Mapping
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client, RequestOptions, TimeoutTypes
from ...models.item import Item
from ...models.item_create import ItemCreate
from ...models.problem import Problem
from ...types import UNSET, Response, Unset, http_status


def _get_kwargs(
    *,
    body: ItemCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/items",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Item | Problem | None:
    """The declared body of any declared status (None for others or an unparsable body)."""
    if response.status_code == 201:
        try:
            response_201 = Item.from_dict(response.json())

            return response_201

        except (ValueError, KeyError, TypeError):
            return None
    if response.status_code == 401:
        try:
            response_401 = Problem.from_dict(response.json())

            return response_401

        except (ValueError, KeyError, TypeError):
            return None
    if response.status_code == 409:
        try:
            response_409 = Problem.from_dict(response.json())

            return response_409

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
    if response.status_code == 201:
        try:
            response_201 = Item.from_dict(response.json())

            return response_201

        except (ValueError, KeyError, TypeError) as error:
            raise errors.MalformedResponseError(response) from error
    raise errors.error_for_response(response)


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ItemCreate,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> Response[Item | Problem]:
    """Create an item

     Add an item to the catalog.

    Args:
        idempotency_key (str | Unset): Makes the request safe to retry (1 to 255 printable ASCII
            characters; a UUID is a good choice). Sent again by the same caller with the same body, it
            replays the first response (same status, body, Location and ETag, plus `Idempotent-
            Replayed: true`) and writes nothing; sent with another body, it is rejected with 422. A
            duplicate that arrives while the first is still running waits for it, then replays. Only a
            successful response is kept, for 24 hours after the key's first use (server setting
            IDEMPOTENCY_KEY_TTL_SECONDS); after that the key counts as new.
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
        body=body,
        idempotency_key=idempotency_key,
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
    body: ItemCreate,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> Item:
    """Create an item

     Add an item to the catalog.

    Args:
        idempotency_key (str | Unset): Makes the request safe to retry (1 to 255 printable ASCII
            characters; a UUID is a good choice). Sent again by the same caller with the same body, it
            replays the first response (same status, body, Location and ETag, plus `Idempotent-
            Replayed: true`) and writes nothing; sent with another body, it is rejected with 422. A
            duplicate that arrives while the first is still running waits for it, then replays. Only a
            successful response is kept, for 24 hours after the key's first use (server setting
            IDEMPOTENCY_KEY_TTL_SECONDS); after that the key counts as new.
        body (ItemCreate): A new item, or the full replacement of one.
        timeout, max_retries, extra_headers, extra_query: This call's options over the
            client's (see ``RequestOptions``).

    Raises:
        errors.AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
        errors.ConflictError: 409: a unique value (an email, a SKU) is taken
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
        body=body,
        idempotency_key=idempotency_key,
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
    body: ItemCreate,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> Response[Item | Problem]:
    """Create an item

     Add an item to the catalog.

    Args:
        idempotency_key (str | Unset): Makes the request safe to retry (1 to 255 printable ASCII
            characters; a UUID is a good choice). Sent again by the same caller with the same body, it
            replays the first response (same status, body, Location and ETag, plus `Idempotent-
            Replayed: true`) and writes nothing; sent with another body, it is rejected with 422. A
            duplicate that arrives while the first is still running waits for it, then replays. Only a
            successful response is kept, for 24 hours after the key's first use (server setting
            IDEMPOTENCY_KEY_TTL_SECONDS); after that the key counts as new.
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
        body=body,
        idempotency_key=idempotency_key,
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
    body: ItemCreate,
    idempotency_key: str | Unset = UNSET,
    timeout: TimeoutTypes | Unset = UNSET,
    max_retries: int | Unset = UNSET,
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
) -> Item:
    """Create an item

     Add an item to the catalog.

    Args:
        idempotency_key (str | Unset): Makes the request safe to retry (1 to 255 printable ASCII
            characters; a UUID is a good choice). Sent again by the same caller with the same body, it
            replays the first response (same status, body, Location and ETag, plus `Idempotent-
            Replayed: true`) and writes nothing; sent with another body, it is rejected with 422. A
            duplicate that arrives while the first is still running waits for it, then replays. Only a
            successful response is kept, for 24 hours after the key's first use (server setting
            IDEMPOTENCY_KEY_TTL_SECONDS); after that the key counts as new.
        body (ItemCreate): A new item, or the full replacement of one.
        timeout, max_retries, extra_headers, extra_query: This call's options over the
            client's (see ``RequestOptions``).

    Raises:
        errors.AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
        errors.ConflictError: 409: a unique value (an email, a SKU) is taken
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
        body=body,
        idempotency_key=idempotency_key,
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
module when imported (``from ...create_item import asynchronous``)."""
asynchronous_detailed = asyncio_detailed
"""``asyncio_detailed()`` under a name that does not shadow the ``asyncio`` module."""
