"""server/direct.py on SQLite: group commit, savepoints, the busy-lock fallback, errors.

Writes that reach ``Direct.write`` in the same turn of the event loop share one
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
from typing import Any

import pytest
from sqlalchemy.exc import DBAPIError

from server.config import Settings
from server.db import Database, build_engine
from server.direct import GATHER_TURNS, Direct
from server.errors import Conflict
from tests.support.databases import SqliteTemplate, fast_settings


@pytest.fixture
def sqlite_db(sqlite_template: SqliteTemplate, tmp_path: Path) -> Iterator[tuple[Direct, Path]]:
    url = sqlite_template.fresh(tmp_path)
    settings: Settings = fast_settings(url)
    database = Database(build_engine(settings), settings)
    database.direct.write_blocking(
        lambda c: c.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT UNIQUE)")
    )
    yield database.direct, tmp_path / "storefront.sqlite"
    database.engine.dispose()


def _notes(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT text FROM notes ORDER BY id")]


def _add(text: str) -> Any:
    def work(connection: Any) -> str:
        connection.execute("INSERT INTO notes (text) VALUES (:t)", {"t": text})
        return text

    return work


def _refused(connection: Any) -> None:
    """A unit that writes, then fails."""
    connection.execute("INSERT INTO notes (text) VALUES ('refused')")
    raise Conflict("no")


def _write_all(direct: Direct, units: list[Any]) -> list[Any]:
    """``units`` sent to ``Direct.write`` in one turn of the loop: results or errors."""

    async def main() -> list[Any]:
        writes = (direct.write(unit) for unit in units)
        return list(await asyncio.gather(*writes, return_exceptions=True))

    return asyncio.run(main())


def _count_commits(direct: Direct, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    groups: list[int] = []
    original = Direct._commit_group

    def counting(self: Direct, group: list[Any]) -> None:
        groups.append(len(group))
        original(self, group)

    monkeypatch.setattr(Direct, "_commit_group", counting)
    return groups


def test_concurrent_writes_share_one_commit_and_fail_alone(
    sqlite_db: tuple[Direct, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    direct, path = sqlite_db
    groups = _count_commits(direct, monkeypatch)

    results = _write_all(direct, [_add("a"), _add("b"), _refused, _add("a"), _add("c")])
    assert groups == [5]
    assert results[:2] == ["a", "b"]
    assert isinstance(results[2], Conflict)
    assert isinstance(results[3], DBAPIError)  # the unique text: undone alone
    assert results[4] == "c"
    assert _notes(path) == ["a", "b", "c"]


def _traced(direct: Direct) -> list[str]:
    """The statements the loop's write connection runs from now on."""
    statements: list[str] = []
    direct._writer().set_trace_callback(statements.append)
    return statements


def test_a_group_takes_no_savepoints_while_failing_units_wrote_nothing(
    sqlite_db: tuple[Direct, Path],
) -> None:
    direct, path = sqlite_db
    statements = _traced(direct)

    # The second fails on its only insert.
    results = _write_all(direct, [_add("a"), _add("a"), _add("b")])
    assert results[0] == "a"
    assert results[2] == "b"
    assert isinstance(results[1], DBAPIError)
    assert _notes(path) == ["a", "b"]
    assert [s for s in statements if "INSERT" not in s] == ["BEGIN IMMEDIATE", "COMMIT"]


def test_a_unit_that_fails_after_writing_sends_the_group_to_savepoints(
    sqlite_db: tuple[Direct, Path],
) -> None:
    direct, path = sqlite_db
    statements = _traced(direct)
    runs: list[str] = []

    def counted(text: str) -> Any:
        def work(connection: Any) -> str:
            runs.append(text)
            result: str = _add(text)(connection)
            return result

        return work

    results = _write_all(direct, [counted("a"), _refused, counted("b")])
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
    sqlite_db: tuple[Direct, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    direct, path = sqlite_db
    groups = _count_commits(direct, monkeypatch)

    async def arriving(text: str, turns: int) -> str:
        for _ in range(turns):
            await asyncio.sleep(0)  # one turn of the loop each
        result: str = await direct.write(_add(text))
        return result

    async def main() -> list[str]:
        # One unit per turn for six turns: the first group takes as many turns as it may
        # (GATHER_TURNS), the rest form the next one.
        return await asyncio.gather(*(arriving(str(n), n) for n in range(6)))

    assert asyncio.run(main()) == ["0", "1", "2", "3", "4", "5"]
    assert groups == [GATHER_TURNS, 6 - GATHER_TURNS]
    assert _notes(path) == ["0", "1", "2", "3", "4", "5"]

    groups.clear()

    async def alone() -> str:
        # A lone unit is committed after two turns: nothing else came.
        result: str = await direct.write(_add("alone"))
        return result

    assert asyncio.run(alone()) == "alone"
    assert groups == [1]


def test_a_lost_transaction_fails_every_unit_and_writes_nothing(
    sqlite_db: tuple[Direct, Path],
) -> None:
    direct, path = sqlite_db

    def breaks_the_transaction(connection: Any) -> None:
        connection.execute("ROLLBACK")  # as SQLite does after some I/O errors
        raise sqlite3.OperationalError("disk I/O error")

    results = _write_all(direct, [_add("first"), breaks_the_transaction, _add("last")])
    assert all(isinstance(r, Exception) for r in results), results
    assert _notes(path) == []


def test_a_held_write_lock_sends_the_group_to_wait_off_the_loop(
    sqlite_db: tuple[Direct, Path],
) -> None:
    direct, path = sqlite_db
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
        done = await asyncio.gather(direct.write(_add("x")), direct.write(_add("y")))
        ticking.cancel()
        assert ticks > 10
        return list(done), time.monotonic() - started

    (results, waited) = asyncio.run(main())
    holder.close()
    assert sorted(results) == ["x", "y"]
    assert waited >= 0.25
    assert sorted(_notes(path)) == ["x", "y"]


def test_restart_returns_to_the_units_savepoint(sqlite_db: tuple[Direct, Path]) -> None:
    direct, path = sqlite_db

    def retried(connection: Any) -> str:
        connection.execute("INSERT INTO notes (text) VALUES ('draft')")
        direct.restart(connection)
        connection.execute("INSERT INTO notes (text) VALUES ('final')")
        return "final"

    assert _write_all(direct, [_add("other"), retried]) == ["other", "final"]
    assert _notes(path) == ["other", "final"]
