"""Pure ASGI middleware: the front door (request id, headers, refusals before routing,
metrics and access log), the 1 MiB body limit, and CORS for the origins listed in
``CORS_ORIGINS`` (off when none are)."""

from __future__ import annotations

import logging
import os
import random
import re
import time
from http import HTTPStatus
from typing import TYPE_CHECKING, Protocol

import orjson
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.errors import PROBLEM_MEDIA_TYPE, PROBLEM_TYPE_BASE, DomainError
from server.logs import ACCESS_LOGGER, REQUEST_ID

if TYPE_CHECKING:
    from server.metrics import Metrics

REQUEST_ID_HEADER = b"x-request-id"
_SANE_REQUEST_ID = re.compile(rb"^[A-Za-z0-9._:\-]{1,128}$")
MAX_BODY_BYTES = 1024 * 1024
_ids = random.Random()  # noqa: S311 - request ids need uniqueness, not secrecy
os.register_at_fork(after_in_child=_ids.seed)  # a forked worker draws its own ids
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_PROBLEM_MEDIA_TYPE = PROBLEM_MEDIA_TYPE.encode()


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


NOSNIFF = (b"x-content-type-options", b"nosniff")
# The anonymous expensive operations (each costs a password hash): refused at the door
# when the process already knows it would refuse them.
ANONYMOUS_EXPENSIVE = {("POST", "/v1/users"): "create_user", ("POST", "/v1/auth/token"): "login"}
# Their answers that mean the attempt was malformed: counted against the client's budget.
COUNTED_FAILURES = frozenset({400, 413, 422})
UNMATCHED = "unmatched"
# Asks the server (``server.serving``'s protocol, by the same key) not to read the
# connection's next request for this many seconds: set when an anonymous expensive
# attempt is told to retry later, so a client that ignores Retry-After waits anyway.
HOLD_SCOPE_KEY = "storefront.hold_seconds"
HOLD_SECONDS = 1.0
access_logger = logging.getLogger(ACCESS_LOGGER)
error_logger = logging.getLogger("storefront")


class Door(Protocol):
    """What the door asks the per-client limit (``server.throttle.door`` gives it)."""

    def address(self, scope: Scope) -> str: ...

    def refuse(self, address: str) -> tuple[DomainError, str] | None: ...

    async def count_failure(self, address: str) -> None: ...

    def shared(self, scope: Scope) -> bool:
        """Whether the connection carries other clients' requests too (a trusted proxy)."""
        ...


class FrontDoor:
    """The one middleware every request passes first (pure ASGI, a few microseconds).

    - Gives the request its id (a sane ``X-Request-ID`` echoed, else a new one) in
      ``request.state.request_id``, in ``server.logs.REQUEST_ID`` for every log line, and
      on the response; adds ``X-Content-Type-Options: nosniff`` to every response.
    - Refuses an anonymous expensive attempt the process already knows it would refuse
      (``Door.refuse``: a client over its limit, hashing saturated) with 429/503 and
      Retry-After, before routing, body parsing, dependencies and the database; counts
      such an attempt's validation failure against its client (``Door.count_failure``).
      A connection told to retry later is not read again for ``HOLD_SECONDS`` (unless it
      comes from a trusted proxy, which carries other clients' requests too).
    - Records each answer in the metrics (when on) and the access log (when on) by
      operation id and route template; an error that escaped the app is logged here once
      (the 500 handler has logged the ones it answered) and never reaches uvicorn, which
      would log it again without the request id.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        door: Door | None = None,
        metrics: Metrics | None = None,
        access_log: bool = False,
    ) -> None:
        self.app = app
        self.door = door
        self.metrics = metrics
        self.access_log = access_log
        self.observing = metrics is not None or access_log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        request_id = request_id_of(scope)
        text_id = request_id.decode()
        scope.setdefault("state", {})["request_id"] = text_id
        token = REQUEST_ID.set(text_id)
        status = 0
        operation = ANONYMOUS_EXPENSIVE.get((scope["method"], scope["path"]))
        try:
            address = None
            if operation is not None and self.door is not None:
                address = self.door.address(scope)
                refusal = self.door.refuse(address)
                if refusal is not None:
                    error, reason = refusal
                    status = error.status
                    self._hold(scope, address)
                    if self.metrics is not None:
                        self.metrics.refused("door", reason)
                    await send_problem(scope, send, error, request_id)
                    return

            async def send_with_headers(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                    message["headers"] = [
                        *message.get("headers", ()),
                        (REQUEST_ID_HEADER, request_id),
                        NOSNIFF,
                    ]
                await send(message)

            try:
                await self.app(scope, receive, send_with_headers)
            except Exception:
                if not status:
                    # Nothing answered it (the 500 handler answers and logs all the app's).
                    error_logger.exception("unhandled error before any answer")
                    status = 500
                    await send_problem(scope, send, _INTERNAL, request_id)
                # Else answered and logged already: swallowed, so uvicorn does not log it again.
            if address is not None:
                assert self.door is not None
                if status in COUNTED_FAILURES:
                    await self.door.count_failure(address)
                elif status in (429, 503):
                    self._hold(scope, address)
        finally:
            if self.observing:
                self._observe(scope, operation, status, time.perf_counter() - began)
            REQUEST_ID.reset(token)

    def _hold(self, scope: Scope, address: str) -> None:
        assert self.door is not None
        if not self.door.shared(scope):
            scope[HOLD_SCOPE_KEY] = HOLD_SECONDS

    def _observe(self, scope: Scope, operation: str | None, status: int, seconds: float) -> None:
        route = scope.get("route")
        name = getattr(route, "name", None) or operation or UNMATCHED
        if self.metrics is not None:
            self.metrics.observe(name, status, seconds)
        if self.access_log:
            client = scope.get("client")
            access_logger.info(
                "request",
                extra={
                    "method": scope["method"],
                    "route": getattr(route, "path", None) or UNMATCHED,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 3),
                    "client": client[0] if client else None,
                    "operation": name,
                },
            )


class _Internal(DomainError):
    status, slug = 500, "internal-error"


_INTERNAL = _Internal(
    "An unexpected error occurred. Retry later; if it persists, report the request_id."
)


async def send_problem(scope: Scope, send: Send, error: DomainError, request_id: bytes) -> None:
    """Answer ``error`` as problem+json without the app (its headers, request id, nosniff)."""
    body = {
        "type": PROBLEM_TYPE_BASE + error.slug,
        "title": HTTPStatus(error.status).phrase,
        "status": error.status,
        "detail": error.detail,
        "instance": scope["path"],
        "request_id": request_id.decode(),
    }
    payload = orjson.dumps(body)
    headers = [
        (b"content-type", _PROBLEM_MEDIA_TYPE),
        (b"content-length", b"%d" % len(payload)),
        (REQUEST_ID_HEADER, request_id),
        NOSNIFF,
    ]
    for name, value in (error.headers or {}).items():
        headers.append((name.lower().encode("latin-1"), value.encode("latin-1")))
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


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
