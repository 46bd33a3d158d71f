"""Units of work on SQLite: on the event loop's thread, writes committed in groups.

Reads are autocommit statements on a connection of the loop's thread (under WAL a reader
never waits for a writer); the reads that arrive in one turn of the loop run together at
its end, and the same statement with the same values runs once for all of them. Writes
take the write lock with ``BEGIN IMMEDIATE`` and no busy wait: the units that reach the
writer within a few turns of the loop share one transaction (group commit), and each
caller is answered only after that COMMIT, or gets its own error. If another process
holds the lock, the group's units go to the threadpool, on pooled connections that wait
for it. The loop never sleeps on a lock.

A unit is an ``async`` function of its connection, but on SQLite every statement
completes at once, so units are driven to their end synchronously (``_drive``): a unit
that waited on anything else would hold the write lock across it, and is refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sqlite3
import threading
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, TypeVar, cast

import anyio
from sqlalchemy import Engine

from server.db.base import Base
from server.db.connection import NO_PARAMS, Connection, Params, Row, Unit, settle
from server.db.errors import DatabaseUnavailable, UniqueViolation
from server.db.statements import Dialect, Statement

T = TypeVar("T")
logger = logging.getLogger("storefront")
# Group commits of the loop's writer between two checkpoints (a few MiB of WAL).
CHECKPOINT_EVERY = 256
# Turns of the event loop a group commit waits for more units while they keep coming.
GATHER_TURNS = 4

_Pending = tuple[Unit[Any], "asyncio.Future[Any]"]
_Outcome = tuple["asyncio.Future[Any]", Any, BaseException | None]


class SqliteConnection:
    """``Connection`` over a ``sqlite3`` connection."""

    __slots__ = ("raw",)
    dialect: Dialect = "sqlite"

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw

    async def one(self, statement: Statement, params: Params = NO_PARAMS) -> Row | None:
        try:
            row: Row | None = self.raw.execute(statement.compiled("sqlite").sql, params).fetchone()
        except sqlite3.Error as exc:
            raise _translate(exc) from exc
        return row

    async def all(self, statement: Statement, params: Params = NO_PARAMS) -> list[Row]:
        try:
            return self.raw.execute(statement.compiled("sqlite").sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _translate(exc) from exc

    async def run(self, statement: Statement, params: Params = NO_PARAMS) -> int:
        try:
            return self.raw.execute(statement.compiled("sqlite").sql, params).rowcount
        except sqlite3.Error as exc:
            raise _translate(exc) from exc

    async def run_many(self, statement: Statement, rows: Sequence[Params]) -> None:
        try:
            self.raw.executemany(statement.compiled("sqlite").sql, rows)
        except sqlite3.Error as exc:
            raise _translate(exc) from exc


class _SharedReads(SqliteConnection):
    """The connection of the reads of one turn of the loop: a statement with the same
    values runs once for all of them (each caller gets its own list of the rows)."""

    __slots__ = ("results",)

    def __init__(self, raw: sqlite3.Connection) -> None:
        super().__init__(raw)
        self.results: dict[tuple[Statement, bool, tuple[Any, ...]], Any] = {}

    async def one(self, statement: Statement, params: Params = NO_PARAMS) -> Row | None:
        key = (statement, True, tuple(params.items()))
        try:
            return cast(Row | None, self.results[key])
        except KeyError:
            row = self.results[key] = await super().one(statement, params)
            return row
        except TypeError:  # a list among the values
            return await super().one(statement, params)

    async def all(self, statement: Statement, params: Params = NO_PARAMS) -> list[Row]:
        key = (statement, False, tuple(params.items()))
        try:
            return list(self.results[key])
        except KeyError:
            rows = self.results[key] = await super().all(statement, params)
            return list(rows)
        except TypeError:
            return await super().all(statement, params)

    async def run(self, statement: Statement, params: Params = NO_PARAMS) -> int:
        self.results.clear()  # a read that writes: what was read before may have changed
        return await super().run(statement, params)

    async def run_many(self, statement: Statement, rows: Sequence[Params]) -> None:
        self.results.clear()
        await super().run_many(statement, rows)


def _drive(unit: Unit[T], connection: SqliteConnection) -> T:
    """Run ``unit`` to its end now: on SQLite nothing it awaits ever suspends."""
    coroutine = cast(Coroutine[Any, Any, T], unit(connection))
    try:
        coroutine.send(None)
    except StopIteration as done:
        return cast(T, done.value)
    coroutine.close()
    raise RuntimeError("a SQLite unit of work may await nothing but its connection")


class SqliteUnits:
    """Reads and writes for one SQLite database file (or the in-memory one)."""

    def __init__(
        self,
        engine: Engine,
        configure: Callable[[sqlite3.Connection, int], None],
        *,
        in_memory: bool,
    ) -> None:
        self._engine = engine  # its pool serves the threads (and holds an in-memory db)
        self._configure = configure
        # An in-memory database lives in the pool's one connection: use it, in a thread.
        self._inline = not in_memory
        self._local = threading.local()
        self._waiting: set[asyncio.Future[None]] = set()
        self._commits = 0
        self._checkpointing: asyncio.Future[None] | None = None

    # -- connections of the loop's thread -------------------------------------------

    def _connection(self, slot: str, busy_timeout_ms: int) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, slot, None)
        if connection is None:
            dialect = self._engine.dialect
            args, kwargs = dialect.create_connect_args(self._engine.url)
            try:
                connection = cast(sqlite3.Connection, dialect.connect(*args, **kwargs))
                self._configure(connection, busy_timeout_ms)
            except sqlite3.Error as exc:
                raise _translate(exc) from exc
            setattr(self._local, slot, connection)
        return connection

    def _writer(self) -> sqlite3.Connection:
        """The loop's write connection: no lock wait, and no checkpoint of its own."""
        connection: sqlite3.Connection | None = getattr(self._local, "writer", None)
        if connection is None:
            connection = self._connection("writer", 0)
            # A checkpoint takes milliseconds: ``_checkpoint`` runs one in a thread
            # every CHECKPOINT_EVERY group commits.
            connection.execute("PRAGMA wal_autocheckpoint=0")
        return connection

    def pool_stats(self) -> tuple[int, int]:
        """Pooled connections checked out (threads: lock waits, checkpoints), and writes
        waiting for the group commit (gathered, or waiting for the lock)."""
        pool = self._engine.pool
        in_use = pool.checkedout() if hasattr(pool, "checkedout") else 0
        group = getattr(self._local, "group", None) or ()
        return in_use, len(group) + len(self._waiting)

    # -- reads ----------------------------------------------------------------------

    async def read(self, unit: Unit[T]) -> T:
        """``unit``'s result, run with the reads that arrive in the same turn of the loop:
        the same statement with the same values runs once for all of them."""
        if not self._inline:
            return await anyio.to_thread.run_sync(self._pooled, unit, False)
        loop = asyncio.get_running_loop()
        reads: list[_Pending] | None = getattr(self._local, "reads", None)
        if reads is None or self._local.reads_loop is not loop:
            reads = self._local.reads = []
            self._local.reads_loop = loop
            loop.call_soon(self._read_group, reads)
        done: asyncio.Future[T] = loop.create_future()
        reads.append((unit, done))
        return await done

    def _read_group(self, reads: list[_Pending]) -> None:
        if self._local.reads is reads:
            self._local.reads = None
        shared: _SharedReads | None = None
        for unit, done in reads:
            if done.done():  # its caller was cancelled
                continue
            try:
                # Reads wait at most a second (WAL readers only wait during recovery).
                raw = self._connection("reader", 1000)
                if len(reads) == 1:
                    connection: SqliteConnection = SqliteConnection(raw)
                else:
                    if shared is None or shared.raw is not raw:
                        shared = _SharedReads(raw)
                    connection = shared
                result = _drive(unit, connection)
            except DatabaseUnavailable as exc:
                self._local.reader = None
                settle(done, error=exc)
            except Exception as exc:
                settle(done, error=exc)
            else:
                settle(done, result=result)

    # -- writes ---------------------------------------------------------------------

    async def write(self, unit: Unit[T]) -> T:
        """Run ``unit`` in a transaction and commit it; its exception rolls it back.

        ``unit`` may run twice before the COMMIT, the first run rolled back
        (``_run_bare``): it must act through its connection alone.
        """
        if not self._inline:
            return await anyio.to_thread.run_sync(self._pooled, unit, True)
        loop = asyncio.get_running_loop()
        done: asyncio.Future[T] = loop.create_future()
        group: list[_Pending] | None = getattr(self._local, "group", None)
        if group is None or self._local.group_loop is not loop:
            group = self._local.group = []
            self._local.group_loop = loop
            loop.call_soon(self._gather, group, 0, 1)
        group.append((unit, done))
        return await done

    def write_blocking(self, unit: Unit[T]) -> T:
        """``write`` for code outside the event loop (the CLI): waits for the lock."""
        return self._pooled(unit, True)

    def _gather(self, group: list[_Pending], seen: int, turn: int) -> None:
        # Commit once a turn of the loop adds no unit (at most GATHER_TURNS turns): the
        # units that arrived meanwhile share the COMMIT (docs/performance.md).
        if len(group) > seen and turn < GATHER_TURNS:
            asyncio.get_running_loop().call_soon(self._gather, group, len(group), turn + 1)
        else:
            self._commit_group(group)

    def _commit_group(self, group: list[_Pending]) -> None:
        if self._local.group is group:
            self._local.group = None
        connection = None
        try:
            connection = self._writer()
            connection.execute("BEGIN IMMEDIATE")
        except DatabaseUnavailable as exc:
            for _, done in group:
                settle(done, error=exc)
            return
        except sqlite3.OperationalError as exc:
            if connection is not None and _is_busy(exc):
                # Another process has the lock: each unit waits for it off the loop.
                for unit, done in group:
                    task = asyncio.ensure_future(self._write_in_thread(unit, done))
                    self._waiting.add(task)  # held until done (the loop keeps weak refs)
                    task.add_done_callback(self._waiting.discard)
                return
            self._local.writer = None
            for _, done in group:
                settle(done, error=_translate(exc))
            return
        try:
            outcomes = self._run_bare(connection, group)
            if outcomes is None:  # a unit failed after writing: again, a savepoint each
                connection.execute("ROLLBACK")
                connection.execute("BEGIN IMMEDIATE")
                outcomes = self._run_in_savepoints(connection, group)
            connection.execute("COMMIT")
        except BaseException as exc:  # the transaction itself failed: nothing was written
            with contextlib.suppress(sqlite3.Error):
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
            failure = _translate(exc) if isinstance(exc, sqlite3.Error) else exc
            for _, done in group:
                settle(done, error=failure)
            if not isinstance(exc, Exception):
                raise
            return
        for done, result, error in outcomes:
            settle(done, result=result, error=error)
        self._commits += 1
        checkpointing = self._checkpointing
        if self._commits % CHECKPOINT_EVERY == 0 and (
            checkpointing is None or checkpointing.done()
        ):
            self._checkpointing = asyncio.ensure_future(self._checkpoint())

    def _run_bare(
        self, connection: sqlite3.Connection, group: list[_Pending]
    ) -> list[_Outcome] | None:
        """Run the group's units straight in the transaction; None if one must be undone.

        A savepoint per unit costs a quarter of an item insert (SQLite copies every page
        the unit changes into its statement journal). Most units succeed, and most that
        fail do so before they write (a refused user, a taken sku: SQLite undoes the
        failed statement itself), which ``total_changes`` shows. Only a unit that fails
        after a write sends the group back to ``_run_in_savepoints``.
        """
        outcomes: list[_Outcome] = []
        for unit, done in group:
            changes = connection.total_changes
            try:
                outcomes.append((done, _drive(unit, SqliteConnection(connection)), None))
            except Exception as exc:
                if not connection.in_transaction:
                    raise  # SQLite gave the whole transaction up: fail every unit
                if connection.total_changes != changes:
                    return None
                outcomes.append((done, None, exc))
        return outcomes

    def _run_in_savepoints(
        self, connection: sqlite3.Connection, group: list[_Pending]
    ) -> list[_Outcome]:
        outcomes: list[_Outcome] = []
        for unit, done in group:
            try:
                outcomes.append((done, _in_savepoint(connection, unit), None))
            except Exception as exc:
                if not connection.in_transaction:
                    raise  # SQLite gave the whole transaction up: fail every unit
                outcomes.append((done, None, exc))
        return outcomes

    async def _checkpoint(self) -> None:
        async def checkpoint(connection: Connection) -> None:
            raw = cast(SqliteConnection, connection).raw
            raw.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

        try:
            await anyio.to_thread.run_sync(self._pooled, checkpoint, False)
        except Exception:
            logger.warning("WAL checkpoint failed", exc_info=True)
        finally:
            self._checkpointing = None

    async def _write_in_thread(self, unit: Unit[Any], done: asyncio.Future[Any]) -> None:
        try:
            result = await anyio.to_thread.run_sync(self._pooled, unit, True)
        except Exception as exc:
            settle(done, error=exc)
        else:
            settle(done, result=result)

    def _pooled(self, unit: Unit[T], write: bool) -> T:
        """``unit`` on a connection of the engine's pool (it waits for the lock)."""
        try:
            fairy = self._engine.raw_connection()
        except Exception as exc:
            orig = getattr(exc, "orig", exc)
            raise _translate(orig) if isinstance(orig, sqlite3.Error) else exc from exc
        connection = cast(sqlite3.Connection, fairy.driver_connection)
        try:
            if not write:
                return _drive(unit, SqliteConnection(connection))
            try:
                connection.execute("BEGIN IMMEDIATE")
                result = _in_savepoint(connection, unit)
                connection.execute("COMMIT")
            except sqlite3.Error as exc:
                raise _translate(exc) from exc
            finally:
                if connection.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        connection.execute("ROLLBACK")
            return result
        finally:
            fairy.close()

    async def aclose(self) -> None:
        """Nothing to close per loop: the thread's connections live with the thread."""


