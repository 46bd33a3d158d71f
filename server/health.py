"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from server.deps import ContextDep
from server.errors import ServiceUnavailable, problem_responses

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    """Liveness: the process answers."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses=problem_responses(503))
def readyz(ctx: ContextDep) -> Health:
    """Readiness: the database answers."""
    try:
        with ctx.db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        raise ServiceUnavailable("The database is unreachable.") from None
    return Health(status="ok")
