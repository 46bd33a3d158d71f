"""Per-client limits on the anonymous expensive operations (login, registration).

Each costs a password hash, so each is admitted only while its client has attempts left
in a fixed window (CLIENT_MAX_ATTEMPTS per CLIENT_ATTEMPT_WINDOW_SECONDS), counted in
the database so every server process sees the same counts; past them the answer is 429
with Retry-After, before anything is hashed. A client is its address from the
connection; ``X-Forwarded-For`` names it only when the connection comes from a trusted
proxy (TRUSTED_PROXIES), so nobody can spoof another address or a fresh one per request.
IPv6 clients count per /64 network, the block one subscriber is usually given.

A refusal is remembered in the process until the window ends (``AppContext``'s
``refused_clients``), so a client that keeps trying costs no query; the counts stay in
the database. The hashing bound is asked before the count (``HashingGate.check``):
when hashing is saturated the answer is 503 at once, and nothing is counted. Counting
takes a database connection, so at most half the pool (DB_POOL_SIZE) counts at once in
a process; the rest of a burst waits for a turn as long as a hash would wait for a slot
(PASSWORD_HASH_MAX_WAIT_SECONDS), then gets 503, and cheap requests keep the other half.

The door (``refuse_at_door``, called by ``server.middleware.FrontDoor`` before routing,
body parsing, dependencies and the database) answers from what the process already
knows: a client refused within its window, hashing saturated, or more attempts already
waiting to be counted than can be counted in time. It decides nothing the database has
not: the count there stays the truth across processes, and the door only makes the
refusal cost microseconds instead of a request's worth of parsing. An anonymous attempt
that fails validation is counted after its answer (``count_failure``), so malformed
attempts spend the same budget as well-formed ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import ipaddress
import itertools
import math
import time
import weakref
from collections.abc import Sequence
from datetime import timedelta

from server.context import AppContext
from server.db import Connection, utcnow
from server.errors import DomainError, ServiceUnavailable, TooManyRequests
from server.throttle import repository

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
IPV6_PREFIX = 64
# Refusals remembered per process; past this the oldest are forgotten (the database
# still refuses them, at the cost of a query).
REMEMBERED = 10_000
# Every this many counted attempts, the process purges a batch of ended windows.
PURGE_EVERY = 256
LIMITED = (
    "Too many sign-in and registration attempts from your address. Wait the number of "
    "seconds in the Retry-After header before trying again."
)
COUNTING_BUSY = (
    "The server is busy with other sign-ins and registrations. Retry after the number of "
    "seconds in the Retry-After header."
)
_counted = itertools.count(1)


class CountingTurns:
    """The attempts that may be counted at once, and how many wait for a turn."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.slots = asyncio.Semaphore(limit)
        self.waiting = 0


# Per event loop (one per process when serving).
_counting: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, CountingTurns] = (
    weakref.WeakKeyDictionary()
)


def counting_turns(limit: int) -> CountingTurns:
    """The running loop's turns for counting attempts (``limit`` at once, made on first use)."""
    loop = asyncio.get_running_loop()
    turns = _counting.get(loop)
    if turns is None:
        turns = _counting[loop] = CountingTurns(limit)
    return turns


def counting_slots(limit: int) -> asyncio.Semaphore:
    """The running loop's slots for counting attempts (``limit`` of them, made on first use)."""
    return counting_turns(limit).slots


