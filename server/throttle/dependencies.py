"""The client's address, declared once as an ``Annotated`` alias."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from server.context import ContextDep
from server.throttle import service


async def client_address(request: Request, ctx: ContextDep) -> str:
    """The caller's address (``X-Forwarded-For`` only from TRUSTED_PROXIES)."""
    peer = request.client.host if request.client is not None else ""
    forwarded = request.headers.getlist("x-forwarded-for")
    return service.client_address(peer, forwarded, ctx.settings.trusted_proxy_networks)


ClientAddress = Annotated[str, Depends(client_address)]
