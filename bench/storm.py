"""An anonymous storm beside readers: bounded memory, responsive reads, declared answers.

    uv run --frozen python bench/storm.py [--engine sqlite|postgres|both] [--addresses 1]
        [--seconds 30] [--clients 256] [--readers 4] [--server-root PATH]

One ``storefront serve`` (one worker, default Argon2 cost, a fresh database of the
engine with 1,000 seeded items). First ``--readers`` clients read ``GET /v1/items`` for
``--baseline-seconds`` alone; then the same readers again while ``--clients`` anonymous
clients, for ``--seconds``, alternate a bad login (a new random email each time) and a
registration (a new email each time), each sending its next request as soon as it has
an answer (they do not wait out Retry-After, as a hostile client would not). The storm
clients connect from ``--addresses`` loopback source addresses (127.0.0.2 onwards when
more than one; Linux answers for all of 127.0.0.0/8): with one address the per-client
limit refuses most of them; with 200 it barely does, and the hashing bound is what holds.

Pass (exit 0), for each engine:
- the server's peak RSS during the storm (VmHWM, reset before the storm when the kernel
  allows, else sampled) is within ``--rss-budget-mib`` (300) of its RSS when idle;
- read p99 with the storm is within 3x of read p99 without it;
- every storm answer is 201, 401, 429 or 503, with Retry-After on each 429 and 503, and
  no request failed;
- the server's log holds nothing but its start and stop lines (no error, no traceback).

``--server-root`` runs the server of another checkout (the code before a change, say)
with the same bench. ``--rss-abort-mib`` stops a server whose RSS grows past that much
over idle, so an unbounded one cannot take the machine down. A benchmark, not a test:
the suite never runs it. The machine it runs on shares its cores with the clients.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import re
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._server import BenchServer, storefront  # noqa: E402

ADMIN_URL = os.environ.get(
    "STOREFRONT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
DECLARED = {201, 401, 429, 503}
MAX_READ_RATIO = 3.0
# What the server may print: uvicorn's start and stop lines, the migration's.
QUIET_LOG = re.compile(
    r"^(INFO:\s+(Started server process|Waiting for application (startup|shutdown)|"
    r"Application (startup|shutdown) complete|Uvicorn running on|Shutting down|"
    r"Finished server process)|INFO\s+\[alembic|storefront: )"
)


# --- a small HTTP/1.1 client: keep-alive, one request at a time, little CPU per request --


class Connection:
    def __init__(self, port: int, local: str) -> None:
        self.port = port
        self.local = local
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, raw: bytes) -> tuple[int, dict[str, str]]:
        reused = self.writer is not None
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(
                "127.0.0.1", self.port, local_addr=(self.local, 0)
            )
        assert self.reader is not None
        self.writer.write(raw)
        try:
            status_line = await self.reader.readuntil(b"\r\n")
        except (asyncio.IncompleteReadError, ConnectionResetError) as exc:
            if not reused or (isinstance(exc, asyncio.IncompleteReadError) and exc.partial):
                raise
            # The server closed the idle keep-alive connection (after a long Retry-After):
            # send again on a new one, as HTTP clients do.
            self.close()
            return await self.request(raw)
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while True:
            line = await self.reader.readuntil(b"\r\n")
            if line == b"\r\n":
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def _post(path: str, content_type: str, body: bytes) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def _login() -> bytes:
    email = f"storm-{uuid.uuid4().hex[:16]}@example.com"
    return _post(
        "/v1/auth/token",
        "application/x-www-form-urlencoded",
        f"username={email}&password=not-the-password".encode(),
    )


def _register() -> bytes:
    body = json.dumps(
        {"email": f"storm-{uuid.uuid4().hex}@example.com", "password": "storm-password-123"}
    )
    return _post("/v1/users", "application/json", body.encode())


async def _storm(
    port: int, clients: int, addresses: int, seconds: float, polite: bool
) -> dict[str, Any]:
    statuses: Counter[str] = Counter()
    missing_retry_after: Counter[int] = Counter()
    failures: Counter[str] = Counter()
    deadline = time.monotonic() + seconds

    async def client(n: int) -> None:
        local = "127.0.0.1" if addresses == 1 else f"127.0.0.{2 + n % addresses}"
        connection = Connection(port, local)
        turn = n % 2
        while time.monotonic() < deadline:
            operation = "login" if turn == 0 else "create_user"
            turn ^= 1
            try:
                status, headers = await asyncio.wait_for(
                    connection.request(_login() if operation == "login" else _register()), 60
                )
            except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as exc:
                failures[type(exc).__name__] += 1
                connection.close()
                await asyncio.sleep(0.1)
                continue
            statuses[f"{operation} {status}"] += 1
            if status in (429, 503):
                if "retry-after" not in headers:
                    missing_retry_after[status] += 1
                elif polite:
                    wait = float(headers["retry-after"])
                    await asyncio.sleep(min(wait, max(0.0, deadline - time.monotonic())))
        connection.close()

    await asyncio.gather(*(client(n) for n in range(clients)))
    return {
        "statuses": dict(statuses),
        "missing_retry_after": dict(missing_retry_after),
        "failures": dict(failures),
    }


async def _read(port: int, readers: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    failures: Counter[str] = Counter()
    deadline = time.monotonic() + seconds
    raw = b"GET /v1/items?limit=20 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

    async def reader() -> None:
        connection = Connection(port, "127.0.0.1")
        while time.monotonic() < deadline:
            began = time.perf_counter()
            try:
                status, _ = await asyncio.wait_for(connection.request(raw), 60)
            except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as exc:
                failures[type(exc).__name__] += 1
                connection.close()
                continue
            if status != 200:
                failures[f"status {status}"] += 1
            latencies.append(time.perf_counter() - began)
        connection.close()

    await asyncio.gather(*(reader() for _ in range(readers)))
    latencies.sort()

    def p(q: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

    return {
        "reads": len(latencies),
        "p50_ms": p(0.50),
        "p99_ms": p(0.99),
        "max_ms": latencies[-1] * 1000 if latencies else float("nan"),
        "failures": dict(failures),
    }


def _in_process(target: str, queue: Any, *args: Any) -> None:
    coroutine = _storm(*args) if target == "storm" else _read(*args)
    queue.put(asyncio.run(coroutine))


def _spawn(target: str, *args: Any) -> tuple[Any, Any]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_in_process, args=(target, queue, *args))
    process.start()
    return process, queue


# --- the server's memory ---------------------------------------------------------------


def _status_kib(pid: int, field_name: str) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    raise LookupError(field_name)


def _reset_peak(pid: int) -> bool:
    """Reset the kernel's peak RSS (VmHWM) of ``pid`` (Linux 4.0+: clear_refs 5)."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return False
    return True


