"""Idempotency keys: the first response to a POST, stored with its write.

A key is claimed by inserting its row in the same transaction as the write, so
the claim, the new row and the stored response commit together or not at all.
A concurrent duplicate blocks on the key's unique index until the first commits
(PostgreSQL) or waits for the write lock (SQLite), then replays what it stored.
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

from server.db import Base, UTCDateTime, utcnow
from server.errors import Unprocessable

REPLAY_HEADER = "Idempotent-Replayed"
KEY_HEADER_DOC = "Retry-safe key: the same key and body replay the first response."


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
    the claim instead of racing the write (and, say, failing on a unique sku).
    """
    now = utcnow()
    existing = _lookup(session, scope, key)
    if existing is not None:
        if existing.expires_at > now:
            return _replay(existing, operation, digest)
        session.delete(existing)
        session.flush()
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
        # A concurrent request with this key committed first: replay its response.
        session.rollback()
        existing = _lookup(session, scope, key)
        if existing is None:
            raise
        return _replay(existing, operation, digest)
    response = produce()
    record.status_code = response.status_code
    record.response_body = response.body.decode()
    record.response_headers = response.headers
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
