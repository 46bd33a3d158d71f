"""Load: 60 s of mixed reads and writes at 64 connections against one server process.

    uv run --frozen python bench/load.py [--engine sqlite|postgres|both] [--seconds 60]
        [--connections 64] [--max-requests 2000000] [--json FILE]

For each database (a SQLite file; a fresh database on the PostgreSQL server at
``STOREFRONT_TEST_POSTGRES_URL``, default the local one, dropped afterwards) it starts
one ``storefront serve`` process (one worker) on 127.0.0.1, seeds a catalog, and
drives it over loopback only, bounded in time and in request count. The mix, per
connection, each with its own account:

    45% GET /v1/items/{id}    (a random seeded or created id: 200, or 404 once deleted)
    20% GET /v1/items         (a page, random sort and filters: 200)
     5% GET /v1/users/me      (200)
    15% POST /v1/items        (a new sku: 201)
    10% PATCH /v1/items/{id}  (one this connection created, with its ETag: 200)
     5% DELETE /v1/items/{id} (one this connection created: 204)

Reported: requests/s, latency percentiles, status counts, socket errors, unexpected
statuses (anything outside the lists above) and the server's resident memory (the
process and its children, from /proc) when idle, after a 5 s warm-up at full load,
and at the end. Pass: no socket errors, no unexpected statuses, and RSS growth from
the warm-up to the end under 20% (the warm-up fills the pools, threads and caches a
steady server keeps; idle-to-end growth is reported beside it).
Exit status 0 when every engine passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.live import LiveServer  # noqa: E402

ADMIN_URL = os.environ.get(
    "STOREFRONT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
PASSWORD = "load-test-password"
SEED_ITEMS = 5000
WARMUP_SECONDS = 5.0
MAX_RSS_GROWTH = 0.20
EXPECTED = {
    "get_item": {200, 404},
    "list_items": {200},
    "me": {200},
    "create_item": {201},
    "update_item": {200},
    "delete_item": {204},
}
MIX = [
    ("get_item", 45),
    ("list_items", 20),
    ("me", 5),
    ("create_item", 15),
    ("update_item", 10),
    ("delete_item", 5),
]
SORTS = ["created_at", "-created_at", "price_cents", "-price_cents", "name"]
TAGS = ["blue", "red", "sale", "new", "eco"]


def rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in KiB."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        stack.extend(children.get(current, []))
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


@dataclass
class Stats:
    statuses: Counter[str] = field(default_factory=Counter)
    unexpected: Counter[str] = field(default_factory=Counter)
    socket_errors: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    requests: int = 0


@dataclass
class Connection:
    """One client connection's account and the items it created (its own to change)."""

    token: str
    owned: dict[int, str] = field(default_factory=dict)  # id -> ETag
    created: int = 0


