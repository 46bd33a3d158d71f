"""The three busiest requests, routed without the framework when they are plain.

FastAPI's routing, dependency solving and parameter validation cost about 100 µs per
request on one core: as much as the in-memory tutorial spends in total, and most of
what a cached SQLite read costs here. This middleware recognises the plainest form of

- ``GET /v1/items/{id}`` (no query string, no ``If-None-Match``),
- ``GET /v1/items`` with at most ``limit``, ``cursor`` and ``sort``, each given once,
- ``POST /v1/items`` with ``Content-Type: application/json``, a declared
  ``Content-Length`` within the body limit, a bearer token and optionally a well-formed
  ``Idempotency-Key``,

parses those few inputs with the same models and checks the routes declare, and calls
the route functions themselves (``server.items.router``), so the work, the response
and its headers are the routes' own. It answers only when the route returns normally.
Everything else — another parameter, a header given twice, a body that does not
validate, any error the route raises (404, 409, 422, 401, 503...) — is passed to
FastAPI untouched (a request body it read is replayed), which answers it exactly as it
would have; a route that failed here rolled its transaction back, so nothing is
half-done. tests/test_fastpath.py sends the same requests with and without this
middleware and compares the answers byte for byte.

It sits in front of every other middleware (``server.main`` wraps the whole stack):
the layers cost ~10% of a get, and the requests it answers need only what it adds
itself, the ``X-Request-ID`` (``server.middleware.request_id_of``).

``FAST_PATH=false`` in the environment turns it off.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

import orjson
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.context import AppContext
from server.deps import token_user_id
from server.items import router as items
from server.items.schemas import ItemCreate, ItemSort
from server.middleware import MAX_BODY_BYTES, REQUEST_ID_HEADER, request_id_of

_ITEM_PATH = re.compile(r"/v1/items/([1-9][0-9]{0,9})")
_LIMIT = re.compile(r"[1-9][0-9]{0,2}")
_IDEMPOTENCY_KEY = re.compile(rb"[\x21-\x7e]{1,255}")
_SORTS = {sort.value: sort for sort in ItemSort}
_LIST_PARAMETERS = frozenset({"limit", "cursor", "sort"})
_LIST_DEFAULT_LIMIT = 20
_MAX_LIMIT = 100
_MAX_CURSOR = 512
# Request headers the three routes read; a request naming one twice goes to FastAPI.
_WATCHED = frozenset(
    {b"authorization", b"content-length", b"content-type", b"idempotency-key", b"if-none-match"}
)


class FastPath:
    """Answer plain get/list/create item requests by calling the routes directly."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            method, path = scope["method"], scope["path"]
            response = None
            if method == "GET" and path.startswith("/v1/items"):
                response = await self._get(scope, path)
            elif method == "POST" and path == "/v1/items":
                response, receive = await self._create(scope, receive)
            if response is not None:
                # What RequestIdMiddleware would add on the way out.
                response.raw_headers.append((REQUEST_ID_HEADER, request_id_of(scope)))
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _get(self, scope: Scope, path: str) -> Response | None:
        headers = _headers(scope)
        if headers is None or b"if-none-match" in headers:
            return None
        ctx: AppContext = scope["app"].state.storefront
        try:
            if path == "/v1/items":
                arguments = _list_arguments(scope["query_string"])
                if arguments is None:
                    return None
                return await items.list_items(ctx=ctx, **arguments)
            match = _ITEM_PATH.fullmatch(path)
            if match is None or scope["query_string"]:
                return None
            return await items.get_item(item_id=int(match[1]), ctx=ctx, if_none_match=None)
        except Exception:  # FastAPI answers it, error and all.
            return None

    async def _create(self, scope: Scope, receive: Receive) -> tuple[Response | None, Receive]:
        headers = _headers(scope)
        length = b"" if headers is None else headers.get(b"content-length", b"")
        if (
            headers is None
            or scope["query_string"]
            or headers.get(b"content-type") != b"application/json"
            or not headers.get(b"authorization", b"").startswith(b"Bearer ")
            # A declared size within the limit (BodyLimitMiddleware answers the others).
            or not (length.isdigit() and int(length) <= MAX_BODY_BYTES)
        ):
            return None, receive
        key = headers.get(b"idempotency-key")
        if key is not None and not _IDEMPOTENCY_KEY.fullmatch(key):
            return None, receive
        messages, body = await _read_body(receive)
        replay = _replaying(messages, receive)
        if body is None:
            return None, replay
        ctx: AppContext = scope["app"].state.storefront
        try:
            data = orjson.loads(body)
            if not isinstance(data, dict):
                return None, replay
            user_id = token_user_id(ctx, headers[b"authorization"][7:].decode("latin-1"))
            response = await items.create_item(
                body=ItemCreate.model_validate(data),
                ctx=ctx,
                user_id=user_id,
                idempotency_key=None if key is None else key.decode("ascii"),
            )
        except Exception:  # invalid JSON or body, 401, 409, 422, 503: FastAPI answers it.
            return None, replay
        return response, replay


def _headers(scope: Scope) -> dict[bytes, bytes] | None:
    """The watched request headers, or None when one of them is repeated."""
    found: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        if name in _WATCHED:
            if name in found:
                return None
            found[name] = value
    return found


def _list_arguments(query_string: bytes) -> dict[str, Any] | None:
    """``list_items`` keyword arguments for a plain query string, else None."""
    arguments: dict[str, Any] = {
        "limit": _LIST_DEFAULT_LIMIT,
        "cursor": None,
        "q": None,
        "tag": None,
        "min_price_cents": None,
        "max_price_cents": None,
        "sort": ItemSort.created_at,
    }
    seen: set[str] = set()
    # Starlette parses the query string the same way (latin-1, blank values kept).
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if name not in _LIST_PARAMETERS or name in seen:
            return None
        seen.add(name)
        if name == "limit":
            if not _LIMIT.fullmatch(value) or int(value) > _MAX_LIMIT:
                return None
            arguments["limit"] = int(value)
        elif name == "sort":
            if value not in _SORTS:
                return None
            arguments["sort"] = _SORTS[value]
        else:
            if not value or len(value) > _MAX_CURSOR:
                return None
            arguments["cursor"] = value
    return arguments


async def _read_body(receive: Receive) -> tuple[list[Message], bytes | None]:
    """Every message of the request body and the body, or None if the client left."""
    messages: list[Message] = []
    chunks: list[bytes] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages, None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return messages, b"".join(chunks)


def _replaying(messages: list[Message], receive: Receive) -> Receive:
    """A ``receive`` that hands out ``messages`` again, then the client's next ones."""
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay
