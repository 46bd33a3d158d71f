"""GET /readyz: Readyz."""

from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.health import Health
from ...models.problem import Problem
from ...types import Response, http_status


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/readyz",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Health | Problem | None:
    """The declared body of any declared status (None for others or an unparsable body)."""
    if response.status_code == 200:
        response_200 = Health.from_dict(response.json())

        return response_200

    if response.status_code == 503:
        try:
            response_503 = Problem.from_dict(response.json())

            return response_503

        except (ValueError, KeyError, TypeError):
            return None
    return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Health | Problem]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Health:
    """The success model, or the typed exception of any other status."""
    if response.status_code == 200:
        try:
            response_200 = Health.from_dict(response.json())

            return response_200

        except (ValueError, KeyError, TypeError) as error:
            raise errors.MalformedResponseError(response) from error
    raise errors.error_for_response(response)


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Health | Problem]:
    """Readyz

     Readiness: the database answers.

    Raises:
        httpx.TransportError: If the request could not be completed (after retries), e.g.
            httpx.ConnectError, or httpx.TimeoutException when Client.timeout is exceeded.

    Returns:
        Response[Health | Problem]: Any status, never raised; ``parsed``
            is the success model or the Problem of a declared error status, else None.
    """

    kwargs = _get_kwargs()
    response = client.request(**kwargs)
    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> Health:
    """Readyz

     Readiness: the database answers.

    Raises:
        errors.ServerError: 503 Service Unavailable
        errors.ApiError: Any other status that is not a success (base of the error classes).
        httpx.TransportError: If the request could not be completed (after retries), e.g.
            httpx.ConnectError, or httpx.TimeoutException when Client.timeout is exceeded.

    Returns:
        Health
    """

    kwargs = _get_kwargs()
    response = client.request(**kwargs)
    return _parse_success(client=client, response=response)


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Health | Problem]:
    """Readyz

     Readiness: the database answers.

    Raises:
        httpx.TransportError: If the request could not be completed (after retries), e.g.
            httpx.ConnectError, or httpx.TimeoutException when Client.timeout is exceeded.

    Returns:
        Response[Health | Problem]: Any status, never raised; ``parsed``
            is the success model or the Problem of a declared error status, else None.
    """

    kwargs = _get_kwargs()
    response = await client.arequest(**kwargs)
    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> Health:
    """Readyz

     Readiness: the database answers.

    Raises:
        errors.ServerError: 503 Service Unavailable
        errors.ApiError: Any other status that is not a success (base of the error classes).
        httpx.TransportError: If the request could not be completed (after retries), e.g.
            httpx.ConnectError, or httpx.TimeoutException when Client.timeout is exceeded.

    Returns:
        Health
    """

    kwargs = _get_kwargs()
    response = await client.arequest(**kwargs)
    return _parse_success(client=client, response=response)
