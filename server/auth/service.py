"""Sessions: login, refresh-token rotation with reuse detection, and revocation.

Every login attempt first counts against its client's limit (``server.throttle``), then
against the account-and-client pair's and the account's failure limits
(``server.throttle.accounts``); both refuse before any hashing. The slow hash check runs
outside any transaction, so logins never hold the SQLite write lock while Argon2 works.

A login starts a refresh-token family; ``grant_type=refresh_token`` redeems its newest
generation for a new access token and the next refresh token (rotation). Redeeming an
older generation again means the chain was copied: the family is revoked and the user's
sessions end (reuse detection, OAuth 2.0 Security BCP section 4.14). Tokens carry the
user's session version, so ending sessions (``server.users.service``) refuses them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from server.auth import repository
from server.context import AppContext
from server.db import Connection, utcnow
from server.errors import Unauthorized
from server.throttle import accounts as login_throttle
from server.throttle import service as throttle
from server.throttle.accounts import AccountKeys
from server.users import repository as users
from server.users.policy import normalise_email
from server.users.schemas import User

BAD_CREDENTIALS = "Incorrect email or password."
BAD_REFRESH = (
    "The refresh token is invalid, expired, revoked or used already. Log in again with "
    "your password."
)


@dataclass(frozen=True, slots=True)
class Session:
    access_token: str
    refresh_token: str


async def login(ctx: AppContext, email: str, password: str, client: str) -> Session:
    """A new session for these credentials; 401 (same body either way), 429 (too many
    attempts from the client, or failures for the account) or 503 (hashing saturated)."""
    await throttle.admit(ctx, client)
    email = normalise_email(email.strip())

    async def look_up(connection: Connection) -> tuple[AccountKeys, tuple[User, str, int] | None]:
        keys = await login_throttle.check_in(connection, ctx, email, client)
        return keys, await users.get_for_login(connection, email)

    keys, found = await ctx.db.read(look_up)
    ok = await ctx.passwords.verify_async(password, found[1] if found is not None else None)
    # An inactive user's right password fails like a wrong one (and counts as one).
    if found is None or not ok or not found[0].is_active:
        await login_throttle.failed(ctx, keys)
        raise Unauthorized(BAD_CREDENTIALS)
    await login_throttle.succeeded(ctx, keys)
    user, _, version = found
    return await _start(ctx, user.id, version)


async def _start(ctx: AppContext, user_id: int, version: int) -> Session:
    now = utcnow()
    expires = now + timedelta(seconds=ctx.tokens.refresh_lifetime_seconds)
    family = await ctx.db.write(
        lambda connection: repository.start_family(connection, user_id, now=now, expires_at=expires)
    )
    return Session(
        ctx.tokens.issue(user_id, version),
        ctx.tokens.issue_refresh(user_id, version, family, 0),
    )


async def refresh(ctx: AppContext, token: str) -> Session:
    """The next access and refresh tokens of ``token``'s family; 401 for anything but the
    family's newest refresh token of a live session. A reused one ends the sessions."""
    claims = ctx.tokens.refresh_claims(token)
    if claims is None:
        raise Unauthorized(BAD_REFRESH)
    now = utcnow()

    async def unit(connection: Connection) -> bool:
        found = await users.get_session(connection, claims.user_id)
        if found is None or not found[0].is_active or found[1] != claims.version:
            return False
        family, user_id = claims.family, claims.user_id
        if await repository.rotate(connection, family, user_id, claims.generation, now=now):
            return True
        live = await repository.generation(connection, family, user_id)
        if live is not None and not live[1] and live[0] > claims.generation:
            # An older generation came back: someone else holds a copy of the chain.
            await repository.revoke(connection, family, now=now)
            await users.update_user(connection, user_id, {}, end_sessions=True)
        return False

    if not await ctx.db.write(unit):  # committed first: a detected reuse stays revoked
        raise Unauthorized(BAD_REFRESH)
    return Session(
        ctx.tokens.issue(claims.user_id, claims.version),
        ctx.tokens.issue_refresh(
            claims.user_id, claims.version, claims.family, claims.generation + 1
        ),
    )


async def revoke(ctx: AppContext, token: str) -> None:
    """RFC 7009: end the session ``token`` (access or refresh) belongs to. An invalid,
    expired or already revoked token is not an error (section 2.2): nothing happens."""
    refresh_claims = ctx.tokens.refresh_claims(token)
    if refresh_claims is not None:
        user_id, version = refresh_claims.user_id, refresh_claims.version
    else:
        caller = ctx.tokens.subject(token)
        if caller is None:
            return
        user_id, version = caller.id, caller.version
    now = utcnow()

    async def unit(connection: Connection) -> None:
        found = await users.get_session(connection, user_id)
        if found is None or found[1] != version:
            return  # revoked already
        if refresh_claims is not None:
            await repository.revoke(connection, refresh_claims.family, now=now)
        await users.update_user(connection, user_id, {}, end_sessions=True)

    await ctx.db.write(unit)
