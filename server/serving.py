"""uvicorn's HTTP protocol with each response's writes sent together.

uvicorn writes a response's status line and headers, then its body, as two
``transport.write`` calls: two ``send`` system calls and, on a local connection, two
trips through the TCP stack. ``CoalescingHttpToolsProtocol`` hands uvicorn a transport
that keeps what is written during one turn of the event loop and sends it at the end
of that turn with one ``writelines`` (a single ``writev``). Nothing else changes:
reading, flow control and closing go to the real transport (a close first sends what is
kept). What it saves per request is measured in docs/performance.md.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

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
