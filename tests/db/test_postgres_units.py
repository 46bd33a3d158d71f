"""server/db/postgres.py: units of work over asyncpg on the event loop.

Statements compile to ``$n`` placeholders, one per name; a failed statement keeps its
connection, a dead or interrupted one is dropped, work on a connection the server
closed runs once more where nothing of it can have taken effect, and the driver's
errors come out as ``UniqueViolation`` (by constraint name) or ``DatabaseUnavailable``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, cast

import asyncpg
import psycopg
import pytest
from pydantic import TypeAdapter
from sqlalchemy import DateTime, bindparam, make_url, select, text

from server.db import Connection, Database, DatabaseUnavailable, Statement, UniqueViolation
from server.db.postgres import PostgresUnits, postgres_dsn
from server.errors import Conflict
from server.items.repository import _rfc3339
from tests.support.databases import ADMIN_URL, PostgresDatabase, fast_settings

pytestmark = pytest.mark.postgres

PID = Statement(lambda _: text("SELECT pg_backend_pid()"))
SLEEP = Statement(lambda _: text("SELECT pg_sleep(30)"))


@pytest.fixture
def database(postgres_database: PostgresDatabase) -> Iterator[Database]:
    db = Database(fast_settings(postgres_database.empty()))
    yield db
    db.dispose()


def _units(database: Database) -> PostgresUnits:
    return cast(PostgresUnits, database._units)


def _in_loop(database: Database, main: Any) -> Any:
    """``main()`` on a fresh event loop, then the loop's connections closed."""

    async def run() -> Any:
        try:
            return await main()
        finally:
            await database.aclose()

    return asyncio.run(run())


async def _pid(connection: Connection) -> int:
    row = await connection.one(PID)
    assert row is not None
    return int(row[0])


def test_placeholders_are_numbered_once_per_name() -> None:
    statement = Statement(
        lambda _: select(bindparam("a") + bindparam("b") + bindparam("a") + bindparam("c"))
    )
    compiled = statement.compiled("postgresql")
    assert "$3" in compiled.sql
    assert "$4" not in compiled.sql
    assert compiled.names == ("a", "b", "c")
    assert ":a" in statement.compiled("sqlite").sql


def test_a_bound_value_is_refused_where_the_statement_is_declared() -> None:
    with pytest.raises(ValueError, match="bound values"):
        Statement(lambda _: select(bindparam("a") + 1)).compiled("postgresql")


def test_a_failed_statement_keeps_its_connection(database: Database) -> None:
    division = Statement(lambda _: text("SELECT 1 / CAST(:zero AS int)"))

    async def divide(connection: Connection) -> None:
        await connection.one(division, {"zero": 0})

    async def main() -> tuple[int, BaseException, int]:
        before = await database.read(_pid)
        try:
            await database.read(divide)
        except asyncpg.DivisionByZeroError as exc:
            error: BaseException = exc
        else:
            raise AssertionError("division by zero went through")
        return before, error, await database.read(_pid)

    before, _, after = _in_loop(database, main)
    assert before == after  # the same connection served the next read


def test_a_write_commits_or_rolls_back_whole_and_names_the_constraint(
    database: Database,
) -> None:
    setup = Statement(lambda _: text("CREATE TABLE notes (text TEXT CONSTRAINT uq_notes UNIQUE)"))
    insert = Statement(lambda _: text("INSERT INTO notes (text) VALUES (:t)"))
    count = Statement(lambda _: text("SELECT count(*) FROM notes"))

    async def create(connection: Connection) -> None:
        await connection.run(setup)

    async def add_then_refuse(connection: Connection) -> None:
        await connection.run(insert, {"t": "half"})
        raise Conflict("no")

    async def add_twice(connection: Connection) -> None:
        await connection.run(insert, {"t": "same"})
        await connection.run(insert, {"t": "same"})

    async def counted(connection: Connection) -> int:
        row = await connection.one(count)
        return int(row[0]) if row else -1

    async def main() -> tuple[int, UniqueViolation]:
        await database.write(create)
        with pytest.raises(Conflict):
            await database.write(add_then_refuse)
        with pytest.raises(UniqueViolation) as violation:
            await database.write(add_twice)
        await database.write(lambda c: c.run(insert, {"t": "kept"}))
        return await database.read(counted), violation.value

    rows, violation = _in_loop(database, main)
    assert rows == 1  # only "kept": each refused unit was undone whole
    assert violation.constraint == "uq_notes"


