"""Every statement on ``login_failures``: failed logins per account, and per account and
client, in a fixed window."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, delete, select

from server.db import Connection, Statement, bind_time, read_time
from server.db.statements import count_in_window
from server.throttle.models import LoginFailure

FAILURES = cast(Table, LoginFailure.__table__)

_GET = Statement(
    lambda _: select(FAILURES.c.failures, FAILURES.c.window_started_at).where(
        FAILURES.c.key == bindparam("key")
    )
)
_CLEAR = Statement(lambda _: delete(FAILURES).where(FAILURES.c.key == bindparam("key")))


# One failure counted in its email's window (``count_in_window``).
_RECORD = Statement(
    lambda d: count_in_window(d, FAILURES, key="key", count="failures", started="window_started_at")
)


async def failures(connection: Connection, key: str) -> tuple[int, datetime] | None:
    """The failure count and when its window started, if any failure is recorded."""
    row = await connection.one(_GET, {"key": key})
    return None if row is None else (int(row[0]), read_time(row[1]))


async def failures_of(
    connection: Connection, keys: tuple[str, str]
) -> tuple[tuple[int, datetime] | None, tuple[int, datetime] | None]:
    """``failures`` for two keys (the account's and the account-and-client pair's)."""
    return await failures(connection, keys[0]), await failures(connection, keys[1])


async def record_failure(
    connection: Connection, key: str, *, now: datetime, window_start: datetime
) -> None:
    dialect = connection.dialect
    await connection.run(
        _RECORD,
        {
            "key": key,
            "now": bind_time(dialect, now),
            "window_start": bind_time(dialect, window_start),
        },
    )


async def clear(connection: Connection, key: str) -> None:
    await connection.run(_CLEAR, {"key": key})
