"""Items: the catalog's rules (who may change an item, what "not found" means, ETags).

Changes are single conditional statements (``WHERE id = ? AND version IN (?)``), never
read-then-write, so two writers holding the same ETag cannot both win.
"""

from __future__ import annotations

from typing import Any

from server.conditional import PRECONDITION_FAILED, etag
from server.context import AppContext
from server.db import Connection
from server.errors import Forbidden, NotFound, PreconditionFailed, Unprocessable
from server.idempotency import service as idempotency
from server.idempotency.service import Idempotency, StoredResponse
from server.items import repository
from server.items.repository import SORTS, Record, item_json
from server.items.schemas import ItemCreate, ItemSort
from server.pagination import decode_cursor, decode_time, encode_cursor
from server.security import Caller
from server.users import service as users


def _not_found(item_id: int) -> NotFound:
    return NotFound(f"No item with id {item_id}.")


def item_headers(record: Record) -> dict[str, str]:
    return {"ETag": etag(record["version"])}


async def create(
    ctx: AppContext, caller: Caller, body: ItemCreate, key: str | None
) -> StoredResponse:
    """Add an item owned by the caller (201, once per Idempotency-Key)."""
    request = Idempotency(
        key=key,
        scope=f"user:{caller.id}",
        operation="create_item",
        payload=lambda: body.model_dump(mode="json"),
        secret_key=ctx.secret_key,
        ttl_seconds=ctx.settings.idempotency_key_ttl_seconds,
    )

    async def unit(connection: Connection) -> StoredResponse:
        if key is not None:
            # A replay answers only a caller who may still act.
            await users.require_active(connection, caller)

        async def produce() -> StoredResponse:
            # The insert checks its owner may act (the users' rule) in its own statement.
            record = await repository.insert_item(
                connection,
                owner_id=caller.id,
                session_version=caller.version,
                fields=body.model_dump(),
            )
            if record is None:
                raise users.rejected_bearer()
            headers = {"Location": f"/v1/items/{record['id']}", **item_headers(record)}
            return StoredResponse(201, item_json(record), headers)

        return await idempotency.respond(connection, request, produce)

    # Without a key the unit is the insert alone: on PostgreSQL one round trip.
    return await ctx.db.write(unit, single_statement=key is None)


async def get(ctx: AppContext, item_id: int) -> Record:
    record = await ctx.db.read(lambda connection: repository.get(connection, item_id))
    if record is None:
        raise _not_found(item_id)
    return record


async def owned(ctx: AppContext, item_id: int, caller: Caller) -> Record:
    """The item, which the (active) caller must own or be a superuser to change."""

    async def unit(connection: Connection) -> Record:
        user = await users.require_active(connection, caller)
        record = await repository.get(connection, item_id)
        if record is None:
            raise _not_found(item_id)
        if record["owner_id"] != user.id and not user.is_superuser:
            raise Forbidden("Only the item's owner or a superuser may change it.")
        return record

    return await ctx.db.read(unit)


async def _missing_or_moved(connection: Connection, item_id: int) -> Exception:
    if await repository.exists_(connection, item_id):
        return PreconditionFailed(PRECONDITION_FAILED)
    return _not_found(item_id)


async def change(
    ctx: AppContext, item: Record, changes: dict[str, Any], *, versions: list[int] | None
) -> Record:
    """Apply ``changes``; 412 when the version moved on, 404 when the item went."""

    async def unit(connection: Connection) -> Record:
        updated = await repository.update_item(connection, item["id"], changes, versions=versions)
        if updated is None:
            raise await _missing_or_moved(connection, item["id"])
        return updated

    # The UPDATE is the only write unless the tags change (their rows go with it).
    return await ctx.db.write(unit, single_statement="tags" not in changes)


async def delete(ctx: AppContext, item: Record, *, versions: list[int] | None) -> None:
    async def unit(connection: Connection) -> None:
        if not await repository.delete_item(connection, item["id"], versions=versions):
            raise await _missing_or_moved(connection, item["id"])

    # One DELETE (the tag rows go with it: ON DELETE CASCADE).
    await ctx.db.write(unit, single_statement=True)


async def list_page(
    ctx: AppContext,
    *,
    sort: ItemSort,
    limit: int,
    cursor: str | None,
    q: str | None,
    tag: str | None,
    min_price_cents: int | None,
    max_price_cents: int | None,
) -> tuple[list[Record], str | None]:
    """One page in ``sort`` order, ties broken by id; the cursor is the last row's key."""
    if (
        min_price_cents is not None
        and max_price_cents is not None
        and min_price_cents > max_price_cents
    ):
        raise Unprocessable(
            "min_price_cents is greater than max_price_cents; swap them.",
            loc=["query", "min_price_cents"],
            type_="range_invalid",
        )
    column, _, key_type = SORTS[sort]
    after: tuple[Any, int] | None = None
    if cursor is not None:
        key, after_id = decode_cursor(cursor, sort.value, (key_type, int))
        if column.name in ("created_at", "updated_at"):
            key = decode_time(key)
        after = (key, after_id)
    records = await ctx.db.read(
        lambda connection: repository.page(
            connection,
            sort=sort,
            limit=limit + 1,
            after=after,
            q=q,
            tag=tag,
            min_price_cents=min_price_cents,
            max_price_cents=max_price_cents,
        )
    )
    next_cursor = None
    if len(records) > limit:
        last = records[limit - 1]
        next_cursor = encode_cursor(sort.value, [last[column.name], last["id"]])
    return records[:limit], next_cursor
