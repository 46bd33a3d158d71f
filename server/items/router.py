"""/v1/items: the catalog."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Response, status
from pydantic import AfterValidator

from server import idempotency
from server.conditional import etag, if_match_versions, none_match
from server.deps import (
    ContextDep,
    IdempotencyKey,
    ItemId,
    OwnedItem,
    WriterId,
    WriteSessionDep,
    require_active_user,
)
from server.errors import problem_responses
from server.fields import storable_text
from server.idempotency import StoredResponse
from server.items import queries, service
from server.items.models import Item as ItemRow
from server.items.schemas import Item, ItemCreate, ItemPage, ItemSort, ItemUpdate

router = APIRouter(prefix="/v1/items", tags=["items"])

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=1024,
        description="Apply only if the item's ETag still matches (412 otherwise).",
    ),
]
IfNoneMatch = Annotated[
    str | None,
    Header(
        alias="If-None-Match",
        max_length=1024,
        description="Answer 304 Not Modified when the ETag still matches.",
    ),
]
ETAG_HEADER = {"ETag": {"description": "Strong tag of this version.", "schema": {"type": "string"}}}


def _json(body: str | bytes, headers: dict[str, str] | None = None) -> Response:
    # Serialised once here from the response model: FastAPI passes a Response through
    # instead of validating the returned object against ``response_model`` a second time.
    return Response(body, media_type="application/json", headers=headers)


def _item_response(item: ItemRow, response: Response) -> Item:
    response.headers["ETag"] = etag(item.version)
    return Item.model_validate(item)


@router.post(
    "",
    response_model=Item,
    status_code=status.HTTP_201_CREATED,
    responses={
        201: {
            "headers": {**idempotency.created_headers("Path of the new item."), **ETAG_HEADER},
            "description": "Created",
        },
        **problem_responses(401, 409, 413, 422, 503),
    },
)
async def create_item(
    body: ItemCreate,
    ctx: ContextDep,
    user_id: WriterId,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Add an item to the catalog."""
    direct = ctx.db.direct

    def work(connection: Any) -> StoredResponse:
        require_active_user(direct, connection, user_id)

        def produce() -> StoredResponse:
            item = queries.insert_item(direct, connection, owner_id=user_id, data=body)
            headers = {"Location": f"/v1/items/{item['id']}", "ETag": etag(item["version"])}
            return StoredResponse(201, queries.item_json(item), headers)

        return idempotency.respond(
            direct,
            connection,
            key=idempotency_key,
            scope=f"user:{user_id}",
            operation="create_item",
            payload=lambda: body.model_dump(mode="json"),
            secret_key=ctx.secret_key,
            ttl_seconds=ctx.settings.idempotency_key_ttl_seconds,
            produce=produce,
        )

    stored = await direct.write(work)
    return stored.to_response()


SearchText = Annotated[str, AfterValidator(storable_text)]


@router.get("", response_model=ItemPage, responses=problem_responses(422, 503))
async def list_items(
    ctx: ContextDep,
    limit: Annotated[int, Query(ge=1, le=100, description="Page size.")] = 20,
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
    items, next_cursor = await queries.list_items(
        ctx.db.direct,
        sort=sort,
        limit=limit,
        cursor=cursor,
        q=q,
        tag=tag,
        min_price_cents=min_price_cents,
        max_price_cents=max_price_cents,
    )
    return _json(queries.page_json(items, next_cursor))


@router.get(
    "/{item_id}",
    response_model=Item,
    responses={
        200: {"headers": ETAG_HEADER},
        304: {"description": "Not Modified: the If-None-Match tag is current."},
        **problem_responses(404, 422, 503),
    },
)
async def get_item(item_id: ItemId, ctx: ContextDep, if_none_match: IfNoneMatch = None) -> Response:
    """Return one item."""
    item = await queries.get_item(ctx.db.direct, item_id)
    headers = {"ETag": etag(item["version"])}
    if none_match(if_none_match, item["version"]):
        return Response(status_code=304, headers=headers)
    return _json(queries.item_json(item), headers)


@router.put(
    "/{item_id}",
    response_model=Item,
    responses={
        200: {"headers": ETAG_HEADER},
        **problem_responses(401, 403, 404, 409, 412, 413, 422, 503),
    },
)
def replace_item(
    body: ItemCreate,
    item: OwnedItem,
    session: WriteSessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> Item:
    """Replace every field of an item."""
    versions = if_match_versions(if_match)
    updated = service.change_item(session, item, body.model_dump(), versions=versions)
    session.commit()
    return _item_response(updated, response)


@router.patch(
    "/{item_id}",
    response_model=Item,
    responses={
        200: {"headers": ETAG_HEADER},
        **problem_responses(401, 403, 404, 409, 412, 413, 422, 503),
    },
)
def update_item(
    body: ItemUpdate,
    item: OwnedItem,
    session: WriteSessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> Item:
    """Change some fields of an item."""
    versions = if_match_versions(if_match)
    changes = body.model_dump(exclude_unset=True)
    updated = service.change_item(session, item, changes, versions=versions)
    session.commit()
    return _item_response(updated, response)


@router.delete(
    "/{item_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401, 403, 404, 412, 422, 503),
)
def delete_item(item: OwnedItem, session: WriteSessionDep, if_match: IfMatch = None) -> Response:
    """Delete an item."""
    service.delete_item(session, item, versions=if_match_versions(if_match))
    session.commit()
    return Response(status_code=204)
