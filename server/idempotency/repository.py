"""Every statement on ``idempotency_keys``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, literal_column, select, update

from server.db import (
    Connection,
    Dialect,
    Statement,
    bind_json,
    bind_time,
    read_json,
    read_time,
)
from server.db.statements import upsert
from server.idempotency.models import IdempotencyRecord

KEYS = cast(Table, IdempotencyRecord.__table__)
PURGE_BATCH = 100
_STORED = ("operation", "request_digest", "status_code", "response_body", "response_headers")


@dataclass(frozen=True)
class KeyRow:
    """A claimed key as stored."""

    id: int
    operation: str
    request_digest: str
    status_code: int
    response_body: str
    response_headers: dict[str, str]
    expires_at: datetime


_LOOKUP = Statement(
    lambda _: select(KEYS.c.id, *(KEYS.c[name] for name in _STORED), KEYS.c.expires_at).where(
        KEYS.c.scope == bindparam("scope"), KEYS.c.key == bindparam("key")
    )
)
_DROP_EXPIRED = Statement(
    lambda _: delete(KEYS).where(
        KEYS.c.id == bindparam("id"), KEYS.c.expires_at <= bindparam("now")
    )
)


def _claim_statement(dialect: Dialect) -> Any:
    # A key another transaction holds: PostgreSQL waits for it on the unique index, then
    # inserts nothing if it committed (the caller looks again and replays).
    names = ("scope", "key", *_STORED, "created_at", "expires_at")
    return (
        upsert(dialect, KEYS)
        .values({name: bindparam(name) for name in names})
        .on_conflict_do_nothing(index_elements=["scope", "key"])
        .returning(KEYS.c.id)
    )


_CLAIM = Statement(_claim_statement)
_FILL = Statement(
    lambda _: (
        update(KEYS)
        .where(KEYS.c.id == bindparam("claim_id"))
        .values({name: bindparam(name) for name in _STORED[2:]})
    )
)


def _purge_statement(_: Dialect) -> Any:
    expired = (
        select(KEYS.c.id)
        .where(KEYS.c.expires_at <= bindparam("now"))
        .order_by(KEYS.c.expires_at)
        .limit(literal_column(str(PURGE_BATCH)))
        .offset(literal_column("0"))  # else SQLite's compiler binds an OFFSET of its own
        .with_for_update(skip_locked=True)
    )
    return delete(KEYS).where(KEYS.c.id.in_(expired))


_PURGE = Statement(_purge_statement)
_PURGE_ALL = Statement(lambda _: delete(KEYS).where(KEYS.c.expires_at <= bindparam("now")))


async def lookup(connection: Connection, scope: str, key: str) -> KeyRow | None:
    row = await connection.one(_LOOKUP, {"scope": scope, "key": key})
    if row is None:
        return None
    return KeyRow(
        id=row[0],
        operation=row[1],
        request_digest=row[2],
        status_code=row[3],
        response_body=row[4],
        response_headers=read_json(row[5]),
        expires_at=read_time(row[6]),
    )


async def drop_expired(connection: Connection, key_id: int, now: datetime) -> None:
    """Delete the key if it is still expired (a concurrent request may have replaced it)."""
    await connection.run(_DROP_EXPIRED, {"id": key_id, "now": bind_time(connection.dialect, now)})


async def claim(
    connection: Connection,
    *,
    scope: str,
    key: str,
    operation: str,
    digest: str,
    now: datetime,
    ttl_seconds: int,
) -> int | None:
    """Insert the key's row and return its id; None when another request holds the key."""
    dialect = connection.dialect
    row = await connection.one(
        _CLAIM,
        {
            "scope": scope,
            "key": key,
            "operation": operation,
            "request_digest": digest,
            "status_code": 0,
            "response_body": "",
            "response_headers": bind_json({}),
            "created_at": bind_time(dialect, now),
            "expires_at": bind_time(dialect, now + timedelta(seconds=ttl_seconds)),
        },
    )
    return None if row is None else int(row[0])


async def fill(
    connection: Connection,
    claim_id: int,
    *,
    status_code: int,
    body: bytes,
    headers: dict[str, str],
) -> None:
    await connection.run(
        _FILL,
        {
            "claim_id": claim_id,
            "status_code": status_code,
            "response_body": body.decode(),
            "response_headers": bind_json(headers),
        },
    )


async def purge_batch(connection: Connection, now: datetime) -> None:
    """Delete up to PURGE_BATCH expired keys, skipping rows other transactions hold."""
    await connection.run(_PURGE, {"now": bind_time(connection.dialect, now)})


async def purge_all(connection: Connection, now: datetime) -> int:
    return await connection.run(_PURGE_ALL, {"now": bind_time(connection.dialect, now)})
