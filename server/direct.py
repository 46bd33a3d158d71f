"""Hot paths: SQLAlchemy statements compiled once, run on the driver's connection.

A SQLAlchemy ``Connection.execute`` costs ~50 µs before the database does anything
(cache key, execution context, result processing) and reading a page of 50 rows
through its type processors ~400 µs; the same SQL on the driver connection costs
~6 µs and ~70 µs. The statements the catalog serves most (get an item, list a page,
create an item and its idempotency key) are therefore built with SQLAlchemy, compiled
once per dialect and shape, and executed here with plain parameters.

Where they run:

- SQLite: on the calling (event loop) thread, on a connection owned by that thread.
  Reads are single autocommit statements (a consistent snapshot each, never blocked by
  a writer under WAL). A write takes the write lock with ``BEGIN IMMEDIATE`` and no
  busy wait; if another writer holds it, the whole unit is retried in the threadpool on
  a pooled connection that waits for the lock. The loop never sleeps on a lock.
- PostgreSQL: reads on the event loop over asyncpg connections (``AsyncPostgres``,
  autocommit: one round trip); writes in the threadpool on a connection of the engine's
  pool (one trip per request for the whole transaction).

Callers keep what the routes promise: tests/test_items_queries.py holds the JSON built
from these rows to the response models byte for byte.

Driver errors come out as SQLAlchemy's ``DBAPIError`` subclasses, so the application's
error handlers (503 for an unreachable database) treat them like any other.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import threading
import weakref
from collections.abc import Callable, Hashable
from datetime import UTC, datetime
from typing import Any, TypeVar

import anyio
import asyncpg
import orjson
import psycopg
import psycopg.errors
from sqlalchemy import JSON, URL, Engine
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.sql import ClauseElement, ColumnElement

T = TypeVar("T")
logger = logging.getLogger("storefront")
# Group commits of the loop's writer between two checkpoints (a few MiB of WAL).
CHECKPOINT_EVERY = 256
# Turns of the event loop a group commit waits for more units while they keep coming.
GATHER_TURNS = 4

_Unit = tuple[Callable[[Any], Any], "asyncio.Future[Any]"]
_Outcome = tuple["asyncio.Future[Any]", Any, BaseException | None]


class _Restart(Exception):
    """``Direct.restart`` in a unit run without a savepoint (``Direct._run_bare``)."""


class Direct:
    """Compiled statements and where to run them, for one engine."""

    def __init__(
        self,
        engine: Engine,
        configure_sqlite: Callable[[Any, int], None] | None = None,
        *,
        pool_size: int = 10,
        connect_timeout: float = 3,
    ) -> None:
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        # In-memory SQLite lives in the pool's one connection: use that one, in a thread.
        self.inline = self.is_sqlite and engine.url.database not in (None, "", ":memory:")
        # Named parameters on both drivers (sqlite3 ``:name``, psycopg ``%(name)s``).
        self._compile_dialect: Dialect = (
            sqlite.dialect(paramstyle="named") if self.is_sqlite else engine.dialect
        )
        self.dbapi = engine.dialect.loaded_dbapi
        # Stored UTC timestamps: SQLite keeps naive ISO text, PostgreSQL timestamptz.
        self.read_time: Callable[[Any], datetime] = _sqlite_time if self.is_sqlite else aware_time
        self._statements: dict[Hashable, str] = {}
        self._memo: dict[Hashable, Any] = {}
        self._local = threading.local()
        self._waiting: set[asyncio.Future[None]] = set()
        self._commits = 0
        self._checkpointing: asyncio.Future[None] | None = None
        self._configure_sqlite = configure_sqlite
        self._postgres = (
            AsyncPostgres(engine, pool_size, connect_timeout) if not self.is_sqlite else None
        )

    # -- statements -----------------------------------------------------------------

    def sql(self, key: Hashable, build: Callable[[], ClauseElement]) -> str:
        """The SQL of ``build()`` for this engine, compiled on first use of ``key``."""
        text = self._statements.get(key)
        if text is None:
            compiled = build().compile(
                dialect=self._compile_dialect, compile_kwargs={"render_postcompile": True}
            )
            fixed = [name for name, value in compiled.params.items() if value is not None]
            if fixed:  # their values would be lost with the compiled object
                raise ValueError(f"{key}: bound values {fixed}; use literal_column or bindparam")
            text = self._statements[key] = str(compiled)
        return text

    def memo(self, key: Hashable, make: Callable[[Direct], T]) -> T:
        """``make(self)``, built once per key (per-engine helpers such as row codecs)."""
        found: T | None = self._memo.get(key)
        if found is None:
            found = self._memo[key] = make(self)
        return found

    def binder(self, column: ColumnElement[Any]) -> Callable[[Any], Any]:
        """The column type's parameter conversion on this engine (JSON text, UTC time...)."""
        if isinstance(column.type, JSON):
            # JSON text on both drivers (psycopg leaves a text parameter's type to the column).
            return _json_text
        return self.memo(
            ("bind", column),
            # dialect_impl: the engine's own type (SQLite's DATETIME text layout, say).
            lambda direct: (
                column.type.dialect_impl(direct.engine.dialect).bind_processor(
                    direct.engine.dialect
                )
                or _unchanged
            ),
        )

    # -- connections ----------------------------------------------------------------

    def _sqlite_connection(self, slot: str, busy_timeout_ms: int) -> Any:
        connection = getattr(self._local, slot, None)
        if connection is None:
            dialect = self.engine.dialect
            args, kwargs = dialect.create_connect_args(self.engine.url)
            connection = dialect.connect(*args, **kwargs)
            if self._configure_sqlite is not None:
                self._configure_sqlite(connection, busy_timeout_ms)
            setattr(self._local, slot, connection)
        return connection

    def _wrap(self, exc: Exception) -> DBAPIError:
        wrapped = DBAPIError.instance(
            None, None, exc, self.dbapi.Error, dialect=self.engine.dialect
        )
        assert isinstance(wrapped, DBAPIError)  # a driver error always maps to one
        return wrapped

    # -- running --------------------------------------------------------------------

    async def fetch_one(self, sql: str, parameters: dict[str, Any]) -> Any:
        """The first row of a read-only statement (autocommit), or None."""
        return await self._fetch(sql, parameters, one=True)

    async def fetch_all(self, sql: str, parameters: dict[str, Any]) -> list[Any]:
        """Every row of a read-only statement (autocommit)."""
        rows: list[Any] = await self._fetch(sql, parameters, one=False)
        return rows

    async def _fetch(self, sql: str, parameters: dict[str, Any], *, one: bool) -> Any:
        if self.inline:
            try:
                # Reads wait at most a second (WAL readers only wait during recovery).
                cursor = self._sqlite_connection("reader", 1000).execute(sql, parameters)
                return cursor.fetchone() if one else cursor.fetchall()
            except self.dbapi.Error as exc:
                self._local.reader = None
                raise self._wrap(exc) from exc
        if self._postgres is not None:
            try:
                return await self._postgres.fetch(sql, parameters, one=one)
            except self.dbapi.Error as exc:
                raise self._wrap(exc) from exc

        def work(connection: Any) -> Any:
            cursor = connection.execute(sql, parameters)
            return cursor.fetchone() if one else cursor.fetchall()

        return await anyio.to_thread.run_sync(self._pooled, work, False)

    async def write(self, work: Callable[[Any], T]) -> T:
        """Run ``work(driver_connection)`` in one transaction and commit it.

        An exception from ``work`` rolls its changes back and propagates. On SQLite the
        units that reach this point within a few turns of the event loop share one
        transaction (group commit, ``_gather``): one that fails is undone alone (see
        ``_run_bare``), and each caller is answered only after the one COMMIT — or gets
        its error. ``work`` may therefore run twice before that COMMIT, the first run
        rolled back: it must act through ``connection`` alone.
        """
        if not self.inline:
            return await anyio.to_thread.run_sync(self._pooled, work, True)
        loop = asyncio.get_running_loop()
        done: asyncio.Future[Any] = loop.create_future()
        group: list[_Unit] | None = getattr(self._local, "group", None)
        if group is None or self._local.group_loop is not loop:
            group = self._local.group = []
            self._local.group_loop = loop
            loop.call_soon(self._gather, group, 0, 1)
        group.append((work, done))
        result: T = await done
        return result

    def _gather(self, group: list[_Unit], seen: int, turn: int) -> None:
        # Commit once a turn of the loop adds no unit (at most GATHER_TURNS turns): the
        # requests that arrived meanwhile share the COMMIT, whose cost is mostly the WAL
        # frames of the pages touched (create under load: ~3.5 units per group when
        # committing on the next turn, ~11 this way, -15% CPU per create).
        if len(group) > seen and turn < GATHER_TURNS:
            asyncio.get_running_loop().call_soon(self._gather, group, len(group), turn + 1)
        else:
            self._commit_group(group)

    def _commit_group(self, group: list[_Unit]) -> None:
        if self._local.group is group:
            self._local.group = None
        connection = None
        try:
            connection = self._writer()
            connection.execute("BEGIN IMMEDIATE")
        except self.dbapi.OperationalError as exc:
            if connection is not None and _is_busy(exc):
                # Another writer has the lock: each unit waits for it off the loop.
                for work, done in group:
                    task = asyncio.ensure_future(self._write_in_thread(work, done))
                    self._waiting.add(task)  # held until done (the loop keeps weak refs)
                    task.add_done_callback(self._waiting.discard)
                return
            self._local.writer = None
            for _, done in group:
                _settle(done, error=self._wrap(exc))
            return
        try:
            outcomes = self._run_bare(connection, group)
            if outcomes is None:  # a unit failed after writing: again, a savepoint each
                connection.execute("ROLLBACK")
                connection.execute("BEGIN IMMEDIATE")
                outcomes = self._run_in_savepoints(connection, group)
            connection.execute("COMMIT")
        except BaseException as exc:  # the transaction itself failed: nothing was written
            with contextlib.suppress(self.dbapi.Error):
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
            failure = self._wrap(exc) if isinstance(exc, self.dbapi.Error) else exc
            for _, done in group:
                _settle(done, error=failure)
            if not isinstance(exc, Exception):
                raise
            return
        for done, result, error in outcomes:
            _settle(done, result=result, error=error)
        self._commits += 1
        checkpointing = self._checkpointing
        if self._commits % CHECKPOINT_EVERY == 0 and (
            checkpointing is None or checkpointing.done()
        ):
            self._checkpointing = asyncio.ensure_future(self._checkpoint())

    def _run_bare(self, connection: Any, group: list[_Unit]) -> list[_Outcome] | None:
        """Run the group's units straight in the transaction; None if one must be undone.

        A savepoint per unit costs ~15 µs of a ~60 µs item insert (SQLite copies every
        page the unit changes into its statement journal). Most units succeed, and most
        that fail do so before they write (a refused user, a taken sku: SQLite undoes the
        failed statement itself), which ``total_changes`` shows. Only a unit that fails
        after a write sends the group back to ``_run_in_savepoints``.
        """
        outcomes: list[_Outcome] = []
        self._local.bare = True
        try:
            for work, done in group:
                changes = connection.total_changes
                try:
                    outcomes.append((done, work(connection), None))
                except _Restart:
                    return None
                except Exception as exc:
                    if not connection.in_transaction:
                        raise  # SQLite gave the whole transaction up: fail every unit
                    if connection.total_changes != changes:
                        return None
                    error = self._wrap(exc) if isinstance(exc, self.dbapi.Error) else exc
                    outcomes.append((done, None, error))
        finally:
            self._local.bare = False
        return outcomes

    def _run_in_savepoints(self, connection: Any, group: list[_Unit]) -> list[_Outcome]:
        outcomes: list[_Outcome] = []
        for work, done in group:
            try:
                outcomes.append((done, self._in_savepoint(connection, work), None))
            except Exception as exc:
                if not connection.in_transaction:
                    raise  # SQLite gave the whole transaction up: fail every unit
                outcomes.append((done, None, exc))
        return outcomes

    def _writer(self) -> Any:
        """The loop's write connection: no lock wait, and no checkpoint of its own."""
        connection = getattr(self._local, "writer", None)
        if connection is None:
            connection = self._sqlite_connection("writer", 0)
            # Copying the WAL back into the database (a checkpoint) takes milliseconds;
            # ``_checkpoint`` does it in a thread every CHECKPOINT_EVERY group commits.
            connection.execute("PRAGMA wal_autocheckpoint=0")
        return connection

    async def _checkpoint(self) -> None:
        def checkpoint(connection: Any) -> None:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

        try:
            await anyio.to_thread.run_sync(self._pooled, checkpoint, False)
        except Exception:
            logger.warning("WAL checkpoint failed", exc_info=True)
        finally:
            self._checkpointing = None

    def _in_savepoint(self, connection: Any, work: Callable[[Any], T]) -> T:
        """``work`` inside savepoint ``unit`` (``restart`` returns to it); undone on error."""
        connection.execute("SAVEPOINT unit")
        try:
            result = work(connection)
        except BaseException as exc:
            connection.execute("ROLLBACK TO unit")
            connection.execute("RELEASE unit")
            if isinstance(exc, self.dbapi.Error):
                raise self._wrap(exc) from exc
            raise
        connection.execute("RELEASE unit")
        return result

    async def _write_in_thread(self, work: Callable[[Any], Any], done: asyncio.Future[Any]) -> None:
        try:
            result = await anyio.to_thread.run_sync(self._pooled, work, True)
        except Exception as exc:
            _settle(done, error=exc)
        else:
            _settle(done, result=result)

    async def aclose(self) -> None:
        """Close what this event loop opened (application shutdown)."""
        if self._postgres is not None:
            await self._postgres.aclose()

    def write_blocking(self, work: Callable[[Any], T]) -> T:
        """``write`` for code outside the event loop (the CLI): waits for the lock."""
        return self._pooled(work, True)

    def restart(self, connection: Any) -> None:
        """Undo what ``work`` did so far and go on (after a lost race on a unique key)."""
        if self.is_sqlite:
            if getattr(self._local, "bare", False):
                raise _Restart  # no savepoint to return to: the group runs again with them
            connection.execute("ROLLBACK TO unit")  # the unit's savepoint stays open
        else:
            connection.rollback()

    def _in_transaction(self, connection: Any, work: Callable[[Any], T]) -> T:
        try:
            result = work(connection)
            connection.commit() if not self.is_sqlite else connection.execute("COMMIT")
        except BaseException as exc:
            try:
                if self.is_sqlite:
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                else:
                    connection.rollback()
            except self.dbapi.Error:
                pass
            if isinstance(exc, self.dbapi.Error):
                raise self._wrap(exc) from exc
            raise
        return result

    def _pooled(self, work: Callable[[Any], T], write: bool) -> T:
        try:
            fairy = self.engine.raw_connection()
        except self.dbapi.Error as exc:
            raise self._wrap(exc) from exc
        connection: Any = fairy.driver_connection
        try:
            if write:
                if self.is_sqlite:
                    connection.execute("BEGIN IMMEDIATE")
                    return self._in_transaction(connection, lambda c: self._in_savepoint(c, work))
                return self._in_transaction(connection, work)
            if self.is_sqlite:
                return work(connection)
            # PostgreSQL: no BEGIN/ROLLBACK round trips around a single read.
            connection.autocommit = True
            try:
                return work(connection)
            finally:
                connection.autocommit = False
        except (self.dbapi.Error, DBAPIError) as exc:
            orig: Any = exc.orig if isinstance(exc, DBAPIError) else exc
            if self.engine.dialect.is_disconnect(orig, connection, None):
                fairy.invalidate(orig)
            if isinstance(exc, DBAPIError):
                raise
            raise self._wrap(exc) from exc
        finally:
            fairy.close()


