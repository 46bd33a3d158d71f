"""Units of work on PostgreSQL: asyncpg connections on the event loop.

asyncpg is the one driver on the request path (reads and writes): per query it costs
about half the client CPU of psycopg's async connections (docs/performance.md). A few
connections per event loop (a connection belongs to the loop that opened it), at most
``pool_size`` in use at once; a caller waits up to ``connect_timeout`` for one, then gets
``DatabaseUnavailable`` (503). A read is one autocommit statement or several; a write is
one transaction (``BEGIN`` ... ``COMMIT``), answered after its COMMIT, or a single
statement that commits by itself. A reused connection found dead (the server restarted)
is dropped with every idle one, and the work runs once more on a new connection when
nothing of it can have taken effect: a read, or a write whose ``BEGIN`` failed.

Outside a transaction, concurrent statements share round trips (an asyncpg round trip
costs more client CPU than most of a request; docs/performance.md). A one-row statement
declared with a ``Batch`` (an item's create, its get) runs once for all its calls
waiting on the loop; a read arriving while the same read (same statement, same values)
runs shares the next run. Either way a call waits only for a run that starts after it
arrived, and a lone call runs at once.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Sequence
from typing import Any, TypeVar, cast

import asyncpg
from sqlalchemy import URL

from server.db.connection import NO_PARAMS, Connection, Params, Row, Unit, settle
from server.db.errors import DatabaseUnavailable, UniqueViolation
from server.db.statements import Batch, Dialect, Statement

T = TypeVar("T")
logger = logging.getLogger("storefront")

# Statements kept prepared per connection: every list shape (5 sorts x 32) and the rest.
STATEMENT_CACHE_SIZE = 512
# Most calls of a batched statement (``Batch``) written by one statement.
BATCH_LIMIT = 64
# The connection is gone (or never came): nothing more can be done on it.
_LOST = (
    OSError,
    TimeoutError,
    asyncpg.InterfaceError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
    asyncpg.InvalidCatalogNameError,
    asyncpg.InvalidAuthorizationSpecificationError,
    asyncpg.AdminShutdownError,
)


# SQLSTATEs that say the database cannot do this now, not that the request is wrong: the
# transaction is read-only (a standby, ``default_transaction_read_only``), the server is
# out of disk, memory or connections (class 53), or cancelled the statement. A client
# should retry later: 503, like a database that does not answer.
_UNAVAILABLE_CLASSES = ("53",)
_UNAVAILABLE_STATES = frozenset({"25006", "57014"})


def _unavailable(exc: BaseException) -> bool:
    state = getattr(exc, "sqlstate", None)
    return (
        isinstance(exc, asyncpg.PostgresError)
        and isinstance(state, str)
        and (state in _UNAVAILABLE_STATES or state.startswith(_UNAVAILABLE_CLASSES))
    )


class PostgresConnection:
    """``Connection`` over an asyncpg connection."""

    __slots__ = ("raw",)
    dialect: Dialect = "postgresql"

    def __init__(self, raw: asyncpg.Connection) -> None:
        self.raw = raw

    async def one(self, statement: Statement, params: Params = NO_PARAMS) -> Row | None:
        compiled = statement.compiled("postgresql")
        try:
            row: Row | None = await self.raw.fetchrow(
                compiled.sql, *[params[name] for name in compiled.names]
            )
        except asyncpg.UniqueViolationError as exc:
            raise UniqueViolation(exc.constraint_name) from exc
        return row

    async def all(self, statement: Statement, params: Params = NO_PARAMS) -> list[Row]:
        compiled = statement.compiled("postgresql")
        try:
            rows: list[Row] = await self.raw.fetch(
                compiled.sql, *[params[name] for name in compiled.names]
            )
        except asyncpg.UniqueViolationError as exc:
            raise UniqueViolation(exc.constraint_name) from exc
        return rows

    async def run(self, statement: Statement, params: Params = NO_PARAMS) -> int:
        compiled = statement.compiled("postgresql")
        try:
            status: str = await self.raw.execute(
                compiled.sql, *[params[name] for name in compiled.names]
            )
        except asyncpg.UniqueViolationError as exc:
            raise UniqueViolation(exc.constraint_name) from exc
        # "UPDATE 3", "DELETE 0", "INSERT 0 1": the count is the last word.
        count = status.rsplit(" ", 1)[-1]
        return int(count) if count.isdigit() else 0

    async def run_many(self, statement: Statement, rows: Sequence[Params]) -> None:
        compiled = statement.compiled("postgresql")
        try:
            await self.raw.executemany(
                compiled.sql, [[row[name] for name in compiled.names] for row in rows]
            )
        except asyncpg.UniqueViolationError as exc:
            raise UniqueViolation(exc.constraint_name) from exc


class _Batcher:
    """The calls of one batched statement waiting on one loop (``PostgresUnits._batched``),
    from reads or from writes (``write``: a call that may have taken effect runs once)."""

    __slots__ = ("draining", "waiting", "write")

    def __init__(self, write: bool) -> None:
        self.write = write
        self.waiting: list[tuple[Params, asyncio.Future[Row | None]]] = []
        self.draining: asyncio.Task[None] | None = None


class _LoopPool:
    def __init__(self, size: int) -> None:
        self.slots = asyncio.Semaphore(size)
        self.idle: list[asyncpg.Connection] = []  # most recently used last
        self.batchers: dict[tuple[Statement, bool], _Batcher] = {}
        # Identical reads gathering while one of them runs (``PostgresUnits._shared``).
        self.shared: dict[tuple[Statement, bool, tuple[Any, ...]], list[asyncio.Future[Any]]] = {}
        self.tasks: set[asyncio.Task[None]] = set()

    def drop_idle(self) -> None:
        for stale in self.idle:
            stale.terminate()
        self.idle.clear()


class _Autocommit:
    """The ``Connection`` of a read, or of a write whose one write is a single statement:
    each statement runs on its own (autocommit) on a pooled connection, and a one-row
    statement with a ``Batch`` joins the other calls of it waiting on this loop."""

    __slots__ = ("units", "write")
    dialect: Dialect = "postgresql"

    def __init__(self, units: PostgresUnits, *, write: bool) -> None:
        self.units = units
        self.write = write

    async def one(self, statement: Statement, params: Params = NO_PARAMS) -> Row | None:
        if statement.batch is not None:
            return await self.units._batched(statement, params, write=self.write)
        if not self.write:
            return cast(Row | None, await self.units._shared(statement, params, one=True))
        return await self.units._alone(lambda c: c.one(statement, params), write=True)

    async def all(self, statement: Statement, params: Params = NO_PARAMS) -> list[Row]:
        if not self.write:
            return list(await self.units._shared(statement, params, one=False))
        return await self.units._alone(lambda c: c.all(statement, params), write=True)

    async def run(self, statement: Statement, params: Params = NO_PARAMS) -> int:
        return await self.units._alone(lambda c: c.run(statement, params), write=self.write)

    async def run_many(self, statement: Statement, rows: Sequence[Params]) -> None:
        await self.units._alone(lambda c: c.run_many(statement, rows), write=self.write)


class PostgresUnits:
    """Reads and writes for one PostgreSQL database."""

    def __init__(self, url: URL, *, pool_size: int, connect_timeout: float) -> None:
        self._dsn = postgres_dsn(url)
        self._pool_size = pool_size
        self._timeout = connect_timeout
        self._pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopPool] = (
            weakref.WeakKeyDictionary()
        )

    def pool_stats(self) -> tuple[int, int]:
        """Connections in use and callers waiting for one, on the running loop's pool."""
        try:
            pool = self._pool()
        except RuntimeError:  # no running loop
            return 0, 0
        slots = pool.slots
        waiting = len(getattr(slots, "_waiters", None) or ())
        waiting += sum(len(batcher.waiting) for batcher in pool.batchers.values())
        waiting += sum(len(gathered) for gathered in pool.shared.values())
        return self._pool_size - slots._value, waiting

    async def read(self, unit: Unit[T]) -> T:
        """``unit``'s result, each of its statements run on its own (autocommit), a
        batched one (``Batch``) with its other waiting calls."""
        return await unit(_Autocommit(self, write=False))

    async def write(self, unit: Unit[T], *, transaction: bool = True) -> T:
        """``unit`` in one transaction; ``transaction=False``: a unit whose one write is a
        single statement (atomic and committed on its own), each of its statements run
        without BEGIN/COMMIT, a batched one (``Batch``) with its other waiting calls."""
        if transaction:
            return await self._run(unit, write=True)
        return await unit(_Autocommit(self, write=True))

    async def _alone(self, unit: Unit[T], *, write: bool) -> T:
        return await self._run(unit, write=write, transaction=False)

    async def _shared(self, statement: Statement, params: Params, *, one: bool) -> Any:
        """A read's result, shared with the same read (same statement, same values) that
        arrives while it runs: those wait for one more run after it, never for the run
        that started before them, so each sees the database as of after its arrival."""

        def read(connection: Connection) -> Awaitable[Any]:
            return connection.one(statement, params) if one else connection.all(statement, params)

        key = (statement, one, tuple(params.items()))
        try:
            hash(key)
        except TypeError:  # a list among the values
            return await self._alone(read, write=False)
        pool = self._pool()
        # pool.shared[key] exists while a run of this read is under way: the calls that
        # gather in it wait for the next run.
        gathering = pool.shared.get(key)
        if gathering is not None:
            done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
            gathering.append(done)
            return await done
        pool.shared[key] = []
        try:
            return await self._alone(read, write=False)
        finally:
            gathered = pool.shared[key]
            if gathered:
                pool.shared[key] = []
                task = asyncio.create_task(self._share(pool, key, read, gathered))
                pool.tasks.add(task)  # the loop keeps only a weak reference
                task.add_done_callback(pool.tasks.discard)
            else:
                del pool.shared[key]

    async def _share(
        self,
        pool: _LoopPool,
        key: tuple[Statement, bool, tuple[Any, ...]],
        read: Unit[Any],
        calls: list[asyncio.Future[Any]],
    ) -> None:
        """Run ``read`` for the gathered ``calls``, and again while more gather."""
        while True:
            try:
                result = await self._alone(read, write=False)
            except Exception as exc:
                for done in calls:
                    settle(done, error=exc)
            except BaseException:
                for done in (*calls, *pool.shared.pop(key)):
                    done.cancel()
                raise
            else:
                for done in calls:
                    settle(done, result=result)
            calls = pool.shared[key]
            if not calls:
                del pool.shared[key]
                return
            pool.shared[key] = []

    async def _batched(self, statement: Statement, params: Params, *, write: bool) -> Row | None:
        """``statement``'s row for ``params``, run as one statement with the other calls
        of it that wait on this loop: while a batch runs, the calls that arrive gather
        for the next (as SQLite's group commit does), so a lone call runs at once and
        under load one round trip (and for writes one commit) serves many."""
        pool = self._pool()
        batcher = pool.batchers.get((statement, write))
        if batcher is None:
            batcher = pool.batchers[statement, write] = _Batcher(write)
        done: asyncio.Future[Row | None] = asyncio.get_running_loop().create_future()
        batcher.waiting.append((params, done))
        if batcher.draining is None:
            batcher.draining = asyncio.create_task(self._drain(statement, batcher))
        return await done

    async def _drain(self, statement: Statement, batcher: _Batcher) -> None:
        calls: list[tuple[Params, asyncio.Future[Row | None]]] = []
        try:
            while batcher.waiting:
                calls = [call for call in batcher.waiting[:BATCH_LIMIT] if not call[1].done()]
                del batcher.waiting[:BATCH_LIMIT]
                if len(calls) == 1:
                    await self._one_alone(statement, *calls[0], batcher.write)
                elif calls:
                    await self._one_batch(statement, calls, batcher.write)
        except Exception as exc:  # a fault of this code, not of a call: each caller's 500
            for _, done in (*calls, *batcher.waiting):
                settle(done, error=exc)
            batcher.waiting.clear()
        except BaseException:
            for _, done in (*calls, *batcher.waiting):
                done.cancel()
            batcher.waiting.clear()
            raise
        finally:
            batcher.draining = None

    async def _one_alone(
        self, statement: Statement, params: Params, done: asyncio.Future[Row | None], write: bool
    ) -> None:
        try:
            settle(done, result=await self._alone(lambda c: c.one(statement, params), write=write))
        except Exception as exc:
            settle(done, error=exc)

    async def _one_batch(
        self,
        statement: Statement,
        calls: list[tuple[Params, asyncio.Future[Row | None]]],
        write: bool,
    ) -> None:
        batch = cast(Batch, statement.batch)
        names = batch.statement.compiled("postgresql").names
        lists = {name: [params[name] for params, _ in calls] for name in names}
        try:
            rows = await self._alone(lambda c: c.all(batch.statement, lists), write=write)
        except DatabaseUnavailable as exc:
            for _, done in calls:
                settle(done, error=exc)
            return
        except Exception:
            # Refused as a whole, so nothing of it was written: each call on its own,
            # for its own answer (the one whose sku was taken gets its conflict).
            await asyncio.gather(*(self._one_alone(statement, *call, write) for call in calls))
            return
        written = {cast(asyncpg.Record, row)[batch.key]: row for row in rows}
        for params, done in calls:
            settle(done, result=written.get(params[batch.key]))

    def write_blocking(self, unit: Unit[T]) -> T:
        """``write`` for code outside any event loop (the CLI)."""

        async def once() -> T:
            try:
                return await self.write(unit)
            finally:
                await self.aclose()

        return asyncio.run(once())

    def _pool(self) -> _LoopPool:
        loop = asyncio.get_running_loop()
        pool = self._pools.get(loop)
        if pool is None:
            pool = self._pools[loop] = _LoopPool(self._pool_size)
        return pool

    async def aclose(self) -> None:
        """Close the running loop's idle connections (at application shutdown)."""
        pool = self._pools.pop(asyncio.get_running_loop(), None)
        if pool is not None:
            for connection in pool.idle:
                try:
                    await asyncio.wait_for(connection.close(), 1)
                except Exception:
                    connection.terminate()
            pool.idle.clear()

    async def _connect(self) -> asyncpg.Connection:
        try:
            connection: asyncpg.Connection = await asyncpg.connect(
                self._dsn,
                timeout=self._timeout,
                server_settings={"TimeZone": "UTC"},
                statement_cache_size=STATEMENT_CACHE_SIZE,
            )
        except (*_LOST, asyncpg.PostgresError) as exc:
            logger.warning("PostgreSQL unavailable: %s", type(exc).__name__)
            raise DatabaseUnavailable() from exc
        return connection

    async def _run(self, unit: Unit[T], *, write: bool, transaction: bool = True) -> T:
        pool = self._pool()
        if pool.slots.locked():  # all in use: wait, but not forever
            try:
                await asyncio.wait_for(pool.slots.acquire(), self._timeout)
            except TimeoutError:
                logger.warning("PostgreSQL: no connection free in %ss", self._timeout)
                raise DatabaseUnavailable() from None
        else:
            await pool.slots.acquire()  # free: no timer task to set up
        try:
            for attempt in range(2):
                reused = bool(pool.idle)
                raw = pool.idle.pop() if reused else await self._connect()
                # A write without a transaction may have committed as soon as it
                # started: never run it again.
                begun = write and not transaction
                try:
                    if write and transaction:
                        await raw.execute("BEGIN")
                        begun = True
                    result = await unit(PostgresConnection(raw))
                    if write and transaction:
                        await raw.execute("COMMIT")
                except _LOST as exc:
                    raw.terminate()
                    if reused and attempt == 0 and not (write and begun):
                        pool.drop_idle()  # the server restarted: the others are dead too
                        continue
                    logger.warning("PostgreSQL connection lost: %s", type(exc).__name__)
                    raise DatabaseUnavailable() from exc
                except Exception as exc:
                    # The unit refused (a domain error, a constraint): undo, keep the line.
                    if write and transaction:
                        try:
                            await raw.execute("ROLLBACK")
                        except BaseException:
                            raw.terminate()
                            raise
                    pool.idle.append(raw)
                    if _unavailable(exc):
                        logger.warning("PostgreSQL cannot do this now: %s", exc)
                        raise DatabaseUnavailable() from exc
                    raise
                except BaseException:
                    raw.terminate()  # cancelled mid-statement: its state is unknown
                    raise
                pool.idle.append(raw)
                return result
            raise AssertionError("unreachable")
        finally:
            pool.slots.release()


# libpq options that only configure the client: asyncpg would send them to the server
# as settings (and fail), and the timeout comes from the application's settings.
_CLIENT_ONLY = frozenset(
    {
        "connect_timeout",
        "keepalives",
        "keepalives_idle",
        "keepalives_interval",
        "keepalives_count",
        "tcp_user_timeout",
        "gssencmode",
        "channel_binding",
        "sslcompression",
        "requirepeer",
        "client_encoding",
    }
)


def postgres_dsn(url: URL) -> str:
    """The DSN asyncpg connects with: the URL's libpq options it understands (sslmode,
    the ssl files, target_session_attrs, ...), without the client-only ones."""
    query = {key: value for key, value in url.query.items() if key not in _CLIENT_ONLY}
    return url.set(drivername="postgresql", query=query).render_as_string(hide_password=False)
