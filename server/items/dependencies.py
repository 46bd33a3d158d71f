"""Item path and header parameters, and the item a write may change (``OwnedItem``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Path

from server.context import ContextDep
from server.items import service
from server.items.repository import Record
from server.users.dependencies import UserId

ItemId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The item's id.")]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=1024,
        description="Apply only if the item's ETag still matches (412 otherwise).",
    ),
]
IfNoneMatch = Annotated[
    str | None,
    Header(
        alias="If-None-Match",
        max_length=1024,
        description="Answer 304 Not Modified when the ETag still matches.",
    ),
]


async def owned_item(item_id: ItemId, ctx: ContextDep, caller: UserId) -> Record:
    """The item (404), which the caller must own or be a superuser to change (403)."""
    return await service.owned(ctx, item_id, caller)


OwnedItem = Annotated[Record, Depends(owned_item)]
