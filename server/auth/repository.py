"""Every statement on ``refresh_families``: one row per login, its newest generation.

A family past its expiry can never be redeemed (nor can its tokens, which expire with
it), so each login also deletes up to ``PURGE_BATCH`` expired families, oldest first:
the table holds the live sessions and about as many expired ones as logins since.
On PostgreSQL concurrent logins skip the rows another one is deleting (``SKIP LOCKED``),
so they neither wait for nor deadlock with each other.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, delete, insert, literal_column, select, update

from server.auth.models import RefreshFamily
from server.db import Connection, Statement, bind_time

FAMILIES = cast(Table, RefreshFamily.__table__)
PURGE_BATCH = 100

_INSERT = Statement(
    lambda _: (
        insert(FAMILIES)
        .values(
            user_id=bindparam("user_id"),
            generation=literal_column("0"),
            created_at=bindparam("now"),
            expires_at=bindparam("expires_at"),
        )
        .returning(FAMILIES.c.id)
    )
)
_PURGE = Statement(
    lambda _: delete(FAMILIES).where(
        FAMILIES.c.id.in_(
            select(FAMILIES.c.id)
            .where(FAMILIES.c.expires_at <= bindparam("now"))
            .order_by(FAMILIES.c.expires_at)
            .limit(literal_column(str(PURGE_BATCH)))
            .offset(literal_column("0"))  # else SQLite's compiler binds an OFFSET
            .with_for_update(skip_locked=True)
        )
    )
)
# Redeem generation :generation, once: concurrent redemptions of one token see one winner.
_ROTATE = Statement(
    lambda _: (
        update(FAMILIES)
        .where(
            FAMILIES.c.id == bindparam("id"),
            FAMILIES.c.user_id == bindparam("user_id"),
            FAMILIES.c.generation == bindparam("generation"),
            FAMILIES.c.revoked_at.is_(None),
            FAMILIES.c.expires_at > bindparam("now"),
        )
        .values(generation=FAMILIES.c.generation + literal_column("1"))
        .returning(FAMILIES.c.generation)
    )
)
_GENERATION = Statement(
    lambda _: select(FAMILIES.c.generation, FAMILIES.c.revoked_at).where(
        FAMILIES.c.id == bindparam("id"), FAMILIES.c.user_id == bindparam("user_id")
    )
)
_REVOKE = Statement(
    lambda _: (
        update(FAMILIES)
        .where(FAMILIES.c.id == bindparam("id"), FAMILIES.c.revoked_at.is_(None))
        .values(revoked_at=bindparam("now"))
    )
)


async def start_family(
    connection: Connection, user_id: int, *, now: datetime, expires_at: datetime
) -> int:
    """A new family at generation 0; its id. Expired families go (``PURGE_BATCH``)."""
    dialect = connection.dialect
    await connection.run(_PURGE, {"now": bind_time(dialect, now)})
    row = await connection.one(
        _INSERT,
        {
            "user_id": user_id,
            "now": bind_time(dialect, now),
            "expires_at": bind_time(dialect, expires_at),
        },
    )
    assert row is not None
    return int(row[0])


async def rotate(
    connection: Connection, family: int, user_id: int, generation: int, *, now: datetime
) -> bool:
    """Move the family from ``generation`` to the next; False when that generation is not
    the live one (used already, revoked, expired or unknown)."""
    params = {
        "id": family,
        "user_id": user_id,
        "generation": generation,
        "now": bind_time(connection.dialect, now),
    }
    return await connection.one(_ROTATE, params) is not None


async def generation(connection: Connection, family: int, user_id: int) -> tuple[int, bool] | None:
    """The family's live generation and whether it is revoked; None when unknown."""
    row = await connection.one(_GENERATION, {"id": family, "user_id": user_id})
    return None if row is None else (int(row[0]), row[1] is not None)


async def revoke(connection: Connection, family: int, *, now: datetime) -> None:
    await connection.run(_REVOKE, {"id": family, "now": bind_time(connection.dialect, now)})
