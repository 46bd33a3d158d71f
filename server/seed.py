"""A demo catalog inserted in bulk (not through the API): a million rows in seconds."""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy import func, select, text

from server.config import Settings
from server.db import Database, utcnow
from server.items.models import Item
from server.security import Passwords
from server.users import service as users
from server.users.models import User

SEED_OWNER = "seed@storefront.example"
WORDS = [
    "cotton",
    "linen",
    "denim",
    "wool",
    "silk",
    "canvas",
    "leather",
    "classic",
    "slim",
    "oversized",
]
KINDS = ["shirt", "jacket", "trousers", "scarf", "hat", "bag", "sock", "dress", "coat", "belt"]
TAGS = ["blue", "red", "green", "black", "white", "sale", "new", "summer", "winter", "eco"]


def _owner_id(db: Database, settings: Settings) -> int:
    with db.write_sessions() as session:
        existing = session.scalar(select(User.id).where(User.email == SEED_OWNER))
        if existing is not None:
            return existing
        # Nobody knows this password: the owner exists only to own demo items.
        hashed = Passwords(settings).hash(secrets.token_urlsafe(32))
        user = users.create_user(
            session, email=SEED_OWNER, hashed_password=hashed, full_name="Demo"
        )
        session.commit()
        return user.id


def _rows(
    first_id: int, count: int, owner_id: int
) -> Iterator[tuple[dict[str, object], list[str]]]:
    rng = random.Random(first_id)  # noqa: S311 - demo data, not secrets
    start = utcnow() - timedelta(milliseconds=count)
    for n in range(count):
        item_id = first_id + n
        stamp = start + timedelta(milliseconds=n)
        tags = rng.sample(TAGS, rng.randint(0, 2))
        name = f"{rng.choice(WORDS).title()} {rng.choice(KINDS)} {item_id}"
        yield (
            {
                "id": item_id,
                "sku": f"SEED-{item_id:09d}",
                "name": name,
                "description": f"A {name.lower()} from the demo catalog.",
                "price_cents": rng.randint(100, 100_000),
                "currency": "USD",
                "stock": rng.randint(0, 500),
                "tags": json.dumps(tags),
                "owner_id": owner_id,
                "version": 1,
                "created_at": stamp,
                "updated_at": stamp,
            },
            tags,
        )


def seed_items(db: Database, settings: Settings, count: int, *, batch: int = 20_000) -> int:
    """Insert ``count`` demo items after the existing ones; returns how many."""
    owner_id = _owner_id(db, settings)
    with db.read_sessions() as session:
        first_id = (session.scalar(select(func.max(Item.id))) or 0) + 1
    items_table = Item.__table__
    columns = [c.name for c in items_table.columns]
    item_sql = text(
        f"INSERT INTO items ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"  # noqa: S608
    ).bindparams()
    rows = _rows(first_id, count, owner_id)
    done = 0
    while done < count:
        size = min(batch, count - done)
        item_rows: list[dict[str, object]] = []
        tag_rows: list[dict[str, object]] = []
        for _ in range(size):
            row, tags = next(rows)
            if db.engine.dialect.name == "sqlite":
                for stamp in ("created_at", "updated_at"):
                    row[stamp] = row[stamp].replace(tzinfo=None).isoformat(" ")  # type: ignore[attr-defined]
            item_rows.append(row)
            tag_rows.extend({"item_id": row["id"], "tag": t} for t in tags)
        with db.engine.execution_options(storefront_write=True).begin() as connection:
            connection.execute(item_sql, item_rows)
            if tag_rows:
                connection.execute(
                    text("INSERT INTO item_tags (item_id, tag) VALUES (:item_id, :tag)"), tag_rows
                )
        done += size
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('items', 'id'), "
                    "(SELECT max(id) FROM items))"
                )
            )
    return done
