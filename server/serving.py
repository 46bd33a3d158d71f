"""uvicorn's HTTP protocol with each response's writes sent together, under a connection
bound and a request-head timeout.

uvicorn writes a response's status line and headers, then its body, as two
``transport.write`` calls: two ``send`` system calls and, on a local connection, two
trips through the TCP stack. ``CoalescingHttpToolsProtocol`` hands uvicorn a transport
that keeps what is written during one turn of the event loop and sends it at the end
of that turn with one ``writelines`` (a single ``writev``). Nothing else changes:
reading, flow control and closing go to the real transport (a close first sends what is
kept). What it saves per request is measured in docs/performance.md.

``GuardedHttpToolsProtocol`` (what ``storefront serve`` runs) adds what uvicorn lacks:
uvicorn starts no timer before a request's head is complete, nor while its body arrives,
so a silent socket, a head sent a byte at a time, or a head whose body never comes stays
open forever, and it bounds neither the connections it holds nor (short of the process's
descriptor limit) the ones it accepts. Its ``ConnectionBook`` closes a connection whose
next head has not arrived HTTP_HEAD_TIMEOUT_SECONDS after it became idle, answers 408 and
closes one whose request body is not complete HTTP_BODY_TIMEOUT_SECONDS after its head,
and holds at most MAX_CONNECTIONS (by default well below the descriptor limit): at the
bound a new connection closes the oldest idle one, or, with none idle, is answered 503 and
closed at once. A connection whose request was told to retry later is
not read again for a moment (``HOLD_SCOPE_KEY``). This stays uvicorn's own protocol, the
one the performance figures were measured with, rather than another server.
"""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from typing import Any

import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from server.errors import PROBLEM_MEDIA_TYPE, PROBLEM_TYPE_BASE

# Kept bytes beyond this are sent at once rather than at the end of the turn.
FLUSH_AT = 256 * 1024


class CoalescingTransport:
    """A transport whose writes made in one turn of the loop leave in one call."""

    __slots__ = ("_kept", "_loop", "_size", "_transport")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._kept: list[bytes] = []
        self._size = 0

    def write(self, data: bytes) -> None:
        if not data:
            return
        if not self._kept:
            self._loop.call_soon(self.flush)
        self._kept.append(data)
        self._size += len(data)
        if self._size >= FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        kept = self._kept
        if kept:
            self._kept = []
            self._size = 0
            if not self._transport.is_closing():
                self._transport.writelines(kept)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class CoalescingHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol writing through a ``CoalescingTransport``."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(CoalescingTransport(transport, self.loop))  # type: ignore[arg-type]


# --- connection hygiene -----------------------------------------------------------------

# Descriptors kept back from the connection bound for everything else a process opens
# (database connections, the SQLite files, the event loop's own, log files).
RESERVED_DESCRIPTORS = 64
# The scope key by which ``server.middleware.FrontDoor`` asks that the connection's next
# request wait (seconds): the same string as its ``HOLD_SCOPE_KEY``.
HOLD_SCOPE_KEY = "storefront.hold_seconds"
DEFAULT_MAX_CONNECTIONS = 4096


def _closing_problem(status: int, detail: str, headers: bytes = b"") -> bytes:
    """A whole problem+json response that closes its connection, written by the protocol
    itself (no request reached the application): the problem body of ``server.errors``
    without the request's instance and id."""
    title = HTTPStatus(status).phrase
    body = orjson.dumps(
        {
            "type": PROBLEM_TYPE_BASE + title.lower().replace(" ", "-"),
            "title": title,
            "status": status,
            "detail": detail,
        }
    )
    return (
        f"HTTP/1.1 {status} {title}\r\ncontent-type: {PROBLEM_MEDIA_TYPE}\r\n".encode()
        + headers
        + b"x-content-type-options: nosniff\r\nconnection: close\r\n"
        + b"content-length: %d\r\n\r\n%s" % (len(body), body)
    )


REFUSED_RESPONSE = _closing_problem(
    503,
    "The server has too many open connections. Retry after the number of seconds in the "
    "Retry-After header.",
    b"retry-after: 1\r\n",
)
BODY_TIMED_OUT_RESPONSE = _closing_problem(
    408, "The request body did not arrive in time. Send the whole body at once, then retry."
)


