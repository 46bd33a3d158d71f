"""Login: credential checks and per-account throttling of failures.

Every attempt first counts against its client's limit (``server.throttle``). Failures are
counted per normalised email (known or not) in a fixed window kept in the
database, so every server process sees the same counts. The slow hash check runs
outside any transaction, so logins never hold the SQLite write lock while Argon2 works.
"""

from __future__ import annotations

import hashlib
import math
from datetime import timedelta

from server.auth import repository
from server.context import AppContext
from server.db import Connection, utcnow
from server.errors import TooManyRequests, Unauthorized
from server.throttle import service as throttle
from server.users import repository as users
from server.users.schemas import User

BAD_CREDENTIALS = "Incorrect email or password."


def _key(email: str) -> str:
    # sha256 of the normalised email: unknown emails are throttled the same way.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


async def authenticate(ctx: AppContext, email: str, password: str, client: str) -> User:
    """The user these credentials belong to; 401 (same body either way), 429 (too many
    failures for the account, or attempts from the client) or 503 (hashing saturated)."""
    await throttle.admit(ctx, client)
    settings, key = ctx.settings, _key(email)
    window = timedelta(seconds=settings.login_failure_window_seconds)

    async def look_up(connection: Connection) -> tuple[tuple[User, str] | None, bool]:
        recorded = await repository.failures(connection, key)
        if recorded is not None and recorded[0] >= settings.login_max_failures:
            remaining = (recorded[1] + window - utcnow()).total_seconds()
            if remaining > 0:
                raise TooManyRequests(
                    "Too many failed logins for this account. Wait before trying again.",
                    headers={"Retry-After": str(max(1, math.ceil(remaining)))},
                )
        found = await users.get_for_login(connection, email.lower())
        return found, recorded is not None

    found, had_failures = await ctx.db.read(look_up)
    ok = await ctx.passwords.verify_async(password, found[1] if found is not None else None)
    if found is None or not ok or not found[0].is_active:
        now = utcnow()
        await ctx.db.write(
            lambda connection: repository.record_failure(
                connection, key, now=now, window_start=now - window
            )
        )
        raise Unauthorized(BAD_CREDENTIALS)
    if had_failures:
        await ctx.db.write(lambda connection: repository.clear(connection, key))
    return found[0]
