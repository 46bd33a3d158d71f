"""Password hashing (Argon2 via pwdlib) and access tokens (JWT via PyJWT)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import anyio
import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from server.config import Settings

JWT_ALGORITHM = "HS256"


class Passwords:
    """Hashes and verifies passwords; unknown users cost the same as known ones."""

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
        self._dummy = self._hash.hash("storefront-timing-equaliser")

    def hash(self, password: str) -> str:
        return self._hash.hash(password)

    def verify(self, password: str, hashed: str | None) -> bool:
        if hashed is None:
            self._hash.verify(password, self._dummy)
            return False
        return self._hash.verify(password, hashed)

    # Argon2 is slow by design (its cost is the ARGON2_* settings): never on the loop.
    async def hash_async(self, password: str) -> str:
        return await anyio.to_thread.run_sync(self.hash, password)

    async def verify_async(self, password: str, hashed: str | None) -> bool:
        return await anyio.to_thread.run_sync(self.verify, password, hashed)


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
