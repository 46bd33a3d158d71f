"""Liveness and readiness probes."""

from __future__ import annotations

from pydantic import BaseModel, Field
from sqlalchemy import text

from server.context import ContextDep
from server.db import Connection, DatabaseUnavailable, Statement
from server.errors import problem_responses
from server.routing import CompiledRouter

router = CompiledRouter(tags=["health"])
# A write that commits something without touching any table: SQLite rewrites its header's
# user_version (the project never uses it) and appends that page to the WAL; PostgreSQL
# assigns a transaction id, so its commit writes a WAL record. Either fails when the disk
# is full or the file is read-only, exactly as a real write would. PostgreSQL would still
# give a transaction id to a read-only transaction, and refuses one on a standby with an
# internal error: there the probe reads NULL instead, and the database is not ready.
_WRITE_PROBE = Statement(
    lambda dialect: text(
        "PRAGMA user_version = 0"
        if dialect == "sqlite"
        else "SELECT CASE WHEN pg_is_in_recovery()"
        " OR current_setting('transaction_read_only') = 'on'"
        " THEN NULL ELSE pg_current_xact_id() END"
    )
)
READ_ONLY = "The database takes no writes now (read-only, or a standby). Retry shortly."


class Health(BaseModel):
    status: str = Field(description="`ok` when the check passed.")


@router.get("/healthz", summary="Liveness check", response_model=Health)
async def healthz() -> Health:
    """Liveness: the process answers."""
    return Health(status="ok")


@router.get(
    "/readyz", summary="Readiness check", response_model=Health, responses=problem_responses(503)
)
async def readyz(ctx: ContextDep) -> Health:
    """Readiness: the database takes a write (commits one that changes nothing)."""

    async def probe(connection: Connection) -> None:
        row = await connection.one(_WRITE_PROBE)
        if connection.dialect == "postgresql" and (row is None or row[0] is None):
            raise DatabaseUnavailable(READ_ONLY)

    await ctx.db.write(probe)
    return Health(status="ok")
