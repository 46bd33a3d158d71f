"""The ``items`` operations.

One module per operation (``sync()``, ``asyncio()``, ``*_detailed()``), and the resource
classes behind ``client.items``: ``ItemsResource`` for :class:`~storefront_client.Storefront`
and ``AsyncItemsResource`` for :class:`~storefront_client.AsyncStorefront`, each with
``with_raw_response``.
"""

from collections.abc import Mapping
from functools import cached_property
from typing import Any, cast

from ...client import AsyncAPIResource, RequestOptions, SyncAPIResource, TimeoutTypes
from ...models.item import Item
from ...models.item_create import ItemCreate
from ...models.item_page import ItemPage
from ...models.item_sort import ItemSort, check_item_sort
from ...models.item_update import ItemUpdate
from ...models.problem import Problem
from ...types import UNSET, APIResponse, AsyncPager, Page, SyncPager, Unset
from . import create_item, delete_item, get_item, list_items, replace_item, update_item


class ItemsResource(SyncAPIResource):
    """``client.items`` of ``Storefront``: one method per operation."""

    @cached_property
    def with_raw_response(self) -> "ItemsResourceWithRawResponse":
        """The same methods, returning the answer with its headers (:class:`APIResponse`)."""
        return ItemsResourceWithRawResponse(self._get_client)

    def list(
        self,
        *,
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
    ) -> SyncPager[Item]:
        """List Items: ``GET /v1/items``.

        List items, one page at a time.

        Every Item across the pages, fetched as you iterate; ``cursor=`` resumes
        from a page's ``next_cursor``. The arguments and errors are those of
        :func:`list_items.sync`, plus this call's options (applied to every page).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )

        def fetch(page_cursor: str | None) -> Page[Item]:
            page = self._call(
                list_items._get_kwargs(
                    limit=limit,
                    cursor=page_cursor,
                    q=q,
                    tag=tag,
                    min_price_cents=min_price_cents,
                    max_price_cents=max_price_cents,
                    sort=sort,
                ),
                options,
                list_items._parse_success,
            )
            next_cursor = page.next_cursor if isinstance(page.next_cursor, str) else None
            return Page(items=page.items, cursor=page_cursor, next_cursor=next_cursor)

        return SyncPager(fetch, cursor if isinstance(cursor, str) else None)

    def create(
        self,
        *,
        body: ItemCreate,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item:
        """Create Item: ``POST /v1/items``.

        Add an item to the catalog.

        The arguments and errors are those of :func:`create_item.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return self._call(
            create_item._get_kwargs(
                body=body,
                idempotency_key=idempotency_key,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            create_item._parse_success,
        )

    def get(
        self,
        item_id: int,
        *,
        if_none_match: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item:
        """Get Item: ``GET /v1/items/{item_id}``.

        Return one item.

        The arguments and errors are those of :func:`get_item.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return self._call(
            get_item._get_kwargs(
                item_id=item_id,
                if_none_match=if_none_match,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            get_item._parse_success,
        )

    def replace(
        self,
        item_id: int,
        *,
        body: ItemCreate,
        if_match: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item:
        """Replace Item: ``PUT /v1/items/{item_id}``.

        Replace every field of an item.

        The arguments and errors are those of :func:`replace_item.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return self._call(
            replace_item._get_kwargs(
                item_id=item_id,
                body=body,
                if_match=if_match,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            replace_item._parse_success,
        )

    def delete(
        self,
        item_id: int,
        *,
        if_match: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> None:
        """Delete Item: ``DELETE /v1/items/{item_id}``.

        Delete an item.

        The arguments and errors are those of :func:`delete_item.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return self._call(
            delete_item._get_kwargs(
                item_id=item_id,
                if_match=if_match,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            delete_item._parse_success,
        )

    def update(
        self,
        item_id: int,
        *,
        body: ItemUpdate,
        if_match: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item:
        """Update Item: ``PATCH /v1/items/{item_id}``.

        Change some fields of an item.

        The arguments and errors are those of :func:`update_item.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return self._call(
            update_item._get_kwargs(
                item_id=item_id,
                body=body,
                if_match=if_match,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            update_item._parse_success,
        )


class ItemsResourceWithRawResponse(SyncAPIResource):
    """``client.items.with_raw_response``: each method returns an :class:`APIResponse`."""

    def list(
        self,
        *,
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
    ) -> APIResponse[ItemPage]:
        """List Items: ``GET /v1/items``.

        List items, one page at a time.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        ItemPage. The arguments and errors are those of :func:`list_items.sync`.
        """
        return self._raw(
            list_items._get_kwargs(
                limit=limit,
                cursor=cursor,
                q=q,
                tag=tag,
                min_price_cents=min_price_cents,
                max_price_cents=max_price_cents,
                sort=sort,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            list_items._parse_success,
        )

    def create(
        self,
        *,
        body: ItemCreate,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]:
        """Create Item: ``POST /v1/items``.

        Add an item to the catalog.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        Item. The arguments and errors are those of :func:`create_item.sync`.
        """
        return self._raw(
            create_item._get_kwargs(
                body=body,
                idempotency_key=idempotency_key,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            create_item._parse_success,
        )

    def get(
        self,
        item_id: int,
        *,
        if_none_match: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]:
        """Get Item: ``GET /v1/items/{item_id}``.

        Return one item.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        Item. The arguments and errors are those of :func:`get_item.sync`.
        """
        return self._raw(
            get_item._get_kwargs(
                item_id=item_id,
                if_none_match=if_none_match,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            get_item._parse_success,
        )

    def replace(
        self,
        item_id: int,
        *,
        body: ItemCreate,
        if_match: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]:
        """Replace Item: ``PUT /v1/items/{item_id}``.

        Replace every field of an item.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        Item. The arguments and errors are those of :func:`replace_item.sync`.
        """
        return self._raw(
            replace_item._get_kwargs(
                item_id=item_id,
                body=body,
                if_match=if_match,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            replace_item._parse_success,
        )

    def delete(
        self,
        item_id: int,
        *,
        if_match: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[None]:
        """Delete Item: ``DELETE /v1/items/{item_id}``.

        Delete an item.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        None. The arguments and errors are those of :func:`delete_item.sync`.
        """
        return self._raw(
            delete_item._get_kwargs(
                item_id=item_id,
                if_match=if_match,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            delete_item._parse_success,
        )

    def update(
        self,
        item_id: int,
        *,
        body: ItemUpdate,
        if_match: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]:
        """Update Item: ``PATCH /v1/items/{item_id}``.

        Change some fields of an item.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        Item. The arguments and errors are those of :func:`update_item.sync`.
        """
        return self._raw(
            update_item._get_kwargs(
                item_id=item_id,
                body=body,
                if_match=if_match,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            update_item._parse_success,
        )


class AsyncItemsResource(AsyncAPIResource):
    """``client.items`` of ``AsyncStorefront``: one method per operation."""

    @cached_property
    def with_raw_response(self) -> "AsyncItemsResourceWithRawResponse":
        """The same methods, returning the answer with its headers (:class:`APIResponse`)."""
        return AsyncItemsResourceWithRawResponse(self._get_client)

    def list(
        self,
        *,
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
    ) -> AsyncPager[Item]:
        """List Items: ``GET /v1/items``.

        List items, one page at a time.

        Every Item across the pages, fetched as you iterate; ``cursor=`` resumes
        from a page's ``next_cursor``. The arguments and errors are those of
        :func:`list_items.sync`, plus this call's options (applied to every page).
        """
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )

        async def fetch(page_cursor: str | None) -> Page[Item]:
            page = await self._call(
                list_items._get_kwargs(
                    limit=limit,
                    cursor=page_cursor,
                    q=q,
                    tag=tag,
                    min_price_cents=min_price_cents,
                    max_price_cents=max_price_cents,
                    sort=sort,
                ),
                options,
                list_items._parse_success,
            )
            next_cursor = page.next_cursor if isinstance(page.next_cursor, str) else None
            return Page(items=page.items, cursor=page_cursor, next_cursor=next_cursor)

        return AsyncPager(fetch, cursor if isinstance(cursor, str) else None)

    async def create(
        self,
        *,
        body: ItemCreate,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item:
        """Create Item: ``POST /v1/items``.

        Add an item to the catalog.

        The arguments and errors are those of :func:`create_item.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return await self._call(
            create_item._get_kwargs(
                body=body,
                idempotency_key=idempotency_key,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            create_item._parse_success,
        )

    async def get(
        self,
        item_id: int,
        *,
        if_none_match: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item:
        """Get Item: ``GET /v1/items/{item_id}``.

        Return one item.

        The arguments and errors are those of :func:`get_item.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return await self._call(
            get_item._get_kwargs(
                item_id=item_id,
                if_none_match=if_none_match,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            get_item._parse_success,
        )

    async def replace(
        self,
        item_id: int,
        *,
        body: ItemCreate,
        if_match: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item:
        """Replace Item: ``PUT /v1/items/{item_id}``.

        Replace every field of an item.

        The arguments and errors are those of :func:`replace_item.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return await self._call(
            replace_item._get_kwargs(
                item_id=item_id,
                body=body,
                if_match=if_match,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            replace_item._parse_success,
        )

    async def delete(
        self,
        item_id: int,
        *,
        if_match: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> None:
        """Delete Item: ``DELETE /v1/items/{item_id}``.

        Delete an item.

        The arguments and errors are those of :func:`delete_item.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return await self._call(
            delete_item._get_kwargs(
                item_id=item_id,
                if_match=if_match,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            delete_item._parse_success,
        )

    async def update(
        self,
        item_id: int,
        *,
        body: ItemUpdate,
        if_match: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item:
        """Update Item: ``PATCH /v1/items/{item_id}``.

        Change some fields of an item.

        The arguments and errors are those of :func:`update_item.sync`, plus this call's
        options (``timeout``, ``max_retries``, ``extra_headers``, ``extra_query``).
        """
        return await self._call(
            update_item._get_kwargs(
                item_id=item_id,
                body=body,
                if_match=if_match,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            update_item._parse_success,
        )


class AsyncItemsResourceWithRawResponse(AsyncAPIResource):
    """``client.items.with_raw_response``: each method returns an :class:`APIResponse`."""

    async def list(
        self,
        *,
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
    ) -> APIResponse[ItemPage]:
        """List Items: ``GET /v1/items``.

        List items, one page at a time.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        ItemPage. The arguments and errors are those of :func:`list_items.sync`.
        """
        return await self._raw(
            list_items._get_kwargs(
                limit=limit,
                cursor=cursor,
                q=q,
                tag=tag,
                min_price_cents=min_price_cents,
                max_price_cents=max_price_cents,
                sort=sort,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            list_items._parse_success,
        )

    async def create(
        self,
        *,
        body: ItemCreate,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]:
        """Create Item: ``POST /v1/items``.

        Add an item to the catalog.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        Item. The arguments and errors are those of :func:`create_item.sync`.
        """
        return await self._raw(
            create_item._get_kwargs(
                body=body,
                idempotency_key=idempotency_key,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            create_item._parse_success,
        )

    async def get(
        self,
        item_id: int,
        *,
        if_none_match: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]:
        """Get Item: ``GET /v1/items/{item_id}``.

        Return one item.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        Item. The arguments and errors are those of :func:`get_item.sync`.
        """
        return await self._raw(
            get_item._get_kwargs(
                item_id=item_id,
                if_none_match=if_none_match,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            get_item._parse_success,
        )

    async def replace(
        self,
        item_id: int,
        *,
        body: ItemCreate,
        if_match: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]:
        """Replace Item: ``PUT /v1/items/{item_id}``.

        Replace every field of an item.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        Item. The arguments and errors are those of :func:`replace_item.sync`.
        """
        return await self._raw(
            replace_item._get_kwargs(
                item_id=item_id,
                body=body,
                if_match=if_match,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            replace_item._parse_success,
        )

    async def delete(
        self,
        item_id: int,
        *,
        if_match: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[None]:
        """Delete Item: ``DELETE /v1/items/{item_id}``.

        Delete an item.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        None. The arguments and errors are those of :func:`delete_item.sync`.
        """
        return await self._raw(
            delete_item._get_kwargs(
                item_id=item_id,
                if_match=if_match,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            delete_item._parse_success,
        )

    async def update(
        self,
        item_id: int,
        *,
        body: ItemUpdate,
        if_match: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]:
        """Update Item: ``PATCH /v1/items/{item_id}``.

        Change some fields of an item.

        The answer with its headers (``etag``, ``request_id``); ``parse()`` gives the
        Item. The arguments and errors are those of :func:`update_item.sync`.
        """
        return await self._raw(
            update_item._get_kwargs(
                item_id=item_id,
                body=body,
                if_match=if_match,
            ),
            RequestOptions(
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
                extra_query=extra_query,
            ),
            update_item._parse_success,
        )


__all__ = [
    "AsyncItemsResource",
    "AsyncItemsResourceWithRawResponse",
    "ItemsResource",
    "ItemsResourceWithRawResponse",
]