@dataclass
class MemoryWatch:
    pid: int
    abort_kib: int
    peak_kib: int = 0
    aborted: bool = False
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self, kill: Any) -> None:
        while not self.stop.wait(0.05):
            try:
                rss = _status_kib(self.pid, "VmRSS")
            except (OSError, LookupError):
                return
            self.peak_kib = max(self.peak_kib, rss)
            if rss > self.abort_kib:
                self.aborted = True
                kill()
                return


# --- one run ---------------------------------------------------------------------------


@contextmanager
def database(engine: str, directory: str) -> Iterator[str]:
    if engine == "sqlite":
        yield f"sqlite:///{directory}/storm.sqlite"
        return
    import psycopg

    name = f"storefront_storm_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_one(engine: str, args: argparse.Namespace) -> dict[str, Any]:
    root = Path(args.server_root).resolve()
    with (
        tempfile.TemporaryDirectory(prefix="storefront-storm-") as tmp,
        database(engine, tmp) as url,
    ):
        storefront(["migrate"], url, root=root)
        storefront(["seed", "--items", "1000"], url, root=root)
        with BenchServer(url, cpu=None, root=root) as server:
            port = server.port
            warm, queue = _spawn("read", port, args.readers, 2.0)
            queue.get(timeout=120)
            warm.join()
            reader, queue = _spawn("read", port, args.readers, args.baseline_seconds)
            alone = queue.get(timeout=args.baseline_seconds + 120)
            reader.join()
            idle_kib = _status_kib(server.pid, "VmRSS")
            exact_peak = _reset_peak(server.pid)
            watch = MemoryWatch(server.pid, idle_kib + args.rss_abort_mib * 1024)
            watcher = threading.Thread(target=watch.run, args=(server.stop,))
            watcher.start()
            storm, storm_queue = _spawn(
                "storm", port, args.clients, args.addresses, args.seconds, not args.hostile
            )
            time.sleep(1.0)  # the storm is under way before the readers start
            reader, queue = _spawn("read", port, args.readers, args.seconds - 2.0)
            beside = queue.get(timeout=args.seconds + 120)
            reader.join()
            stormed = storm_queue.get(timeout=120)
            storm.join()
            watch.stop.set()
            watcher.join()
            peak_kib = watch.peak_kib
            if exact_peak and not watch.aborted:
                peak_kib = max(peak_kib, _status_kib(server.pid, "VmHWM"))
            server.stop()
            log = Path(server.log.name).read_text(errors="replace").splitlines()
    noise = [line for line in log if line.strip() and not QUIET_LOG.match(line)]
    return {
        "engine": engine,
        "addresses": args.addresses,
        "hostile": args.hostile,
        "idle_mib": idle_kib / 1024,
        "peak_mib": peak_kib / 1024,
        "peak_exact": exact_peak,
        "aborted": watch.aborted,
        "alone": alone,
        "beside": beside,
        "storm": stormed,
        "log_noise": noise[:20],
    }


