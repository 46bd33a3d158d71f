"""server/direct.py on PostgreSQL: the reads on the event loop (asyncpg).

The compiled statements are psycopg's; AsyncPostgres renumbers their placeholders,
maps asyncpg's errors to psycopg's, and keeps its connections healthy: a failed
statement keeps its connection, a dead or interrupted one is dropped, a read on a
connection the server closed is retried once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import psycopg
import pytest
from pydantic import TypeAdapter
from sqlalchemy import DateTime, bindparam, make_url, select
from sqlalchemy.exc import DBAPIError, OperationalError

from server.config import Settings
from server.db import Database, build_engine
from server.direct import AsyncPostgres, Direct, asyncpg_target
from server.items.queries import _rfc3339
from tests.support.databases import ADMIN_URL, PostgresDatabase, fast_settings

pytestmark = pytest.mark.postgres


@pytest.fixture
def direct(postgres_database: PostgresDatabase) -> Iterator[Direct]:
    settings: Settings = fast_settings(postgres_database.empty())
    database = Database(build_engine(settings), settings)
    yield database.direct
    database.engine.dispose()


def _reader(direct: Direct) -> AsyncPostgres:
    reader = direct._postgres
    assert reader is not None
    return reader


def _run(direct: Direct, *reads: tuple[str, dict[str, Any]]) -> list[Any]:
    """The reads one after another on one event loop, then its connections closed."""

    async def main() -> list[Any]:
        try:
            return [await direct.fetch_one(sql, params) for sql, params in reads]
        finally:
            await direct.aclose()

    return asyncio.run(main())


PID: tuple[str, dict[str, Any]] = ("SELECT pg_backend_pid()", {})


def test_placeholders_are_numbered_once_per_name(direct: Direct) -> None:
    text, names = _reader(direct).statement(
        "SELECT %(a)s, %(b)s, %(a)s WHERE name LIKE 'x%%' AND %(c_1)s"
    )
    assert text == "SELECT $1, $2, $1 WHERE name LIKE 'x%' AND $3"
    assert names == ("a", "b", "c_1")


def test_reads_bind_by_name_and_run_in_utc(direct: Direct) -> None:
    sum_row, zone = _run(
        direct,
        ("SELECT %(a)s::int * 10 + %(b)s::int, %(a)s::int", {"b": 2, "a": 7}),
        ("SHOW TimeZone", {}),
    )
    assert tuple(sum_row) == (72, 7)
    assert zone[0] == "UTC"


def test_a_server_error_is_psycopgs_and_the_connection_is_kept(direct: Direct) -> None:
    async def main() -> tuple[int, BaseException, int]:
        try:
            before = (await direct.fetch_one(*PID))[0]
            try:
                await direct.fetch_one("SELECT 1 / %(zero)s::int", {"zero": 0})
            except DBAPIError as exc:
                error: BaseException = exc
            else:
                raise AssertionError("division by zero went through")
            after = (await direct.fetch_one(*PID))[0]
            return before, error, after
        finally:
            await direct.aclose()

    before, error, after = asyncio.run(main())
    assert isinstance(error, DBAPIError)
    assert isinstance(error.orig, psycopg.errors.DivisionByZero)
    assert before == after  # the same connection served the next read


def test_a_connection_the_server_closed_costs_no_failed_read(direct: Direct) -> None:
    async def main() -> tuple[int, int]:
        try:
            first = (await direct.fetch_one(*PID))[0]
            with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", [first])
            await asyncio.sleep(0.2)  # let the backend go
            second = (await direct.fetch_one(*PID))[0]
            return first, second
        finally:
            await direct.aclose()

    first, second = asyncio.run(main())
    assert second != first


def test_a_cancelled_read_drops_its_connection_and_frees_its_slot(direct: Direct) -> None:
    reader = _reader(direct)

    async def main() -> tuple[int, int, int]:
        try:
            first = (await direct.fetch_one(*PID))[0]
            slow = asyncio.ensure_future(direct.fetch_one("SELECT pg_sleep(30)", {}))
            await asyncio.sleep(0.3)
            slow.cancel()
            with pytest.raises(asyncio.CancelledError):
                await slow
            pool = reader._pool()
            idle = len(pool.idle)
            for _ in range(reader._pool_size):  # every slot is free again
                await asyncio.wait_for(pool.slots.acquire(), 0.5)
            for _ in range(reader._pool_size):
                pool.slots.release()
            pids = await asyncio.gather(*(direct.fetch_one(*PID) for _ in range(3)))
            return first, idle, len({row[0] for row in pids} - {first})
        finally:
            await direct.aclose()

    _, idle, fresh = asyncio.run(main())
    assert idle == 0  # the interrupted connection was not put back
    assert fresh >= 1


def test_an_unreachable_server_is_an_operational_error() -> None:
    settings = fast_settings("postgresql://postgres@127.0.0.1:1/none")
    database = Database(build_engine(settings), settings)
    try:
        with pytest.raises(OperationalError):
            _run(database.direct, ("SELECT 1", {}))
    finally:
        database.engine.dispose()


def test_client_only_url_options_stay_on_the_client(
    postgres_database: PostgresDatabase,
) -> None:
    url = make_url(
        postgres_database.url.replace("postgresql://", "postgresql+psycopg://")
        + "?connect_timeout=5&application_name=storefront-test&sslmode=disable"
    )
    dsn, server_settings = asyncpg_target(url)
    target = make_url(dsn)
    assert target.drivername == "postgresql"
    assert dict(target.query) == {"application_name": "storefront-test", "sslmode": "disable"}
    assert server_settings == {"TimeZone": "UTC"}

    settings = fast_settings(url.render_as_string(hide_password=False))
    database = Database(build_engine(settings), settings)
    try:
        (name,) = _run(database.direct, ("SHOW application_name", {}))
        assert name[0] == "storefront-test"
    finally:
        database.engine.dispose()


MOMENTS = [
    datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    datetime(2026, 1, 2, 3, 4, 5, 500000, tzinfo=UTC),
    datetime(2026, 1, 2, 3, 4, 5, 600, tzinfo=UTC),
    datetime(999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 5, 6, 7, 8, 9, 10, tzinfo=timezone(timedelta(hours=9))),
]


def _formatted(direct: Direct, moments: list[datetime]) -> list[str]:
    sql = direct.sql(
        "test.rfc3339",
        lambda: select(_rfc3339(bindparam("at", type_=DateTime(timezone=True)), "at")),
    )
    rows = _run(direct, *((sql, {"at": moment}) for moment in moments))
    return [row[0] for row in rows]


def test_timestamps_are_read_as_the_api_writes_them(direct: Direct) -> None:
    written = [TypeAdapter(datetime).dump_json(m.astimezone(UTC)).decode() for m in MOMENTS]
    assert [f'"{text}"' for text in _formatted(direct, MOMENTS)] == written


def test_timestamps_come_back_in_utc_whatever_the_database_zone(
    direct: Direct, postgres_database: PostgresDatabase
) -> None:
    name = postgres_database.name
    with psycopg.connect(postgres_database.url, autocommit=True) as admin:
        admin.execute(f"ALTER DATABASE \"{name}\" SET TimeZone TO 'Asia/Tokyo'")
        admin.execute(f"ALTER DATABASE \"{name}\" SET DateStyle TO 'SQL, DMY'")
    try:
        texts = _formatted(direct, [datetime(2026, 5, 6, 7, 8, 9, 10, tzinfo=UTC)])
    finally:
        with psycopg.connect(postgres_database.url, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" RESET ALL')
    assert texts == ["2026-05-06T07:08:09.000010Z"]
