"""Request dependencies, declared once as ``Annotated`` aliases.

``CurrentUser``/``Writer`` authenticate; ``OwnedItem`` also checks that the item
exists and that the caller may change it, so routes don't repeat those checks.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import anyio
from fastapi import Depends, Header, Path, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session, sessionmaker

from server.context import AppContext
from server.direct import Direct
from server.errors import Forbidden, NotFound, Unauthorized
from server.idempotency import KEY_HEADER_DOC
from server.items.models import Item
from server.items.service import find_item
from server.users import service as users_service
from server.users.models import User

REJECTED_BEARER = "The access token is invalid or expired. Log in again for a new one."
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/v1/auth/token", auto_error=False)


# Dependencies that do no I/O are ``async def``: FastAPI runs each sync dependency in
# its own trip to the threadpool, and those trips, not the work, dominated a request.


async def get_context(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.storefront
    return ctx


ContextDep = Annotated[AppContext, Depends(get_context)]


@asynccontextmanager
async def _unit_of_work(factory: sessionmaker[Session]) -> AsyncIterator[Session]:
    """One session per request; the route (in the threadpool) does every query and commit.

    Opening a session does no I/O: its connection is checked out on first use, in the
    route's thread. A route that ends its transaction (commit, or ``with
    session.begin()``) has given the connection back, so closing is free; otherwise
    (an error, an unfinished read) the rollback runs in the threadpool, never on the loop.
    """
    session = factory()
    try:
        yield session
    finally:
        if session.in_transaction():
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(session.close)
        else:
            session.close()


async def read_session(ctx: ContextDep) -> AsyncIterator[Session]:
    async with _unit_of_work(ctx.db.read_sessions) as session:
        yield session


async def write_session(ctx: ContextDep) -> AsyncIterator[Session]:
    async with _unit_of_work(ctx.db.write_sessions) as session:
        yield session


SessionDep = Annotated[Session, Depends(read_session)]
WriteSessionDep = Annotated[Session, Depends(write_session)]
TokenDep = Annotated[str | None, Depends(oauth2_scheme)]


def token_user_id(ctx: AppContext, token: str | None) -> int:
    """The user id in a valid bearer token; 401 otherwise (the user is not looked up)."""
    if not token:
        raise Unauthorized("Authentication required: send `Authorization: Bearer <token>`.")
    user_id = ctx.tokens.subject(token)
    if user_id is None:
        raise Unauthorized(REJECTED_BEARER)
    return user_id


async def writer_id(ctx: ContextDep, token: TokenDep) -> int:
    """The caller's user id from the token alone (401 first, before the body is read);
    the route checks the user inside its write (``require_active_user``)."""
    return token_user_id(ctx, token)


def authenticate(ctx: AppContext, session: Session, token: str | None) -> User:
    user = session.get(User, token_user_id(ctx, token))
    if user is None or not user.is_active:
        raise Unauthorized(REJECTED_BEARER)
    return user


def require_active_user(direct: Direct, connection: Any, user_id: int) -> None:
    if not users_service.is_active(direct, connection, user_id):
        raise Unauthorized(REJECTED_BEARER)


def current_user(ctx: ContextDep, session: SessionDep, token: TokenDep) -> User:
    return authenticate(ctx, session, token)


def current_writer(ctx: ContextDep, session: WriteSessionDep, token: TokenDep) -> User:
    return authenticate(ctx, session, token)


def current_superuser(user: Annotated[User, Depends(current_user)]) -> User:
    if not user.is_superuser:
        raise Forbidden("Only superusers may do this.")
    return user


CurrentUser = Annotated[User, Depends(current_user)]
Writer = Annotated[User, Depends(current_writer)]
WriterId = Annotated[int, Depends(writer_id)]
Superuser = Annotated[User, Depends(current_superuser)]
ItemId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The item's id.")]


def owned_item(item_id: ItemId, user: Writer, session: WriteSessionDep) -> Item:
    item = find_item(session, item_id)
    if item is None:
        raise NotFound(f"No item with id {item_id}.")
    if item.owner_id != user.id and not user.is_superuser:
        raise Forbidden("Only the item's owner or a superuser may change it.")
    return item


OwnedItem = Annotated[Item, Depends(owned_item)]

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description=KEY_HEADER_DOC,
    ),
]
