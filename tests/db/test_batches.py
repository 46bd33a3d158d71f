"""Concurrent statements that share one run on PostgreSQL (``server.db.postgres``).

Concurrent creates without an Idempotency-Key share one INSERT (and so one transaction),
concurrent gets one SELECT (``Batch``): each caller still gets its own row or its own
refusal (a taken sku, an owner who may not act, a database that does not answer),
exactly as if it had run alone. Identical reads arriving while one runs share the next
run, never the one under way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from server.config import Settings
from server.db import Connection, Database, DatabaseUnavailable, Statement
from server.db.postgres import PostgresConnection
from server.errors import Conflict
from server.items import repository
from server.items.schemas import ItemCreate
from server.users import repository as users
from tests.support.databases import PostgresDatabase, fast_settings

pytestmark = pytest.mark.postgres


@pytest.fixture
def database(postgres_database: PostgresDatabase) -> Iterator[Database]:
    db = Database(fast_settings(postgres_database.empty()))
    yield db
    db.dispose()


def _owner(database: Database, email: str = "owner@example.com") -> int:
    owner = database.write_blocking(
        lambda connection: users.insert_user(
            connection, email=email, hashed_password="x", full_name=None
        )
    )
    return owner.id


def _fields(sku: str, tags: list[str] | None = None) -> dict[str, Any]:
    body = {"sku": sku, "name": f"name of {sku}", "price_cents": 100, "tags": tags or []}
    return ItemCreate.model_validate(body).model_dump()


async def _create(
    database: Database, owner_id: int, fields: dict[str, Any], session_version: int = 0
) -> dict[str, Any] | None:
    """One create as the service writes it without a key: a single-statement unit."""

    async def unit(connection: Connection) -> dict[str, Any] | None:
        return await repository.insert_item(
            connection, owner_id=owner_id, session_version=session_version, fields=fields
        )

    return await database.write(unit, single_statement=True)


def _concurrently(database: Database, *creates: Any) -> list[Any]:
    """The creates started together on one loop: what each returned or raised."""

    async def main() -> list[Any]:
        try:
            return await asyncio.gather(*creates, return_exceptions=True)
        finally:
            await database.aclose()

    return asyncio.run(main())


def _rows(database: Database, sql: str) -> list[Any]:
    with database.engine.connect() as connection:
        return list(connection.execute(text(sql)))


def test_concurrent_creates_share_one_statement_and_each_gets_its_own_row(
    database: Database,
) -> None:
    owner = _owner(database)
    skus = [f"BATCH-{n}" for n in range(12)]
    results = _concurrently(
        database, *(_create(database, owner, _fields(sku, [sku.lower(), "all"])) for sku in skus)
    )
    assert [result["sku"] for result in results] == skus
    for result in results:
        stored = _rows(database, f"SELECT id, name FROM items WHERE sku = '{result['sku']}'")
        assert stored == [(result["id"], f"name of {result['sku']}")]
        assert result["tags"] == [result["sku"].lower(), "all"]
        assert result["owner_id"] == owner
        assert result["version"] == 1
    # One statement is one transaction: the rows share its id (all twelve joined the
    # batch before it started; run alone, each would be a transaction of its own).
    transactions = _rows(database, "SELECT count(DISTINCT xmin::text) FROM items")
    assert transactions == [(1,)]
    tags = _rows(database, "SELECT count(*) FROM item_tags WHERE tag = 'all'")
    assert tags == [(12,)]
    for result in results:
        own = _rows(database, f"SELECT tag FROM item_tags WHERE item_id = {result['id']}")
        assert sorted(tag for (tag,) in own) == sorted(result["tags"])


def test_a_taken_sku_in_a_batch_is_that_callers_conflict_alone(database: Database) -> None:
    owner = _owner(database)
    _concurrently(database, _create(database, owner, _fields("TAKEN")))
    skus = ["FIRST", "SECOND", "TAKEN", "THIRD", "SECOND"]
    results = _concurrently(database, *(_create(database, owner, _fields(sku)) for sku in skus))
    assert isinstance(results[2], Conflict)  # taken before
    assert isinstance(results[1], dict) != isinstance(results[4], dict)  # one of the twins
    conflicts = [n for n in (1, 4) if isinstance(results[n], Conflict)]
    assert len(conflicts) == 1
    for n in (0, 3):
        assert results[n]["sku"] == skus[n]
    stored = _rows(database, "SELECT sku FROM items ORDER BY sku")
    assert stored == [("FIRST",), ("SECOND",), ("TAKEN",), ("THIRD",)]


def test_an_owner_who_may_not_act_gets_nothing_and_the_others_are_written(
    database: Database,
) -> None:
    owner = _owner(database)
    other = _owner(database, "other@example.com")
    with database.engine.begin() as connection:
        connection.execute(text(f"UPDATE users SET is_active = false WHERE id = {other}"))
    creates = [
        _create(database, owner, _fields("MINE-1")),
        _create(database, other, _fields("THEIRS")),  # inactive
        _create(database, owner, _fields("ENDED"), session_version=7),  # session ended
        _create(database, owner + other, _fields("NOBODY")),  # no such user
        _create(database, owner, _fields("MINE-2")),
    ]
    results = _concurrently(database, *creates)
    assert [None if r is None else r["sku"] for r in results] == [
        "MINE-1",
        None,
        None,
        None,
        "MINE-2",
    ]
    assert _rows(database, "SELECT sku FROM items ORDER BY sku") == [("MINE-1",), ("MINE-2",)]


def test_a_caller_cancelled_while_waiting_writes_nothing(database: Database) -> None:
    owner = _owner(database)

    async def main() -> list[Any]:
        try:
            tasks = [
                asyncio.create_task(_create(database, owner, _fields(f"WAIT-{n}")))
                for n in range(3)
            ]
            await asyncio.sleep(0)  # each has joined the batch, none has been written
            tasks[1].cancel()
            return list(await asyncio.gather(*tasks, return_exceptions=True))
        finally:
            await database.aclose()

    results: list[Any] = asyncio.run(main())
    assert isinstance(results[1], asyncio.CancelledError)
    assert [results[0]["sku"], results[2]["sku"]] == ["WAIT-0", "WAIT-2"]
    assert _rows(database, "SELECT sku FROM items ORDER BY sku") == [("WAIT-0",), ("WAIT-2",)]


def test_a_batch_on_a_database_that_does_not_answer_is_unavailable_for_each_caller() -> None:
    settings: Settings = fast_settings(
        "postgresql+psycopg://postgres@127.0.0.1:1/none", db_connect_timeout_seconds=1
    )
    database = Database(settings)
    try:
        results = _concurrently(
            database, *(_create(database, 1, _fields(f"LOST-{n}")) for n in range(4))
        )
    finally:
        database.dispose()
    assert all(isinstance(result, DatabaseUnavailable) for result in results), results


def test_concurrent_gets_are_one_select_and_each_gets_its_own_item(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = _owner(database)
    created = _concurrently(
        database, *(_create(database, owner, _fields(f"GET-{n}")) for n in range(3))
    )
    ids = [item["id"] for item in created]
    executed: list[str] = []
    run_all = PostgresConnection.all

    async def counted(self: PostgresConnection, statement: Any, params: Any = None) -> Any:
        executed.append(statement.compiled("postgresql").sql)
        return await run_all(self, statement, params)

    monkeypatch.setattr(PostgresConnection, "all", counted)
    wanted = [ids[2], ids[0], 999_999, ids[2], ids[1]]  # one missing, one twice

    async def get(item_id: int) -> dict[str, Any] | None:
        return await database.read(lambda connection: repository.get(connection, item_id))

    found = _concurrently(database, *(get(n) for n in wanted))
    assert [None if item is None else item["sku"] for item in found] == [
        "GET-2",
        "GET-0",
        None,
        "GET-2",
        "GET-1",
    ]
    assert found[0] == created[2]
    assert len(executed) == 1  # the five gets, one SELECT ... WHERE id = ANY(...)
    assert "ANY" in executed[0]


SEQUENCE = Statement(lambda _: text("SELECT nextval('shared_reads'), CAST(:n AS int)"))


def test_identical_reads_share_one_run_but_never_one_begun_before_them(
    database: Database,
) -> None:
    with database.engine.begin() as connection:
        connection.execute(text("CREATE SEQUENCE IF NOT EXISTS shared_reads"))
        connection.execute(text("SELECT setval('shared_reads', 1, false)"))

    async def read(n: int) -> int:
        row = await database.read(lambda c: c.one(SEQUENCE, {"n": n}))
        assert row is not None
        assert row[1] == n
        return int(row[0])

    try:
        values = _concurrently(database, *(read(n) for n in (0, 0, 0, 1, 0, 1)))
    finally:
        with database.engine.begin() as connection:
            connection.execute(text("DROP SEQUENCE shared_reads"))
    # The first of each runs at once; the same read arriving while it runs waits for
    # the next run (it must see the database as of after its arrival), and shares it.
    first_zero, first_one = values[0], values[3]
    later_zero, later_one = values[1], values[5]
    assert len({first_zero, first_one, later_zero, later_one}) == 4
    assert values == [first_zero, later_zero, later_zero, first_one, later_zero, later_one]


def test_a_read_of_one_row_never_shares_with_a_read_of_all_rows(database: Database) -> None:
    statement = Statement(lambda _: text("SELECT n FROM generate_series(1, 3) AS n"))

    async def one() -> Any:
        return await database.read(lambda c: c.one(statement))

    async def every() -> Any:
        return await database.read(lambda c: c.all(statement))

    results = _concurrently(database, one(), every(), one(), every())
    assert [tuple(results[n]) for n in (0, 2)] == [(1,), (1,)]
    assert [[tuple(row) for row in results[n]] for n in (1, 3)] == [[(1,), (2,), (3,)]] * 2
