"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import literal_column, select

from server.context import ContextDep
from server.db import Connection, Statement
from server.errors import problem_responses
from server.routing import CompiledRoute

router = APIRouter(tags=["health"], route_class=CompiledRoute)
_PING = Statement(lambda _: select(literal_column("1")))


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
    """Readiness: the database answers."""

    async def ping(connection: Connection) -> None:
        await connection.one(_PING)

    await ctx.db.read(ping)
    return Health(status="ok")
