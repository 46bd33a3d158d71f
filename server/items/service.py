"""Items: create, read, list (keyset pages), replace, update, delete.

Changes are single conditional statements (``WHERE id = ? AND version IN (?)``),
never read-then-write, so two writers holding the same ETag cannot both win.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    delete,
    exists,
    insert,
    literal,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.conditional import PRECONDITION_FAILED
from server.db import utcnow
from server.errors import Conflict, NotFound, PreconditionFailed, Unprocessable
from server.items.models import Item, ItemTag
from server.items.schemas import ItemSort
from server.pagination import decode_cursor, encode_cursor

SKU_TAKEN = "An item with this sku already exists. Choose another sku."


@dataclass(frozen=True)
class ItemFilters:
    q: str | None = None
    tag: str | None = None
    min_price_cents: int | None = None
    max_price_cents: int | None = None


def _sku_conflict(exc: IntegrityError) -> Conflict:
    if "sku" in str(exc.orig):
        return Conflict(SKU_TAKEN)
    raise exc


def _write_tags(session: Session, item_id: int, tags: Sequence[str]) -> None:
    if tags:
        session.execute(insert(ItemTag), [{"item_id": item_id, "tag": t} for t in tags])


def create_item(session: Session, *, owner_id: int, data: dict[str, Any]) -> Item:
    """Add an item (flushed, not committed); 409 when the sku is taken."""
    now = utcnow()
    item = Item(**data, owner_id=owner_id, version=1, created_at=now, updated_at=now)
    session.add(item)
    try:
        session.flush()
    except IntegrityError as exc:
        raise _sku_conflict(exc) from None
    _write_tags(session, item.id, item.tags)
    return item


# Ids are 32-bit INTEGER columns: a larger id names no item (and PostgreSQL would
# refuse to even compare it with one: integer out of range).
MAX_ITEM_ID = 2**31 - 1


def find_item(session: Session, item_id: int) -> Item | None:
    return session.get(Item, item_id) if 1 <= item_id <= MAX_ITEM_ID else None


# Reads run as Core statements on a plain connection: no session, unit of work or
# identity map to build for rows that are only serialised (a third of the cost of a GET).
ITEMS = Item.__table__


def get_item(connection: Connection, item_id: int) -> Row[Any]:
    item = None
    if 1 <= item_id <= MAX_ITEM_ID:
        item = connection.execute(select(ITEMS).where(ITEMS.c.id == item_id)).first()
    if item is None:
        raise NotFound(f"No item with id {item_id}.")
    return item


def change_item(
    session: Session, item: Item, changes: dict[str, Any], *, versions: list[int] | None
) -> Item:
    """Apply ``changes`` in one conditional UPDATE; 412 when the version moved on."""
    condition: list[ColumnElement[bool]] = [Item.id == item.id]
    if versions is not None:
        condition.append(Item.version.in_(versions))
    statement = (
        update(Item)
        .where(*condition)
        .values(**changes, version=Item.version + 1, updated_at=utcnow())
        .returning(Item)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    try:
        updated = session.scalars(statement).first()
    except IntegrityError as exc:
        raise _sku_conflict(exc) from None
    if updated is None:
        _raise_missing_or_moved(session, item.id)
    assert updated is not None
    if "tags" in changes:
        session.execute(delete(ItemTag).where(ItemTag.item_id == item.id))
        _write_tags(session, item.id, changes["tags"])
    return updated


def delete_item(session: Session, item: Item, *, versions: list[int] | None) -> None:
    condition: list[ColumnElement[bool]] = [Item.id == item.id]
    if versions is not None:
        condition.append(Item.version.in_(versions))
    result = session.execute(
        delete(Item).where(*condition).execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) == 0:
        _raise_missing_or_moved(session, item.id)


def _raise_missing_or_moved(session: Session, item_id: int) -> None:
    if session.scalar(select(exists().where(Item.id == item_id))):
        raise PreconditionFailed(PRECONDITION_FAILED)
    raise NotFound(f"No item with id {item_id}.")


# sort name -> (column, descending)
_SORTS: dict[ItemSort, tuple[Any, bool, type]] = {
    ItemSort.created_at: (Item.created_at, False, str),
    ItemSort.created_at_desc: (Item.created_at, True, str),
    ItemSort.price_cents: (Item.price_cents, False, int),
    ItemSort.price_cents_desc: (Item.price_cents, True, int),
    ItemSort.name: (Item.name, False, str),
}


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filtered(query: Select[Any], filters: ItemFilters) -> Select[Any]:
    if filters.q:
        pattern = _like_pattern(filters.q)
        query = query.where(
            or_(
                Item.name.ilike(pattern, escape="\\"),
                Item.description.ilike(pattern, escape="\\"),
            )
        )
    if filters.tag is not None:
        query = query.where(exists().where(ItemTag.item_id == Item.id, ItemTag.tag == filters.tag))
    if filters.min_price_cents is not None:
        query = query.where(Item.price_cents >= filters.min_price_cents)
    if filters.max_price_cents is not None:
        query = query.where(Item.price_cents <= filters.max_price_cents)
    return query


def _key_value(item: Row[Any], column: Any) -> Any:
    value = getattr(item, column.key)
    return value.isoformat() if isinstance(value, datetime) else value


def list_items(
    connection: Connection,
    *,
    filters: ItemFilters,
    sort: ItemSort,
    limit: int,
    cursor: str | None,
) -> tuple[list[Row[Any]], str | None]:
    """One page in ``sort`` order, ties broken by id; the cursor is the last row's key."""
    if (
        filters.min_price_cents is not None
        and filters.max_price_cents is not None
        and filters.min_price_cents > filters.max_price_cents
    ):
        raise Unprocessable(
            "min_price_cents is greater than max_price_cents; swap them.",
            loc=["query", "min_price_cents"],
            type_="range_invalid",
        )
    column, descending, key_type = _SORTS[sort]
    query = _filtered(select(ITEMS), filters)
    if cursor is not None:
        after, after_id = decode_cursor(cursor, sort.value, (key_type, int))
        if key_type is str and column is Item.created_at:
            try:
                after = datetime.fromisoformat(after)
            except ValueError:
                raise Unprocessable(
                    "The cursor is not valid. Pass the next_cursor of a previous page unchanged.",
                    loc=["query", "cursor"],
                    type_="cursor_invalid",
                ) from None
        row_key = tuple_(column, Item.id)
        bound = tuple_(literal(after, column.type), literal(after_id))
        query = query.where(row_key < bound if descending else row_key > bound)
    order = (column.desc(), Item.id.desc()) if descending else (column.asc(), Item.id.asc())
    rows = list(connection.execute(query.order_by(*order).limit(limit + 1)))
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_cursor = encode_cursor(sort.value, [_key_value(last, column), last.id])
    return rows[:limit], next_cursor
