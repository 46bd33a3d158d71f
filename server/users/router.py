"""/v1/users: register, read and change yourself, list (superusers)."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Query, Response, status

from server import idempotency
from server.deps import (
    ContextDep,
    CurrentUser,
    IdempotencyKey,
    SessionDep,
    Superuser,
    Writer,
    WriteSessionDep,
)
from server.errors import Unprocessable, problem_responses
from server.idempotency import StoredResponse
from server.users import service
from server.users.schemas import User, UserCreate, UserPage, UserUpdate

router = APIRouter(prefix="/v1/users", tags=["users"])


@router.post(
    "",
    response_model=User,
    status_code=status.HTTP_201_CREATED,
    responses={
        201: {
            "headers": idempotency.created_headers("`/v1/users/me`, the new user's resource."),
            "description": "Created",
        },
        **problem_responses(409, 413, 422, 503),
    },
)
async def create_user(
    body: UserCreate,
    ctx: ContextDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Register a new user."""
    hashed = await anyio.to_thread.run_sync(ctx.passwords.hash, body.password)
    direct = ctx.db.direct

    def work(connection: Any) -> StoredResponse:
        def produce() -> StoredResponse:
            user = service.insert_user(
                direct,
                connection,
                email=body.email,
                hashed_password=hashed,
                full_name=body.full_name,
            )
            body_json = User.model_validate(user).model_dump_json().encode()
            # No per-id user route: a user's own resource is /v1/users/me.
            return StoredResponse(201, body_json, {"Location": "/v1/users/me"})

        return idempotency.respond(
            direct,
            connection,
            key=idempotency_key,
            scope="anonymous",
            operation="create_user",
            payload=lambda: body.model_dump(mode="json"),
            secret_key=ctx.secret_key,
            ttl_seconds=ctx.settings.idempotency_key_ttl_seconds,
            produce=produce,
        )

    stored = await direct.write(work)
    return stored.to_response()


@router.get("/me", response_model=User, responses=problem_responses(401, 503))
def get_current_user(user: CurrentUser) -> User:
    """Return the authenticated user."""
    return User.model_validate(user)


@router.patch("/me", response_model=User, responses=problem_responses(401, 413, 422, 503))
def update_current_user(
    body: UserUpdate, ctx: ContextDep, session: WriteSessionDep, user: Writer
) -> User:
    """Change the authenticated user's name or password."""
    changes = body.model_dump(exclude_unset=True)
    if "password" in changes:
        password = changes.pop("password")
        if password is None:
            raise Unprocessable(
                "password cannot be null; omit it to keep the current password.",
                loc=["body", "password"],
                type_="null_not_allowed",
            )
        user.hashed_password = ctx.passwords.hash(password)
    if "full_name" in changes:
        user.full_name = changes["full_name"]
    session.commit()
    return User.model_validate(user)


@router.get("", response_model=UserPage, responses=problem_responses(401, 403, 422, 503))
def list_users(
    session: SessionDep,
    _admin: Superuser,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> UserPage:
    """List all users, oldest first (superusers only)."""
    users, next_cursor = service.list_users(session, limit=limit, cursor=cursor)
    return UserPage(items=[User.model_validate(u) for u in users], next_cursor=next_cursor)
