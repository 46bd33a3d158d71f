"""Password hashing (Argon2 via pwdlib) under a per-process bound, and access and refresh
tokens (JWT via PyJWT)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import math
import os
import random
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeGuard, TypeVar

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


@dataclass(frozen=True, slots=True)
class Caller:
    """Who an access token speaks for: the user's id and the session version it was issued
    under. A request is served only while the user's stored ``session_version`` still
    equals it (``server.users.service.require_active``), so bumping the column ends every
    earlier token at once, on every process."""

    id: int
    version: int


@dataclass(frozen=True, slots=True)
class RefreshClaims:
    """What a valid refresh token says: its user, session version, family and generation."""

    user_id: int
    version: int
    family: int
    generation: int


class Tokens:
    """Issues and checks signed access and refresh tokens (JWT, HS256 pinned).

    Every token names this deployment as issuer and audience (``iss``/``aud``, required
    on the way in), so a token of another deployment that happens to share the key is
    refused; ``leeway_seconds`` (TOKEN_LEEWAY_SECONDS) of clock skew between replicas is
    tolerated. Access and refresh tokens differ in their ``use`` claim, so neither passes
    for the other.

    A client sends the same access token on every request for its lifetime, and checking
    the signature and claims is a measurable share of a create (docs/performance.md).
    Tokens that passed the full check are remembered (at most ``CACHE_SIZE``, oldest
    forgotten first) with their expiry, checked again on every use. The cache holds only
    what the signature proves; whether the session still stands is read from the
    database on every request (the user's ``session_version``), so a revocation holds on
    every process at once whatever any cache remembers.
    """

    CACHE_SIZE = 4096

    def __init__(
        self,
        secret_key: str,
        lifetime_seconds: int,
        *,
        audience: str,
        refresh_lifetime_seconds: int = 30 * 24 * 3600,
        leeway_seconds: int = 60,
    ) -> None:
        self._key = secret_key
        self.lifetime_seconds = lifetime_seconds
        self.refresh_lifetime_seconds = refresh_lifetime_seconds
        self.leeway_seconds = leeway_seconds
        self.issuer = audience  # one deployment both issues and accepts its tokens
        self.audience = audience
        self._verified: dict[str, tuple[Caller, float]] = {}
        self._remembering = threading.Lock()  # writers only; reads are single dict lookups

    def _encode(self, claims: dict[str, object], lifetime: int) -> str:
        now = datetime.now(UTC)
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            "exp": now + timedelta(seconds=lifetime),
            **claims,
        }
        return jwt.encode(claims, self._key, algorithm=JWT_ALGORITHM)

    def issue(self, user_id: int, version: int = 0) -> str:
        """An access token for ``user_id`` under session version ``version``."""
        claims: dict[str, object] = {"sub": str(user_id), "ver": version, "use": "access"}
        return self._encode(claims, self.lifetime_seconds)

    def issue_refresh(self, user_id: int, version: int, family: int, generation: int) -> str:
        """A refresh token: generation ``generation`` of the session family ``family``."""
        claims: dict[str, object] = {
            "sub": str(user_id),
            "ver": version,
            "use": "refresh",
            "fam": family,
            "gen": generation,
        }
        return self._encode(claims, self.refresh_lifetime_seconds)

    def subject(self, token: str) -> Caller | None:
        """Who a valid access token speaks for, or None for any invalid, expired, forged,
        foreign or refresh token."""
        known = self._verified.get(token)
        if known is not None:
            caller, expires = known
            if time.time() < expires + self.leeway_seconds:
                return caller
            with self._remembering:
                self._verified.pop(token, None)
        claims = self._decode(token, "access")
        if claims is None:
            return None
        caller = Caller(claims[0], claims[1])
        with self._remembering:
            if len(self._verified) >= self.CACHE_SIZE:
                self._verified.pop(next(iter(self._verified)))
            self._verified[token] = (caller, claims[2])
        return caller

    def refresh_claims(self, token: str) -> RefreshClaims | None:
        """What a valid refresh token says, or None for anything else."""
        verified = self._claims(token, "refresh")
        if verified is None:
            return None
        claims, user_id, version = verified
        family, generation = claims.get("fam"), claims.get("gen")
        if not _small_int(family) or not _small_int(generation):
            return None
        return RefreshClaims(user_id, version, family, generation)

    def _decode(self, token: str, use: str) -> tuple[int, int, float] | None:
        verified = self._claims(token, use)
        if verified is None:
            return None
        claims, user_id, version = verified
        exp = claims.get("exp")
        if not isinstance(exp, int | float):
            return None
        return user_id, version, float(exp)

    def _claims(self, token: str, use: str) -> tuple[dict[str, object], int, int] | None:
        """A token's claims, its subject and session version, when it is valid and of the
        expected ``use``: the one place the algorithm, issuer, audience, leeway and the
        required claims are checked."""
        try:
            claims: dict[str, object] = jwt.decode(
                token,
                self._key,
                algorithms=[JWT_ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway_seconds,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.PyJWTError:
            return None
        checked = _common(claims, use)
        return None if checked is None else (claims, *checked)


def _small_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**62


def _common(claims: dict[str, object], use: str) -> tuple[int, int] | None:
    """The subject and session version, when the token is of the expected ``use``."""
    sub, version = claims.get("sub"), claims.get("ver")
    if claims.get("use") != use or not _small_int(version):
        return None
    if not isinstance(sub, str) or not sub.isdigit() or len(sub) > 18:
        return None
    return int(sub), version


def deployment_audience(settings: Settings, secret_key: str) -> str:
    """The audience this deployment's tokens name: TOKEN_AUDIENCE, else one derived from
    the database it serves (the URL without its password; a SQLite file by its absolute
    path), keyed by the secret key. Every process of one deployment shares its database,
    so they agree; a second deployment given the same key but its own database refuses
    this one's tokens, and so do two SQLite databases whose key file is shared."""
    if settings.token_audience:
        return settings.token_audience
    identity = settings.database_identity()
    digest = hmac.new(secret_key.encode(), identity.encode(), hashlib.sha256).hexdigest()
    return f"storefront:{digest[:24]}"
