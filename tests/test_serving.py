"""server/serving.py: a response's writes leave together, and nothing is lost or reordered.

The unit tests drive ``CoalescingTransport`` over a recording transport; the live one
sends pipelined and keep-alive requests to ``storefront serve`` over a raw socket and
reads every answer back in order.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from server.cli import main
from server.config import get_settings
from server.serving import (
    FLUSH_AT,
    CoalescingHttpToolsProtocol,
    CoalescingTransport,
    GuardedHttpToolsProtocol,
)
from tests.support.databases import SqliteTemplate
from tests.support.live import LiveServer


class Recording:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.closing = False

    def write(self, data: bytes) -> None:
        self.calls.append(("write", data))

    def writelines(self, data: list[bytes]) -> None:
        self.calls.append(("writelines", list(data)))

    def close(self) -> None:
        self.calls.append(("close", None))
        self.closing = True

    def is_closing(self) -> bool:
        return self.closing

    def get_extra_info(self, name: str) -> str:
        return f"info:{name}"


Turn = tuple[asyncio.AbstractEventLoop, Recording, CoalescingTransport]


@pytest.fixture
def turn() -> Iterator[Turn]:
    """A loop (not running), the recording transport, and the coalescing one over it."""
    loop = asyncio.new_event_loop()
    raw = Recording()
    yield loop, raw, CoalescingTransport(raw, loop)  # type: ignore[arg-type]
    loop.close()


def _run_turn(loop: asyncio.AbstractEventLoop) -> None:
    loop.run_until_complete(asyncio.sleep(0))


def test_writes_of_one_turn_leave_in_one_call_at_its_end(turn: Turn) -> None:
    loop, raw, transport = turn
    transport.write(b"HTTP/1.1 200 OK\r\n\r\n")
    transport.write(b"")
    transport.write(b"body")
    assert raw.calls == []  # kept until the turn ends
    _run_turn(loop)
    assert raw.calls == [("writelines", [b"HTTP/1.1 200 OK\r\n\r\n", b"body"])]
    transport.write(b"next")
    _run_turn(loop)
    assert raw.calls[1:] == [("writelines", [b"next"])]


def test_close_sends_what_is_kept_first(turn: Turn) -> None:
    loop, raw, transport = turn
    transport.write(b"413 answer")
    transport.close()
    assert raw.calls == [("writelines", [b"413 answer"]), ("close", None)]
    _run_turn(loop)  # the scheduled flush finds nothing left
    assert len(raw.calls) == 2
    assert transport.is_closing()


def test_large_writes_leave_at_once_and_other_calls_pass_through(turn: Turn) -> None:
    _, raw, transport = turn
    transport.write(b"x" * (FLUSH_AT - 1))
    assert raw.calls == []
    transport.write(b"y")
    assert raw.calls == [("writelines", [b"x" * (FLUSH_AT - 1), b"y"])]
    assert transport.get_extra_info("peername") == "info:peername"


def test_a_connection_closed_meanwhile_drops_what_is_kept_quietly(turn: Turn) -> None:
    loop, raw, transport = turn
    transport.write(b"late")
    raw.closing = True  # the client went away
    _run_turn(loop)
    assert raw.calls == []


def _read_responses(sock: socket.socket, count: int) -> list[bytes]:
    """``count`` complete HTTP responses (each with a Content-Length) off ``sock``."""
    data = b""
    responses: list[bytes] = []
    while len(responses) < count:
        head_end = data.find(b"\r\n\r\n")
        if head_end >= 0:
            head = data[:head_end].decode("latin-1").lower()
            length = int(head.split("content-length:")[1].split("\r\n")[0])
            end = head_end + 4 + length
            if len(data) >= end:
                responses.append(data[:end])
                data = data[end:]
                continue
        chunk = sock.recv(65536)
        assert chunk, f"connection closed after {len(responses)} responses"
        data += chunk
    assert data == b""
    return responses


def test_pipelined_and_keep_alive_requests_are_answered_whole_and_in_order(
    sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.fresh(tmp_path)
    with (
        LiveServer(url, log=tmp_path / "serve.log") as server,
        socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock,
    ):
        request = b"GET %s HTTP/1.1\r\nHost: t\r\nX-Request-ID: r%d\r\n\r\n"
        paths = [b"/healthz", b"/v1/items/1", b"/v1/items?limit=1", b"/healthz"]
        sock.sendall(b"".join(request % (path, n) for n, path in enumerate(paths)))
        answers = _read_responses(sock, len(paths))
        assert [a.split(b"\r\n", 1)[0] for a in answers] == [
            b"HTTP/1.1 200 OK",
            b"HTTP/1.1 404 Not Found",
            b"HTTP/1.1 200 OK",
            b"HTTP/1.1 200 OK",
        ]
        for n, answer in enumerate(answers):
            assert f"x-request-id: r{n}\r\n".encode() in answer
        assert answers[2].endswith(b'{"items":[],"next_cursor":null}')

        sock.sendall(request % (b"/healthz", 9))  # the same connection, kept alive
        (again,) = _read_responses(sock, 1)
        assert again.startswith(b"HTTP/1.1 200 OK")
        assert b"x-request-id: r9" in again


def test_storefront_serve_uses_the_coalescing_protocol(
    sqlite_template: SqliteTemplate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    captured: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: captured.update(kwargs, app=app))
    monkeypatch.setenv("DATABASE_URL", sqlite_template.fresh(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    get_settings.cache_clear()
    try:
        assert main(["serve", "--port", "0"]) == 0
    finally:
        get_settings.cache_clear()
    assert captured["app"] == "server.main:app"
    assert captured["http"] is GuardedHttpToolsProtocol
    assert issubclass(GuardedHttpToolsProtocol, CoalescingHttpToolsProtocol)
    assert captured["server_header"] is False  # no `server: uvicorn` banner