class AsyncPostgres:
    """PostgreSQL reads on the event loop: asyncpg connections, autocommit.

    asyncpg rather than psycopg's async connections because it is the cheaper client
    per query (measured: a get ~60 µs of client CPU against ~95 µs, a page of 51 rows
    ~180 µs against ~315 µs); writes stay on the engine's psycopg pool. The SQL is the
    same compiled statement: psycopg's ``%(name)s`` placeholders become ``$n`` once per
    statement, and asyncpg prepares each statement once per connection.

    A few connections per event loop (a connection belongs to the loop that opened it),
    at most ``pool_size`` in use at once; a caller waits up to ``connect_timeout`` for
    one, then gets SQLAlchemy's pool TimeoutError (503). A reused connection that turns
    out dead (the server restarted) is dropped with every idle one and the read is
    tried once more on a new connection, so a restart costs no failed request. Errors
    come out as the psycopg exception of the same SQLSTATE (a lost connection as
    ``OperationalError``), so callers see one driver's errors whichever ran the read.
    """

    def __init__(self, engine: Engine, pool_size: int, connect_timeout: float) -> None:
        self._dsn, self._server_settings = asyncpg_target(engine.url)
        self._pool_size = pool_size
        self._timeout = connect_timeout
        self._pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopPool] = (
            weakref.WeakKeyDictionary()
        )
        self._positional: dict[str, tuple[str, tuple[str, ...]]] = {}

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
                await _close(connection)
            pool.idle.clear()

    async def _connect(self) -> Any:
        try:
            return await asyncpg.connect(
                self._dsn,
                timeout=self._timeout,
                server_settings=self._server_settings,
                statement_cache_size=STATEMENT_CACHE_SIZE,
            )
        except (OSError, TimeoutError, asyncpg.InterfaceError) as exc:
            raise psycopg.OperationalError(f"connection failed: {exc}") from exc
        except asyncpg.PostgresError as exc:
            raise _as_psycopg(exc) from exc

    def statement(self, sql: str) -> tuple[str, tuple[str, ...]]:
        """``sql`` with ``$n`` placeholders, and the parameter name of each ``n``."""
        known = self._positional.get(sql)
        if known is None:
            names: list[str] = []

            def number(match: re.Match[str]) -> str:
                name = match.group(1)
                if name is None:
                    return "%"  # psycopg's escaped percent sign
                if name not in names:
                    names.append(name)
                return f"${names.index(name) + 1}"

            known = self._positional[sql] = (_PYFORMAT.sub(number, sql), tuple(names))
        return known

    async def fetch(self, sql: str, parameters: dict[str, Any], *, one: bool) -> Any:
        text, names = self.statement(sql)
        args = [parameters[name] for name in names]
        pool = self._pool()
        if pool.slots.locked():  # all in use: wait, but not forever
            try:
                await asyncio.wait_for(pool.slots.acquire(), self._timeout)
            except TimeoutError:
                raise PoolTimeoutError("no PostgreSQL connection free in time") from None
        else:
            await pool.slots.acquire()  # free: no timer task to set up
        try:
            for attempt in range(2):
                reused = bool(pool.idle)
                connection = pool.idle.pop() if reused else await self._connect()
                try:
                    if one:
                        rows = await connection.fetchrow(text, *args)
                    else:
                        rows = await connection.fetch(text, *args)
                except (asyncpg.PostgresError, OSError, asyncpg.InterfaceError) as exc:
                    error = (
                        _as_psycopg(exc)
                        if isinstance(exc, asyncpg.PostgresError)
                        else psycopg.OperationalError(f"connection lost: {exc}")
                    )
                    if not isinstance(error, psycopg.OperationalError):
                        pool.idle.append(connection)  # a failed statement; still usable
                        raise error from exc
                    connection.terminate()
                    if reused and attempt == 0:
                        pool.drop_idle()
                        continue
                    raise error from exc
                except BaseException:
                    connection.terminate()  # cancelled mid-statement: state unknown
                    raise
                pool.idle.append(connection)
                return rows
            raise AssertionError("unreachable")
        finally:
            pool.slots.release()


