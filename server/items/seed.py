"""A demo catalog inserted in bulk (not through the API): a million rows in seconds."""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from server.db import Connection, Database, Dialect, bind_json, bind_time, utcnow
from server.db.bulk import Batch, load
from server.items.repository import ITEMS, TAGS
from server.security import Passwords
from server.users import repository as users

SEED_OWNER = "seed@storefront.example"
WORDS = ["cotton", "linen", "denim", "wool", "silk", "canvas", "leather", "classic", "slim"]
KINDS = ["shirt", "jacket", "trousers", "scarf", "hat", "bag", "sock", "dress", "coat", "belt"]
TAGS_POOL = ["blue", "red", "green", "black", "white", "sale", "new", "summer", "winter", "eco"]


def _owner_id(db: Database, passwords: Passwords) -> int:
    # Nobody knows this password: the owner exists only to own demo items.
    hashed = passwords.hash(secrets.token_urlsafe(32))

    async def unit(connection: Connection) -> int:
        found = await users.get_for_login(connection, SEED_OWNER)
        if found is not None:
            return found[0].id
        owner = await users.insert_user(
            connection, email=SEED_OWNER, hashed_password=hashed, full_name="Demo"
        )
        return owner.id

    return db.write_blocking(unit)


def _batches(
    dialect: Dialect, first_id: int, count: int, owner_id: int, batch: int
) -> Iterator[Batch]:
    rng = random.Random(first_id)  # noqa: S311 - demo data, not secrets
    start = utcnow() - timedelta(milliseconds=count)
    titles = [w.title() for w in WORDS]
    items: list[dict[str, Any]] = []
    tags: list[dict[str, Any]] = []
    for n in range(count):
        item_id = first_id + n
        stamp = bind_time(dialect, start + timedelta(milliseconds=n))
        chosen = rng.sample(TAGS_POOL, rng.randint(0, 2))
        name = f"{titles[rng.randrange(len(WORDS))]} {rng.choice(KINDS)} {item_id}"
        items.append(
            {
                "id": item_id,
                "sku": f"SEED-{item_id:09d}",
                "name": name,
                "description": f"A {name.lower()} from the demo catalog.",
                "price_cents": rng.randint(100, 100_000),
                "currency": "USD",
                "stock": rng.randint(0, 500),
                "tags": bind_json(chosen),
                "owner_id": owner_id,
                "version": 1,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        tags.extend({"item_id": item_id, "tag": tag} for tag in chosen)
        if len(items) == batch or n == count - 1:
            yield {ITEMS: items, TAGS: tags}
            items, tags = [], []


def seed_items(db: Database, passwords: Passwords, count: int, *, batch: int = 50_000) -> int:
    """Insert ``count`` demo items after the existing ones; returns how many."""
    if count <= 0:
        return 0
    owner_id = _owner_id(db, passwords)
    with db.engine.connect() as connection:
        first_id = (connection.scalar(select(func.max(ITEMS.c.id))) or 0) + 1
    load(db.engine, _batches(db.dialect, first_id, count, owner_id, batch))
    return count
