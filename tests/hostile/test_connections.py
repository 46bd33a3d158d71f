"""Connections that never finish a request are closed, and a flood of them cannot take the
descriptors every other client needs (``server.serving``: ``ConnectionBook`` and
``GuardedHttpToolsProtocol``).

Live ``storefront serve`` processes over raw sockets: what matters here is what the real
server does with a real socket. "In time" is judged against a head timeout of one second
and a body timeout of three, with a bound many times that, so a busy machine does not
decide the outcome.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import resource
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import httpx
import pytest

from server.serving import (
    BODY_TIMED_OUT_RESPONSE,
    REFUSED_RESPONSE,
    ConnectionBook,
    GuardedHttpToolsProtocol,
)
from tests.support.databases import SqliteTemplate
from tests.support.live import LiveServer

HEAD_TIMEOUT = 1
BODY_TIMEOUT = 3
JSON = {"Content-Type": "application/json"}
# Generous: the server's sweep runs each second, the machine may be busy.
CLOSED_WITHIN = 20.0


@pytest.fixture
def server(sqlite_template: SqliteTemplate, tmp_path: Path) -> Iterator[LiveServer]:
    env = {
        "HTTP_HEAD_TIMEOUT_SECONDS": str(HEAD_TIMEOUT),
        "HTTP_BODY_TIMEOUT_SECONDS": str(BODY_TIMEOUT),
        "HTTP_KEEP_ALIVE_SECONDS": "60",
    }
    with LiveServer(sqlite_template.fresh(tmp_path), env=env, log=tmp_path / "s.log") as live:
        yield live


def _connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=CLOSED_WITHIN)
    return sock


def _closed_by_server(sock: socket.socket) -> bool:
    """Wait (at most CLOSED_WITHIN) for the server to close ``sock``; whether it did."""
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                return True
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def test_a_silent_connection_is_closed(server: LiveServer) -> None:
    with _connect(server.port) as sock:
        assert _closed_by_server(sock)


def test_a_half_sent_request_head_is_closed(server: LiveServer) -> None:
    with _connect(server.port) as sock:
        sock.sendall(b"GET /v1/items HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        assert _closed_by_server(sock)


def test_a_half_sent_head_after_a_kept_alive_response_is_closed(server: LiveServer) -> None:
    # The keep-alive timeout is 60 s here: only the head timeout can close it.
    with _connect(server.port) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer = b""
        while b'"ok"' not in answer:
            answer += sock.recv(65536)
        assert answer.startswith(b"HTTP/1.1 200 ")
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
        assert _closed_by_server(sock)


def _registration(email: str) -> bytes:
    return json.dumps({"email": email, "password": f"Vq7-{uuid4().hex}-horse"}).encode()


def _head(path: str, body: bytes) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()


def _read_until_closed(sock: socket.socket) -> bytes:
    answer = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_a_body_that_never_comes_is_answered_408_and_closed(server: LiveServer) -> None:
    email = f"slow-{uuid4().hex[:12]}@example.com"
    body = _registration(email)
    with _connect(server.port) as sock:
        sock.sendall(_head("/v1/users", body) + body[:10])  # and nothing more
        answer = _read_until_closed(sock)  # the server closes it (or recv times out)
    assert answer == BODY_TIMED_OUT_RESPONSE
    problem = json.loads(answer.split(b"\r\n\r\n", 1)[1])
    assert problem["status"] == 408
    assert problem["type"].endswith("/request-timeout")
    # Nothing of it was stored: the same email registers now, whole.
    with httpx.Client(base_url=server.url, timeout=10) as http:
        assert http.post("/v1/users", content=body, headers=JSON).status_code == 201


def test_a_body_in_pieces_within_the_time_is_served_and_the_connection_kept(
    server: LiveServer,
) -> None:
    body = _registration(f"pieces-{uuid4().hex[:12]}@example.com")
    with _connect(server.port) as sock:
        sock.sendall(_head("/v1/users", body))
        for piece in (body[:20], body[20:40], body[40:]):
            time.sleep(0.2)
            sock.sendall(piece)
        assert _response(sock).startswith(b"HTTP/1.1 201 ")
        # Well past the body timeout, each next request on time (within the head
        # timeout): the finished body's clock must not close the connection.
        started = time.monotonic()
        while time.monotonic() - started < BODY_TIMEOUT + 2:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert _response(sock).startswith(b"HTTP/1.1 200 ")
            time.sleep(HEAD_TIMEOUT / 4)


def _response(sock: socket.socket) -> bytes:
    """One whole response (its Content-Length body) from ``sock``."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"closed by the server after {data!r}"
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(rest) < length:
        chunk = sock.recv(65536)
        assert chunk, "closed by the server mid-body"
        rest += chunk
    return data