class _LoopPool:
    def __init__(self, size: int) -> None:
        self.slots = asyncio.Semaphore(size)
        self.idle: list[Any] = []  # asyncpg connections, most recently used last

    def drop_idle(self) -> None:
        for stale in self.idle:
            stale.terminate()
        self.idle.clear()


# Statements kept prepared per connection: every list shape (5 sorts x 32) and the rest.
STATEMENT_CACHE_SIZE = 512
_PYFORMAT = re.compile(r"%\((\w+)\)s|%%")
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


def asyncpg_target(url: URL) -> tuple[str, dict[str, str]]:
    """The DSN asyncpg connects with for ``url``, and the session settings to send.

    The URL's libpq options that asyncpg understands (sslmode, the ssl files,
    target_session_attrs, ...) stay in the DSN; client-only ones are left out. Every
    session runs in UTC, so timestamps arrive as UTC already.
    """
    query = {key: value for key, value in url.query.items() if key not in _CLIENT_ONLY}
    plain = url.set(drivername="postgresql", query=query)
    return plain.render_as_string(hide_password=False), {"TimeZone": "UTC"}


def _as_psycopg(exc: asyncpg.PostgresError) -> psycopg.Error:
    """The psycopg exception psycopg raises for the same server error (by SQLSTATE)."""
    sqlstate = getattr(exc, "sqlstate", None) or ""
    cls: type[psycopg.Error]
    try:
        cls = psycopg.errors.lookup(sqlstate)
    except KeyError:
        cls = psycopg.DatabaseError
    return cls(str(exc))


async def _close(connection: Any) -> None:
    """Close a healthy connection politely (at shutdown); a stuck one is cut."""
    try:
        await asyncio.wait_for(connection.close(), 1)
    except Exception:
        connection.terminate()


def _settle(
    done: asyncio.Future[Any], *, result: Any = None, error: BaseException | None = None
) -> None:
    if done.done():  # the caller was cancelled; its unit ran (and committed) all the same
        return
    if error is not None:
        done.set_exception(error)
    else:
        done.set_result(result)


def _unchanged(value: Any) -> Any:
    return value


def _json_text(value: Any) -> str:
    return orjson.dumps(value).decode()


def _sqlite_time(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def aware_time(value: datetime) -> datetime:
    return value if value.tzinfo is UTC else value.astimezone(UTC)


def _is_busy(exc: Exception) -> bool:
    # sqlite3 reports SQLITE_BUSY as "database is locked".
    return "locked" in str(exc) or "busy" in str(exc)
