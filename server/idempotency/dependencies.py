"""The ``Idempotency-Key`` request header, and the headers a create's 201 declares."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Header

from server.config import Settings
from server.idempotency.service import REPLAY_HEADER

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

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description=KEY_HEADER_DOC,
    ),
]


def created_headers(location: str) -> dict[str, Any]:
    """OpenAPI headers of a create's 201: Location, and the replay mark of a repeated key."""
    return {
        "Location": {"description": location, "required": True, "schema": {"type": "string"}},
        REPLAY_HEADER: {
            "description": "`true` when this is the stored response of an earlier request "
            "with the same Idempotency-Key (nothing was written this time); absent otherwise.",
            "schema": {"type": "string", "enum": ["true"]},
        },
    }
