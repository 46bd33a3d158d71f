"""Every statement on ``client_attempts``: attempts per client address, in a fixed window."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, literal_column, select

from server.db import Connection, Dialect, Statement, bind_time, read_time
from server.db.statements import count_in_window
from server.throttle.models import ClientAttempt

ATTEMPTS = cast(Table, ClientAttempt.__table__)
PURGE_BATCH = 100


def _purge_statement(_: Dialect) -> Any:
    ended = (
        select(ATTEMPTS.c.key)
        .where(ATTEMPTS.c.window_started_at <= bindparam("window_start"))
        .limit(literal_column(str(PURGE_BATCH)))
        .offset(literal_column("0"))  # else SQLite's compiler binds an OFFSET of its own
        .with_for_update(skip_locked=True)
    )
    return delete(ATTEMPTS).where(ATTEMPTS.c.key.in_(ended))


# One attempt counted in its client's window (``count_in_window``), answering the count it
# leaves: concurrent attempts each see their own count.
_RECORD = Statement(
    lambda d: count_in_window(
        d, ATTEMPTS, key="key", count="attempts", started="window_started_at"
    ).returning(ATTEMPTS.c.attempts, ATTEMPTS.c.window_started_at)
)
_PURGE = Statement(_purge_statement)


async def record(
    connection: Connection, key: str, *, now: datetime, window_start: datetime
) -> tuple[int, datetime]:
    """Count one attempt; the attempts in the client's window and when it started."""
    dialect = connection.dialect
    row = await connection.one(
        _RECORD,
        {
            "key": key,
            "now": bind_time(dialect, now),
            "window_start": bind_time(dialect, window_start),
        },
    )
    assert row is not None  # an upsert with RETURNING answers one row
    return int(row[0]), read_time(row[1])


async def purge_batch(connection: Connection, window_start: datetime) -> None:
    """Delete up to PURGE_BATCH rows whose window ended, skipping rows others hold."""
    await connection.run(_PURGE, {"window_start": bind_time(connection.dialect, window_start)})
