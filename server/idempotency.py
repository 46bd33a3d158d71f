"""Idempotency keys: the first response to a POST, stored with its write.

A key is claimed by inserting its row in the same transaction as the write, so
the claim, the new row and the stored response commit together or not at all.
A concurrent duplicate blocks on the key's unique index until the first commits
(PostgreSQL: its insert then fails, it starts over and replays what the first
stored) or waits for the write lock (SQLite), then replays. If the first rolls
back, the duplicate's claim goes through and it does the write itself. Only a
successful response is stored: after an error a retry with the key runs again.

Keys live ``idempotency_key_ttl_seconds`` (default 24 hours) from their first use;
an expired key counts as new. Every new claim also deletes up to ``PURGE_BATCH``
expired keys (skipping rows other transactions hold), so the table holds about
one TTL's worth of keys without a scheduled job; ``purge_expired`` empties it of
expired keys at once.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import orjson
from sqlalchemy import JSON, Index, Integer, String, Text, UniqueConstraint, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column
from starlette.responses import Response

from server.config import Settings
from server.db import Base, UTCDateTime, utcnow
from server.errors import Unprocessable

REPLAY_HEADER = "Idempotent-Replayed"
PURGE_BATCH = 100
# Claim attempts: a lost race ends in a replay, so a second attempt is rare, a third rarer.
_CLAIM_ATTEMPTS = 3

_DEFAULT_TTL_HOURS = Settings.model_fields["idempotency_key_ttl_seconds"].default // 3600
KEY_HEADER_DOC = (
    "Makes the request safe to retry (1 to 255 printable ASCII characters; a UUID is a good "
    "choice). Sent again by the same caller with the same body, it replays the first "
    "response (same status, body, Location and ETag, plus `Idempotent-Replayed: true`) "
    "and writes nothing; sent with another body, it is rejected with 422. A duplicate that "
    "arrives while the first is still running waits for it, then replays. Only a "
    f"successful response is kept, for {_DEFAULT_TTL_HOURS} hours after the key's first "
    "use (server setting IDEMPOTENCY_KEY_TTL_SECONDS); after that the key counts as new."
)


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_keys"
    __table_args__ = (
        UniqueConstraint("scope", "key"),
        Index("ix_idempotency_keys_expires_at", "expires_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(255))
    operation: Mapped[str] = mapped_column(String(64))
    request_digest: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[str] = mapped_column(Text)
    response_headers: Mapped[dict[str, str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    replayed: bool = False


def request_digest(secret_key: str, operation: str, payload: object) -> str:
    """Keyed digest of the canonical request body (it may hold a password)."""
    canonical = orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)
    return hmac.new(
        secret_key.encode(), operation.encode() + b"\n" + canonical, "sha256"
    ).hexdigest()


def _replay(record: IdempotencyRecord, operation: str, digest: str) -> StoredResponse:
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


def _lookup(session: Session, scope: str, key: str) -> IdempotencyRecord | None:
    return session.scalars(
        select(IdempotencyRecord).where(
            IdempotencyRecord.scope == scope, IdempotencyRecord.key == key
        )
    ).first()


def _claim(
    session: Session, *, scope: str, key: str, operation: str, digest: str, ttl_seconds: int
) -> IdempotencyRecord | StoredResponse:
    """Insert the key's row (flushed), or the stored response when the key is taken."""
    for _ in range(_CLAIM_ATTEMPTS):
        now = utcnow()
        existing = _lookup(session, scope, key)
        if existing is not None and existing.expires_at > now:
            return _replay(existing, operation, digest)
        if existing is not None:
            # Expired: gone, unless a concurrent request already replaced or removed it.
            session.execute(
                delete(IdempotencyRecord)
                .where(IdempotencyRecord.id == existing.id, IdempotencyRecord.expires_at <= now)
                .execution_options(synchronize_session=False)
            )
            session.expunge(existing)
        record = IdempotencyRecord(
            scope=scope,
            key=key,
            operation=operation,
            request_digest=digest,
            status_code=0,
            response_body="",
            response_headers={},
            created_at=now,
            expires_at=now + timedelta(seconds=ttl_seconds),
        )
        session.add(record)
        try:
            session.flush()
        except IntegrityError:
            # A concurrent request claimed this key and committed first (PostgreSQL: the
            # insert waited on the unique index). Start over; the lookup now sees its row.
            session.rollback()
            continue
        return record
    raise RuntimeError(f"could not claim idempotency key after {_CLAIM_ATTEMPTS} attempts")


def _purge_some(session: Session) -> None:
    """Delete up to ``PURGE_BATCH`` expired keys that no other transaction holds."""
    expired = (
        select(IdempotencyRecord.id)
        .where(IdempotencyRecord.expires_at <= utcnow())
        .order_by(IdempotencyRecord.expires_at)
        .limit(PURGE_BATCH)
        .with_for_update(skip_locked=True)
    )
    session.execute(
        delete(IdempotencyRecord)
        .where(IdempotencyRecord.id.in_(expired))
        .execution_options(synchronize_session=False)
    )


def run_once(
    session: Session,
    *,
    scope: str,
    key: str,
    operation: str,
    digest: str,
    ttl_seconds: int,
    produce: Callable[[], StoredResponse],
) -> StoredResponse:
    """Run ``produce`` once per (scope, key) and commit; replay the stored result after.

    The key is claimed before ``produce`` runs, so a concurrent duplicate waits on
    the claim instead of racing the write (and, say, failing on a unique sku). The
    claim must be the session's first write: losing it rolls the transaction back.
    """
    claimed = _claim(
        session,
        scope=scope,
        key=key,
        operation=operation,
        digest=digest,
        ttl_seconds=ttl_seconds,
    )
    if isinstance(claimed, StoredResponse):
        return claimed
    response = produce()
    claimed.status_code = response.status_code
    claimed.response_body = response.body.decode()
    claimed.response_headers = response.headers
    _purge_some(session)
    session.commit()
    return response


def purge_expired(session: Session) -> int:
    """Delete expired keys; returns how many."""
    result = session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.expires_at <= utcnow())
    )
    session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def respond(
    session: Session,
    *,
    key: str | None,
    scope: str,
    operation: str,
    payload: object,
    secret_key: str,
    ttl_seconds: int,
    produce: Callable[[], StoredResponse],
) -> Response:
    """Commit ``produce``'s write (once per key, when a key is given) and respond."""
    if key is None:
        stored = produce()
        session.commit()
    else:
        stored = run_once(
            session,
            scope=scope,
            key=key,
            operation=operation,
            digest=request_digest(secret_key, operation, payload),
            ttl_seconds=ttl_seconds,
            produce=produce,
        )
    headers = dict(stored.headers)
    if stored.replayed:
        headers[REPLAY_HEADER] = "true"
    return Response(
        stored.body, status_code=stored.status_code, headers=headers, media_type="application/json"
    )