def _in_savepoint(connection: sqlite3.Connection, unit: Unit[T]) -> T:
    """``unit`` inside a savepoint; undone alone when it fails."""
    connection.execute("SAVEPOINT unit")
    try:
        result = _drive(unit, SqliteConnection(connection))
    except BaseException:
        connection.execute("ROLLBACK TO unit")
        connection.execute("RELEASE unit")
        raise
    connection.execute("RELEASE unit")
    return result


# sqlite3 names the columns, not the constraint: "UNIQUE constraint failed: items.sku".
_UNIQUE_FAILED = re.compile(r"UNIQUE constraint failed: (.+)")


def _constraint_name(message: str) -> str | None:
    """The schema's name of the unique constraint (or primary key) a message names."""
    match = _UNIQUE_FAILED.match(message)
    if match is None:
        return None
    qualified = [part.strip().split(".", 1) for part in match.group(1).split(",")]
    table = Base.metadata.tables.get(qualified[0][0])
    columns = {column for _, column in qualified}
    if table is None:
        return None
    for constraint in table.constraints:
        names = {column.name for column in getattr(constraint, "columns", ())}
        if names == columns and constraint.name is not None:
            return str(constraint.name)
    return None


def _translate(exc: BaseException) -> Exception:
    if isinstance(exc, sqlite3.IntegrityError) and _UNIQUE_FAILED.match(str(exc)):
        return UniqueViolation(_constraint_name(str(exc)))
    if isinstance(exc, sqlite3.OperationalError):
        logger.warning("SQLite unavailable: %s", exc)
        return DatabaseUnavailable()
    return exc if isinstance(exc, Exception) else RuntimeError(str(exc))


def _is_busy(exc: sqlite3.Error) -> bool:
    return exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY
