"""Server CPU per request without an HTTP server: the app called as ASGI, in process.

    uv run --frozen python bench/inprocess.py [--engine sqlite|postgres] [--requests 3000]
        [--postgres-url URL] [--profile get|list|create] [--layers] [--bare]

Each scenario (the shared harness's three: a get by id, a page of 50, an authenticated
create) runs ``--requests`` times on one event loop after a warm-up; the figure is CPU
time per request (``time.process_time``), so it survives a busy machine better than wall
time. ``--profile NAME`` prints cProfile's top functions for one scenario (where each
microsecond goes); ``--layers`` splits each scenario's CPU per request over the layers a
request crosses (each layer's share of a cProfile run, cProfile's own overhead spread
alike, applied to the unprofiled figure: approximate). ``--bare`` adds a bare FastAPI
route for comparison (what routing and the response cost with no parameters at all).
Nothing here is a timed assertion.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import inspect
import json
import pstats
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import psycopg
from fastapi import FastAPI
from starlette.types import Message

from server import routing
from server.config import Settings
from server.db import build_engine
from server.items.seed import seed_items
from server.main import create_app
from server.middleware import BodyLimitMiddleware, FrontDoor
from server.migrate import upgrade

Call = Callable[[], Awaitable[tuple[int, bytes]]]


def _scope(method: str, path: str, query: bytes, headers: list[tuple[bytes, bytes]]) -> Any:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


def caller(
    app: FastAPI, method: str, path: str, query: bytes = b"", body: bytes = b"", token: str = ""
) -> Call:
    headers = [(b"host", b"127.0.0.1")]
    if body:
        headers += [(b"content-type", b"application/json")]
        headers += [(b"content-length", str(len(body)).encode())]
    if token:
        headers.append((b"authorization", b"Bearer " + token.encode()))

    async def call() -> tuple[int, bytes]:
        status = 0
        out: list[bytes] = []
        sent = False

        async def receive() -> Message:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                out.append(message.get("body", b""))

        await app(_scope(method, path, query, list(headers)), receive, send)
        return status, b"".join(out)

    return call


def _database(engine: str, postgres_url: str, workdir: Path) -> tuple[str, Callable[[], None]]:
    if engine == "sqlite":
        return f"sqlite:///{workdir / 'bench.db'}", lambda: None
    name = f"storefront_inproc_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")

    def drop() -> None:
        with psycopg.connect(postgres_url, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    return f"{postgres_url.rsplit('/', 1)[0]}/{name}", drop


async def scenarios(app: FastAPI, *, bare: bool) -> dict[str, Call]:
    password = f"Vq7-{uuid.uuid4().hex}-horse"
    email = f"bench-{uuid.uuid4().hex[:8]}@example.com"
    register = json.dumps({"email": email, "password": password}).encode()
    status, _ = await caller(app, "POST", "/v1/users", body=register)()
    assert status == 201, status
    form = f"username={email}&password={password}".encode()
    login = caller(app, "POST", "/v1/auth/token", body=form)
    # A form body: replace the content type the caller set.
    status, answer = await _form(app, form)
    assert status == 200, (status, answer)
    token = json.loads(answer)["access_token"]
    del login
    status, page = await caller(app, "GET", "/v1/items", b"limit=50")()
    first = json.loads(page)["items"][0]["id"]
    counter = iter(range(10**9))

    async def create() -> tuple[int, bytes]:
        n = next(counter)
        body = (
            b'{"sku":"INPROC-%d-%d","name":"Load item","description":"created by the create'
            b' scenario","price_cents":1999,"currency":"USD","stock":7,"tags":["bench","load"]}'
            % (id(counter) % 10**6, n)
        )
        return await caller(app, "POST", "/v1/items", body=body, token=token)()

    calls: dict[str, Call] = {
        "get": caller(app, "GET", f"/v1/items/{first}"),
        "list": caller(app, "GET", "/v1/items", b"limit=50"),
        "create": create,
    }
    if bare:
        calls["bare"] = caller(app, "GET", "/bench-bare")
    return calls


async def _form(app: FastAPI, form: bytes) -> tuple[int, bytes]:
    call = caller(app, "POST", "/v1/auth/token", body=form)
    # caller() sends JSON; a form needs its own content type.
    cell = call.__closure__
    assert cell is not None
    for c in cell:
        value = c.cell_contents
        if isinstance(value, list) and value and isinstance(value[0], tuple):
            value[1] = (b"content-type", b"application/x-www-form-urlencoded")
    return await call()


def _line(function: Any, inner: str | None = None) -> int:
    """The line cProfile names ``function`` by (or the nested ``inner`` def in it)."""
    lines, first = inspect.getsourcelines(function)
    if inner is None:
        return first
    return first + next(n for n, text in enumerate(lines) if inner in text)


# Outer to inner: (label of the layer that starts here, file suffix, function name).
LAYERS = [
    ("FastAPI/Starlette entry", "fastapi/applications.py", "__call__"),
    (
        "FrontDoor (request id, the door, metrics, access log)",
        "server/middleware.py",
        f"__call__#{_line(FrontDoor.__call__)}",
    ),
    ("ServerErrorMiddleware", "starlette/middleware/errors.py", "__call__"),
    ("FastAPI's OpenTelemetry middleware", "fastapi/telemetry/_asgi.py", "__call__"),
    ("DocsPolicyMiddleware", "server/main.py", "__call__"),
    (
        "BodyLimitMiddleware",
        "server/middleware.py",
        f"__call__#{_line(BodyLimitMiddleware.__call__)}",
    ),
    (
        "ExceptionMiddleware, AsyncExitStackMiddleware",
        "starlette/middleware/exceptions.py",
        "__call__",
    ),
    ("routing (FastAPI's router, CompiledRouter)", "starlette/routing.py", "__call__"),
    (
        "FastAPI's route wrapper (Request, exit stacks, sending the response)",
        "fastapi/routing.py",
        "app#145",
    ),
    (
        "CompiledRoute's handler (parameters, dependencies)",
        "server/routing.py",
        f"handle#{_line(routing._handler, 'async def handle(request')}",
    ),
    ("the route function", "server/items/router.py", "*"),
    ("the service", "server/items/service.py", "*"),
    ("the database unit (driver, statements, codec)", "server/db/__init__.py", "*"),
]
ENDPOINTS = {"get": "get_item", "list": "list_items", "create": "create_item"}
SERVICES = {"get": "get", "list": "list_page", "create": "create"}
UNITS = {"get": "read", "list": "read", "create": "write"}


def layers(stats: pstats.Stats, scenario: str, micros: float) -> list[tuple[str, float]]:
    """Each layer's CPU per request: its cumulative time less the next layer's."""
    cumulative: dict[tuple[str, int, str], float] = {
        key: value[3]
        for key, value in stats.stats.items()  # type: ignore[attr-defined]
    }

    def find(suffix: str, name: str) -> float:
        line = None
        if "#" in name:
            name, at = name.split("#")
            line = int(at)
        if name == "*":
            name = {
                "server/items/router.py": ENDPOINTS,
                "server/items/service.py": SERVICES,
                "server/db/__init__.py": UNITS,
            }[suffix][scenario]
        return sum(
            t
            for (file, lineno, function), t in cumulative.items()
            if file.endswith(suffix) and function == name and (line is None or lineno == line)
        )

    call = find("bench/inprocess.py", "call")
    # Work the event loop runs outside the request's coroutines (the group COMMIT of
    # SQLite writes, asyncpg's protocol callbacks) counts too.
    total = stats.total_tt  # type: ignore[attr-defined]
    marks = [find(suffix, name) for _, suffix, name in LAYERS]
    out = [
        ("the event loop outside the request (group COMMIT, driver callbacks)", total - call),
        ("the benchmark's ASGI call", call - marks[0]),
    ]
    for n, (label, _, _) in enumerate(LAYERS):
        inner = marks[n + 1] if n + 1 < len(marks) else 0.0
        out.append((label, marks[n] - inner))
    return [(label, share / total * micros) for label, share in out]


async def measure(
    calls: dict[str, Call], requests: int, profile: str | None, show_layers: bool = False
) -> dict[str, float]:
    results = {}
    for name, call in calls.items():
        for _ in range(min(500, requests)):
            status, body = await call()
            assert status in (200, 201), (name, status, body[:300])
        start = time.process_time()
        for _ in range(requests):
            await call()
        results[name] = (time.process_time() - start) / requests * 1e6
    if profile:
        profiler = cProfile.Profile()
        call = calls[profile]
        profiler.enable()
        for _ in range(requests):
            await call()
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(35)
        stats.sort_stats("cumulative").print_stats(45)
    if show_layers:
        for name in ("get", "list", "create"):
            profiler = cProfile.Profile()
            call = calls[name]
            profiler.enable()
            for _ in range(requests):
                await call()
                await asyncio.sleep(0)  # let a group COMMIT run inside the profile
            profiler.disable()
            print(f"\n{name}: {results[name]:.0f} us CPU per request, by layer (approximate)")
            for label, micros in layers(pstats.Stats(profiler), name, results[name]):
                print(f"  {micros:7.1f} us  {label}")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--profile", choices=("get", "list", "create", "bare"))
    parser.add_argument("--layers", action="store_true")
    parser.add_argument("--bare", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as workdir:
        url, drop = _database(args.engine, args.postgres_url, Path(workdir))
        try:
            key = "inprocess-bench-" + "x" * 32
            settings = Settings(
                database_url=url,
                secret_key=key,
                argon2_time_cost=1,
                argon2_memory_cost_kib=1024,
            )
            engine = build_engine(settings)
            upgrade(engine)
            engine.dispose()
            app = create_app(settings, secret_key=key)
            ctx = app.state.storefront
            seed_items(ctx.db, ctx.passwords, args.items)
            if args.bare:

                @app.get("/bench-bare", include_in_schema=False)
                async def bare() -> dict[str, int]:
                    return {"ok": 1}

            async def run() -> dict[str, float]:
                calls = await scenarios(app, bare=args.bare)
                try:
                    return await measure(calls, args.requests, args.profile, args.layers)
                finally:
                    await app.state.storefront.db.aclose()

            results = asyncio.run(run())
            app.state.storefront.db.dispose()
        finally:
            drop()
    for name, micros in results.items():
        print(f"{args.engine} {name}: {micros:.1f} us CPU per request")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
