"""Record request and response bodies as the suite runs, for the schema's examples.

``scripts/record_examples.py`` runs the scenario suite (and the HTTP tests) with
``STOREFRONT_RECORD_EXAMPLES`` naming a file. Every response the ``client`` fixture
receives is matched to its operation in ``openapi.json``; the richest valid request
body of each operation and the richest body of each (operation, status) are kept, and
written to that file when the session ends. Nothing is recorded otherwise.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import httpx

RECORD_ENV = "STOREFRONT_RECORD_EXAMPLES"
ROOT = Path(__file__).resolve().parents[2]


def recording() -> Path | None:
    """The file to write the recordings to, when recording."""
    target = os.environ.get(RECORD_ENV, "").strip()
    return Path(target) if target else None


@dataclass(frozen=True)
class Operation:
    method: str
    pattern: re.Pattern[str]
    operation_id: str
    parameters: tuple[tuple[str, str, str], ...]  # (in, name, JSON type)


@cache
def _operations() -> list[Operation]:
    spec = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))
    found = []
    for path, path_item in spec["paths"].items():
        # Each {name} becomes a named group, so path parameters can be read back.
        regex = re.sub(r"\\\{([^}]+)\\\}", r"(?P<\1>[^/]+)", re.escape(path))
        for method, operation in path_item.items():
            parameters = tuple(
                (p["in"], p["name"], str(p["schema"].get("type", "string")))
                for p in operation.get("parameters", [])
            )
            found.append(
                Operation(
                    method.upper(), re.compile(f"^{regex}$"), operation["operationId"], parameters
                )
            )
    return found


def operation_of(method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
    """The operation answering ``method path``, and its path parameters."""
    for operation in _operations():
        match = operation.pattern.match(path) if operation.method == method else None
        if match is not None:
            return operation, match.groupdict()
    return None


def _parameters(
    operation: Operation, path_values: dict[str, str], request: httpx.Request
) -> dict[str, Any]:
    """``{"<in>:<name>": value}`` for each declared parameter the request carried."""
    sources = {"path": path_values, "query": dict(request.url.params), "header": request.headers}
    found: dict[str, Any] = {}
    for where, name, kind in operation.parameters:
        raw = sources.get(where, {}).get(name)
        if raw is not None:
            found[f"{where}:{name}"] = int(raw) if kind == "integer" and raw.isdigit() else raw
    return found


def _richness(value: Any) -> int:
    """How much a body shows: its keys and list items, counted all the way down."""
    if isinstance(value, dict):
        return sum(1 + _richness(inner) for inner in value.values())
    if isinstance(value, list):
        return sum(1 + _richness(inner) for inner in value)
    return 0


@dataclass
class Recorder:
    requests: dict[str, Any] = field(default_factory=dict)
    responses: dict[str, dict[str, Any]] = field(default_factory=dict)
    parameters: dict[str, dict[str, Any]] = field(default_factory=dict)

    def _keep(self, table: dict[str, Any], key: str, body: Any) -> None:
        if key not in table or _richness(body) > _richness(table[key]):
            table[key] = body

    def record(self, response: httpx.Response) -> None:
        request = response.request
        found = operation_of(request.method, request.url.path)
        if found is None:
            return
        operation, path_values = found
        name = operation.operation_id
        response.read()
        if 200 <= response.status_code < 300:
            # A request the server accepted: its body and parameters are valid examples.
            body = _body(request) if request.content else None
            if body is not None:
                self._keep(self.requests, name, body)
            for key, value in _parameters(operation, path_values, request).items():
                self.parameters.setdefault(name, {}).setdefault(key, value)
        if response.content and response.headers.get("content-type", "").endswith("json"):
            by_status = self.responses.setdefault(name, {})
            self._keep(by_status, str(response.status_code), response.json())

    def dump(self, target: Path) -> None:
        document = {
            "requests": self.requests,
            "responses": self.responses,
            "parameters": self.parameters,
        }
        target.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", "utf-8")


def _body(request: httpx.Request) -> Any:
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        return json.loads(request.content)
    if content_type.startswith("application/x-www-form-urlencoded"):
        return dict(parse_qsl(request.content.decode()))
    return None


RECORDER = Recorder()
C = TypeVar("C", bound=httpx.Client)


def attach(client: C) -> C:
    """Record what ``client`` receives, when recording; ``client`` either way."""
    if recording() is not None:
        client.event_hooks["response"] = [*client.event_hooks["response"], RECORDER.record]
    return client
