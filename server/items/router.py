"""/v1/items: the catalog."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Response, status

from server.conditional import if_match_versions, none_match
from server.context import ContextDep
from server.errors import problem_responses
from server.fields import Storable
from server.idempotency.dependencies import IdempotencyKey, created_headers
from server.items import service
from server.items.dependencies import IfMatch, IfNoneMatch, ItemId, OwnedItem
from server.items.repository import item_json, page_json
from server.items.schemas import Item, ItemCreate, ItemPage, ItemSort, ItemUpdate
from server.pagination import PageSize
from server.routing import CompiledRouter
from server.users.dependencies import UserId

router = CompiledRouter(prefix="/v1/items", tags=["items"])

ETAG_HEADER = {
    "ETag": {
        "description": "Strong tag of this version.",
        "required": True,
        "schema": {"type": "string", "pattern": '^"[0-9]+"$'},
    }
}
SearchText = Annotated[str, Storable]
# A replace and an update answer alike.
CHANGE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"headers": ETAG_HEADER},
    **problem_responses(401, 403, 404, 409, 412, 413, 422, 503),
}


def _json(body: bytes, headers: dict[str, str] | None = None) -> Response:
    # Serialised once by the repository's codec, as the response model would be: FastAPI
    # passes a Response through instead of validating the object a second time.
    return Response(body, media_type="application/json", headers=headers)


@router.post(
    "",
    summary="Create an item",
    response_model=Item,
    status_code=status.HTTP_201_CREATED,
    responses={
        201: {
            "headers": {**created_headers("Path of the new item."), **ETAG_HEADER},
            "description": "Created",
        },
        **problem_responses(401, 409, 413, 422, 503),
    },
)
async def create_item(
    body: ItemCreate, ctx: ContextDep, user_id: UserId, idempotency_key: IdempotencyKey = None
) -> Response:
    """Add an item to the catalog."""
    stored = await service.create(ctx, user_id, body, idempotency_key)
    return stored.to_response()


@router.get(
    "", summary="List items", response_model=ItemPage, responses=problem_responses(422, 503)
)
async def list_items(
    ctx: ContextDep,
    limit: Annotated[PageSize, Query(description="Page size.")] = 20,
    cursor: Annotated[
        str | None, Query(max_length=512, description="next_cursor of the previous page.")
    ] = None,
    q: Annotated[
        SearchText | None,
        Query(min_length=1, max_length=200, description="Text in name or description."),
    ] = None,
    tag: Annotated[
        SearchText | None,
        Query(min_length=1, max_length=50, description="Only items with this tag."),
    ] = None,
    min_price_cents: Annotated[int | None, Query(ge=0, le=1_000_000_000)] = None,
    max_price_cents: Annotated[int | None, Query(ge=0, le=1_000_000_000)] = None,
    sort: Annotated[
        ItemSort, Query(description="Order; '-' means descending.")
    ] = ItemSort.created_at,
) -> Response:
    """List items, one page at a time."""
    items, next_cursor = await service.list_page(
        ctx,
        sort=sort,
        limit=limit,
        cursor=cursor,
        q=q,
        tag=tag,
        min_price_cents=min_price_cents,
        max_price_cents=max_price_cents,
    )
    return _json(page_json(items, next_cursor))


@router.get(
    "/{item_id}",
    summary="Get an item",
    response_model=Item,
    responses={
        200: {"headers": ETAG_HEADER},
        304: {
            "description": "Not Modified: the If-None-Match tag is current.",
            "headers": ETAG_HEADER,
        },
        **problem_responses(404, 422, 503),
    },
)
async def get_item(item_id: ItemId, ctx: ContextDep, if_none_match: IfNoneMatch = None) -> Response:
    """Return one item."""
    record = await service.get(ctx, item_id)
    headers = service.item_headers(record)
    if none_match(if_none_match, record["version"]):
        return Response(status_code=304, headers=headers)
    return _json(item_json(record), headers)


@router.put(
    "/{item_id}",
    summary="Replace an item",
    response_model=Item,
    responses=CHANGE_RESPONSES,
)
async def replace_item(
    body: ItemCreate, item: OwnedItem, ctx: ContextDep, if_match: IfMatch = None
) -> Response:
    """Replace every field of an item."""
    versions = if_match_versions(if_match)
    updated = await service.change(ctx, item, body.model_dump(), versions=versions)
    return _json(item_json(updated), service.item_headers(updated))


@router.patch(
    "/{item_id}",
    summary="Update an item",
    response_model=Item,
    responses=CHANGE_RESPONSES,
)
async def update_item(
    body: ItemUpdate, item: OwnedItem, ctx: ContextDep, if_match: IfMatch = None
) -> Response:
    """Change some fields of an item."""
    versions = if_match_versions(if_match)
    changes = body.model_dump(exclude_unset=True)
    updated = await service.change(ctx, item, changes, versions=versions)
    return _json(item_json(updated), service.item_headers(updated))


@router.delete(
    "/{item_id}",
    summary="Delete an item",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401, 403, 404, 412, 422, 503),
)
async def delete_item(item: OwnedItem, ctx: ContextDep, if_match: IfMatch = None) -> Response:
    """Delete an item."""
    await service.delete(ctx, item, versions=if_match_versions(if_match))
    return Response(status_code=204)
