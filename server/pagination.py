"""Pages: the page size every list takes, and opaque keyset cursors (the sort key of the
last row a page returned).

A cursor comes back from the client, so any string may arrive: whatever it holds is a
422 here or a key both engines can compare, never an error from a driver (an integer
past the column's range, a NUL in a string, a timestamp outside what can be converted).
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from typing import Annotated, Any

import orjson
from fastapi import Query

from server.errors import Unprocessable

# The page size of every list, its limits declared once. A route may add its own
# description: ``Annotated[PageSize, Query(description=...)] = 20``.
PageSize = Annotated[int, Query(ge=1, le=100)]


def encode_cursor(sort: str, key: list[Any]) -> str:
    raw = orjson.dumps({"s": sort, "k": key})
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def invalid_cursor() -> Unprocessable:
    return Unprocessable(
        "The cursor is not valid. Pass the next_cursor of a previous page unchanged.",
        loc=["query", "cursor"],
        type_="cursor_invalid",
    )


# What the keys' columns hold: ids are 32-bit integers (INTEGER), other integers 64-bit
# (BIGINT); text is at most a column's length.
ID_RANGE = (-(2**31), 2**31 - 1)
INTEGER_RANGE = (-(2**63), 2**63 - 1)
MAX_TEXT = 512


def _storable(value: Any, *, is_id: bool) -> bool:
    if isinstance(value, int):
        low, high = ID_RANGE if is_id else INTEGER_RANGE
        return low <= value <= high
    if isinstance(value, str):
        if len(value) > MAX_TEXT or "\x00" in value:
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate
            return False
    return True


def decode_cursor(cursor: str, sort: str, types: tuple[type, ...]) -> list[Any]:
    """The key inside ``cursor``; 422 when it is malformed or from another sort order.

    ``types`` are the key's types in order; the last is the row's id (the tie-breaker).
    """
    try:
        data = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, TypeError):
        raise invalid_cursor() from None
    if not isinstance(data, dict):
        raise invalid_cursor()
    if data.get("s") != sort:
        raise Unprocessable(
            "The cursor belongs to another sort order; repeat that sort or start without a cursor.",
            loc=["query", "cursor"],
            type_="cursor_sort_mismatch",
        )
    key = data.get("k")
    if not (
        isinstance(key, list)
        and len(key) == len(types)
        and all(type(v) is t for v, t in zip(key, types, strict=True))
        and all(_storable(v, is_id=n == len(key) - 1) for n, v in enumerate(key))
    ):
        raise invalid_cursor()
    return key


def decode_time(text: str) -> datetime:
    """A cursor's timestamp (as ``encode_cursor`` wrote it) in UTC; 422 otherwise."""
    try:
        value = datetime.fromisoformat(text)
        if value.tzinfo is None:
            raise ValueError(text)
        return value.astimezone(UTC)
    except (ValueError, OverflowError):
        raise invalid_cursor() from None
