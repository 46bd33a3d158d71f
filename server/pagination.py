"""Pages: the page size every list takes, and opaque keyset cursors (the sort key of the
last row a page returned)."""

from __future__ import annotations

import base64
import binascii
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


def decode_cursor(cursor: str, sort: str, types: tuple[type, ...]) -> list[Any]:
    """The key inside ``cursor``; 422 when it is malformed or from another sort order."""
    try:
        data = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError):
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
    ):
        raise invalid_cursor()
    return key
