"""What a unit of work gets: one connection inside its transaction, the same on every engine."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from server.db.statements import Dialect, Statement

T = TypeVar("T")
Row = Sequence[Any]
Params = Mapping[str, Any]
NO_PARAMS: Params = {}


class Connection(Protocol):
    """A driver connection running compiled ``Statement``s.

    A unique constraint's refusal comes out as ``UniqueViolation`` with the constraint's
    name; a lost database as ``DatabaseUnavailable``.
    """

    @property
    def dialect(self) -> Dialect: ...

    async def one(self, statement: Statement, params: Params = NO_PARAMS) -> Row | None:
        """The first row, or None."""
        ...

    async def all(self, statement: Statement, params: Params = NO_PARAMS) -> list[Row]:
        """Every row."""
        ...

    async def run(self, statement: Statement, params: Params = NO_PARAMS) -> int:
        """Execute; the number of rows it changed."""
        ...

    async def run_many(self, statement: Statement, rows: Sequence[Params]) -> None:
        """Execute once per parameter set."""
        ...


Unit = Callable[[Connection], Awaitable[T]]


def settle(
    done: asyncio.Future[Any], *, result: Any = None, error: BaseException | None = None
) -> None:
    """Answer a caller waiting on ``done`` (a unit or statement run on its behalf with
    others'), unless it was cancelled meanwhile: what ran for it ran all the same."""
    if done.done():
        return
    if error is not None:
        done.set_exception(error)
    else:
        done.set_result(result)