def max_connections(setting: int, pool_size: int) -> int:
    """The per-process bound: the setting, else what the descriptor limit leaves after a
    reserve (a quarter of it, at least RESERVED_DESCRIPTORS, plus two per pooled database
    connection), at most DEFAULT_MAX_CONNECTIONS."""
    if setting:
        return setting
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):
        return DEFAULT_MAX_CONNECTIONS
    if soft == resource.RLIM_INFINITY:
        return DEFAULT_MAX_CONNECTIONS
    reserve = max(RESERVED_DESCRIPTORS, soft // 4) + 2 * pool_size
    return max(8, min(DEFAULT_MAX_CONNECTIONS, soft - reserve))


class ConnectionBook:
    """The process's open connections, and which of them are idle since when.

    A connection is idle from its opening, and again from the end of each response, until
    the head of its next request is complete; an idle one is closed ``head_timeout``
    seconds after it became idle (a silent socket, a request head sent a byte at a time).
    From a head to the end of its body (or of its response) a connection is reading; one
    still reading ``body_timeout`` seconds after its head is answered 408 and closed (a
    body that never comes, or comes a byte at a time). Both are kept in the order their
    time started, so one sweep a second closes the expired ones from the front; the oldest
    idle one is the one evicted when a new connection arrives at the bound (``limit``);
    with none idle, the new one is refused with a 503.
    """

    def __init__(self) -> None:
        self.limit = 0  # 0: not configured yet (the first connection configures it)
        self.head_timeout = 10.0
        self.body_timeout = 30.0
        self.open = 0
        self.refused = 0
        self.evicted = 0
        self.timed_out = 0
        self.body_timed_out = 0
        self._idle: dict[GuardedHttpToolsProtocol, float] = {}
        self._reading: dict[GuardedHttpToolsProtocol, float] = {}
        self._sweeping: asyncio.TimerHandle | None = None

    def configure(self, *, limit: int, head_timeout: float, body_timeout: float = 30.0) -> None:
        self.limit = limit
        self.head_timeout = head_timeout
        self.body_timeout = body_timeout

    def _configure_from_settings(self) -> None:
        from server.config import get_settings

        settings = get_settings()
        self.configure(
            limit=max_connections(settings.max_connections, settings.db_pool_size),
            head_timeout=settings.http_head_timeout_seconds,
            body_timeout=settings.http_body_timeout_seconds,
        )

    def admit(self, protocol: GuardedHttpToolsProtocol) -> bool:
        """Whether ``protocol``'s new connection may stay open (evicting an idle one)."""
        if not self.limit:
            self._configure_from_settings()
        if self.open >= self.limit:
            if not self._idle:
                self.refused += 1
                return False
            oldest = next(iter(self._idle))
            self.evicted += 1
            self.forget(oldest)
            oldest.transport.close()
        self.open += 1
        return True

    def idle(self, protocol: GuardedHttpToolsProtocol) -> None:
        self._idle.pop(protocol, None)
        self._reading.pop(protocol, None)
        self._idle[protocol] = protocol.loop.time() + self.head_timeout
        self._sweep_soon(protocol.loop)

    def busy(self, protocol: GuardedHttpToolsProtocol) -> None:
        """A request head is complete: its body has ``body_timeout`` seconds to follow."""
        self._idle.pop(protocol, None)
        self._reading.pop(protocol, None)
        self._reading[protocol] = protocol.loop.time() + self.body_timeout
        self._sweep_soon(protocol.loop)

    def read(self, protocol: GuardedHttpToolsProtocol) -> None:
        """The request is complete (its body, if any, has arrived)."""
        self._reading.pop(protocol, None)

    def forget(self, protocol: GuardedHttpToolsProtocol) -> None:
        if protocol.counted:
            protocol.counted = False
            self.open -= 1
        self._idle.pop(protocol, None)
        self._reading.pop(protocol, None)

    def _sweep_soon(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._sweeping is None:
            self._sweeping = loop.call_later(1.0, self._sweep, loop)

    def _sweep(self, loop: asyncio.AbstractEventLoop) -> None:
        now = loop.time()
        for protocol in _expired(self._idle, now):
            self.timed_out += 1
            self.forget(protocol)
            protocol.transport.close()
        for protocol in _expired(self._reading, now):
            self.body_timed_out += 1
            self.forget(protocol)
            protocol.body_timed_out()
        busy = self._idle or self._reading
        self._sweeping = loop.call_later(1.0, self._sweep, loop) if busy else None


def _expired(deadlines: dict[GuardedHttpToolsProtocol, float], now: float) -> list[Any]:
    """The connections at the front of ``deadlines`` (kept in deadline order) whose
    deadline has passed."""
    expired = []
    for protocol, deadline in deadlines.items():
        if deadline > now:
            break
        expired.append(protocol)
    return expired


BOOK = ConnectionBook()


class GuardedHttpToolsProtocol(CoalescingHttpToolsProtocol):
    """The coalescing protocol under the process's ``ConnectionBook``: a bounded number
    of connections, each closed when its next request head, or a request's body, does not
    arrive in time."""

    counted = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        if not BOOK.admit(self):
            # Refused before uvicorn sees it: answer and let go of the descriptor at once.
            self.transport = transport
            transport.write(REFUSED_RESPONSE)
            transport.close()
            return
        self.counted = True
        super().connection_made(transport)
        BOOK.idle(self)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.flow is None:  # refused in connection_made: uvicorn never knew it
            return
        BOOK.forget(self)
        super().connection_lost(exc)

    def on_headers_complete(self) -> None:
        BOOK.busy(self)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        BOOK.read(self)
        super().on_message_complete()

    def body_timed_out(self) -> None:
        """The body did not arrive in time: 408 unless a response has begun, then close.
        The application sees the request's body end as a disconnect."""
        cycle = self.cycle
        if cycle is not None and not cycle.response_started:
            self.transport.write(BODY_TIMED_OUT_RESPONSE)
        self.transport.close()

    def on_response_complete(self) -> None:
        cycle = self.cycle
        pipelined = bool(self.pipeline)
        super().on_response_complete()
        if not self.counted or self.transport.is_closing():
            return
        hold = cycle.scope.get(HOLD_SCOPE_KEY) if cycle is not None else None
        if isinstance(hold, float):
            # A client told to retry later is not read again until then: one that ignores
            # Retry-After on this connection waits for it anyway, and costs nothing
            # meanwhile (its next request stays in the kernel's buffer).
            self.flow.pause_reading()
            self.loop.call_later(hold, self._release)
        if not pipelined:
            BOOK.idle(self)

    def _release(self) -> None:
        if not self.transport.is_closing():
            self.flow.resume_reading()
