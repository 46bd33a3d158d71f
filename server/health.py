"""Liveness and readiness probes."""

from __future__ import annotations

from pydantic import BaseModel, Field
from sqlalchemy import func, select, text

from server.context import ContextDep
from server.db import Connection, Statement
from server.errors import problem_responses
from server.routing import CompiledRouter

router = CompiledRouter(tags=["health"])
# A write that commits something without touching any table: SQLite rewrites its header's
# user_version (the project never uses it) and appends that page to the WAL; PostgreSQL
# assigns a transaction id, so its commit writes a WAL record. Either fails when the disk
# is full, the file is read-only or the server is a standby, exactly as a real write would.
_WRITE_PROBE = Statement(
    lambda dialect: (
        text("PRAGMA user_version = 0")
        if dialect == "sqlite"
        else select(func.pg_current_xact_id())
    )
)


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
        await connection.run(_WRITE_PROBE)

    await ctx.db.write(probe)
    return Health(status="ok")
