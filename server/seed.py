"""A demo catalog inserted in bulk (not through the API): a million rows in seconds."""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Iterator
from datetime import timedelta
from itertools import islice
from typing import Any

from sqlalchemy import func, select

from server.config import Settings
from server.db import Database, utcnow
from server.items.models import ITEM_COLUMNS, Item
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
    with db.read_sessions() as session:
        existing = session.scalar(select(User.id).where(User.email == SEED_OWNER))
    if existing is not None:
        return existing
    # Nobody knows this password: the owner exists only to own demo items.
    hashed = Passwords(settings).hash(secrets.token_urlsafe(32))
    user = db.direct.write_blocking(
        lambda connection: users.insert_user(
            db.direct, connection, email=SEED_OWNER, hashed_password=hashed, full_name="Demo"
        )
    )
    return int(user["id"])


def _rows(first_id: int, count: int, owner_id: int, *, sqlite: bool) -> Iterator[tuple[Any, ...]]:
    """Rows in ``ITEM_COLUMNS`` order; the last field is the tag list (for item_tags)."""
    rng = random.Random(first_id)  # noqa: S311 - demo data, not secrets
    start = utcnow() - timedelta(milliseconds=count)
    step = timedelta(milliseconds=1)
    titles = [w.title() for w in WORDS]
    for n in range(count):
        item_id = first_id + n
        moment = start + step * n
        # SQLite keeps naive UTC text in SQLAlchemy's layout (always with microseconds,
        # so keyset comparisons of the text agree with time order).
        stamp: object = moment.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else moment
        tags = rng.sample(TAGS, rng.randint(0, 2))
        word = rng.randrange(len(WORDS))
        name = f"{titles[word]} {rng.choice(KINDS)} {item_id}"
        yield (
            item_id,
            f"SEED-{item_id:09d}",
            name,
            f"A {name.lower()} from the demo catalog.",
            rng.randint(100, 100_000),
            "USD",
            rng.randint(0, 500),
            json.dumps(tags),
            owner_id,
            1,
            stamp,
            stamp,
            tags,
        )


def _next_id(db: Database) -> int:
    with db.read_sessions() as session:
        return (session.scalar(select(func.max(Item.id))) or 0) + 1


def _seed_sqlite(db: Database, rows: Iterator[tuple[Any, ...]], count: int, batch: int) -> None:
    """executemany on the driver's connection, one transaction per batch.

    Durability is relaxed only while loading (``synchronous=OFF``); the WAL is
    checkpointed and the configured level restored before returning.
    """
    placeholders = ", ".join("?" for _ in ITEM_COLUMNS)
    item_sql = f"INSERT INTO items ({', '.join(ITEM_COLUMNS)}) VALUES ({placeholders})"  # noqa: S608
    tag_sql = "INSERT INTO item_tags (item_id, tag) VALUES (?, ?)"
    pooled = db.engine.raw_connection()
    try:
        connection: Any = pooled.driver_connection
        (synchronous,) = connection.execute("PRAGMA synchronous").fetchone()
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-262144")  # 256 MiB while loading
        try:
            done = 0
            while done < count:
                chunk = list(islice(rows, min(batch, count - done)))
                connection.execute("BEGIN IMMEDIATE")
                connection.executemany(item_sql, (row[:-1] for row in chunk))
                connection.executemany(tag_sql, ((row[0], t) for row in chunk for t in row[-1]))
                connection.execute("COMMIT")
                done += len(chunk)
        finally:
            connection.execute(f"PRAGMA synchronous={int(synchronous)}")
            connection.execute("PRAGMA cache_size=-2000")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        pooled.close()


def _seed_postgresql(db: Database, rows: Iterator[tuple[Any, ...]], count: int) -> None:
    """COPY into both tables in one transaction, then move the id sequence past the rows."""
    pooled = db.engine.raw_connection()
    try:
        connection: Any = pooled.driver_connection
        tag_rows: list[tuple[int, str]] = []
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY items ({', '.join(ITEM_COLUMNS)}) FROM STDIN") as copy:
                for row in islice(rows, count):
                    copy.write_row(row[:-1])
                    tag_rows.extend((row[0], t) for t in row[-1])
            with cursor.copy("COPY item_tags (item_id, tag) FROM STDIN") as copy:
                for tag_row in tag_rows:
                    copy.write_row(tag_row)
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('items', 'id'), (SELECT max(id) FROM items))"
            )
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    finally:
        pooled.close()


def seed_items(db: Database, settings: Settings, count: int, *, batch: int = 50_000) -> int:
    """Insert ``count`` demo items after the existing ones; returns how many."""
    if count <= 0:
        return 0
    owner_id = _owner_id(db, settings)
    sqlite = db.engine.dialect.name == "sqlite"
    rows = _rows(_next_id(db), count, owner_id, sqlite=sqlite)
    if sqlite:
        _seed_sqlite(db, rows, count, batch)
    else:
        _seed_postgresql(db, rows, count)
    return count
