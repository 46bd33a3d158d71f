"""Pure ASGI middleware: X-Request-ID on every response, the 1 MiB body limit, and CORS
for the origins listed in ``CORS_ORIGINS`` (off when none are)."""

from __future__ import annotations

import os
import random
import re

import orjson
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.errors import PROBLEM_MEDIA_TYPE, PROBLEM_TYPE_BASE

REQUEST_ID_HEADER = b"x-request-id"
_SANE_REQUEST_ID = re.compile(rb"^[A-Za-z0-9._:\-]{1,128}$")
MAX_BODY_BYTES = 1024 * 1024
_ids = random.Random()  # noqa: S311 - request ids need uniqueness, not secrecy
os.register_at_fork(after_in_child=_ids.seed)  # a forked worker draws its own ids
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def request_id_of(scope: Scope) -> bytes:
    """The request's own sane ``X-Request-ID``, else a new one."""
    request_id = b""
    for name, value in scope["headers"]:
        if name == REQUEST_ID_HEADER:
            request_id = value
            break
    if not _SANE_REQUEST_ID.match(request_id):
        # Unique, not secret: a per-process generator seeded from os.urandom (reading
        # os.urandom per request showed up in profiles: docs/performance.md).
        request_id = b"%032x" % _ids.getrandbits(128)
    return request_id


class RequestIdMiddleware:
    """Echo a sane ``X-Request-ID`` or generate one; expose it as ``request.state.request_id``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        scope.setdefault("state", {})["request_id"] = request_id.decode()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (REQUEST_ID_HEADER, request_id)]
            await send(message)

        await self.app(scope, receive, send_with_id)


class BodyLimitMiddleware:
    """Answer 413 problem+json for bodies over ``max_bytes``, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _reject(self, scope: Scope, send: Send) -> None:
        state = scope.get("state", {})
        body = {
            "type": PROBLEM_TYPE_BASE + "payload-too-large",
            "title": "Content Too Large",
            "status": 413,
            "detail": f"The request body is larger than {self.max_bytes} bytes.",
            "instance": scope.get("path", ""),
        }
        if state.get("request_id"):
            body["request_id"] = state["request_id"]
        payload = orjson.dumps(body)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                    (b"content-length", str(len(payload)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                if not value.isdigit() or int(value) > self.max_bytes:
                    await self._reject(scope, send)
                    return
                # The server delivers no more than the declared length: nothing to count.
                await self.app(scope, receive, send)
                return
        if scope["method"] not in _BODY_METHODS:
            # No route reads a body on the other methods (a GET's body is never read).
            await self.app(scope, receive, send)
            return
        # A streamed (chunked) body: count it as it arrives.
        received = 0
        rejected = started = False

        async def limited_receive() -> Message:
            nonlocal received, rejected
            if rejected:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # Answer now; the app sees a disconnect and its reply is dropped.
                    rejected = True
                    if not started:
                        await self._reject(scope, send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if not rejected:
                started = started or message["type"] == "http.response.start"
                await send(message)

        await self.app(scope, limited_receive, guarded_send)


# What a browser app may send and read across origins: the API's own request and
# response headers (the CORS-safelisted ones need no mention).
CORS_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
CORS_REQUEST_HEADERS = (
    "Authorization",
    "Content-Type",
    "Idempotency-Key",
    "If-Match",
    "If-None-Match",
    "X-Request-ID",
)
CORS_RESPONSE_HEADERS = ("ETag", "Location", "Idempotent-Replayed", "Retry-After", "X-Request-ID")


class CorsMiddleware(CORSMiddleware):
    """Starlette's CORS with the API's conventions.

    Never with credentials: the API authenticates with a bearer token in
    ``Authorization``, not cookies, so a browser never needs to send credentials, and a
    wildcard origin (``CORS_ORIGINS=*``) can never be combined with them. A refused
    preflight is a problem+json 400 that says what was refused, and every preflight
    answer carries an ``X-Request-ID`` like any other response.
    """

    def __init__(self, app: ASGIApp, origins: list[str]) -> None:
        super().__init__(
            app,
            allow_origins=origins,
            allow_methods=CORS_METHODS,
            allow_headers=CORS_REQUEST_HEADERS,
            allow_credentials=False,
            expose_headers=CORS_RESPONSE_HEADERS,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "OPTIONS":
            headers = Headers(scope=scope)
            if "origin" in headers and "access-control-request-method" in headers:
                response = self._preflight(scope, headers)
                response.raw_headers.append((REQUEST_ID_HEADER, request_id_of(scope)))
                await response(scope, receive, send)
                return
        await super().__call__(scope, receive, send)

    def _preflight(self, scope: Scope, headers: Headers) -> Response:
        response = self.preflight_response(request_headers=headers)
        if response.status_code < 400:
            return response
        refused = bytes(response.body).decode().removeprefix("Disallowed CORS ")
        detail = (
            f"Cross-origin request refused ({refused}). Allowed origins are set with "
            f"CORS_ORIGINS; allowed methods: {', '.join(CORS_METHODS)}; allowed headers: "
            f"{', '.join(CORS_REQUEST_HEADERS)}."
        )
        body = {
            "type": PROBLEM_TYPE_BASE + "bad-request",
            "title": "Bad Request",
            "status": 400,
            "detail": detail,
            "instance": scope.get("path", ""),
        }
        kept = {
            name: value
            for name, value in response.headers.items()
            if name not in {"content-length", "content-type"}
        }
        return Response(
            orjson.dumps(body), status_code=400, media_type=PROBLEM_MEDIA_TYPE, headers=kept
        )