def test_a_connection_the_server_closed_costs_no_failed_read_or_write(
    database: Database,
) -> None:
    async def kill(pid: int) -> None:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        await asyncio.sleep(0.2)  # let the backend go

    async def main() -> tuple[int, int, int]:
        first = await database.read(_pid)
        await kill(first)
        second = await database.read(_pid)
        await kill(second)
        third = await database.write(_pid)  # its BEGIN failed: nothing was done, so again
        return first, second, third

    first, second, third = _in_loop(database, main)
    assert len({first, second, third}) == 3


def test_a_cancelled_unit_drops_its_connection_and_frees_its_slot(database: Database) -> None:
    units = _units(database)

    async def slow(connection: Connection) -> None:
        await connection.one(SLEEP)

    async def main() -> tuple[int, int, int]:
        first = await database.read(_pid)
        sleeping = asyncio.ensure_future(database.read(slow))
        await asyncio.sleep(0.3)
        sleeping.cancel()
        with pytest.raises(asyncio.CancelledError):
            await sleeping
        pool = units._pool()
        idle = len(pool.idle)
        for _ in range(units._pool_size):  # every slot is free again
            await asyncio.wait_for(pool.slots.acquire(), 0.5)
        for _ in range(units._pool_size):
            pool.slots.release()
        pids = await asyncio.gather(*(database.read(_pid) for _ in range(3)))
        return first, idle, len(set(pids) - {first})

    _, idle, fresh = _in_loop(database, main)
    assert idle == 0  # the interrupted connection was not put back
    assert fresh >= 1


def test_an_unreachable_server_is_unavailable() -> None:
    database = Database(fast_settings("postgresql://postgres@127.0.0.1:1/none"))
    try:
        with pytest.raises(DatabaseUnavailable):
            _in_loop(database, lambda: database.read(_pid))
        with pytest.raises(DatabaseUnavailable):
            _in_loop(database, lambda: database.write(_pid))
    finally:
        database.dispose()


def test_client_only_url_options_stay_on_the_client(
    postgres_database: PostgresDatabase,
) -> None:
    url = make_url(
        postgres_database.url.replace("postgresql://", "postgresql+psycopg://")
        + "?connect_timeout=5&application_name=storefront-test&sslmode=disable"
    )
    target = make_url(postgres_dsn(url))
    assert target.drivername == "postgresql"
    assert dict(target.query) == {"application_name": "storefront-test", "sslmode": "disable"}

    database = Database(fast_settings(url.render_as_string(hide_password=False)))
    name = Statement(lambda _: text("SHOW application_name"))
    try:
        row = _in_loop(database, lambda: database.read(lambda c: c.one(name)))
        assert row[0] == "storefront-test"
    finally:
        database.dispose()


MOMENTS = [
    datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    datetime(2026, 1, 2, 3, 4, 5, 500000, tzinfo=UTC),
    datetime(2026, 1, 2, 3, 4, 5, 600, tzinfo=UTC),
    datetime(999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 5, 6, 7, 8, 9, 10, tzinfo=timezone(timedelta(hours=9))),
]
FORMATTED = Statement(
    lambda _: select(_rfc3339(bindparam("at", type_=DateTime(timezone=True)), "at"))
)


def _formatted(database: Database, moments: list[datetime]) -> list[str]:
    async def main() -> list[str]:
        texts = []
        for moment in moments:

            async def formatted(connection: Connection, at: datetime = moment) -> Any:
                return await connection.one(FORMATTED, {"at": at})

            row = await database.read(formatted)
            assert row is not None
            texts.append(str(row[0]))
        return texts

    result: list[str] = _in_loop(database, main)
    return result


def test_timestamps_are_read_as_the_api_writes_them(database: Database) -> None:
    written = [TypeAdapter(datetime).dump_json(m.astimezone(UTC)).decode() for m in MOMENTS]
    assert [f'"{text}"' for text in _formatted(database, MOMENTS)] == written


def test_timestamps_come_back_in_utc_whatever_the_database_zone(
    database: Database, postgres_database: PostgresDatabase
) -> None:
    name = postgres_database.name
    with psycopg.connect(postgres_database.url, autocommit=True) as admin:
        admin.execute(f"ALTER DATABASE \"{name}\" SET TimeZone TO 'Asia/Tokyo'")
        admin.execute(f"ALTER DATABASE \"{name}\" SET DateStyle TO 'SQL, DMY'")
    try:
        texts = _formatted(database, [datetime(2026, 5, 6, 7, 8, 9, 10, tzinfo=UTC)])
    finally:
        with psycopg.connect(postgres_database.url, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" RESET ALL')
    assert texts == ["2026-05-06T07:08:09.000010Z"]
