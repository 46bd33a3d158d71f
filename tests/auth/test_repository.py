"""server/auth/repository.py: a login deletes expired refresh-token families (their tokens
can never be redeemed), oldest first and at most ``PURGE_BATCH`` at a time, and leaves
every live one, on both engines."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import FastAPI
from sqlalchemy import bindparam, func, select

from server.auth import repository
from server.context import AppContext
from server.db import Connection, Statement, utcnow
from server.users import repository as users

_COUNT = Statement(
    lambda _: (
        select(func.count())
        .select_from(repository.FAMILIES)
        .where(repository.FAMILIES.c.user_id == bindparam("user_id"))
    )
)


def _families(ctx: AppContext, user_id: int) -> int:
    async def count(connection: Connection) -> int:
        row = await connection.one(_COUNT, {"user_id": user_id})
        assert row is not None
        return int(row[0])

    return ctx.db.write_blocking(count)


def _start(ctx: AppContext, user_id: int, now: datetime, lifetime: timedelta) -> int:
    return ctx.db.write_blocking(
        lambda connection: repository.start_family(
            connection, user_id, now=now, expires_at=now + lifetime
        )
    )


def test_a_login_deletes_expired_families_and_keeps_live_ones(app: FastAPI) -> None:
    ctx: AppContext = app.state.storefront
    user = ctx.db.write_blocking(
        lambda connection: users.insert_user(
            connection, email="families@example.com", hashed_password="x", full_name=None
        )
    )
    now = utcnow()
    live = _start(ctx, user.id, now - timedelta(days=1), timedelta(days=30))
    long_ago = now - timedelta(days=60)
    for n in range(3):  # logins 60 days ago, for 30 days: expired a month ago
        _start(ctx, user.id, long_ago + timedelta(minutes=n), timedelta(days=30))
    # Each start purged what had expired by its own "now": none of these yet.
    assert _families(ctx, user.id) == 4

    newest = _start(ctx, user.id, now, timedelta(days=30))
    assert _families(ctx, user.id) == 2  # the live one and the new one

    async def generations(connection: Connection) -> list[tuple[int, bool] | None]:
        return [
            await repository.generation(connection, family, user.id) for family in (live, newest)
        ]

    assert ctx.db.write_blocking(generations) == [(0, False), (0, False)]


def test_the_purge_is_bounded_per_login(app: FastAPI) -> None:
    ctx: AppContext = app.state.storefront
    user = ctx.db.write_blocking(
        lambda connection: users.insert_user(
            connection, email="many@example.com", hashed_password="x", full_name=None
        )
    )
    long_ago = utcnow() - timedelta(days=60)
    expired = repository.PURGE_BATCH + 5

    async def many(connection: Connection) -> None:
        for n in range(expired):
            await repository.start_family(
                connection,
                user.id,
                now=long_ago + timedelta(seconds=n),
                expires_at=long_ago + timedelta(seconds=expired),  # after the last start
            )

    ctx.db.write_blocking(many)  # each start found nothing expired by its own "now" yet
    assert _families(ctx, user.id) == expired
    _start(ctx, user.id, utcnow(), timedelta(days=30))
    assert _families(ctx, user.id) == expired - repository.PURGE_BATCH + 1
