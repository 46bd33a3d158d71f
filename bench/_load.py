"""Load generators: wrk (when installed) or a small keep-alive Python loop.

Every measurement reports the server's CPU per request (user + system time read from
``/proc`` before and after), which is robust on a shared machine; req/s and latency
percentiles come along when wrk drives the load.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench._server import BenchServer

_REPORT = """
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"errors":%d,"duration_us":%d,'
    .. '"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout,
    summary.duration, latency:percentile(50), latency:percentile(99)))
end
"""

_PATHS = """
local paths, n = {}, 0
function init(args)
  for line in io.lines(args[1]) do n = n + 1; paths[n] = line end
  math.randomseed(42)
end
function request()
  return wrk.format("GET", paths[math.random(n)], headers)
end
"""

_CREATE = """
local counter, headers = 0, nil
function init(args)
  headers = { ["Content-Type"] = "application/json",
              ["Authorization"] = "Bearer " .. args[2] }
  prefix = args[1]
end
function request()
  counter = counter + 1
  local body = '{"sku":"' .. prefix .. '-' .. counter ..
    '","name":"Load item ' .. counter ..
    '","description":"created by the create scenario","price_cents":1999,' ..
    '"currency":"USD","stock":7,"tags":["bench","load"]}'
  return wrk.format("POST", "/v1/items", headers, body)
end
"""


@dataclass
class Measurement:
    requests: int
    errors: int
    seconds: float
    server_cpu_s: float
    p50_ms: float | None = None
    p99_ms: float | None = None

    @property
    def cpu_us_per_request(self) -> float:
        return self.server_cpu_s / max(self.requests, 1) * 1e6

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def _wrk(
    server: BenchServer,
    script: str,
    args: Sequence[str],
    *,
    seconds: int,
    connections: int,
    cpu: int | None,
) -> Measurement:
    with tempfile.TemporaryDirectory(prefix="storefront-bench-") as tmp:
        lua = Path(tmp, "scenario.lua")
        lua.write_text(script + _REPORT)
        # A slow answer is a latency figure, not an error: wrk's 2 s default would count it.
        command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
        command += ["-s", str(lua)]
        if cpu is not None and shutil.which("taskset"):
            command = ["taskset", "-c", str(cpu), *command]
        command += [server.url, "--", *args]
        before = server.cpu_seconds()
        started = time.monotonic()
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        elapsed = time.monotonic() - started
        used = server.cpu_seconds() - before
    line = next(x for x in out.splitlines() if x.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    return Measurement(
        requests=data["requests"],
        errors=data["errors"],
        seconds=data["duration_us"] / 1e6 or elapsed,
        server_cpu_s=used,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
    )


def _python_loop(
    server: BenchServer, make: Callable[[int], httpx.Request], *, seconds: int
) -> Measurement:
    """Sequential keep-alive requests: slower than wrk, but CPU per request still holds."""
    errors = done = 0
    with httpx.Client(base_url=server.url, timeout=30) as client:
        before = server.cpu_seconds()
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            response = client.send(make(done))
            errors += response.status_code >= 400
            done += 1
        elapsed = time.monotonic() - started
        used = server.cpu_seconds() - before
    return Measurement(requests=done, errors=errors, seconds=elapsed, server_cpu_s=used)


def get_paths(
    server: BenchServer,
    paths: Sequence[str],
    *,
    seconds: int = 5,
    connections: int = 32,
    client_cpu: int | None = 1,
) -> Measurement:
    """GET ``paths`` drawn at random (fixed seed) for ``seconds``."""
    if have_wrk():
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write("\n".join(paths) + "\n")
        try:
            return _wrk(
                server,
                _PATHS,
                [f.name],
                seconds=seconds,
                connections=connections,
                cpu=client_cpu,
            )
        finally:
            Path(f.name).unlink()
    rng = random.Random(42)
    return _python_loop(
        server, lambda _n: httpx.Request("GET", server.url + rng.choice(paths)), seconds=seconds
    )


def create_items(
    server: BenchServer,
    token: str,
    prefix: str,
    *,
    seconds: int = 5,
    connections: int = 32,
    client_cpu: int | None = 1,
) -> Measurement:
    """POST new items (unique skus starting with ``prefix``) for ``seconds``."""
    if have_wrk():
        return _wrk(
            server,
            _CREATE,
            [prefix, token],
            seconds=seconds,
            connections=connections,
            cpu=client_cpu,
        )

    def make(n: int) -> httpx.Request:
        body = {
            "sku": f"{prefix}-{n}",
            "name": f"Load item {n}",
            "description": "created by the create scenario",
            "price_cents": 1999,
            "currency": "USD",
            "stock": 7,
            "tags": ["bench", "load"],
        }
        headers = {"Authorization": f"Bearer {token}"}
        return httpx.Request("POST", server.url + "/v1/items", json=body, headers=headers)

    return _python_loop(server, make, seconds=seconds)
