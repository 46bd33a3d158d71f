"""server/items/repository.py serialises rows exactly as the ``Item`` response model does.

The repository's codec skips pydantic on the way out; these tests hold its JSON to
``Item.model_validate(row).model_dump_json()`` byte for byte, for awkward values
(escapes, non-ASCII, empty and null fields, whole-second timestamps), on both engines.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from sqlalchemy import update
from sqlalchemy.orm import Session

from server.context import AppContext
from server.db import Connection
from server.items import repository, service
from server.items.models import Item as ItemRow
from server.items.models import ItemTag as ItemTagRow
from server.items.schemas import Item, ItemCreate, ItemPage, ItemSort
from server.users import repository as users
from server.users.models import User as UserRow

AWKWARD: list[dict[str, Any]] = [
    {"name": 'quote " backslash \\ slash /', "description": None, "tags": []},
    {"name": "tab\tnewline\ncr\rbell\x07del\x7f", "description": "", "tags": ["a"]},
    {
        "name": "é ü ß 中文 🙂",
        "description": "emoji 🙂 and \u2028 separator",
        "tags": ["ünï", "🙂"],
    },
    {
        "name": "<script>&amp;</script>",
        "description": "x" * 5000,
        "tags": [f"t{n}" for n in range(20)],
    },
]
MOMENTS = [
    datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),  # no fraction: written without one
    datetime(2026, 1, 2, 3, 4, 5, 600, tzinfo=UTC),
    datetime(2026, 1, 2, 3, 4, 5, 999999, tzinfo=UTC),
    datetime(1999, 12, 31, 23, 59, 59, 100000, tzinfo=UTC),
]


def _owner(ctx: AppContext) -> int:
    owner = ctx.db.write_blocking(
        lambda connection: users.insert_user(
            connection, email="o@example.com", hashed_password="x", full_name=None
        )
    )
    return owner.id


def _store(ctx: AppContext) -> list[ItemRow]:
    owner_id = _owner(ctx)
    rows = []
    with Session(ctx.db.engine, expire_on_commit=False) as session:
        for n, (fields, moment) in enumerate(zip(AWKWARD, MOMENTS, strict=True)):
            row = ItemRow(
                sku=f"SKU-{n}",
                price_cents=10**n,
                currency="EUR",
                stock=n,
                owner_id=owner_id,
                version=n + 1,
                created_at=moment,
                updated_at=moment + timedelta(seconds=n),
                **fields,
            )
            session.add(row)
            rows.append(row)
        session.commit()
    return rows


def test_get_and_list_match_the_response_model(app: FastAPI) -> None:
    ctx: AppContext = app.state.storefront
    rows = _store(ctx)
    expected = {row.id: Item.model_validate(row) for row in rows}

    async def check() -> None:
        pages: dict[str, Any] = {
            "limit": 2,
            "q": None,
            "tag": None,
            "min_price_cents": None,
            "max_price_cents": None,
        }
        try:
            for item_id, model in expected.items():
                found = await service.get(ctx, item_id)
                assert repository.item_json(found) == model.model_dump_json().encode()
            for sort in ItemSort:
                items, cursor = await service.list_page(ctx, sort=sort, cursor=None, **pages)
                page = ItemPage(items=[expected[i["id"]] for i in items], next_cursor=cursor)
                assert repository.page_json(items, cursor) == page.model_dump_json().encode()
                rest, end = await service.list_page(ctx, sort=sort, cursor=cursor, **pages)
                assert end is None
                assert len({i["id"] for i in items + rest}) == len(rows)
        finally:
            await ctx.db.aclose()

    asyncio.run(check())


def test_created_item_json_matches_the_response_model(app: FastAPI) -> None:
    ctx: AppContext = app.state.storefront
    owner_id = _owner(ctx)
    for n, fields in enumerate(AWKWARD):
        body = ItemCreate.model_validate({"sku": f"NEW-{n}", "price_cents": 1, **fields})

        async def create(connection: Connection, body: ItemCreate = body) -> dict[str, Any]:
            record = await repository.insert_item(
                connection, owner_id=owner_id, session_version=0, fields=body.model_dump()
            )
            assert record is not None
            return record

        created = ctx.db.write_blocking(create)
        with Session(ctx.db.engine) as session:
            stored = session.get(ItemRow, created["id"])
            assert stored is not None
            assert (
                repository.item_json(created)
                == Item.model_validate(stored).model_dump_json().encode()
            )


def test_an_insert_on_behalf_of_a_user_who_may_not_act_writes_nothing(app: FastAPI) -> None:
    # The owner check is inside the insert's own statement (the users' rule, may_act):
    # a token whose session has ended, an inactive owner and a missing one write nothing.
    ctx: AppContext = app.state.storefront
    owner_id = _owner(ctx)
    fields = ItemCreate.model_validate({"sku": "NOBODY-1", "name": "n", "price_cents": 1})

    def insert(owner: int, version: int) -> dict[str, Any] | None:
        async def create(connection: Connection) -> dict[str, Any] | None:
            return await repository.insert_item(
                connection,
                owner_id=owner,
                session_version=version,
                fields=fields.model_dump() | {"tags": ["a", "b"]},
            )

        return ctx.db.write_blocking(create)

    with Session(ctx.db.engine) as session:
        session.execute(update(UserRow).values(session_version=1))
        session.commit()
    assert insert(owner_id, 0) is None  # a token of the session that ended
    with Session(ctx.db.engine) as session:
        session.execute(update(UserRow).values(is_active=False))
        session.commit()
    for owner in (owner_id, owner_id + 1000):  # inactive, then no such user
        assert insert(owner, 1) is None
    with Session(ctx.db.engine) as session:
        assert session.query(ItemRow).count() == 0
        assert session.query(ItemTagRow).count() == 0
