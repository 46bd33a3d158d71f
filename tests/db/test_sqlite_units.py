"""server/db/sqlite.py: group commit, savepoints, the busy-lock fallback, errors.

Writes that reach ``Database.write`` within a few turns of the event loop share one
transaction; each must still succeed or fail on its own, be answered only after the
COMMIT, and never be written outside a transaction.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import text

from server.db import Connection, Database, Statement, UniqueViolation, Unit
from server.db.sqlite import GATHER_TURNS, SqliteConnection, SqliteUnits
from server.errors import Conflict
from tests.support.databases import SqliteTemplate, fast_settings

_CREATE = Statement(lambda _: text("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT UNIQUE)"))
_INSERT = Statement(lambda _: text("INSERT INTO notes (text) VALUES (:t)"))


@pytest.fixture
def sqlite_db(sqlite_template: SqliteTemplate, tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    database = Database(fast_settings(sqlite_template.fresh(tmp_path)))

    async def create(connection: Connection) -> None:
        await connection.run(_CREATE)

    database.write_blocking(create)
    yield database, tmp_path / "storefront.sqlite"
    database.dispose()


def _notes(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT text FROM notes ORDER BY id")]


def _add(note: str) -> Unit[str]:
    async def unit(connection: Connection) -> str:
        await connection.run(_INSERT, {"t": note})
        return note

    return unit


async def _refused(connection: Connection) -> None:
    """A unit that writes, then fails."""
    await connection.run(_INSERT, {"t": "refused"})
    raise Conflict("no")


def _write_all(database: Database, units: list[Unit[Any]]) -> list[Any]:
    """``units`` sent to ``Database.write`` in one turn of the loop: results or errors."""

    async def main() -> list[Any]:
        writes = (database.write(unit) for unit in units)
        return list(await asyncio.gather(*writes, return_exceptions=True))

    return asyncio.run(main())


def _count_commits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    groups: list[int] = []
    original = SqliteUnits._commit_group

    def counting(self: SqliteUnits, group: list[Any]) -> None:
        groups.append(len(group))
        original(self, group)

    monkeypatch.setattr(SqliteUnits, "_commit_group", counting)
    return groups


def test_concurrent_writes_share_one_commit_and_fail_alone(
    sqlite_db: tuple[Database, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    database, path = sqlite_db
    groups = _count_commits(monkeypatch)

    results = _write_all(database, [_add("a"), _add("b"), _refused, _add("a"), _add("c")])
    assert groups == [5]
    assert results[:2] == ["a", "b"]
    assert isinstance(results[2], Conflict)
    # The unique text: undone alone (no table model names this test table's constraint).
    assert isinstance(results[3], UniqueViolation)
    assert results[3].constraint is None
    assert results[4] == "c"
    assert _notes(path) == ["a", "b", "c"]


def _traced(database: Database) -> list[str]:
    """The statements the loop's write connection runs from now on (in ``asyncio.run``'s
    thread, the test's own)."""
    statements: list[str] = []
    units = cast(SqliteUnits, database._units)
    units._writer().set_trace_callback(statements.append)
    return statements


def test_a_group_takes_no_savepoints_while_failing_units_wrote_nothing(
    sqlite_db: tuple[Database, Path],
) -> None:
    database, path = sqlite_db
    statements = _traced(database)

    # The second fails on its only insert.
    results = _write_all(database, [_add("a"), _add("a"), _add("b")])
    assert results[0] == "a"
    assert results[2] == "b"
    assert isinstance(results[1], UniqueViolation)
    assert _notes(path) == ["a", "b"]
    assert [s for s in statements if "INSERT" not in s] == ["BEGIN IMMEDIATE", "COMMIT"]


def test_a_unit_that_fails_after_writing_sends_the_group_to_savepoints(
    sqlite_db: tuple[Database, Path],
) -> None:
    database, path = sqlite_db
    statements = _traced(database)
    runs: list[str] = []

    def counted(note: str) -> Unit[str]:
        async def unit(connection: Connection) -> str:
            runs.append(note)
            return await _add(note)(connection)

        return unit

    results = _write_all(database, [counted("a"), _refused, counted("b")])
    assert results[0] == "a"
    assert results[2] == "b"
    assert isinstance(results[1], Conflict)
    assert _notes(path) == ["a", "b"]
    # "a" ran bare, then the group from the start with a savepoint per unit.
    assert runs == ["a", "a", "b"]
    control = [s for s in statements if "INSERT" not in s]
    assert control[:3] == ["BEGIN IMMEDIATE", "ROLLBACK", "BEGIN IMMEDIATE"]
    assert control.count("SAVEPOINT unit") == 3
    assert control[-1] == "COMMIT"


