"""Request dependencies, declared once as ``Annotated`` aliases.

``CurrentUser``/``Writer`` authenticate; ``OwnedItem`` also checks that the item
exists and that the caller may change it, so routes don't repeat those checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Path, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from server.context import AppContext
from server.errors import Forbidden, NotFound, Unauthorized
from server.idempotency import KEY_HEADER_DOC
from server.items.models import Item
from server.users.models import User

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/v1/auth/token", auto_error=False)


def get_context(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.storefront
    return ctx


ContextDep = Annotated[AppContext, Depends(get_context)]


def read_session(ctx: ContextDep) -> Iterator[Session]:
    yield from ctx.db.session(write=False)


def write_session(ctx: ContextDep) -> Iterator[Session]:
    yield from ctx.db.session(write=True)


SessionDep = Annotated[Session, Depends(read_session)]
WriteSessionDep = Annotated[Session, Depends(write_session)]
TokenDep = Annotated[str | None, Depends(oauth2_scheme)]


def authenticate(ctx: AppContext, session: Session, token: str | None) -> User:
    if not token:
        raise Unauthorized("Authentication required: send `Authorization: Bearer <token>`.")
    user_id = ctx.tokens.subject(token)
    user = session.get(User, user_id) if user_id is not None else None
    if user is None or not user.is_active:
        raise Unauthorized("The access token is invalid or expired. Log in again for a new one.")
    return user


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
Superuser = Annotated[User, Depends(current_superuser)]
ItemId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The item's id.")]


def owned_item(item_id: ItemId, user: Writer, session: WriteSessionDep) -> Item:
    item = session.get(Item, item_id)
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
