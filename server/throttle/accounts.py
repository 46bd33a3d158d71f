"""Failed sign-ins per account AND client, under a far higher ceiling per account.

A wrong password (at login, or as ``current_password`` of a password change) counts
twice, in fixed windows of LOGIN_FAILURE_WINDOW_SECONDS kept in the database so every
server process sees the same counts:

- for the pair (account, client address): past LOGIN_MAX_FAILURES that client is
  refused for that account until its window ends (429 with Retry-After). Failures
  from one address never refuse another, so nobody can lock the owner out by failing
  on purpose from their own address;
- for the account from every client together: past LOGIN_ACCOUNT_MAX_FAILURES (100 by
  default, NIST SP 800-63B section 5.2.2's bound) every client is refused, which bounds
  a guessing attack spread over many addresses.

Both are checked before any hashing; a success clears the pair's count and the
account's. Unknown emails count the same way, so the answers do not tell which
accounts exist. The client address is the one ``server.throttle.service`` judges.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from server.context import AppContext
from server.db import Connection, utcnow
from server.errors import TooManyRequests
from server.throttle import failures as repository

PAIR_LIMITED = (
    "Too many failed sign-ins for this account from your address. Wait the number of "
    "seconds in the Retry-After header before trying again."
)
ACCOUNT_LIMITED = (
    "Too many failed sign-ins for this account from many addresses. Wait the number of "
    "seconds in the Retry-After header before trying again."
)


@dataclass(frozen=True, slots=True)
class AccountKeys:
    """The two counters one attempt touches: the account's and the account-and-client pair's."""

    account: str
    pair: str
    had_failures: bool


def keys(ctx: AppContext, email: str, client: str) -> tuple[str, str]:
    account = hashlib.sha256(email.encode()).hexdigest()
    pair = hmac.new(
        ctx.secret_key.encode(), f"{email}\n{client}".encode(), hashlib.sha256
    ).hexdigest()
    return account, pair


def _refusal(
    recorded: tuple[int, datetime] | None, limit: int, window: timedelta, message: str
) -> TooManyRequests | None:
    if recorded is None or recorded[0] < limit:
        return None
    remaining = (recorded[1] + window - utcnow()).total_seconds()
    if remaining <= 0:
        return None  # the window ended: the next failure starts a new one
    return TooManyRequests(message, headers={"Retry-After": str(max(1, math.ceil(remaining)))})


async def check_in(connection: Connection, ctx: AppContext, email: str, client: str) -> AccountKeys:
    """Inside a unit of work: 429 when the pair or the account is over its limit."""
    settings = ctx.settings
    window = timedelta(seconds=settings.login_failure_window_seconds)
    account, pair = keys(ctx, email, client)
    on_account, on_pair = await repository.failures_of(connection, (account, pair))
    refused = _refusal(on_pair, settings.login_max_failures, window, PAIR_LIMITED) or _refusal(
        on_account, settings.login_account_max_failures, window, ACCOUNT_LIMITED
    )
    if refused is not None:
        raise refused
    return AccountKeys(account, pair, on_account is not None or on_pair is not None)


async def check(ctx: AppContext, email: str, client: str) -> AccountKeys:
    """``check_in`` in a read of its own."""
    return await ctx.db.read(lambda connection: check_in(connection, ctx, email, client))


async def failed(ctx: AppContext, keys: AccountKeys) -> None:
    """Count one failure for the pair and for the account."""
    now = utcnow()
    start = now - timedelta(seconds=ctx.settings.login_failure_window_seconds)

    async def unit(connection: Connection) -> None:
        for key in (keys.account, keys.pair):
            await repository.record_failure(connection, key, now=now, window_start=start)

    await ctx.db.write(unit)


async def succeeded(ctx: AppContext, keys: AccountKeys) -> None:
    """A right password: the pair's and the account's counts start again."""
    if not keys.had_failures:
        return  # nothing to clear: no write

    async def unit(connection: Connection) -> None:
        await repository.clear(connection, keys.account)
        await repository.clear(connection, keys.pair)

    await ctx.db.write(unit)
