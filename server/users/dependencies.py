"""Who is calling: the bearer token's user, declared once as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer

from server.context import ContextDep
from server.errors import Forbidden
from server.users import service
from server.users.schemas import User

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/v1/auth/token", auto_error=False)
TokenDep = Annotated[str | None, Depends(oauth2_scheme)]


async def token_user_id(ctx: ContextDep, token: TokenDep) -> int:
    """The caller's id from the token alone (401 before a body is read); a write checks
    the user itself, in its own transaction (``service.require_active``)."""
    return service.token_user_id(ctx, token)


UserId = Annotated[int, Depends(token_user_id)]


async def current_user(ctx: ContextDep, user_id: UserId) -> User:
    return await service.current_user(ctx, user_id)


CurrentUser = Annotated[User, Depends(current_user)]


async def current_superuser(user: CurrentUser) -> User:
    if not user.is_superuser:
        raise Forbidden("Only superusers may do this.")
    return user


Superuser = Annotated[User, Depends(current_superuser)]