def test_responses_carry_nosniff_and_no_server_banner(server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=10) as http:
        for path in ("/healthz", "/v1/items", "/v1/items/999999", "/no/such/path"):
            response = http.get(path)
            assert response.headers["x-content-type-options"] == "nosniff", path
            assert "server" not in response.headers, path
            assert response.headers["x-request-id"], path


def _low_descriptor_limit() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))


async def _hold_silent(port: int, count: int) -> list[asyncio.StreamWriter]:
    writers = []
    for _ in range(count):
        with contextlib.suppress(OSError):
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writers.append(writer)
    return writers


def test_300_silent_sockets_under_256_descriptors_leave_room_for_requests(
    sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    # A head timeout far longer than the test: only the connection bound makes room.
    env = {"HTTP_HEAD_TIMEOUT_SECONDS": "120"}
    with LiveServer(
        sqlite_template.fresh(tmp_path),
        env=env,
        log=tmp_path / "fd.log",
        preexec_fn=_low_descriptor_limit,
    ) as server:

        async def scenario() -> list[int]:
            silent = await _hold_silent(server.port, 300)
            assert len(silent) == 300  # the kernel accepted them all for the server
            await asyncio.sleep(1.0)  # the server has taken them in (and evicted some)
            statuses = []
            async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
                for _ in range(20):
                    # A new connection each time, as a new client would open.
                    response = await http.get("/v1/items", headers={"Connection": "close"})
                    statuses.append(response.status_code)
            for writer in silent:
                writer.close()
            return statuses

        assert asyncio.run(scenario()) == [200] * 20
        assert server.process is not None
        assert server.process.poll() is None  # still serving
    log = (tmp_path / "fd.log").read_text()
    assert "Too many open files" not in log
    assert "out of system resource" not in log


# --- the book, without a server -----------------------------------------------------------


class _Transport:
    def __init__(self) -> None:
        self.written = b""
        self.closed = False

    def write(self, data: bytes) -> None:
        self.written += data

    def close(self) -> None:
        self.closed = True


class _Protocol:
    """What the book touches of a ``GuardedHttpToolsProtocol``."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.transport = _Transport()
        self.counted = False


def test_the_book_evicts_the_oldest_idle_then_refuses() -> None:
    loop = asyncio.new_event_loop()
    try:
        book = ConnectionBook()
        book.configure(limit=2, head_timeout=60)
        first, second, third, fourth = (_Protocol(loop) for _ in range(4))
        for protocol in (first, second):
            assert book.admit(protocol)  # type: ignore[arg-type]
            protocol.counted = True
            book.idle(protocol)  # type: ignore[arg-type]
        book.busy(second)  # type: ignore[arg-type]  # its request is being served
        assert book.admit(third)  # type: ignore[arg-type]  # room made: the oldest idle
        third.counted = True
        assert first.transport.closed
        assert not second.transport.closed
        assert (book.open, book.evicted) == (2, 1)
        book.busy(third)  # type: ignore[arg-type]
        assert not book.admit(fourth)  # type: ignore[arg-type]  # nothing idle to close
        assert book.refused == 1
    finally:
        loop.close()


def test_a_refused_connection_is_answered_503_and_closed() -> None:
    from server import serving

    loop = asyncio.new_event_loop()
    saved = serving.BOOK
    serving.BOOK = ConnectionBook()
    serving.BOOK.configure(limit=1, head_timeout=60)
    serving.BOOK.open = 1  # one busy connection holds the only place
    try:
        protocol = GuardedHttpToolsProtocol.__new__(GuardedHttpToolsProtocol)
        protocol.flow = None  # type: ignore[assignment]
        transport = _Transport()
        protocol.connection_made(transport)  # type: ignore[arg-type]
        assert transport.written == REFUSED_RESPONSE
        assert transport.written.startswith(b"HTTP/1.1 503 ")
        assert b"retry-after: 1\r\n" in transport.written
        assert transport.closed
        protocol.connection_lost(None)  # uvicorn never knew it: nothing to undo
        assert serving.BOOK.open == 1
    finally:
        serving.BOOK = saved
        loop.close()


def test_the_book_times_out_a_body_and_forgets_a_finished_one() -> None:
    loop = asyncio.new_event_loop()
    try:
        book = ConnectionBook()
        book.configure(limit=4, head_timeout=60, body_timeout=0.0)
        timed_out: list[_Protocol] = []
        slow, finished = _Protocol(loop), _Protocol(loop)
        for protocol in (slow, finished):
            protocol.body_timed_out = lambda p=protocol: timed_out.append(p)  # type: ignore[attr-defined]
            assert book.admit(protocol)  # type: ignore[arg-type]
            protocol.counted = True
            book.busy(protocol)  # type: ignore[arg-type]  # a head, its body to follow
        book.read(finished)  # type: ignore[arg-type]  # its body arrived
        book._sweep(loop)
        assert timed_out == [slow]
        assert (book.body_timed_out, book.open) == (1, 1)
    finally:
        loop.close()
