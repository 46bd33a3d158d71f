"""Who is calling: the bearer token's user, declared once as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer

from server.context import ContextDep
from server.errors import Forbidden
from server.security import Caller
from server.users import service
from server.users.schemas import User

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/v1/auth/token", auto_error=False)
TokenDep = Annotated[str | None, Depends(oauth2_scheme)]


async def token_caller(ctx: ContextDep, token: TokenDep) -> Caller:
    """The caller from the token alone (401 before a body is read); a write checks the
    user and the session itself, in its own transaction (``service.require_active``)."""
    return service.token_caller(ctx, token)


# Named for what routes use it for; it carries the token's session version with the id.
UserId = Annotated[Caller, Depends(token_caller)]


async def current_user(ctx: ContextDep, caller: UserId) -> User:
    return await service.current_user(ctx, caller)


CurrentUser = Annotated[User, Depends(current_user)]


async def current_superuser(user: CurrentUser) -> User:
    if not user.is_superuser:
        raise Forbidden("Only superusers may do this.")
    return user


Superuser = Annotated[User, Depends(current_superuser)]