def judge(result: dict[str, Any], rss_budget_mib: int) -> list[str]:
    problems = []
    grown = result["peak_mib"] - result["idle_mib"]
    if result["aborted"] or grown > rss_budget_mib:
        problems.append(f"peak RSS grew {grown:,.0f} MiB over idle (at most {rss_budget_mib})")
    ratio = result["beside"]["p99_ms"] / result["alone"]["p99_ms"]
    if not ratio <= MAX_READ_RATIO:
        problems.append(f"read p99 is {ratio:.1f}x without the storm (at most {MAX_READ_RATIO})")
    if result["alone"]["failures"] or result["beside"]["failures"]:
        problems.append(
            f"reads failed: {result['alone']['failures']} {result['beside']['failures']}"
        )
    storm = result["storm"]
    undeclared = {k: v for k, v in storm["statuses"].items() if int(k.split()[1]) not in DECLARED}
    if undeclared:
        problems.append(f"undeclared storm answers: {undeclared}")
    if storm["missing_retry_after"]:
        problems.append(f"429/503 without Retry-After: {storm['missing_retry_after']}")
    if storm["failures"]:
        problems.append(f"storm requests failed: {storm['failures']}")
    if result["log_noise"]:
        problems.append(f"the server logged: {result['log_noise'][:3]}")
    return problems


def report(result: dict[str, Any], problems: list[str]) -> None:
    alone, beside, storm = result["alone"], result["beside"], result["storm"]
    answers = Counter[int]()
    for key, count in storm["statuses"].items():
        answers[int(key.split()[1])] += count
    print(
        f"\n## {result['engine']}, storm from {result['addresses']} address(es)"
        f"{', ignoring Retry-After' if result['hostile'] else ', waiting out Retry-After'}\n"
        f"| | reads | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|\n"
        f"| readers alone | {alone['reads']:,} | {alone['p50_ms']:.1f} | {alone['p99_ms']:.1f} "
        f"| {alone['max_ms']:.0f} |\n"
        f"| beside the storm | {beside['reads']:,} | {beside['p50_ms']:.1f} "
        f"| {beside['p99_ms']:.1f} | {beside['max_ms']:.0f} |\n"
    )
    grown = result["peak_mib"] - result["idle_mib"]
    how = "VmHWM" if result["peak_exact"] else "sampled"
    print(
        f"RSS: idle {result['idle_mib']:,.0f} MiB, peak {result['peak_mib']:,.0f} MiB ({how}), "
        f"+{grown:,.0f} MiB{' (ABORTED: grew past the abort limit)' if result['aborted'] else ''}"
    )
    print(f"read p99 beside the storm / alone: {beside['p99_ms'] / alone['p99_ms']:.2f}x")
    print(
        "storm answers: "
        + ", ".join(f"{s}: {n:,}" for s, n in sorted(answers.items()))
        + f"; by operation: {dict(sorted(storm['statuses'].items()))}"
    )
    if storm["failures"]:
        print(f"storm request failures: {storm['failures']}")
    print("PASS" if not problems else "FAIL: " + "; ".join(problems))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--addresses", type=int, default=1, choices=range(1, 251))
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--baseline-seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=256)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--rss-budget-mib", type=int, default=300)
    parser.add_argument("--rss-abort-mib", type=int, default=4096)
    parser.add_argument(
        "--hostile",
        action="store_true",
        help="storm clients send again at once after 429/503 instead of waiting Retry-After",
    )
    parser.add_argument("--server-root", default=str(ROOT))
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    results, failed = [], False
    for engine in engines:
        result = run_one(engine, args)
        problems = judge(result, args.rss_budget_mib)
        report(result, problems)
        result["problems"] = problems
        results.append(result)
        failed = failed or bool(problems)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    random.seed()
    sys.exit(main())