def test_a_group_waits_while_units_keep_coming_then_commits(
    sqlite_db: tuple[Database, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    database, path = sqlite_db
    groups = _count_commits(monkeypatch)

    async def arriving(note: str, turns: int) -> str:
        for _ in range(turns):
            await asyncio.sleep(0)  # one turn of the loop each
        return await database.write(_add(note))

    async def main() -> list[str]:
        # One unit per turn for six turns: the first group takes as many turns as it may
        # (GATHER_TURNS), the rest form the next one.
        return await asyncio.gather(*(arriving(str(n), n) for n in range(6)))

    assert asyncio.run(main()) == ["0", "1", "2", "3", "4", "5"]
    assert groups == [GATHER_TURNS, 6 - GATHER_TURNS]
    assert _notes(path) == ["0", "1", "2", "3", "4", "5"]

    groups.clear()
    # A lone unit is committed after two turns: nothing else came.
    assert asyncio.run(database.write(_add("alone"))) == "alone"
    assert groups == [1]


def test_a_lost_transaction_fails_every_unit_and_writes_nothing(
    sqlite_db: tuple[Database, Path],
) -> None:
    database, path = sqlite_db

    async def breaks_the_transaction(connection: Connection) -> None:
        cast(SqliteConnection, connection).raw.execute("ROLLBACK")  # as after an I/O error
        raise sqlite3.OperationalError("disk I/O error")

    results = _write_all(database, [_add("first"), breaks_the_transaction, _add("last")])
    assert all(isinstance(r, Exception) for r in results), results
    assert _notes(path) == []


def test_a_unit_that_waits_on_anything_else_is_refused_and_undone(
    sqlite_db: tuple[Database, Path],
) -> None:
    """Units run to their end inside the group's transaction: one that suspended would
    hold the write lock across its wait."""
    database, path = sqlite_db

    async def sleeps(connection: Connection) -> None:
        await connection.run(_INSERT, {"t": "half"})
        await asyncio.sleep(0)

    results = _write_all(database, [_add("kept"), sleeps])
    assert results[0] == "kept"
    assert isinstance(results[1], RuntimeError)
    assert "await nothing but its connection" in str(results[1])
    assert _notes(path) == ["kept"]


def test_a_held_write_lock_sends_the_group_to_wait_off_the_loop(
    sqlite_db: tuple[Database, Path],
) -> None:
    database, path = sqlite_db
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))

    async def main() -> tuple[list[str], float]:
        release.start()
        ticks = 0

        async def ticker() -> None:  # the loop keeps running while the writes wait
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.01)

        ticking = asyncio.create_task(ticker())
        started = time.monotonic()
        done = await asyncio.gather(database.write(_add("x")), database.write(_add("y")))
        ticking.cancel()
        assert ticks > 10
        return list(done), time.monotonic() - started

    (results, waited) = asyncio.run(main())
    holder.close()
    assert sorted(results) == ["x", "y"]
    assert waited >= 0.25
    assert sorted(_notes(path)) == ["x", "y"]


@pytest.mark.parametrize(
    ("message", "name"),
    [
        ("UNIQUE constraint failed: items.sku", "uq_items_sku"),
        ("UNIQUE constraint failed: users.email", "uq_users_email"),
        (
            "UNIQUE constraint failed: idempotency_keys.scope, idempotency_keys.key",
            "uq_idempotency_keys_scope_key",
        ),
        ("UNIQUE constraint failed: login_failures.key", "pk_login_failures"),
        ("UNIQUE constraint failed: items.name", None),
    ],
)
def test_sqlite_violations_are_named_by_the_schemas_constraint(
    message: str, name: str | None
) -> None:
    import server.models  # noqa: F401 - every table on the metadata, as in the app
    from server.db.sqlite import _translate

    translated = _translate(sqlite3.IntegrityError(message))
    assert isinstance(translated, UniqueViolation)
    assert translated.constraint == name


def test_a_missing_database_is_unavailable_not_an_error(tmp_path: Path) -> None:
    database = Database(fast_settings(f"sqlite:///{tmp_path / 'no-such-dir' / 'db.sqlite'}"))

    async def read(connection: Connection) -> None:
        await connection.one(_INSERT, {"t": "x"})

    from server.db import DatabaseUnavailable

    with pytest.raises(DatabaseUnavailable):
        asyncio.run(database.read(read))
    with pytest.raises(DatabaseUnavailable):
        asyncio.run(database.write(read))


_RANDOM = Statement(lambda _: text("SELECT random(), :n"))


def test_the_reads_of_one_turn_run_each_statement_once_and_fail_alone(
    sqlite_db: tuple[Database, Path],
) -> None:
    # The same statement with the same values runs once for the reads that arrive in one
    # turn of the loop (random() tells one run from another); other values run apart,
    # a read of a later turn runs again, and a failing read fails only its caller.
    database, _ = sqlite_db

    def read(n: int) -> Unit[tuple[Any, ...]]:
        async def unit(connection: Connection) -> tuple[Any, ...]:
            row = await connection.one(_RANDOM, {"n": n})
            assert row is not None
            rows = await connection.all(_RANDOM, {"n": n})
            return (row[0], row[1], rows)

        return unit

    async def broken(connection: Connection) -> None:
        await connection.one(_RANDOM, {"n": 1})
        raise Conflict("no")

    async def main() -> list[Any]:
        first = list(
            await asyncio.gather(
                *(database.read(unit) for unit in (read(1), read(1), broken, read(2), read(1))),
                return_exceptions=True,
            )
        )
        return [*first, await database.read(read(1))]

    results = asyncio.run(main())
    ones = [results[n] for n in (0, 1, 4)]
    assert {one[0] for one in ones} == {ones[0][0]}  # one run of (random(), 1)
    assert [one[1] for one in ones] == [1, 1, 1]
    assert results[3][1] == 2
    assert results[3][0] != ones[0][0]  # other values: a run of their own
    assert results[5][0] != ones[0][0]  # a later turn: a run of its own
    assert ones[0][2] == ones[1][2]
    assert ones[0][2] is not ones[1][2]  # each caller its own list
    assert isinstance(results[2], Conflict)
