"""What an operator sees: log lines that name their request (``server.logs``), one log
line per 500 with its request id, operation id and traceback, a JSON access log, and
Prometheus metrics summed correctly across workers (``server.metrics``).

The 500 is provoked in-process (a test-only route); the access log and the metrics are
read from live ``storefront serve`` processes, as an operator would read them.
"""

from __future__ import annotations

import io
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from server.config import Settings
from server.logs import JsonFormatter, RequestIdFilter
from server.main import create_app
from tests.support.databases import SECRET_KEY, SqliteTemplate
from tests.support.live import LiveServer, free_port


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Everything logged, one JSON object a line, as ``LOG_FORMAT=json`` writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


@pytest.fixture
def failing_app(settings: Settings) -> Iterator[FastAPI]:
    application = create_app(settings, secret_key=SECRET_KEY)

    @application.get("/test-only/boom/{n}")
    async def explode(n: int) -> None:
        logging.getLogger("storefront.test").warning("about to fail")
        raise RuntimeError("the failure under test")

    yield application
    application.state.storefront.db.engine.dispose()


def test_a_500_is_logged_once_with_its_request_id(
    failing_app: FastAPI, json_log: io.StringIO
) -> None:
    with TestClient(failing_app, raise_server_exceptions=False) as http:
        response = http.get("/test-only/boom/7")
    assert response.status_code == 500
    request_id = response.headers["x-request-id"]
    assert response.json()["request_id"] == request_id
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    mine = [line for line in lines if line["request_id"] == request_id]
    errors = [line for line in mine if line["level"] == "ERROR"]
    assert len(errors) == 1, lines  # once: not again by the server or the framework
    [error] = errors
    assert error["operation"] == "explode"
    assert "/test-only/boom/{n}" in error["message"]
    assert "RuntimeError: the failure under test" in error["traceback"]
    # A line logged by the request's own code carries its id too.
    assert any(line["message"] == "about to fail" for line in mine)
    # And the id does not outlive its request.
    outside = logging.LogRecord("x", logging.INFO, "", 0, "outside", None, None)
    RequestIdFilter().filter(outside)
    assert getattr(outside, "request_id") is None  # noqa: B009 - set by the filter


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_the_json_access_log_names_request_route_status_and_client(
    sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    log = tmp_path / "json.log"
    env = {"LOG_FORMAT": "json", "ACCESS_LOG": "1"}
    with (
        LiveServer(sqlite_template.fresh(tmp_path), env=env, log=log) as server,
        httpx.Client(base_url=server.url, timeout=10) as http,
    ):
        assert http.get("/v1/items/31337", headers={"X-Request-ID": "trace-42"}).status_code == 404
    lines = _lines(log)  # every line parses: one JSON object a line, start-up lines too
    [access] = [line for line in lines if line.get("request_id") == "trace-42"]
    assert access["logger"] == "storefront.access"
    assert access["method"] == "GET"
    assert access["route"] == "/v1/items/{item_id}"
    assert access["operation"] == "get_item"
    assert access["status"] == 404
    assert access["client"] == "127.0.0.1"
    assert isinstance(access["duration_ms"], float)


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_metrics_count_a_known_sequence_across_two_workers(
    sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    metrics_port = free_port()
    directory = tmp_path / "metrics"
    directory.mkdir()
    env = {"METRICS_PORT": str(metrics_port), "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    sequence = {("list_items", "200"): 23, ("get_item", "404"): 17, ("unmatched", "404"): 9}
    with LiveServer(
        sqlite_template.fresh(tmp_path), workers=2, env=env, log=tmp_path / "m.log"
    ) as server:
        # The metrics are not on the API's port (an unmatched 404, counted below).
        assert httpx.get(f"{server.url}/metrics").status_code == 404
        sent = {**sequence, ("unmatched", "404"): sequence[("unmatched", "404")] - 1}
        paths = {"list_items": "/v1/items", "get_item": "/v1/items/999999", "unmatched": "/nope"}
        for (operation, _), count in sent.items():
            for _ in range(count):
                # A new connection each time, so both workers take requests.
                httpx.get(server.url + paths[operation], headers={"Connection": "close"})
        scrape = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10).text
        # Both workers keep their own files (the live gauges' go when a worker stops).
        pids = {n.rsplit("_", 1)[-1] for n in os.listdir(directory) if n.startswith("gauge")}
    assert len(pids) == 2, pids
    samples = _samples(scrape)
    for (operation, status), count in sequence.items():
        labels = (("operation", operation), ("status", status))
        assert samples[("storefront_requests_total", labels)] == count, operation
        assert samples[("storefront_request_duration_seconds_count", labels)] == count
    for name in (
        "storefront_db_pool_in_use",
        "storefront_hashing_running",
        "storefront_open_connections",
    ):
        assert (name, ()) in samples, name


def test_connection_timeouts_are_counted_by_phase(monkeypatch: pytest.MonkeyPatch) -> None:
    # One process, no multiprocess directory: the counters live in the registry.
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    from server.metrics import Metrics

    metrics = Metrics()

    def timed_out(phase: str) -> float | None:
        value: float | None = metrics.registry.get_sample_value(
            "storefront_connections_timed_out_total", {"phase": phase}
        )
        return value

    # The book's running totals: open, refused, evicted, head and body timeouts.
    metrics.sample(pool=(0, 0), hashing=(0, 0, 0), connections=(3, 0, 0, 2, 1))
    metrics.sample(pool=(0, 0), hashing=(0, 0, 0), connections=(3, 0, 0, 5, 4))
    assert (timed_out("head"), timed_out("body")) == (5.0, 4.0)
