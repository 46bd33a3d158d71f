"""/v1/users: register, read and change yourself, list and administer (superusers)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query, Response, status

from server.context import ContextDep
from server.errors import problem_responses, retry_after_responses
from server.idempotency.dependencies import IdempotencyKey, created_headers
from server.openapi import NO_STORE, no_store_headers
from server.pagination import PageSize
from server.routing import CompiledRouter
from server.throttle.dependencies import ClientAddress
from server.users import service
from server.users.dependencies import CurrentUser, Superuser, UserId
from server.users.schemas import User, UserCreate, UserPage, UserUpdate

router = CompiledRouter(prefix="/v1/users", tags=["users"])


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


NO_STORE_HEADERS = no_store_headers("`no-store`: your own account is never cached.")
UserPathId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The user's id.")]
ADMIN_RESPONSES = problem_responses(401, 403, 404, 422, 503)


@router.get(
    "/me",
    summary="Get the current user",
    response_model=User,
    responses={
        200: {"headers": NO_STORE_HEADERS, "description": "Successful Response"},
        **problem_responses(401, 503),
    },
)
async def get_current_user(user: CurrentUser, response: Response) -> User:
    """Return the authenticated user."""
    response.headers.update(NO_STORE)
    return User.model_validate(user)


@router.patch(
    "/me",
    summary="Update the current user",
    response_model=User,
    responses={
        200: {"headers": NO_STORE_HEADERS, "description": "Successful Response"},
        **problem_responses(401, 413, 422),
        **retry_after_responses(
            {
                429: "Too many password attempts from this client address, or too many "
                "wrong current passwords for this account.",
                503: "The database is unreachable, or the server is too busy hashing "
                "passwords to take a new one in time.",
            }
        ),
    },
)
async def update_current_user(
    body: UserUpdate,
    ctx: ContextDep,
    caller: UserId,
    client: ClientAddress,
    response: Response,
) -> User:
    """Change the authenticated user's name, or their password (which needs
    `current_password` and ends every session: log in again with the new one)."""
    user = await service.update_me(ctx, caller, body, client)
    response.headers.update(NO_STORE)
    return User.model_validate(user)


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


@router.post(
    "/{user_id}/deactivate",
    summary="Deactivate a user",
    response_model=User,
    responses={**ADMIN_RESPONSES, **problem_responses(409)},
)
async def deactivate_user(ctx: ContextDep, admin: Superuser, user_id: UserPathId) -> User:
    """Deactivate a user: they cannot log in, and their sessions end (superusers only)."""
    return User.model_validate(await service.set_access(ctx, admin, user_id, active=False))


@router.post(
    "/{user_id}/reactivate",
    summary="Reactivate a user",
    response_model=User,
    responses=ADMIN_RESPONSES,
)
async def reactivate_user(ctx: ContextDep, admin: Superuser, user_id: UserPathId) -> User:
    """Let a deactivated user log in again; no earlier session returns (superusers only)."""
    return User.model_validate(await service.set_access(ctx, admin, user_id, active=True))


@router.post(
    "/{user_id}/revoke-sessions",
    summary="Revoke a user's sessions",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=ADMIN_RESPONSES,
)
async def revoke_user_sessions(ctx: ContextDep, admin: Superuser, user_id: UserPathId) -> Response:
    """End every session of a user: their tokens are refused from now on (superusers only)."""
    await service.set_access(ctx, admin, user_id, active=None)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
