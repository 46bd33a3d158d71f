"""The per-client limit as the front door asks it (``server.middleware.Door``).

``server.main`` hands a ``ThrottleDoor`` to ``server.middleware.FrontDoor``, which asks
it about every anonymous expensive attempt before routing: the middleware layer never
imports a domain, and the rules stay in ``server.throttle.service``.
"""

from __future__ import annotations

from starlette.types import Scope

from server.context import AppContext
from server.errors import DomainError
from server.throttle import service


class ThrottleDoor:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self._trusted = ctx.settings.trusted_proxy_networks

    def address(self, scope: Scope) -> str:
        """The client's address, as ``server.throttle.dependencies.client_address`` says."""
        client = scope.get("client")
        peer = client[0] if client else ""
        forwarded = (
            [
                value.decode("latin-1")
                for name, value in scope["headers"]
                if name == b"x-forwarded-for"
            ]
            if self._trusted
            else []
        )
        return service.client_address(peer, forwarded, self._trusted)

    def shared(self, scope: Scope) -> bool:
        """Whether the peer is a trusted proxy (its connection carries many clients)."""
        if not self._trusted:
            return False
        client = scope.get("client")
        return service.is_trusted(client[0] if client else "", self._trusted)

    def refuse(self, address: str) -> tuple[DomainError, str] | None:
        return service.refuse_at_door(self.ctx, address)

    async def count_failure(self, address: str) -> None:
        await service.count_failure(self.ctx, address)
