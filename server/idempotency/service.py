"""Idempotency keys: the first response to a POST, stored with its write.

A key is claimed by inserting its row in the same transaction as the write, so the
claim, the new row and the stored response commit together or not at all. A concurrent
duplicate waits on the key's unique index until the first commits (PostgreSQL: its
claim then inserts nothing, and it replays what the first stored) or for the write lock
(SQLite), then replays. If the first rolls back, the duplicate's claim goes through and
it does the write itself. Only a successful response is stored: after an error a retry
with the key runs again.

Keys live ``idempotency_key_ttl_seconds`` (default 24 hours) from their first use; an
expired key counts as new. Every new claim also deletes up to ``PURGE_BATCH`` expired
keys, so the table holds about one TTL's worth of keys without a scheduled job;
``purge_expired`` empties it of expired keys at once.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import orjson
from starlette.responses import Response

from server.db import Connection, Database, utcnow
from server.errors import Unprocessable
from server.idempotency import repository
from server.idempotency.repository import KeyRow

REPLAY_HEADER = "Idempotent-Replayed"
# Claim attempts: a lost race ends in a replay, so a second attempt is rare, a third rarer.
_CLAIM_ATTEMPTS = 3


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    replayed: bool = False

    def to_response(self) -> Response:
        headers = dict(self.headers)
        if self.replayed:
            headers[REPLAY_HEADER] = "true"
        return Response(
            self.body, status_code=self.status_code, headers=headers, media_type="application/json"
        )


@dataclass(frozen=True)
class Idempotency:
    """A request's key and what identifies its body (``respond`` takes it)."""

    key: str | None
    scope: str
    operation: str
    payload: Callable[[], object]  # the body to fingerprint; called only with a key
    secret_key: str
    ttl_seconds: int


def request_digest(secret_key: str, operation: str, payload: object) -> str:
    """Keyed digest of the canonical request body (it may hold a password)."""
    canonical = orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)
    return hmac.new(
        secret_key.encode(), operation.encode() + b"\n" + canonical, "sha256"
    ).hexdigest()


def _replay(record: KeyRow, operation: str, digest: str) -> StoredResponse:
    if record.operation != operation or not hmac.compare_digest(record.request_digest, digest):
        raise Unprocessable(
            "This Idempotency-Key was already used with a different request. "
            "Use a new key for a new request.",
            loc=["header", "Idempotency-Key"],
            type_="idempotency_key_reused",
        )
    return StoredResponse(
        record.status_code,
        record.response_body.encode(),
        dict(record.response_headers),
        replayed=True,
    )


async def respond(
    connection: Connection,
    request: Idempotency,
    produce: Callable[[], Awaitable[StoredResponse]],
) -> StoredResponse:
    """``produce``'s response, once per key when the request has one (in a write unit).

    The key is claimed before ``produce`` runs, so a concurrent duplicate waits on the
    claim instead of racing the write (and, say, failing on a unique sku).
    """
    if request.key is None:
        return await produce()
    digest = request_digest(request.secret_key, request.operation, request.payload())
    for _ in range(_CLAIM_ATTEMPTS):
        now = utcnow()
        existing = await repository.lookup(connection, request.scope, request.key)
        if existing is not None and existing.expires_at > now:
            return _replay(existing, request.operation, digest)
        if existing is not None:
            await repository.drop_expired(connection, existing.id, now)
        claim_id = await repository.claim(
            connection,
            scope=request.scope,
            key=request.key,
            operation=request.operation,
            digest=digest,
            now=now,
            ttl_seconds=request.ttl_seconds,
        )
        if claim_id is None:
            continue  # a concurrent request committed this key first: replay its answer
        response = await produce()
        await repository.fill(
            connection,
            claim_id,
            status_code=response.status_code,
            body=response.body,
            headers=response.headers,
        )
        await repository.purge_batch(connection, now)
        return response
    raise RuntimeError(f"could not claim idempotency key after {_CLAIM_ATTEMPTS} attempts")


async def purge_expired(db: Database) -> int:
    """Delete every expired key; returns how many."""
    now = utcnow()
    return await db.write(lambda connection: repository.purge_all(connection, now))
