"""The ``health`` operations.

One module per operation (``sync()``, ``asyncio()``, ``*_detailed()``), and the resource
classes behind ``client.health``: ``HealthResource`` for :class:`~storefront_client.Storefront`
and ``AsyncHealthResource`` for :class:`~storefront_client.AsyncStorefront`, each with
``with_raw_response``.
"""

import builtins
from collections.abc import Mapping
from functools import cached_property
from typing import Any, cast

from ...client import AsyncAPIResource, RequestOptions, SyncAPIResource, TimeoutTypes
from ...models.health import Health
from ...models.problem import Problem
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
from . import healthz, readyz


class HealthResource(SyncAPIResource):
    """``client.health`` of ``Storefront``: one method per operation."""

    @cached_property
    def with_raw_response(self) -> "HealthResourceWithRawResponse":
        """The same methods, returning the answer with its headers (:class:`APIResponse`)."""
        return HealthResourceWithRawResponse(self._get_client)

    def healthz(
        self,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Health:
        """Liveness check: ``GET /healthz``.

        Liveness: the process answers.

        Returns the Health.

        Args:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._call(
            healthz._get_kwargs(),
            options,
            healthz._parse_success,
        )

    def readyz(
        self,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Health:
        """Readiness check: ``GET /readyz``.

        Readiness: the database takes a write (commits one that changes nothing).

        Returns the Health.

        Args:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
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
            readyz._get_kwargs(),
            options,
            readyz._parse_success,
        )


class HealthResourceWithRawResponse(SyncAPIResource):
    """``client.health.with_raw_response``: each method returns an :class:`APIResponse`."""

    def healthz(
        self,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Health]:
        """Liveness check: ``GET /healthz``.

        Liveness: the process answers.

        Returns an ``APIResponse``: ``parse()`` is the Health; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._raw(
            healthz._get_kwargs(),
            options,
            healthz._parse_success,
        )

    def readyz(
        self,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Health]:
        """Readiness check: ``GET /readyz``.

        Readiness: the database takes a write (commits one that changes nothing).

        Returns an ``APIResponse``: ``parse()`` is the Health; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
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
            readyz._get_kwargs(),
            options,
            readyz._parse_success,
        )


class AsyncHealthResource(AsyncAPIResource):
    """``client.health`` of ``AsyncStorefront``: one method per operation."""

    @cached_property
    def with_raw_response(self) -> "AsyncHealthResourceWithRawResponse":
        """The same methods, returning the answer with its headers (:class:`APIResponse`)."""
        return AsyncHealthResourceWithRawResponse(self._get_client)

    async def healthz(
        self,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Health:
        """Liveness check: ``GET /healthz``.

        Liveness: the process answers.

        Returns the Health.

        Args:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._call(
            healthz._get_kwargs(),
            options,
            healthz._parse_success,
        )

    async def readyz(
        self,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Health:
        """Readiness check: ``GET /readyz``.

        Readiness: the database takes a write (commits one that changes nothing).

        Returns the Health.

        Args:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
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
            readyz._get_kwargs(),
            options,
            readyz._parse_success,
        )


class AsyncHealthResourceWithRawResponse(AsyncAPIResource):
    """``client.health.with_raw_response``: each method returns an :class:`APIResponse`."""

    async def healthz(
        self,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Health]:
        """Liveness check: ``GET /healthz``.

        Liveness: the process answers.

        Returns an ``APIResponse``: ``parse()`` is the Health; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._raw(
            healthz._get_kwargs(),
            options,
            healthz._parse_success,
        )

    async def readyz(
        self,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Health]:
        """Readiness check: ``GET /readyz``.

        Readiness: the database takes a write (commits one that changes nothing).

        Returns an ``APIResponse``: ``parse()`` is the Health; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
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
            readyz._get_kwargs(),
            options,
            readyz._parse_success,
        )


__all__ = [
    "AsyncHealthResource",
    "AsyncHealthResourceWithRawResponse",
    "HealthResource",
    "HealthResourceWithRawResponse",
]
