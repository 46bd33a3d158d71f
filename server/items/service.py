"""Items: replace, update, delete (create, get and list are direct statements, queries.py).

Changes are single conditional statements (``WHERE id = ? AND version IN (?)``),
never read-then-write, so two writers holding the same ETag cannot both win.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, delete, exists, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.conditional import PRECONDITION_FAILED
from server.db import utcnow
from server.errors import Conflict, NotFound, PreconditionFailed
from server.items.models import Item, ItemTag

SKU_TAKEN = "An item with this sku already exists. Choose another sku."


def _sku_conflict(exc: IntegrityError) -> Conflict:
    if "sku" in str(exc.orig):
        return Conflict(SKU_TAKEN)
    raise exc


def _write_tags(session: Session, item_id: int, tags: Sequence[str]) -> None:
    if tags:
        session.execute(insert(ItemTag), [{"item_id": item_id, "tag": t} for t in tags])


# Ids are 32-bit INTEGER columns: a larger id names no item (and PostgreSQL would
# refuse to even compare it with one: integer out of range).
MAX_ITEM_ID = 2**31 - 1


def find_item(session: Session, item_id: int) -> Item | None:
    return session.get(Item, item_id) if 1 <= item_id <= MAX_ITEM_ID else None


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
