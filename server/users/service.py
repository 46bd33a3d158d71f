"""Users: who a token belongs to, registration, profile changes, listing, and the
administration of other users' access (deactivate, reactivate, end their sessions).

A token is honoured only while its user exists, is active and still has the session
version the token was issued under (``require_active``, in the same read the request
makes anyway). A password change, a logout, a deactivation and an administrator's
revocation move the version on, so every earlier token (access and refresh) is refused
from the next request on, on every process.
"""

from __future__ import annotations

from server.context import AppContext
from server.db import Connection
from server.errors import Conflict, NotFound, Unauthorized, Unprocessable
from server.idempotency import service as idempotency
from server.idempotency.service import Idempotency, StoredResponse
from server.pagination import decode_cursor, encode_cursor
from server.security import Caller
from server.throttle import accounts as login_throttle
from server.throttle import service as throttle
from server.users import repository
from server.users.schemas import User, UserCreate, UserUpdate, password_refusal

REJECTED_BEARER = "The access token is invalid, expired or revoked. Log in again for a new one."
AUTHENTICATION_REQUIRED = "Authentication required: send `Authorization: Bearer <token>`."
CURRENT_MISMATCH = "current_password is not your password."
NEEDS_CURRENT = "current_password is required to set a new password."
NO_SUCH_USER = "No user with id {user_id}."
NOT_YOURSELF = (
    "You cannot deactivate yourself: another superuser must (so one always remains able to)."
)


def token_caller(ctx: AppContext, token: str | None) -> Caller:
    """Who a valid bearer token speaks for; 401 otherwise (the user is not looked up)."""
    if not token:
        raise Unauthorized(AUTHENTICATION_REQUIRED)
    caller = ctx.tokens.subject(token)
    if caller is None:
        raise Unauthorized(REJECTED_BEARER)
    return caller


def rejected_bearer() -> Unauthorized:
    """The 401 of a token whose user may not act (gone, not active, or its session ended)."""
    return Unauthorized(REJECTED_BEARER)


async def require_active(connection: Connection, caller: Caller) -> User:
    """The token's user, who must exist, be active and not have ended the token's session
    since it was issued (``repository.may_act``, in the one read the request makes); 401
    otherwise."""
    user = await repository.get_active(connection, caller.id, caller.version)
    if user is None:
        raise rejected_bearer()
    return user


async def current_user(ctx: AppContext, caller: Caller) -> User:
    return await ctx.db.read(lambda connection: require_active(connection, caller))


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


async def update_me(ctx: AppContext, caller: Caller, body: UserUpdate, client: str) -> User:
    """Change the user's name or password.

    A new password needs ``current_password``. Before anything is hashed: the caller must
    still hold a live session (401), the client must be within its attempt limit and the
    account-and-client pair within its failure limit (429, ``server.auth.throttle``).
    A wrong current password counts as a failed login. A new password ends every session
    (this one too): the client logs in again with it.
    """
    changes = body.model_dump(exclude_unset=True)
    current = changes.pop("current_password", None)
    new_password = changes.pop("password", None)
    if new_password is None:
        if current is not None:
            raise Unprocessable(
                "current_password is only needed with a new password.",
                loc=["body", "current_password"],
                type_="unexpected",
            )
        return await _update_profile(ctx, caller, changes)
    if current is None:
        raise Unprocessable(NEEDS_CURRENT, loc=["body", "current_password"], type_="missing")
    found = await ctx.db.read(lambda connection: _credentials(connection, caller))
    user, hashed, _ = found
    error = password_refusal(new_password, user.email)
    if error is not None:
        raise Unprocessable(error.message(), loc=["body", "password"], type_=error.type)
    await throttle.admit(ctx, client)
    account = await login_throttle.check(ctx, user.email, client)
    if not await ctx.passwords.verify_async(current, hashed):
        await login_throttle.failed(ctx, account)
        raise Unprocessable(CURRENT_MISMATCH, loc=["body", "current_password"], type_="invalid")
    changes["hashed_password"] = await ctx.passwords.hash_async(new_password)

    async def unit(connection: Connection) -> User:
        await require_active(connection, caller)  # still live now that the hash is done
        updated = await repository.update_user(connection, caller.id, changes, end_sessions=True)
        assert updated is not None  # it was there a statement ago, in this transaction
        return updated[0]

    user = await ctx.db.write(unit)
    await login_throttle.succeeded(ctx, account)
    return user


async def _credentials(connection: Connection, caller: Caller) -> tuple[User, str, int]:
    found = await repository.get_credentials(connection, caller.id)
    if found is None or not found[0].is_active or found[2] != caller.version:
        raise Unauthorized(REJECTED_BEARER)
    return found


async def _update_profile(ctx: AppContext, caller: Caller, changes: dict[str, object]) -> User:
    async def unit(connection: Connection) -> User:
        user = await require_active(connection, caller)
        if not changes:
            return user
        updated = await repository.update_user(connection, caller.id, changes)
        assert updated is not None  # it was there a statement ago, in this transaction
        return updated[0]

    return await ctx.db.write(unit)


async def end_sessions(ctx: AppContext, caller: Caller) -> None:
    """Logout: every session of the caller's user ends (their tokens get 401 from now)."""

    async def unit(connection: Connection) -> None:
        await repository.update_user(connection, caller.id, {}, end_sessions=True)

    await ctx.db.write(unit)


async def set_access(ctx: AppContext, admin: User, user_id: int, *, active: bool | None) -> User:
    """An administrator's change to another user's access: ``active`` False deactivates,
    True reactivates, None only ends their sessions. Every change ends the sessions."""
    if active is False and user_id == admin.id:
        raise Conflict(NOT_YOURSELF)
    changes: dict[str, object] = {} if active is None else {"is_active": active}

    async def unit(connection: Connection) -> User:
        updated = await repository.update_user(connection, user_id, changes, end_sessions=True)
        if updated is None:
            raise NotFound(NO_SUCH_USER.format(user_id=user_id))
        return updated[0]

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