class Load:
    def __init__(self, base_url: str, *, connections: int, seconds: float, max_requests: int):
        assert base_url.startswith("http://127.0.0.1:"), "loopback only"
        self.base_url = base_url
        self.connections = connections
        self.seconds = seconds
        self.max_requests = max_requests
        self.stats = Stats()
        self.max_id = SEED_ITEMS
        self.rng = random.Random(7)
        self.stop_at = 0.0
        self.recording = False

    async def accounts(self, http: httpx.AsyncClient) -> list[Connection]:
        result = []
        for index in range(self.connections):
            email = f"load-{index}-{uuid.uuid4().hex[:8]}@example.com"
            created = await http.post("/v1/users", json={"email": email, "password": PASSWORD})
            created.raise_for_status()
            login = await http.post(
                "/v1/auth/token", data={"username": email, "password": PASSWORD}
            )
            login.raise_for_status()
            result.append(Connection(login.json()["access_token"]))
        return result

    def pick(self, conn: Connection) -> str:
        ops = [name for name, _ in MIX]
        weights = [weight for _, weight in MIX]
        op = self.rng.choices(ops, weights)[0]
        if op in ("update_item", "delete_item") and not conn.owned:
            return "create_item"
        return op

    async def one(self, http: httpx.AsyncClient, conn: Connection, worker: int) -> None:
        op = self.pick(conn)
        auth = {"Authorization": f"Bearer {conn.token}"}
        if op == "get_item":
            request = http.build_request("GET", f"/v1/items/{self.rng.randint(1, self.max_id)}")
        elif op == "list_items":
            params: dict[str, Any] = {"limit": 20, "sort": self.rng.choice(SORTS)}
            if self.rng.random() < 0.3:
                params["tag"] = self.rng.choice(TAGS)
            if self.rng.random() < 0.2:
                params["min_price_cents"] = self.rng.randint(0, 5000)
            request = http.build_request("GET", "/v1/items", params=params)
        elif op == "me":
            request = http.build_request("GET", "/v1/users/me", headers=auth)
        elif op == "create_item":
            conn.created += 1
            body = {
                "sku": f"LOAD-{worker}-{conn.created}-{uuid.uuid4().hex[:8]}".upper(),
                "name": "Load item",
                "price_cents": self.rng.randint(1, 100_000),
                "tags": self.rng.sample(TAGS, 2),
            }
            request = http.build_request("POST", "/v1/items", json=body, headers=auth)
        elif op == "update_item":
            item_id, tag = self.rng.choice(list(conn.owned.items()))
            request = http.build_request(
                "PATCH",
                f"/v1/items/{item_id}",
                json={"stock": self.rng.randint(0, 1000)},
                headers={**auth, "If-Match": tag},
            )
        else:
            item_id = self.rng.choice(list(conn.owned))
            del conn.owned[item_id]
            request = http.build_request("DELETE", f"/v1/items/{item_id}", headers=auth)
        started = time.perf_counter()
        try:
            response = await http.send(request)
        except httpx.TransportError as exc:
            if self.recording:
                self.stats.socket_errors[type(exc).__name__] += 1
            return
        elapsed = time.perf_counter() - started
        if op in ("create_item", "update_item") and response.status_code in (200, 201):
            item = response.json()
            conn.owned[item["id"]] = response.headers["ETag"]
            self.max_id = max(self.max_id, item["id"])
        if not self.recording:
            return
        self.stats.requests += 1
        self.stats.latencies.append(elapsed)
        self.stats.statuses[f"{op} {response.status_code}"] += 1
        if response.status_code not in EXPECTED[op]:
            self.stats.unexpected[f"{op} {response.status_code}"] += 1

    async def worker(self, http: httpx.AsyncClient, conn: Connection, index: int) -> None:
        while time.monotonic() < self.stop_at and self.stats.requests < self.max_requests:
            await self.one(http, conn, index)

    async def run(self, pid: int) -> dict[str, Any]:
        limits = httpx.Limits(
            max_connections=self.connections, max_keepalive_connections=self.connections
        )
        async with httpx.AsyncClient(base_url=self.base_url, limits=limits, timeout=30) as http:
            conns = await self.accounts(http)
            idle_rss = rss_kib(pid)
            self.stop_at = time.monotonic() + WARMUP_SECONDS
            await asyncio.gather(*(self.worker(http, c, i) for i, c in enumerate(conns)))
            warm_rss = rss_kib(pid)
            self.recording = True
            started = time.monotonic()
            self.stop_at = started + self.seconds
            await asyncio.gather(*(self.worker(http, c, i) for i, c in enumerate(conns)))
            duration = time.monotonic() - started
            end_rss = rss_kib(pid)
        latencies = sorted(self.stats.latencies) or [0.0]

        def pct(p: float) -> float:
            return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 1)

        growth = (end_rss - warm_rss) / warm_rss if warm_rss else 0.0
        return {
            "seconds": round(duration, 1),
            "connections": self.connections,
            "requests": self.stats.requests,
            "requests_per_second": round(self.stats.requests / duration, 1),
            "latency_ms": {
                "p50": pct(0.50),
                "p90": pct(0.90),
                "p99": pct(0.99),
                "max": pct(1.0),
                "mean": round(statistics.fmean(latencies) * 1000, 1),
            },
            "statuses": dict(sorted(self.stats.statuses.items())),
            "socket_errors": dict(self.stats.socket_errors),
            "unexpected_statuses": dict(self.stats.unexpected),
            "rss_kib": {"idle": idle_rss, "after_warmup": warm_rss, "end": end_rss},
            "rss_growth_from_warmup": round(growth, 3),
            "rss_growth_from_idle": round((end_rss - idle_rss) / idle_rss, 3) if idle_rss else 0,
            "passed": not self.stats.socket_errors
            and not self.stats.unexpected
            and growth < MAX_RSS_GROWTH,
        }


def seed(database_url: str) -> None:
    import subprocess

    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run(
        [sys.executable, "-m", "server.cli", "seed", "--items", str(SEED_ITEMS)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def run_engine(engine: str, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    database = None
    if engine == "sqlite":
        url = f"sqlite:///{workdir / 'load.sqlite'}"
    else:
        database = f"storefront_load_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{database}"')
        url = f"{ADMIN_URL.rsplit('/', 1)[0]}/{database}"
    # Throttling and the pool are a server's ordinary settings; the pool is sized so
    # 64 connections queue in the server, not in the client.
    env = {"LOGIN_MAX_FAILURES": "1000", "DB_POOL_SIZE": "20"}
    try:
        with LiveServer(url, env=env, log=workdir / f"{engine}-server.log") as server:
            assert server.process is not None
            seed(url)
            load = Load(
                server.url,
                connections=args.connections,
                seconds=args.seconds,
                max_requests=args.max_requests,
            )
            result = asyncio.run(load.run(server.process.pid))
            result["engine"] = engine
            return result
    finally:
        if database is not None:
            with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--max-requests", type=int, default=2_000_000)
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)
    if not 0 < args.seconds <= 600 or not 0 < args.connections <= 512:
        parser.error("--seconds must be in (0, 600] and --connections in (0, 512]")
    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    results = []
    with tempfile.TemporaryDirectory(prefix="storefront-load-") as tmp:
        for engine in engines:
            result = run_engine(engine, args, Path(tmp))
            results.append(result)
            print(json.dumps(result, indent=2), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for r in results:
        rss = r["rss_kib"]
        print(
            f"{r['engine']}: {r['requests']} requests in {r['seconds']}s = "
            f"{r['requests_per_second']} req/s at {r['connections']} connections; "
            f"p50 {r['latency_ms']['p50']} ms, p99 {r['latency_ms']['p99']} ms; "
            f"socket errors {sum(r['socket_errors'].values())}, "
            f"unexpected {sum(r['unexpected_statuses'].values())}; RSS KiB idle {rss['idle']}, "
            f"warm {rss['after_warmup']}, end {rss['end']} "
            f"({r['rss_growth_from_warmup']:+.1%} from warm-up); "
            f"{'PASS' if r['passed'] else 'FAIL'}"
        )
    return 0 if all(r["passed"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
