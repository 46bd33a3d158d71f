"""Statements built with SQLAlchemy Core, compiled once per engine, run on driver connections.

A SQLAlchemy ``Connection.execute`` costs tens of microseconds before the database does
anything (cache key, execution context, result processing); the same SQL handed to the
driver costs a few. Repositories therefore declare each statement once, as a
``Statement`` whose builder gets the engine's name (so an upsert or a timestamp format
can take the engine's own form), and the connections run its compiled text with plain
parameters. Values cross with ``bind_time``/``bind_json``/``read_time``, the one place
that knows how each engine stores them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, cast

import orjson
from sqlalchemy import ColumnElement, Table, bindparam, case, literal_column
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect as SADialect
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

Dialect = Literal["sqlite", "postgresql"]

# sqlite3 takes ``:name`` parameters from a dict; asyncpg takes ``$n`` positionally.
_COMPILERS: dict[str, SADialect] = {
    "sqlite": sqlite.dialect(paramstyle="named"),
    "postgresql": postgresql.dialect(paramstyle="numeric_dollar"),  # type: ignore[no-untyped-call]
}


@dataclass(frozen=True, slots=True)
class Compiled:
    sql: str
    # PostgreSQL: the parameter name of $1, $2, ... (empty on SQLite, which binds by name).
    names: tuple[str, ...]


class Statement:
    """One statement, built by ``build(dialect)`` and compiled on its first use per engine.

    Every value is a named ``bindparam`` (or a literal): a value fixed at build time
    would be lost with the compiled object, so it is refused.

    ``batch``: how PostgreSQL may run several concurrent calls of this one-row statement
    (a read, or the write of a single-statement unit) as one statement (``Batch``); a
    call runs alone when no other is waiting.
    """

    __slots__ = ("_build", "_compiled", "_lock", "batch")

    def __init__(
        self, build: Callable[[Dialect], ClauseElement], *, batch: Batch | None = None
    ) -> None:
        self._build = build
        self._compiled: dict[str, Compiled] = {}
        self._lock = threading.Lock()
        self.batch = batch

    def compiled(self, dialect: Dialect) -> Compiled:
        found = self._compiled.get(dialect)
        if found is None:
            with self._lock:
                found = self._compiled.get(dialect) or self._compile(dialect)
        return found

    def _compile(self, dialect: Dialect) -> Compiled:
        compiled = self._build(dialect).compile(
            dialect=_COMPILERS[dialect], compile_kwargs={"render_postcompile": True}
        )
        fixed = [name for name, value in compiled.params.items() if value is not None]
        if fixed:
            raise ValueError(f"bound values {fixed}: use bindparam() or literal_column()")
        positions = cast(SQLCompiler, compiled).positiontup or ()
        names = tuple(positions) if dialect == "postgresql" else ()
        result = self._compiled[dialect] = Compiled(str(compiled), names)
        return result


@dataclass(frozen=True, slots=True)
class Batch:
    """Several calls of a one-row statement (``Connection.one`` in a read or in a
    single-statement write) as one statement: ``statement`` takes each parameter as the
    list of the calls' values (``unnest``, ``= ANY``) and returns their rows, in any order;
    ``key`` names a parameter that identifies a call's row: the row returns its value in
    the column of the same name (calls with the same key share the row of a read).

    A call whose row does not come back gets None, as alone. The batch is one statement,
    so a write writes all its rows or none: when it is refused (a unique value taken, two
    calls with the same ``key``), each call runs alone and gets its own answer.
    """

    statement: Statement
    key: str


def upsert(dialect: Dialect, table: Table) -> Any:
    """The engine's ``INSERT`` with ``ON CONFLICT`` (both engines have it, in their own form)."""
    return (sqlite.insert if dialect == "sqlite" else postgresql.insert)(table)


def count_in_window(dialect: Dialect, table: Table, *, key: str, count: str, started: str) -> Any:
    """Count one event for ``:key`` in a fixed window, in one statement whatever the row's
    state: the first event inserts the row at one, an event after the window ended
    (``started <= :window_start``) starts it again at one at ``:now``, any other adds one.
    """
    one: ColumnElement[int] = literal_column("1")
    statement = upsert(dialect, table).values(
        {key: bindparam("key"), count: one, started: bindparam("now")}
    )
    ended = table.c[started] <= bindparam("window_start")
    return statement.on_conflict_do_update(
        index_elements=[table.c[key]],
        set_={
            count: case((ended, one), else_=table.c[count] + one),
            started: case((ended, statement.excluded[started]), else_=table.c[started]),
        },
    )


_SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"


def bind_time(dialect: Dialect, value: datetime) -> Any:
    """A UTC timestamp as the engine stores it: SQLite keeps naive text in SQLAlchemy's
    layout (always with microseconds, so stored text sorts in time order)."""
    value = value.astimezone(UTC)
    return value.strftime(_SQLITE_TIME) if dialect == "sqlite" else value


def read_time(value: Any) -> datetime:
    """A stored timestamp (SQLite's text, PostgreSQL's datetime) as an aware UTC datetime."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    assert isinstance(value, datetime)
    return value if value.tzinfo is UTC else value.astimezone(UTC)


def bind_json(value: Any) -> str:
    """JSON as text: SQLite stores it so, and asyncpg sends ``json`` parameters as text."""
    return orjson.dumps(value).decode()


def read_json(value: Any) -> Any:
    return orjson.loads(value) if isinstance(value, str | bytes) else value
