"""/v1/users: register, read and change yourself, list (superusers)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from server.context import ContextDep
from server.errors import problem_responses, retry_after_responses
from server.idempotency.dependencies import IdempotencyKey, created_headers
from server.pagination import PageSize
from server.routing import CompiledRoute
from server.throttle.dependencies import ClientAddress
from server.users import service
from server.users.dependencies import CurrentUser, Superuser, UserId
from server.users.schemas import User, UserCreate, UserPage, UserUpdate

router = APIRouter(prefix="/v1/users", tags=["users"], route_class=CompiledRoute)


@router.post(
    "",
    summary="Register a user",
    response_model=User,
    status_code=status.HTTP_201_CREATED,
    responses={
        201: {
            "headers": created_headers("`/v1/users/me`, the new user's resource."),
            "description": "Created",
        },
        **problem_responses(409, 413, 422),
        **retry_after_responses(
            {
                429: "Too many registration and login attempts from this client address.",
                503: "The database is unreachable, or the server is too busy hashing "
                "passwords to take this one in time.",
            }
        ),
    },
)
async def create_user(
    body: UserCreate,
    ctx: ContextDep,
    client: ClientAddress,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Register a new user."""
    stored = await service.register(ctx, body, idempotency_key, client)
    return stored.to_response()


@router.get(
    "/me",
    summary="Get the current user",
    response_model=User,
    responses=problem_responses(401, 503),
)
async def get_current_user(user: CurrentUser) -> User:
    """Return the authenticated user."""
    return User.model_validate(user)


@router.patch(
    "/me",
    summary="Update the current user",
    response_model=User,
    responses={
        **problem_responses(401, 413, 422),
        **retry_after_responses(
            {
                503: "The database is unreachable, or the server is too busy hashing "
                "passwords to take a new one in time."
            }
        ),
    },
)
async def update_current_user(body: UserUpdate, ctx: ContextDep, user_id: UserId) -> User:
    """Change the authenticated user's name or password."""
    return User.model_validate(await service.update_me(ctx, user_id, body))


@router.get(
    "",
    summary="List users",
    response_model=UserPage,
    responses=problem_responses(401, 403, 422, 503),
)
async def list_users(
    ctx: ContextDep,
    _admin: Superuser,
    limit: PageSize = 20,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> UserPage:
    """List all users, oldest first (superusers only)."""
    users, next_cursor = await service.list_users(ctx, limit=limit, cursor=cursor)
    return UserPage(items=[User.model_validate(u) for u in users], next_cursor=next_cursor)
