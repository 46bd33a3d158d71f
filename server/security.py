"""Password hashing (Argon2 via pwdlib) under a per-process bound, and access tokens
(JWT via PyJWT)."""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import random
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from server.config import Settings
from server.errors import ServiceUnavailable

JWT_ALGORITHM = "HS256"
T = TypeVar("T")
# Hashing threads run at this niceness (Linux: per thread), so the event loop serving
# cheap requests wins the CPU from Argon2 whenever both want it.
HASHING_NICENESS = 10
BUSY = (
    "The server is busy checking other passwords. Retry after the number of seconds in "
    "the Retry-After header."
)


_jitter = random.Random()  # noqa: S311 - spreads retries, needs no secrecy


def _lower_priority() -> None:
    if sys.platform == "linux":
        # Where it is not permitted the bound still holds, only the priority does not.
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICENESS)


class HashingGate:
    """Runs at most ``slots`` hashes at once, in threads of its own, with a bounded wait.

    Argon2 costs memory (the ARGON2_MEMORY_COST_KIB setting per hash) and a core for the
    length of the hash, so the number running at once is what bounds both. A request
    that would wait longer than ``max_wait`` seconds for a slot (judged from the hashes
    ahead of it and how long recent hashes took) is refused at once, before anything is
    hashed, with 503 and a Retry-After of that expected wait to twice it; one that was
    admitted but still has not started after ``max_wait`` is taken out of the queue and
    refused the same way. The threads are the gate's own, so hashing never takes the
    threadpool the database falls back on, and run at a lower priority than the event
    loop.
    """

    def __init__(self, slots: int, max_wait: float, estimate: float) -> None:
        self.slots = slots
        self.max_wait = max_wait
        self._executor = ThreadPoolExecutor(
            max_workers=slots, thread_name_prefix="argon2", initializer=_lower_priority
        )
        self._lock = threading.Lock()
        self._admitted = 0  # handed to the threads and not finished (running or queued)
        self._seconds = estimate  # moving average of one hash's wall time
        self.shed = 0  # requests refused so far (the metrics read it)

    def _expected_wait(self, admitted: int) -> float:
        """How long a newcomer would wait for a slot with ``admitted`` ahead of it."""
        if admitted < self.slots:
            return 0.0
        return ((admitted - self.slots) // self.slots + 1) * self._seconds

    def _busy(self, wait: float) -> ServiceUnavailable:
        # Between the expected wait and twice it, so the clients refused together do not
        # all come back together.
        retry = max(1, math.ceil(wait * (1 + _jitter.random())))
        self.shed += 1
        return ServiceUnavailable(BUSY, headers={"Retry-After": str(retry)})

    def stats(self) -> tuple[int, int, int]:
        """Hashes running, hashes queued for a slot, requests refused so far."""
        admitted = self._admitted
        return min(admitted, self.slots), max(0, admitted - self.slots), self.shed

    def check(self) -> None:
        """Refuse (503) now if a hash started now would wait longer than ``max_wait``."""
        wait = self._expected_wait(self._admitted)
        if wait > self.max_wait:
            raise self._busy(wait)

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        loop = asyncio.get_running_loop()
        started: asyncio.Future[None] = loop.create_future()

        def job() -> T:
            loop.call_soon_threadsafe(_resolve, started)
            began = time.perf_counter()
            try:
                return fn(*args)
            finally:
                took = time.perf_counter() - began
                with self._lock:
                    self._seconds = 0.8 * self._seconds + 0.2 * took

        with self._lock:
            wait = self._expected_wait(self._admitted)
            if wait > self.max_wait:
                raise self._busy(wait)
            queued = self._admitted >= self.slots
            self._admitted += 1
        try:
            submitted = self._executor.submit(job)
        except BaseException:
            self._finished(None)
            raise
        submitted.add_done_callback(self._finished)
        done = asyncio.wrap_future(submitted)
        try:
            if queued:
                await asyncio.wait((started, done), timeout=self.max_wait)
                if not started.done() and submitted.cancel():
                    raise self._busy(self._expected_wait(self._admitted))
            return await done
        except asyncio.CancelledError:
            submitted.cancel()  # the caller went away: a hash not yet started never runs
            raise

    def _finished(self, _: Future[T] | None) -> None:
        with self._lock:
            self._admitted -= 1

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def _resolve(started: asyncio.Future[None]) -> None:
    if not started.done():
        started.set_result(None)


class Passwords:
    """Hashes and verifies passwords; unknown users cost the same as known ones.

    The ``*_async`` methods are what requests use: they run under the process's
    ``HashingGate`` (PASSWORD_HASH_* settings) and raise 503 ``ServiceUnavailable``,
    before hashing, when the wait for a slot would be too long.
    """

    def __init__(self, settings: Settings) -> None:
        self._hash = PasswordHash(
            (
                Argon2Hasher(
                    time_cost=settings.argon2_time_cost,
                    memory_cost=settings.argon2_memory_cost_kib,
                ),
            )
        )
        # Verified against when the email is unknown, so both paths do the same work.
        began = time.perf_counter()
        self._dummy = self._hash.hash("storefront-timing-equaliser")
        self.gate = HashingGate(
            settings.password_hash_slots,
            settings.password_hash_max_wait_seconds,
            estimate=time.perf_counter() - began,
        )

    def hash(self, password: str) -> str:
        return self._hash.hash(password)

    def verify(self, password: str, hashed: str | None) -> bool:
        if hashed is None:
            self._hash.verify(password, self._dummy)
            return False
        return self._hash.verify(password, hashed)

    # Argon2 is slow by design (its cost is the ARGON2_* settings): never on the loop.
    async def hash_async(self, password: str) -> str:
        return await self.gate.run(self.hash, password)

    async def verify_async(self, password: str, hashed: str | None) -> bool:
        return await self.gate.run(self.verify, password, hashed)


class Tokens:
    """Issues and checks signed access tokens whose subject is a user id.

    A client sends the same token on every request for its lifetime, and checking the
    signature and claims is a measurable share of a create (docs/performance.md). Tokens
    that passed the full check are remembered (at most ``CACHE_SIZE``, oldest forgotten
    first) with their expiry, which is checked again on every use; anything else is
    checked in full.
    """

    CACHE_SIZE = 4096

    def __init__(self, secret_key: str, lifetime_seconds: int) -> None:
        self._key = secret_key
        self.lifetime_seconds = lifetime_seconds
        self._verified: dict[str, tuple[int, float]] = {}
        self._remembering = threading.Lock()  # writers only; reads are single dict lookups

    def issue(self, user_id: int) -> str:
        now = datetime.now(UTC)
        claims = {
            "sub": str(user_id),
            "iat": now,
            "exp": now + timedelta(seconds=self.lifetime_seconds),
        }
        return jwt.encode(claims, self._key, algorithm=JWT_ALGORITHM)

    def subject(self, token: str) -> int | None:
        """The user id in a valid token, or None for any invalid, expired or forged one."""
        known = self._verified.get(token)
        if known is not None:
            user_id, expires = known
            if time.time() < expires:
                return user_id
            with self._remembering:
                self._verified.pop(token, None)
        user_id_or_none, expires_at = self._check(token)
        if user_id_or_none is not None:
            with self._remembering:
                if len(self._verified) >= self.CACHE_SIZE:
                    self._verified.pop(next(iter(self._verified)))
                self._verified[token] = (user_id_or_none, expires_at)
        return user_id_or_none

    def _check(self, token: str) -> tuple[int | None, float]:
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[JWT_ALGORITHM],
                options={"require": ["exp", "sub"]},
            )
        except jwt.PyJWTError:
            return None, 0.0
        sub, exp = claims.get("sub"), claims.get("exp")
        if not isinstance(sub, str) or not sub.isdigit() or len(sub) > 18:
            return None, 0.0
        if not isinstance(exp, int | float):
            return None, 0.0
        return int(sub), float(exp)
