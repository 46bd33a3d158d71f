"""The ``health`` operations.

One module per operation (``sync()``, ``asyncio()``, ``*_detailed()``), and the resource
classes behind ``client.health``: ``HealthResource`` for :class:`~storefront_client.Storefront`
and ``AsyncHealthResource`` for :class:`~storefront_client.AsyncStorefront`, each with
``with_raw_response``.
"""

from collections.abc import Mapping
from functools import cached_property
from typing import Any, cast

from ...client import AsyncAPIResource, RequestOptions, SyncAPIResource, TimeoutTypes
from ...models.health import Health
from ...models.problem import Problem
from ...types import UNSET, APIResponse, AsyncPager, Page, SyncPager, Unset
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
        """Healthz: ``GET /healthz``.

        Liveness: the process answers.

        The arguments and errors are those of :func:`healthz.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return self._call(
            healthz._get_kwargs(),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Readyz: ``GET /readyz``.

        Readiness: the database takes a write (commits one that changes nothing).

        The arguments and errors are those of :func:`readyz.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return self._call(
            readyz._get_kwargs(),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Healthz: ``GET /healthz``.

        Liveness: the process answers.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        Health. The arguments and errors are those of :func:`healthz.sync`.
        """
        return self._raw(
            healthz._get_kwargs(),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Readyz: ``GET /readyz``.

        Readiness: the database takes a write (commits one that changes nothing).

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        Health. The arguments and errors are those of :func:`readyz.sync`.
        """
        return self._raw(
            readyz._get_kwargs(),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Healthz: ``GET /healthz``.

        Liveness: the process answers.

        The arguments and errors are those of :func:`healthz.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return await self._call(
            healthz._get_kwargs(),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Readyz: ``GET /readyz``.

        Readiness: the database takes a write (commits one that changes nothing).

        The arguments and errors are those of :func:`readyz.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return await self._call(
            readyz._get_kwargs(),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Healthz: ``GET /healthz``.

        Liveness: the process answers.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        Health. The arguments and errors are those of :func:`healthz.sync`.
        """
        return await self._raw(
            healthz._get_kwargs(),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
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
        """Readyz: ``GET /readyz``.

        Readiness: the database takes a write (commits one that changes nothing).

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        Health. The arguments and errors are those of :func:`readyz.sync`.
        """
        return await self._raw(
            readyz._get_kwargs(),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            readyz._parse_success,
        )


__all__ = [
    "AsyncHealthResource",
    "AsyncHealthResourceWithRawResponse",
    "HealthResource",
    "HealthResourceWithRawResponse",
]
