"""What one application instance holds: settings, database, hashing and tokens."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request

from server.config import Settings
from server.db import Database
from server.security import Passwords, Tokens

if TYPE_CHECKING:
    from server.metrics import Metrics


@dataclass(frozen=True)
class AppContext:
    settings: Settings
    db: Database
    passwords: Passwords
    tokens: Tokens
    secret_key: str
    # Clients refused for too many attempts, until when (time.monotonic()): what the
    # database said, remembered so a refused client costs no query (server.throttle).
    refused_clients: dict[str, float] = field(default_factory=dict)
    # Prometheus instruments when METRICS_PORT is set (server.metrics); None: off.
    metrics: Metrics | None = None


# No I/O: an ``async`` dependency, so FastAPI does not send it to the threadpool.
async def get_context(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.storefront
    return ctx


ContextDep = Annotated[AppContext, Depends(get_context)]
