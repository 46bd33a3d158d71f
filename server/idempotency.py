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
from typing import Any, cast

import orjson
from sqlalchemy import (
    JSON,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    delete,
    insert,
    literal_column,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column
from starlette.responses import Response

from server.config import Settings
from server.db import Base, UTCDateTime, utcnow
from server.direct import Direct
from server.errors import Unprocessable

REPLAY_HEADER = "Idempotent-Replayed"


def created_headers(location: str) -> dict[str, Any]:
    """OpenAPI headers of a create's 201: Location, and the replay mark of a repeated key."""
    return {
        "Location": {"description": location, "schema": {"type": "string"}},
        REPLAY_HEADER: {
            "description": "`true` when this is the stored response of an earlier request "
            "with the same Idempotency-Key (nothing was written this time); absent otherwise.",
            "schema": {"type": "string", "enum": ["true"]},
        },
    }


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

    def to_response(self) -> Response:
        headers = dict(self.headers)
        if self.replayed:
            headers[REPLAY_HEADER] = "true"
        return Response(
            self.body, status_code=self.status_code, headers=headers, media_type="application/json"
        )


@dataclass(frozen=True)
class KeyRow:
    """A claimed key as stored."""

    id: int
    operation: str
    request_digest: str
    status_code: int
    response_body: str
    response_headers: dict[str, str]
    expires_at: datetime


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


# -- statements (compiled once per engine by ``Direct.sql``) ---------------------------

KEYS = cast(Table, IdempotencyRecord.__table__)
_STORED = ("operation", "request_digest", "status_code", "response_body", "response_headers")


def _lookup_statement() -> Any:
    return select(KEYS.c.id, *(KEYS.c[name] for name in _STORED), KEYS.c.expires_at).where(
        KEYS.c.scope == bindparam("scope"), KEYS.c.key == bindparam("key")
    )


def _drop_expired_statement() -> Any:
    return delete(KEYS).where(KEYS.c.id == bindparam("id"), KEYS.c.expires_at <= bindparam("now"))


def _claim_statement() -> Any:
    names = ("scope", "key", *_STORED, "created_at", "expires_at")
    return insert(KEYS).values({name: bindparam(name) for name in names}).returning(KEYS.c.id)


def _fill_statement() -> Any:
    return (
        update(KEYS)
        .where(KEYS.c.id == bindparam("claim_id"))
        .values({name: bindparam(name) for name in _STORED[2:]})
    )


def _purge_statement() -> Any:
    expired = (
        select(KEYS.c.id)
        .where(KEYS.c.expires_at <= bindparam("now"))
        .order_by(KEYS.c.expires_at)
        .limit(literal_column(str(PURGE_BATCH)))
        .offset(literal_column("0"))  # else SQLite's compiler binds an OFFSET of its own
        .with_for_update(skip_locked=True)
    )
    return delete(KEYS).where(KEYS.c.id.in_(expired))


def _lookup(direct: Direct, connection: Any, scope: str, key: str) -> KeyRow | None:
    sql = direct.sql("idempotency.lookup", _lookup_statement)
    row = connection.execute(sql, {"scope": scope, "key": key}).fetchone()
    if row is None:
        return None
    headers = row[5] if isinstance(row[5], dict) else orjson.loads(row[5])
    return KeyRow(
        id=row[0],
        operation=row[1],
        request_digest=row[2],
        status_code=row[3],
        response_body=row[4],
        response_headers=headers,
        expires_at=direct.read_time(row[6]),
    )


def _claim(
    direct: Direct,
    connection: Any,
    *,
    scope: str,
    key: str,
    operation: str,
    digest: str,
    ttl_seconds: int,
) -> int | StoredResponse:
    """Insert the key's row and return its id, or the stored response when the key is taken."""
    bind_time, bind_json = direct.binder(KEYS.c.created_at), direct.binder(KEYS.c.response_headers)
    for _ in range(_CLAIM_ATTEMPTS):
        now = utcnow()
        existing = _lookup(direct, connection, scope, key)
        if existing is not None and existing.expires_at > now:
            return _replay(existing, operation, digest)
        if existing is not None:
            # Expired: gone, unless a concurrent request already replaced or removed it.
            sql = direct.sql("idempotency.drop_expired", _drop_expired_statement)
            connection.execute(sql, {"id": existing.id, "now": bind_time(now)})
        params = {
            "scope": scope,
            "key": key,
            "operation": operation,
            "request_digest": digest,
            "status_code": 0,
            "response_body": "",
            "response_headers": bind_json({}),
            "created_at": bind_time(now),
            "expires_at": bind_time(now + timedelta(seconds=ttl_seconds)),
        }
        try:
            claim_id: int = connection.execute(
                direct.sql("idempotency.claim", _claim_statement), params
            ).fetchone()[0]
        except direct.dbapi.IntegrityError:
            # A concurrent request claimed this key and committed first (PostgreSQL: the
            # insert waited on the unique index). Start over; the lookup now sees its row.
            direct.restart(connection)
            continue
        return claim_id
    raise RuntimeError(f"could not claim idempotency key after {_CLAIM_ATTEMPTS} attempts")


def run_once(
    direct: Direct,
    connection: Any,
    *,
    scope: str,
    key: str,
    operation: str,
    digest: str,
    ttl_seconds: int,
    produce: Callable[[], StoredResponse],
) -> StoredResponse:
    """Run ``produce`` once per (scope, key) in the caller's transaction; replay after.

    The key is claimed before ``produce`` runs, so a concurrent duplicate waits on
    the claim instead of racing the write (and, say, failing on a unique sku). The
    claim must be the transaction's first write: losing it rolls the transaction back.
    The caller commits (``Direct.write`` does).
    """
    claimed = _claim(
        direct,
        connection,
        scope=scope,
        key=key,
        operation=operation,
        digest=digest,
        ttl_seconds=ttl_seconds,
    )
    if isinstance(claimed, StoredResponse):
        return claimed
    response = produce()
    connection.execute(
        direct.sql("idempotency.fill", _fill_statement),
        {
            "claim_id": claimed,
            "status_code": response.status_code,
            "response_body": response.body.decode(),
            "response_headers": direct.binder(KEYS.c.response_headers)(response.headers),
        },
    )
    connection.execute(
        direct.sql("idempotency.purge", _purge_statement),
        {"now": direct.binder(KEYS.c.expires_at)(utcnow())},
    )
    return response


def purge_expired(session: Session) -> int:
    """Delete expired keys; returns how many."""
    result = session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.expires_at <= utcnow())
    )
    session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def respond(
    direct: Direct,
    connection: Any,
    *,
    key: str | None,
    scope: str,
    operation: str,
    payload: Callable[[], object],
    secret_key: str,
    ttl_seconds: int,
    produce: Callable[[], StoredResponse],
) -> StoredResponse:
    """``produce``'s response, once per key when a key is given (inside ``Direct.write``).

    ``payload()`` gives the request body to fingerprint (called only with a key).
    """
    if key is None:
        return produce()
    return run_once(
        direct,
        connection,
        scope=scope,
        key=key,
        operation=operation,
        digest=request_digest(secret_key, operation, payload()),
        ttl_seconds=ttl_seconds,
        produce=produce,
    )
