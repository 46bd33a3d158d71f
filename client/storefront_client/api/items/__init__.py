"""The ``items`` operations.

One module per operation (``sync()``, ``asyncio()``, ``*_detailed()``), and the resource
classes behind ``client.items``: ``ItemsResource`` for :class:`~storefront_client.Storefront`
and ``AsyncItemsResource`` for :class:`~storefront_client.AsyncStorefront`, each with
``with_raw_response``.
"""

import builtins
from collections.abc import Mapping
from functools import cached_property
from typing import Any, cast, overload

from ...client import AsyncAPIResource, RequestOptions, SyncAPIResource, TimeoutTypes
from ...models.item import Item
from ...models.item_create import ItemCreate
from ...models.item_page import ItemPage
from ...models.item_sort import ItemSort, check_item_sort
from ...models.item_update import ItemUpdate
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
        """List items: ``GET /v1/items``.

        List items, one page at a time.

        Returns a pager over every Item across the pages, fetched as you iterate
        (``pages()`` gives the pages with their cursors); ``cursor=`` resumes from a page's
        ``next_cursor``. The filters and options apply to every page.

        Args:
            limit: Page size.
            cursor: next_cursor of the previous page.
            q: Text in name or description.
            tag: Only items with this tag.
            min_price_cents:
            max_price_cents:
            sort:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's (for every page).

        Raises:
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
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
                    cursor=UNSET if page_cursor is None else page_cursor,
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

    @overload
    def create(
        self,
        *,
        body: ItemCreate,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item: ...

    @overload
    def create(
        self,
        *,
        name: str,
        price_cents: int,
        sku: str,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item: ...

    def create(
        self,
        *,
        body: ItemCreate | None = None,
        name: str | Unset = UNSET,
        price_cents: int | Unset = UNSET,
        sku: str | Unset = UNSET,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item:
        """Create an item: ``POST /v1/items``.

        Add an item to the catalog.

        Returns the Item.

        Args:
            name: The name shown to shoppers: 1 to 200 characters. Required unless ``body=`` is given.
            price_cents: Price in minor units of `currency` (cents): 1 to 1000000000. Required unless ``body=`` is given.
            sku: Stock keeping unit: unique; A-Z, 0-9 and '-', 1 to 64 characters. Required unless ``body=`` is given.
            currency: ISO 4217 code, e.g. USD.
            description: Free text, up to 5000 characters; null for none.
            stock: Units in stock: 0 or more.
            tags: Up to 20 distinct tags of 1 to 50 characters.
            body: The whole ``ItemCreate`` instead of the fields above (not both).
            idempotency_key: Makes the request safe to retry (1 to 255 printable ASCII characters; a UUID
                is a good choice). Sent again by the same caller with the same body, it
                replays the first response (same status, body, Location and ETag, plus
                `Idempotent-Replayed: true`) and writes nothing; sent with another body, it
                is rejected with 422. A duplicate that arrives while the first is still
                running waits for it, then replays. Only a successful response is kept, for
                24 hours after the key's first use (server setting
                IDEMPOTENCY_KEY_TTL_SECONDS); after that the key counts as new.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            ConflictError: 409: a unique value (an email, a SKU) is taken
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            ItemCreate,
            body,
            {
                "name": name,
                "price_cents": price_cents,
                "sku": sku,
                "currency": currency,
                "description": description,
                "stock": stock,
                "tags": tags,
            },
            required=(
                "name",
                "price_cents",
                "sku",
            ),
            operation="create",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._call(
            create_item._get_kwargs(
                body=body,
                idempotency_key=idempotency_key,
            ),
            options,
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
        """Get an item: ``GET /v1/items/{item_id}``.

        Return one item.

        Returns the Item.

        Args:
            item_id: The item's id.
            if_none_match: Answer 304 Not Modified when the ETag still matches.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            NotModified: 304: your copy (its ETag) is current
            NotFoundError: 404: no such resource
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
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
            get_item._get_kwargs(
                item_id=item_id,
                if_none_match=if_none_match,
            ),
            options,
            get_item._parse_success,
        )

    @overload
    def replace(
        self,
        item_id: int,
        *,
        body: ItemCreate,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item: ...

    @overload
    def replace(
        self,
        item_id: int,
        *,
        name: str,
        price_cents: int,
        sku: str,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item: ...

    def replace(
        self,
        item_id: int,
        *,
        body: ItemCreate | None = None,
        name: str | Unset = UNSET,
        price_cents: int | Unset = UNSET,
        sku: str | Unset = UNSET,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item:
        """Replace an item: ``PUT /v1/items/{item_id}``.

        Replace every field of an item.

        Returns the Item.

        Args:
            item_id: The item's id.
            name: The name shown to shoppers: 1 to 200 characters. Required unless ``body=`` is given.
            price_cents: Price in minor units of `currency` (cents): 1 to 1000000000. Required unless ``body=`` is given.
            sku: Stock keeping unit: unique; A-Z, 0-9 and '-', 1 to 64 characters. Required unless ``body=`` is given.
            currency: ISO 4217 code, e.g. USD.
            description: Free text, up to 5000 characters; null for none.
            stock: Units in stock: 0 or more.
            tags: Up to 20 distinct tags of 1 to 50 characters.
            body: The whole ``ItemCreate`` instead of the fields above (not both).
            if_match: Apply only if the item's ETag still matches (412 otherwise).
                An ETag string or the item you read (its ``version``); ``UNSET`` or None raise
                ``ValueError``: leave it out to write unconditionally.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ConflictError: 409: a unique value (an email, a SKU) is taken
            PreconditionFailedError: 412: ``if_match`` no longer matches: read the item again and retry
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            ItemCreate,
            body,
            {
                "name": name,
                "price_cents": price_cents,
                "sku": sku,
                "currency": currency,
                "description": description,
                "stock": stock,
                "tags": tags,
            },
            required=(
                "name",
                "price_cents",
                "sku",
            ),
            operation="replace",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._call(
            replace_item._get_kwargs(
                item_id=item_id,
                body=body,
                if_match=precondition(if_match),
            ),
            options,
            replace_item._parse_success,
        )

    def delete(
        self,
        item_id: int,
        *,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> None:
        """Delete an item: ``DELETE /v1/items/{item_id}``.

        Delete an item.

        Returns the None.

        Args:
            item_id: The item's id.
            if_match: Apply only if the item's ETag still matches (412 otherwise).
                An ETag string or the item you read (its ``version``); ``UNSET`` or None raise
                ``ValueError``: leave it out to write unconditionally.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            PreconditionFailedError: 412: ``if_match`` no longer matches: read the item again and retry
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
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
            delete_item._get_kwargs(
                item_id=item_id,
                if_match=precondition(if_match),
            ),
            options,
            delete_item._parse_success,
        )

    def update(
        self,
        item_id: int,
        *,
        body: ItemUpdate | None = None,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        name: str | Unset = UNSET,
        price_cents: int | Unset = UNSET,
        sku: str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item:
        """Update an item: ``PATCH /v1/items/{item_id}``.

        Change some fields of an item.

        Returns the Item.

        Args:
            item_id: The item's id.
            currency: ISO 4217 code, e.g. USD.
            description: Free text, up to 5000 characters; null for none.
            name: The name shown to shoppers: 1 to 200 characters.
            price_cents: Price in minor units of `currency` (cents): 1 to 1000000000.
            sku: Stock keeping unit: unique; A-Z, 0-9 and '-', 1 to 64 characters.
            stock: Units in stock: 0 or more.
            tags: Up to 20 distinct tags of 1 to 50 characters.
            body: The whole ``ItemUpdate`` instead of the fields above (not both).
            if_match: Apply only if the item's ETag still matches (412 otherwise).
                An ETag string or the item you read (its ``version``); ``UNSET`` or None raise
                ``ValueError``: leave it out to write unconditionally.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ConflictError: 409: a unique value (an email, a SKU) is taken
            PreconditionFailedError: 412: ``if_match`` no longer matches: read the item again and retry
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            ItemUpdate,
            body,
            {
                "currency": currency,
                "description": description,
                "name": name,
                "price_cents": price_cents,
                "sku": sku,
                "stock": stock,
                "tags": tags,
            },
            required=(),
            operation="update",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._call(
            update_item._get_kwargs(
                item_id=item_id,
                body=body,
                if_match=precondition(if_match),
            ),
            options,
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
        """List items: ``GET /v1/items``.

        List items, one page at a time.

        Returns an ``APIResponse``: ``parse()`` is the ItemPage; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            limit: Page size.
            cursor: next_cursor of the previous page.
            q: Text in name or description.
            tag: Only items with this tag.
            min_price_cents:
            max_price_cents:
            sort:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
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
            list_items._get_kwargs(
                limit=limit,
                cursor=cursor,
                q=q,
                tag=tag,
                min_price_cents=min_price_cents,
                max_price_cents=max_price_cents,
                sort=sort,
            ),
            options,
            list_items._parse_success,
        )

    @overload
    def create(
        self,
        *,
        body: ItemCreate,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]: ...

    @overload
    def create(
        self,
        *,
        name: str,
        price_cents: int,
        sku: str,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]: ...

    def create(
        self,
        *,
        body: ItemCreate | None = None,
        name: str | Unset = UNSET,
        price_cents: int | Unset = UNSET,
        sku: str | Unset = UNSET,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]:
        """Create an item: ``POST /v1/items``.

        Add an item to the catalog.

        Returns an ``APIResponse``: ``parse()`` is the Item; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            name: The name shown to shoppers: 1 to 200 characters. Required unless ``body=`` is given.
            price_cents: Price in minor units of `currency` (cents): 1 to 1000000000. Required unless ``body=`` is given.
            sku: Stock keeping unit: unique; A-Z, 0-9 and '-', 1 to 64 characters. Required unless ``body=`` is given.
            currency: ISO 4217 code, e.g. USD.
            description: Free text, up to 5000 characters; null for none.
            stock: Units in stock: 0 or more.
            tags: Up to 20 distinct tags of 1 to 50 characters.
            body: The whole ``ItemCreate`` instead of the fields above (not both).
            idempotency_key: Makes the request safe to retry (1 to 255 printable ASCII characters; a UUID
                is a good choice). Sent again by the same caller with the same body, it
                replays the first response (same status, body, Location and ETag, plus
                `Idempotent-Replayed: true`) and writes nothing; sent with another body, it
                is rejected with 422. A duplicate that arrives while the first is still
                running waits for it, then replays. Only a successful response is kept, for
                24 hours after the key's first use (server setting
                IDEMPOTENCY_KEY_TTL_SECONDS); after that the key counts as new.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            ConflictError: 409: a unique value (an email, a SKU) is taken
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            ItemCreate,
            body,
            {
                "name": name,
                "price_cents": price_cents,
                "sku": sku,
                "currency": currency,
                "description": description,
                "stock": stock,
                "tags": tags,
            },
            required=(
                "name",
                "price_cents",
                "sku",
            ),
            operation="create",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._raw(
            create_item._get_kwargs(
                body=body,
                idempotency_key=idempotency_key,
            ),
            options,
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
        """Get an item: ``GET /v1/items/{item_id}``.

        Return one item.

        Returns an ``APIResponse``: ``parse()`` is the Item; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            item_id: The item's id.
            if_none_match: Answer 304 Not Modified when the ETag still matches.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            NotModified: 304: your copy (its ETag) is current
            NotFoundError: 404: no such resource
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
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
            get_item._get_kwargs(
                item_id=item_id,
                if_none_match=if_none_match,
            ),
            options,
            get_item._parse_success,
        )

    @overload
    def replace(
        self,
        item_id: int,
        *,
        body: ItemCreate,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]: ...

    @overload
    def replace(
        self,
        item_id: int,
        *,
        name: str,
        price_cents: int,
        sku: str,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]: ...

    def replace(
        self,
        item_id: int,
        *,
        body: ItemCreate | None = None,
        name: str | Unset = UNSET,
        price_cents: int | Unset = UNSET,
        sku: str | Unset = UNSET,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]:
        """Replace an item: ``PUT /v1/items/{item_id}``.

        Replace every field of an item.

        Returns an ``APIResponse``: ``parse()`` is the Item; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            item_id: The item's id.
            name: The name shown to shoppers: 1 to 200 characters. Required unless ``body=`` is given.
            price_cents: Price in minor units of `currency` (cents): 1 to 1000000000. Required unless ``body=`` is given.
            sku: Stock keeping unit: unique; A-Z, 0-9 and '-', 1 to 64 characters. Required unless ``body=`` is given.
            currency: ISO 4217 code, e.g. USD.
            description: Free text, up to 5000 characters; null for none.
            stock: Units in stock: 0 or more.
            tags: Up to 20 distinct tags of 1 to 50 characters.
            body: The whole ``ItemCreate`` instead of the fields above (not both).
            if_match: Apply only if the item's ETag still matches (412 otherwise).
                An ETag string or the item you read (its ``version``); ``UNSET`` or None raise
                ``ValueError``: leave it out to write unconditionally.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ConflictError: 409: a unique value (an email, a SKU) is taken
            PreconditionFailedError: 412: ``if_match`` no longer matches: read the item again and retry
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            ItemCreate,
            body,
            {
                "name": name,
                "price_cents": price_cents,
                "sku": sku,
                "currency": currency,
                "description": description,
                "stock": stock,
                "tags": tags,
            },
            required=(
                "name",
                "price_cents",
                "sku",
            ),
            operation="replace",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._raw(
            replace_item._get_kwargs(
                item_id=item_id,
                body=body,
                if_match=precondition(if_match),
            ),
            options,
            replace_item._parse_success,
        )

    def delete(
        self,
        item_id: int,
        *,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[None]:
        """Delete an item: ``DELETE /v1/items/{item_id}``.

        Delete an item.

        Returns an ``APIResponse``: ``parse()`` is the None; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            item_id: The item's id.
            if_match: Apply only if the item's ETag still matches (412 otherwise).
                An ETag string or the item you read (its ``version``); ``UNSET`` or None raise
                ``ValueError``: leave it out to write unconditionally.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            PreconditionFailedError: 412: ``if_match`` no longer matches: read the item again and retry
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
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
            delete_item._get_kwargs(
                item_id=item_id,
                if_match=precondition(if_match),
            ),
            options,
            delete_item._parse_success,
        )

    def update(
        self,
        item_id: int,
        *,
        body: ItemUpdate | None = None,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        name: str | Unset = UNSET,
        price_cents: int | Unset = UNSET,
        sku: str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]:
        """Update an item: ``PATCH /v1/items/{item_id}``.

        Change some fields of an item.

        Returns an ``APIResponse``: ``parse()`` is the Item; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            item_id: The item's id.
            currency: ISO 4217 code, e.g. USD.
            description: Free text, up to 5000 characters; null for none.
            name: The name shown to shoppers: 1 to 200 characters.
            price_cents: Price in minor units of `currency` (cents): 1 to 1000000000.
            sku: Stock keeping unit: unique; A-Z, 0-9 and '-', 1 to 64 characters.
            stock: Units in stock: 0 or more.
            tags: Up to 20 distinct tags of 1 to 50 characters.
            body: The whole ``ItemUpdate`` instead of the fields above (not both).
            if_match: Apply only if the item's ETag still matches (412 otherwise).
                An ETag string or the item you read (its ``version``); ``UNSET`` or None raise
                ``ValueError``: leave it out to write unconditionally.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ConflictError: 409: a unique value (an email, a SKU) is taken
            PreconditionFailedError: 412: ``if_match`` no longer matches: read the item again and retry
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            ItemUpdate,
            body,
            {
                "currency": currency,
                "description": description,
                "name": name,
                "price_cents": price_cents,
                "sku": sku,
                "stock": stock,
                "tags": tags,
            },
            required=(),
            operation="update",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return self._raw(
            update_item._get_kwargs(
                item_id=item_id,
                body=body,
                if_match=precondition(if_match),
            ),
            options,
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
        """List items: ``GET /v1/items``.

        List items, one page at a time.

        Returns a pager over every Item across the pages, fetched as you iterate
        (``pages()`` gives the pages with their cursors); ``cursor=`` resumes from a page's
        ``next_cursor``. The filters and options apply to every page.

        Args:
            limit: Page size.
            cursor: next_cursor of the previous page.
            q: Text in name or description.
            tag: Only items with this tag.
            min_price_cents:
            max_price_cents:
            sort:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's (for every page).

        Raises:
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
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
                    cursor=UNSET if page_cursor is None else page_cursor,
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

    @overload
    async def create(
        self,
        *,
        body: ItemCreate,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item: ...

    @overload
    async def create(
        self,
        *,
        name: str,
        price_cents: int,
        sku: str,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item: ...

    async def create(
        self,
        *,
        body: ItemCreate | None = None,
        name: str | Unset = UNSET,
        price_cents: int | Unset = UNSET,
        sku: str | Unset = UNSET,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item:
        """Create an item: ``POST /v1/items``.

        Add an item to the catalog.

        Returns the Item.

        Args:
            name: The name shown to shoppers: 1 to 200 characters. Required unless ``body=`` is given.
            price_cents: Price in minor units of `currency` (cents): 1 to 1000000000. Required unless ``body=`` is given.
            sku: Stock keeping unit: unique; A-Z, 0-9 and '-', 1 to 64 characters. Required unless ``body=`` is given.
            currency: ISO 4217 code, e.g. USD.
            description: Free text, up to 5000 characters; null for none.
            stock: Units in stock: 0 or more.
            tags: Up to 20 distinct tags of 1 to 50 characters.
            body: The whole ``ItemCreate`` instead of the fields above (not both).
            idempotency_key: Makes the request safe to retry (1 to 255 printable ASCII characters; a UUID
                is a good choice). Sent again by the same caller with the same body, it
                replays the first response (same status, body, Location and ETag, plus
                `Idempotent-Replayed: true`) and writes nothing; sent with another body, it
                is rejected with 422. A duplicate that arrives while the first is still
                running waits for it, then replays. Only a successful response is kept, for
                24 hours after the key's first use (server setting
                IDEMPOTENCY_KEY_TTL_SECONDS); after that the key counts as new.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            ConflictError: 409: a unique value (an email, a SKU) is taken
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            ItemCreate,
            body,
            {
                "name": name,
                "price_cents": price_cents,
                "sku": sku,
                "currency": currency,
                "description": description,
                "stock": stock,
                "tags": tags,
            },
            required=(
                "name",
                "price_cents",
                "sku",
            ),
            operation="create",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._call(
            create_item._get_kwargs(
                body=body,
                idempotency_key=idempotency_key,
            ),
            options,
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
        """Get an item: ``GET /v1/items/{item_id}``.

        Return one item.

        Returns the Item.

        Args:
            item_id: The item's id.
            if_none_match: Answer 304 Not Modified when the ETag still matches.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            NotModified: 304: your copy (its ETag) is current
            NotFoundError: 404: no such resource
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
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
            get_item._get_kwargs(
                item_id=item_id,
                if_none_match=if_none_match,
            ),
            options,
            get_item._parse_success,
        )

    @overload
    async def replace(
        self,
        item_id: int,
        *,
        body: ItemCreate,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item: ...

    @overload
    async def replace(
        self,
        item_id: int,
        *,
        name: str,
        price_cents: int,
        sku: str,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item: ...

    async def replace(
        self,
        item_id: int,
        *,
        body: ItemCreate | None = None,
        name: str | Unset = UNSET,
        price_cents: int | Unset = UNSET,
        sku: str | Unset = UNSET,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item:
        """Replace an item: ``PUT /v1/items/{item_id}``.

        Replace every field of an item.

        Returns the Item.

        Args:
            item_id: The item's id.
            name: The name shown to shoppers: 1 to 200 characters. Required unless ``body=`` is given.
            price_cents: Price in minor units of `currency` (cents): 1 to 1000000000. Required unless ``body=`` is given.
            sku: Stock keeping unit: unique; A-Z, 0-9 and '-', 1 to 64 characters. Required unless ``body=`` is given.
            currency: ISO 4217 code, e.g. USD.
            description: Free text, up to 5000 characters; null for none.
            stock: Units in stock: 0 or more.
            tags: Up to 20 distinct tags of 1 to 50 characters.
            body: The whole ``ItemCreate`` instead of the fields above (not both).
            if_match: Apply only if the item's ETag still matches (412 otherwise).
                An ETag string or the item you read (its ``version``); ``UNSET`` or None raise
                ``ValueError``: leave it out to write unconditionally.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ConflictError: 409: a unique value (an email, a SKU) is taken
            PreconditionFailedError: 412: ``if_match`` no longer matches: read the item again and retry
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            ItemCreate,
            body,
            {
                "name": name,
                "price_cents": price_cents,
                "sku": sku,
                "currency": currency,
                "description": description,
                "stock": stock,
                "tags": tags,
            },
            required=(
                "name",
                "price_cents",
                "sku",
            ),
            operation="replace",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._call(
            replace_item._get_kwargs(
                item_id=item_id,
                body=body,
                if_match=precondition(if_match),
            ),
            options,
            replace_item._parse_success,
        )

    async def delete(
        self,
        item_id: int,
        *,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> None:
        """Delete an item: ``DELETE /v1/items/{item_id}``.

        Delete an item.

        Returns the None.

        Args:
            item_id: The item's id.
            if_match: Apply only if the item's ETag still matches (412 otherwise).
                An ETag string or the item you read (its ``version``); ``UNSET`` or None raise
                ``ValueError``: leave it out to write unconditionally.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            PreconditionFailedError: 412: ``if_match`` no longer matches: read the item again and retry
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
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
            delete_item._get_kwargs(
                item_id=item_id,
                if_match=precondition(if_match),
            ),
            options,
            delete_item._parse_success,
        )

    async def update(
        self,
        item_id: int,
        *,
        body: ItemUpdate | None = None,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        name: str | Unset = UNSET,
        price_cents: int | Unset = UNSET,
        sku: str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Item:
        """Update an item: ``PATCH /v1/items/{item_id}``.

        Change some fields of an item.

        Returns the Item.

        Args:
            item_id: The item's id.
            currency: ISO 4217 code, e.g. USD.
            description: Free text, up to 5000 characters; null for none.
            name: The name shown to shoppers: 1 to 200 characters.
            price_cents: Price in minor units of `currency` (cents): 1 to 1000000000.
            sku: Stock keeping unit: unique; A-Z, 0-9 and '-', 1 to 64 characters.
            stock: Units in stock: 0 or more.
            tags: Up to 20 distinct tags of 1 to 50 characters.
            body: The whole ``ItemUpdate`` instead of the fields above (not both).
            if_match: Apply only if the item's ETag still matches (412 otherwise).
                An ETag string or the item you read (its ``version``); ``UNSET`` or None raise
                ``ValueError``: leave it out to write unconditionally.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ConflictError: 409: a unique value (an email, a SKU) is taken
            PreconditionFailedError: 412: ``if_match`` no longer matches: read the item again and retry
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            ItemUpdate,
            body,
            {
                "currency": currency,
                "description": description,
                "name": name,
                "price_cents": price_cents,
                "sku": sku,
                "stock": stock,
                "tags": tags,
            },
            required=(),
            operation="update",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._call(
            update_item._get_kwargs(
                item_id=item_id,
                body=body,
                if_match=precondition(if_match),
            ),
            options,
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
        """List items: ``GET /v1/items``.

        List items, one page at a time.

        Returns an ``APIResponse``: ``parse()`` is the ItemPage; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            limit: Page size.
            cursor: next_cursor of the previous page.
            q: Text in name or description.
            tag: Only items with this tag.
            min_price_cents:
            max_price_cents:
            sort:
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
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
            list_items._get_kwargs(
                limit=limit,
                cursor=cursor,
                q=q,
                tag=tag,
                min_price_cents=min_price_cents,
                max_price_cents=max_price_cents,
                sort=sort,
            ),
            options,
            list_items._parse_success,
        )

    @overload
    async def create(
        self,
        *,
        body: ItemCreate,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]: ...

    @overload
    async def create(
        self,
        *,
        name: str,
        price_cents: int,
        sku: str,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]: ...

    async def create(
        self,
        *,
        body: ItemCreate | None = None,
        name: str | Unset = UNSET,
        price_cents: int | Unset = UNSET,
        sku: str | Unset = UNSET,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        idempotency_key: str | Unset = UNSET,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]:
        """Create an item: ``POST /v1/items``.

        Add an item to the catalog.

        Returns an ``APIResponse``: ``parse()`` is the Item; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            name: The name shown to shoppers: 1 to 200 characters. Required unless ``body=`` is given.
            price_cents: Price in minor units of `currency` (cents): 1 to 1000000000. Required unless ``body=`` is given.
            sku: Stock keeping unit: unique; A-Z, 0-9 and '-', 1 to 64 characters. Required unless ``body=`` is given.
            currency: ISO 4217 code, e.g. USD.
            description: Free text, up to 5000 characters; null for none.
            stock: Units in stock: 0 or more.
            tags: Up to 20 distinct tags of 1 to 50 characters.
            body: The whole ``ItemCreate`` instead of the fields above (not both).
            idempotency_key: Makes the request safe to retry (1 to 255 printable ASCII characters; a UUID
                is a good choice). Sent again by the same caller with the same body, it
                replays the first response (same status, body, Location and ETag, plus
                `Idempotent-Replayed: true`) and writes nothing; sent with another body, it
                is rejected with 422. A duplicate that arrives while the first is still
                running waits for it, then replays. Only a successful response is kept, for
                24 hours after the key's first use (server setting
                IDEMPOTENCY_KEY_TTL_SECONDS); after that the key counts as new.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            ConflictError: 409: a unique value (an email, a SKU) is taken
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            ItemCreate,
            body,
            {
                "name": name,
                "price_cents": price_cents,
                "sku": sku,
                "currency": currency,
                "description": description,
                "stock": stock,
                "tags": tags,
            },
            required=(
                "name",
                "price_cents",
                "sku",
            ),
            operation="create",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._raw(
            create_item._get_kwargs(
                body=body,
                idempotency_key=idempotency_key,
            ),
            options,
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
        """Get an item: ``GET /v1/items/{item_id}``.

        Return one item.

        Returns an ``APIResponse``: ``parse()`` is the Item; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            item_id: The item's id.
            if_none_match: Answer 304 Not Modified when the ETag still matches.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            NotModified: 304: your copy (its ETag) is current
            NotFoundError: 404: no such resource
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
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
            get_item._get_kwargs(
                item_id=item_id,
                if_none_match=if_none_match,
            ),
            options,
            get_item._parse_success,
        )

    @overload
    async def replace(
        self,
        item_id: int,
        *,
        body: ItemCreate,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]: ...

    @overload
    async def replace(
        self,
        item_id: int,
        *,
        name: str,
        price_cents: int,
        sku: str,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]: ...

    async def replace(
        self,
        item_id: int,
        *,
        body: ItemCreate | None = None,
        name: str | Unset = UNSET,
        price_cents: int | Unset = UNSET,
        sku: str | Unset = UNSET,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]:
        """Replace an item: ``PUT /v1/items/{item_id}``.

        Replace every field of an item.

        Returns an ``APIResponse``: ``parse()`` is the Item; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            item_id: The item's id.
            name: The name shown to shoppers: 1 to 200 characters. Required unless ``body=`` is given.
            price_cents: Price in minor units of `currency` (cents): 1 to 1000000000. Required unless ``body=`` is given.
            sku: Stock keeping unit: unique; A-Z, 0-9 and '-', 1 to 64 characters. Required unless ``body=`` is given.
            currency: ISO 4217 code, e.g. USD.
            description: Free text, up to 5000 characters; null for none.
            stock: Units in stock: 0 or more.
            tags: Up to 20 distinct tags of 1 to 50 characters.
            body: The whole ``ItemCreate`` instead of the fields above (not both).
            if_match: Apply only if the item's ETag still matches (412 otherwise).
                An ETag string or the item you read (its ``version``); ``UNSET`` or None raise
                ``ValueError``: leave it out to write unconditionally.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ConflictError: 409: a unique value (an email, a SKU) is taken
            PreconditionFailedError: 412: ``if_match`` no longer matches: read the item again and retry
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            ItemCreate,
            body,
            {
                "name": name,
                "price_cents": price_cents,
                "sku": sku,
                "currency": currency,
                "description": description,
                "stock": stock,
                "tags": tags,
            },
            required=(
                "name",
                "price_cents",
                "sku",
            ),
            operation="replace",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._raw(
            replace_item._get_kwargs(
                item_id=item_id,
                body=body,
                if_match=precondition(if_match),
            ),
            options,
            replace_item._parse_success,
        )

    async def delete(
        self,
        item_id: int,
        *,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[None]:
        """Delete an item: ``DELETE /v1/items/{item_id}``.

        Delete an item.

        Returns an ``APIResponse``: ``parse()`` is the None; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            item_id: The item's id.
            if_match: Apply only if the item's ETag still matches (412 otherwise).
                An ETag string or the item you read (its ``version``); ``UNSET`` or None raise
                ``ValueError``: leave it out to write unconditionally.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            PreconditionFailedError: 412: ``if_match`` no longer matches: read the item again and retry
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
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
            delete_item._get_kwargs(
                item_id=item_id,
                if_match=precondition(if_match),
            ),
            options,
            delete_item._parse_success,
        )

    async def update(
        self,
        item_id: int,
        *,
        body: ItemUpdate | None = None,
        currency: str | Unset = UNSET,
        description: None | str | Unset = UNSET,
        name: str | Unset = UNSET,
        price_cents: int | Unset = UNSET,
        sku: str | Unset = UNSET,
        stock: int | Unset = UNSET,
        tags: builtins.list[str] | Unset = UNSET,
        if_match: str | Versioned | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> APIResponse[Item]:
        """Update an item: ``PATCH /v1/items/{item_id}``.

        Change some fields of an item.

        Returns an ``APIResponse``: ``parse()`` is the Item; ``headers``, ``etag``
        and ``request_id`` are the answer's.

        Args:
            item_id: The item's id.
            currency: ISO 4217 code, e.g. USD.
            description: Free text, up to 5000 characters; null for none.
            name: The name shown to shoppers: 1 to 200 characters.
            price_cents: Price in minor units of `currency` (cents): 1 to 1000000000.
            sku: Stock keeping unit: unique; A-Z, 0-9 and '-', 1 to 64 characters.
            stock: Units in stock: 0 or more.
            tags: Up to 20 distinct tags of 1 to 50 characters.
            body: The whole ``ItemUpdate`` instead of the fields above (not both).
            if_match: Apply only if the item's ETag still matches (412 otherwise).
                An ETag string or the item you read (its ``version``); ``UNSET`` or None raise
                ``ValueError``: leave it out to write unconditionally.
            timeout, max_retries, extra_headers, extra_query: This call's options over the
                client's.

        Raises:
            AuthenticationError: 401: no token, an invalid or expired one, or wrong credentials
            PermissionDeniedError: 403: authenticated, but not allowed (not the owner, or not a superuser)
            NotFoundError: 404: no such resource
            ConflictError: 409: a unique value (an email, a SKU) is taken
            PreconditionFailedError: 412: ``if_match`` no longer matches: read the item again and retry
            PayloadTooLargeError: 413: the body is over the server's limit (1 MiB)
            ValidationError: 422: an input is invalid: ``problem.errors`` lists each
            ServerError: 503: the server is busy or its database unreachable (retried first)
            APIConnectionError: No answer after the retries (``APITimeoutError``: out of time).
        """
        body = build_body(
            ItemUpdate,
            body,
            {
                "currency": currency,
                "description": description,
                "name": name,
                "price_cents": price_cents,
                "sku": sku,
                "stock": stock,
                "tags": tags,
            },
            required=(),
            operation="update",
        )
        options = RequestOptions(
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return await self._raw(
            update_item._get_kwargs(
                item_id=item_id,
                body=body,
                if_match=precondition(if_match),
            ),
            options,
            update_item._parse_success,
        )


__all__ = [
    "AsyncItemsResource",
    "AsyncItemsResourceWithRawResponse",
    "ItemsResource",
    "ItemsResourceWithRawResponse",
]