def _parse(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_trusted(peer: str, trusted: Sequence[Network]) -> bool:
    """Whether ``peer`` is one of the trusted proxies."""
    address = _parse(peer)
    return address is not None and any(address in network for network in trusted)


def client_address(peer: str, forwarded_for: Sequence[str], trusted: Sequence[Network]) -> str:
    """Who the client is: the peer, or, when the peer is a trusted proxy, the right-most
    address of ``X-Forwarded-For`` that is not itself a trusted proxy."""
    current = _parse(peer)
    if current is None:
        return peer  # not an IP (a test client, a Unix socket): the peer is all there is
    hops = [hop for value in forwarded_for for hop in value.split(",")]
    while any(current in network for network in trusted) and hops:
        forwarded = _parse(hops.pop())
        if forwarded is None:
            break  # not written by a proxy we trust: stop at the last hop we do
        current = forwarded
    if isinstance(current, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((current, IPV6_PREFIX), strict=False))
    return str(current)


def _key(ctx: AppContext, address: str) -> str:
    return hmac.new(ctx.secret_key.encode(), address.encode(), hashlib.sha256).hexdigest()


def _limited(seconds: float) -> TooManyRequests:
    return TooManyRequests(LIMITED, headers={"Retry-After": str(max(1, math.ceil(seconds)))})


def _remembered(ctx: AppContext, key: str) -> float | None:
    """Seconds left of ``key``'s refusal that the process remembers, if any."""
    refused = ctx.refused_clients
    until = refused.get(key)
    if until is None:
        return None
    left = until - time.monotonic()
    if left > 0:
        return left
    refused.pop(key, None)
    return None


def refuse_at_door(ctx: AppContext, address: str) -> tuple[DomainError, str] | None:
    """The answer for an anonymous expensive attempt the process already knows it would
    refuse, and why (for the metrics); None to let it in. No I/O, no waiting."""
    left = _remembered(ctx, _key(ctx, address))
    if left is not None:
        return _limited(left), "client_limit"
    try:
        ctx.passwords.gate.check()
    except ServiceUnavailable as exc:
        return exc, "hashing_busy"
    turns = counting_turns(max(1, ctx.settings.db_pool_size // 2))
    if turns.waiting >= turns.limit:
        # As many already wait as can be counted in one turn: this one would wait for
        # two, longer than any attempt may wait.
        return ServiceUnavailable(COUNTING_BUSY, headers={"Retry-After": "1"}), "counting_busy"
    return None


async def admit(ctx: AppContext, address: str) -> None:
    """Count one expensive anonymous attempt by ``address``: 429 past its limit, 503 when
    hashing is saturated; either before any hashing."""
    key = _key(ctx, address)
    left = _remembered(ctx, key)
    if left is not None:
        raise _limited(left)
    ctx.passwords.gate.check()
    await _count(ctx, key)


async def count_failure(ctx: AppContext, address: str) -> None:
    """Count an anonymous attempt that failed validation (after its answer was sent)."""
    # Over the limit (remembered for the next attempt) or too busy to count: done either way.
    with contextlib.suppress(TooManyRequests, ServiceUnavailable):
        await _count(ctx, _key(ctx, address))


async def _count(ctx: AppContext, key: str) -> None:
    """Count one attempt under ``key`` in the database; 429 when it is over the limit."""
    settings = ctx.settings
    turns = counting_turns(max(1, settings.db_pool_size // 2))
    slots = turns.slots
    try:
        if slots.locked():  # wait as long as a hash may wait for its slot, no longer
            turns.waiting += 1
            try:
                await asyncio.wait_for(slots.acquire(), settings.password_hash_max_wait_seconds)
            finally:
                turns.waiting -= 1
        else:
            await slots.acquire()  # free: returns at once
    except TimeoutError:
        if ctx.metrics is not None:
            ctx.metrics.refused("database", "counting_busy")
        raise ServiceUnavailable(COUNTING_BUSY, headers={"Retry-After": "1"}) from None
    window = timedelta(seconds=settings.client_attempt_window_seconds)
    now = utcnow()
    purge = next(_counted) % PURGE_EVERY == 0

    async def count(connection: Connection) -> tuple[int, float]:
        attempts, started = await repository.record(
            connection, key, now=now, window_start=now - window
        )
        if purge:
            await repository.purge_batch(connection, now - window)
        return attempts, (started + window - now).total_seconds()

    try:
        attempts, left = await ctx.db.write(count)
    finally:
        slots.release()
    if attempts > settings.client_max_attempts:
        refused = ctx.refused_clients
        if len(refused) >= REMEMBERED:
            refused.pop(next(iter(refused)))
        refused[key] = time.monotonic() + left
        if ctx.metrics is not None:
            ctx.metrics.refused("database", "client_limit")
        raise _limited(left)
