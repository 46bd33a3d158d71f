"""Users: who a token belongs to, registration, profile changes, listing."""

from __future__ import annotations

from server.context import AppContext
from server.db import Connection
from server.errors import Unauthorized
from server.idempotency import service as idempotency
from server.idempotency.service import Idempotency, StoredResponse
from server.pagination import decode_cursor, encode_cursor
from server.throttle import service as throttle
from server.users import repository
from server.users.schemas import User, UserCreate, UserUpdate

REJECTED_BEARER = "The access token is invalid or expired. Log in again for a new one."
AUTHENTICATION_REQUIRED = "Authentication required: send `Authorization: Bearer <token>`."


def token_user_id(ctx: AppContext, token: str | None) -> int:
    """The user id in a valid bearer token; 401 otherwise (the user is not looked up)."""
    if not token:
        raise Unauthorized(AUTHENTICATION_REQUIRED)
    user_id = ctx.tokens.subject(token)
    if user_id is None:
        raise Unauthorized(REJECTED_BEARER)
    return user_id


def rejected_bearer() -> Unauthorized:
    """The 401 of a token whose user may not act (gone, or not active)."""
    return Unauthorized(REJECTED_BEARER)


async def require_active(connection: Connection, user_id: int) -> User:
    """The token's user, who must exist and be active (``repository.may_act``); 401
    otherwise."""
    user = await repository.get_active(connection, user_id)
    if user is None:
        raise rejected_bearer()
    return user


async def current_user(ctx: AppContext, user_id: int) -> User:
    return await ctx.db.read(lambda connection: require_active(connection, user_id))


async def register(
    ctx: AppContext, body: UserCreate, key: str | None, client: str
) -> StoredResponse:
    """Add a user (201, once per Idempotency-Key); the password is hashed first, once the
    client is within its limit (429) and a hashing slot is free in time (503)."""
    await throttle.admit(ctx, client)
    hashed = await ctx.passwords.hash_async(body.password)
    request = Idempotency(
        key=key,
        scope="anonymous",
        operation="create_user",
        payload=lambda: body.model_dump(mode="json"),
        secret_key=ctx.secret_key,
        ttl_seconds=ctx.settings.idempotency_key_ttl_seconds,
    )

    async def unit(connection: Connection) -> StoredResponse:
        async def produce() -> StoredResponse:
            user = await repository.insert_user(
                connection, email=body.email, hashed_password=hashed, full_name=body.full_name
            )
            body_json = User.model_validate(user).model_dump_json().encode()
            # No per-id user route: a user's own resource is /v1/users/me.
            return StoredResponse(201, body_json, {"Location": "/v1/users/me"})

        return await idempotency.respond(connection, request, produce)

    return await ctx.db.write(unit)


async def update_me(ctx: AppContext, user_id: int, body: UserUpdate) -> User:
    """Change the user's name or password; a new password is hashed outside the write."""
    changes = body.model_dump(exclude_unset=True)
    if "password" in changes:
        # Never None: the model refuses an explicit null (omit the field instead).
        changes["hashed_password"] = await ctx.passwords.hash_async(changes.pop("password"))

    async def unit(connection: Connection) -> User:
        user = await require_active(connection, user_id)
        if not changes:
            return user
        updated = await repository.update_user(connection, user_id, changes)
        assert updated is not None  # it was there a statement ago, in this transaction
        return updated

    return await ctx.db.write(unit)


async def list_users(
    ctx: AppContext, *, limit: int, cursor: str | None
) -> tuple[list[User], str | None]:
    """A page of users, oldest first, and the cursor of the next one."""
    after = 0 if cursor is None else decode_cursor(cursor, "id", (int,))[0]
    users = await ctx.db.read(
        lambda connection: repository.page(connection, after=after, limit=limit + 1)
    )
    next_cursor = encode_cursor("id", [users[limit - 1].id]) if len(users) > limit else None
    return users[:limit], next_cursor
