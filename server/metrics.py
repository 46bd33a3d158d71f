"""Prometheus metrics (``prometheus-client``), off unless ``METRICS_PORT`` is set.

``storefront serve`` with ``METRICS_PORT`` gives every worker one directory of
memory-mapped files (``PROMETHEUS_MULTIPROC_DIR``, prometheus-client's multiprocess
mode) and serves their sum on its own port, bound to ``METRICS_HOST`` (loopback unless
set otherwise): never on the API's port, so it is never public by accident. The workers
only write; the serving process only reads (``serve_metrics``).

What a worker records:

- ``storefront_requests_total`` and ``storefront_request_duration_seconds`` by operation
  id (the route's name; ``unmatched`` when no route matched) and status;
- ``storefront_limiter_refusals_total`` by where the refusal was made (``door``: before
  routing, from what the process remembers; ``database``: the shared count) and why;
- sampled every ``SAMPLE_SECONDS``: the database pool in use and waiting, the hashing
  bound running and queued (and ``storefront_hashing_shed_total``), open connections
  (and the ones refused or evicted at the connection bound, and the ones closed because
  a request's head or body did not arrive in time).

Gauges are summed over live workers (``livesum``); counters and histograms over every
worker that ran since the server started.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from typing import Any

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
SAMPLE_SECONDS = 1.0
# Request latency buckets (seconds): a cached read takes about a millisecond, a
# password hash tens to hundreds of them, a refusal at the door microseconds.
BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    """One process's instruments. Import-light: prometheus-client is loaded on creation,
    after ``PROMETHEUS_MULTIPROC_DIR`` is in the environment (its values read it then)."""

    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Counter, Histogram

        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "storefront_requests",
            "Requests answered, by operation id and status.",
            ["operation", "status"],
            registry=r,
        )
        self.latency = Histogram(
            "storefront_request_duration_seconds",
            "Time from the request's head to its answer, by operation id and status.",
            ["operation", "status"],
            buckets=BUCKETS,
            registry=r,
        )
        self.refusals = Counter(
            "storefront_limiter_refusals",
            "Anonymous attempts refused: where (door: before routing; database: the "
            "shared count) and why.",
            ["where", "reason"],
            registry=r,
        )
        self.pool_in_use = _gauge("storefront_db_pool_in_use", "Database connections in use.", r)
        self.pool_waiting = _gauge(
            "storefront_db_pool_waiting", "Units of work waiting for a database connection.", r
        )
        self.hashing_running = _gauge(
            "storefront_hashing_running", "Password hashes running now.", r
        )
        self.hashing_queued = _gauge(
            "storefront_hashing_queued", "Password hashes admitted and waiting for a slot.", r
        )
        self.hashing_shed = Counter(
            "storefront_hashing_shed",
            "Requests refused (503) by the hashing bound before any hashing.",
            registry=r,
        )
        self.connections = _gauge("storefront_open_connections", "Open client connections.", r)
        self.connections_refused = Counter(
            "storefront_connections_refused",
            "Connections closed at the per-process bound: refused (no idle one to close) "
            "or evicted (the oldest idle one, to make room).",
            ["action"],
            registry=r,
        )
        self.connections_timed_out = Counter(
            "storefront_connections_timed_out",
            "Connections closed because a request's head (silent, or slow) or its body (then "
            "answered 408) did not arrive in time.",
            ["phase"],
            registry=r,
        )
        self._last: dict[str, int] = {}
        self._observers: dict[tuple[str, int], Callable[[float], None]] = {}

    def observe(self, operation: str, status: int, seconds: float) -> None:
        key = (operation, status)
        observe = self._observers.get(key)
        if observe is None:
            label = str(status)
            count = self.requests.labels(operation, label).inc
            histogram = self.latency.labels(operation, label).observe

            def observe(seconds: float) -> None:
                count()
                histogram(seconds)

            self._observers[key] = observe
        observe(seconds)

    def refused(self, where: str, reason: str) -> None:
        self.refusals.labels(where, reason).inc()

    def _add(self, name: str, total: int, inc: Callable[[float], None]) -> None:
        """Add to a counter what a running total gained since the last sample."""
        gained = total - self._last.get(name, 0)
        self._last[name] = total
        if gained > 0:
            inc(gained)

    def sample(
        self,
        *,
        pool: tuple[int, int],
        hashing: tuple[int, int, int],
        connections: tuple[int, int, int, int, int],
    ) -> None:
        """Record the process's state: pool (in use, waiting), hashing (running, queued,
        shed so far), connections (open, and so far: refused, evicted, timed out waiting
        for a head, timed out waiting for a body)."""
        self.pool_in_use.set(pool[0])
        self.pool_waiting.set(pool[1])
        self.hashing_running.set(hashing[0])
        self.hashing_queued.set(hashing[1])
        self._add("shed", hashing[2], self.hashing_shed.inc)
        self.connections.set(connections[0])
        self._add("refused", connections[1], self.connections_refused.labels("refused").inc)
        self._add("evicted", connections[2], self.connections_refused.labels("evicted").inc)
        self._add("head", connections[3], self.connections_timed_out.labels("head").inc)
        self._add("body", connections[4], self.connections_timed_out.labels("body").inc)

    def mark_dead(self) -> None:
        """Drop this process's live gauges (a worker stopping)."""
        if os.environ.get(MULTIPROC_ENV):
            from prometheus_client import multiprocess

            multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


def _gauge(name: str, documentation: str, registry: Any) -> Any:
    from prometheus_client import Gauge

    return Gauge(name, documentation, multiprocess_mode="livesum", registry=registry)


def prepare_directory() -> str:
    """A fresh directory for the workers' files, named in the environment they inherit."""
    existing = os.environ.get(MULTIPROC_ENV)
    if existing:
        # Files of an earlier run would be added to this one's: start empty.
        for entry in os.scandir(existing):
            if entry.name.endswith(".db"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
        return existing
    path = tempfile.mkdtemp(prefix="storefront-metrics-")
    os.environ[MULTIPROC_ENV] = path
    return path


def remove_directory(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)


def serve_metrics(host: str, port: int) -> Callable[[], None]:
    """Serve the workers' summed metrics on ``host:port`` from a thread; the stop function."""
    from prometheus_client import CollectorRegistry, multiprocess, start_http_server

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    server, thread = start_http_server(port, addr=host, registry=registry)

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return stop
