"""The server's CPU for one refusal at the door against one item get, in the same run.

    uv run --frozen python bench/door_cost.py [--engine sqlite|postgres] [--requests 5000]
        [--rounds 3] [--server-root PATH]

One ``storefront serve`` (one worker, pinned to one core, a fresh database of the engine
with 1,000 seeded items) behind a "proxy": the bench connects from 127.0.0.1, listed in
TRUSTED_PROXIES, and names its client in X-Forwarded-For, so a refused connection is not
held (``server.middleware.HOLD_SECONDS``: a proxy's connection carries other clients).
One client is driven over its limit (CLIENT_MAX_ATTEMPTS=1); then, in alternating
rounds, ``--requests`` item gets (``GET /v1/items/{id}``) and as many logins of that
client (each refused 429 at the door) are sent one after another on one keep-alive
connection, and the server's CPU time (user + system, from /proc) is read around each
round. The figure is CPU per request: everything the process spends on it, HTTP parsing
included. A second figure times the door alone in-process (``FrontDoor`` answering a
refusal to a no-op ``send``), without the server around it.

A benchmark, not a test: the suite never runs it.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._server import BenchServer, storefront  # noqa: E402
from bench.storm import Connection, database  # noqa: E402

CLIENT = "198.51.100.77"


def _login() -> bytes:
    body = b"username=door%40example.com&password=not-the-password"
    return (
        b"POST /v1/auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"X-Forwarded-For: " + CLIENT.encode() + b"\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )


def _get(item_id: int) -> bytes:
    return f"GET /v1/items/{item_id} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()


async def _send(port: int, raw: list[bytes], expect: int) -> None:
    connection = Connection(port, "127.0.0.1")
    try:
        for request in raw:
            status, _ = await connection.request(request)
            if status != expect:
                raise RuntimeError(f"expected {expect}, got {status}")
    finally:
        connection.close()


def run(engine: str, args: argparse.Namespace) -> dict[str, float]:
    root = Path(args.server_root).resolve()
    env = {"TRUSTED_PROXIES": "127.0.0.1", "CLIENT_MAX_ATTEMPTS": "1"}
    with (
        tempfile.TemporaryDirectory(prefix="storefront-door-") as tmp,
        database(engine, tmp) as url,
    ):
        storefront(["migrate"], url, root=root)
        storefront(["seed", "--items", "1000"], url, root=root)
        with BenchServer(url, root=root, env=env) as server:
            # Over the limit: the first login is counted (401), the second refused (429)
            # by the database and remembered; from then on the door refuses.
            asyncio.run(_send(server.port, [_login()], 401))
            asyncio.run(_send(server.port, [_login()], 429))
            gets = [_get(1 + n % 1000) for n in range(args.requests)]
            refusals = [_login()] * args.requests
            asyncio.run(_send(server.port, gets[:500], 200))  # warm
            asyncio.run(_send(server.port, refusals[:500], 429))
            get_us: list[float] = []
            door_us: list[float] = []
            for _ in range(args.rounds):
                for raw, expect, out in ((gets, 200, get_us), (refusals, 429, door_us)):
                    before = server.cpu_seconds()
                    asyncio.run(_send(server.port, raw, expect))
                    out.append((server.cpu_seconds() - before) / len(raw) * 1e6)
    return {"get_us": statistics.median(get_us), "door_us": statistics.median(door_us)}


def door_alone(n: int = 20000) -> float:
    """Microseconds for ``FrontDoor`` to refuse one request, measured in-process."""
    from server.errors import TooManyRequests
    from server.middleware import FrontDoor

    class Door:
        def address(self, scope: object) -> str:
            return CLIENT

        def refuse(self, address: str) -> tuple[TooManyRequests, str]:
            return TooManyRequests("limited", headers={"Retry-After": "30"}), "client_limit"

        async def count_failure(self, address: str) -> None:
            return None

        def shared(self, scope: object) -> bool:
            return True

    async def app(scope: object, receive: object, send: object) -> None:
        raise AssertionError("the door let it in")

    async def send(message: object) -> None:
        return None

    async def receive() -> dict[str, str]:
        return {"type": "http.disconnect"}

    door = FrontDoor(app, door=Door())
    headers = [(b"host", b"127.0.0.1"), (b"content-type", b"application/json")]

    async def loop() -> float:
        began = time.perf_counter()
        for _ in range(n):
            scope = {
                "type": "http",
                "method": "POST",
                "path": "/v1/auth/token",
                "headers": headers,
                "client": ("127.0.0.1", 5000),
            }
            await door(scope, receive, send)
        return (time.perf_counter() - began) / n * 1e6

    return asyncio.run(loop())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--server-root", default=str(ROOT))
    args = parser.parse_args(argv)
    result = run(args.engine, args)
    alone = door_alone()
    print(
        f"{args.engine}: server CPU per request (median of {args.rounds} rounds of "
        f"{args.requests:,}): item get {result['get_us']:.0f} us, refusal at the door "
        f"{result['door_us']:.0f} us ({result['door_us'] / result['get_us']:.2f}x); "
        f"the door alone, in-process: {alone:.1f} us"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
