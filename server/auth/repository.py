"""Every statement on ``login_failures``: failed logins per email, in a fixed window."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, bindparam, case, delete, literal_column, select
from sqlalchemy.dialects import postgresql, sqlite

from server.auth.models import LoginFailure
from server.db import Connection, Dialect, Statement, bind_time, read_time

FAILURES = cast(Table, LoginFailure.__table__)

_GET = Statement(
    lambda _: select(FAILURES.c.failures, FAILURES.c.window_started_at).where(
        FAILURES.c.key == bindparam("key")
    )
)
_CLEAR = Statement(lambda _: delete(FAILURES).where(FAILURES.c.key == bindparam("key")))


def _record_statement(dialect: Dialect) -> Any:
    # One statement whatever the row's state: a first failure inserts it, a window that
    # has ended starts again at one, otherwise the count goes up by one.
    insert = sqlite.insert if dialect == "sqlite" else postgresql.insert
    one: ColumnElement[int] = literal_column("1")
    statement = insert(FAILURES).values(
        key=bindparam("key"), failures=one, window_started_at=bindparam("now")
    )
    ended = FAILURES.c.window_started_at <= bindparam("window_start")
    return statement.on_conflict_do_update(
        index_elements=[FAILURES.c.key],
        set_={
            "failures": case((ended, one), else_=FAILURES.c.failures + one),
            "window_started_at": case(
                (ended, statement.excluded.window_started_at),
                else_=FAILURES.c.window_started_at,
            ),
        },
    )


_RECORD = Statement(_record_statement)


async def failures(connection: Connection, key: str) -> tuple[int, datetime] | None:
    """The failure count and when its window started, if any failure is recorded."""
    row = await connection.one(_GET, {"key": key})
    return None if row is None else (int(row[0]), read_time(row[1]))


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
