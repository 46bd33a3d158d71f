"""Response headers against the schema: what the scenario drivers receive, per operation
and status, is what ``openapi.json`` declares for that operation and status.

For each response: every header the server sent is declared on that status (except
the transport's own, which OpenAPI leaves out: ``Content-Type`` is the media type,
``Content-Length``, ``Connection`` and friends belong to HTTP itself), each value fits
its declared schema, and every header declared ``required`` is there. The drivers call
:func:`check` through ``tests.support.coverage.record``, so every (operation, status)
the scenario suite produces is checked, on every response, through every driver.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "openapi.json"
# Headers of the transport, not of the API: OpenAPI says a response's Content-Type is
# described by its `content` and is ignored under `headers`; the others are HTTP's own
# framing and connection management, set by the server software. X-Content-Type-Options
# (nosniff) is on every response the server sends, whatever the operation: a browser's
# instruction about the transport's content, not part of any operation's contract.
TRANSPORT_HEADERS = frozenset(
    {
        "content-type",
        "content-length",
        "connection",
        "date",
        "server",
        "transfer-encoding",
        "x-content-type-options",
    }
)
Declared = dict[str, dict[str, Any]]


def _resolve(spec: Mapping[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


@cache
def declared(spec_path: Path = SPEC_PATH) -> dict[tuple[str, int], Declared]:
    """(operation id, status) -> lower-cased header name -> its header object."""
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    table: dict[tuple[str, int], Declared] = {}
    for path_item in spec["paths"].values():
        for operation in path_item.values():
            for code, response in operation["responses"].items():
                response = _resolve(spec, response)
                headers = {
                    name.lower(): _resolve(spec, header)
                    for name, header in response.get("headers", {}).items()
                }
                table[(operation["operationId"], int(code))] = headers
    return table


def _value(raw: str, schema: Mapping[str, Any]) -> Any:
    # Header values are text; a simple-style integer header is its decimal digits.
    if schema.get("type") == "integer" and raw.strip().lstrip("-").isdigit():
        return int(raw)
    return raw


def problems(
    operation: str,
    status: int,
    headers: Iterable[tuple[str, str]],
    table: Mapping[tuple[str, int], Declared] | None = None,
) -> list[str]:
    """Each way ``headers`` of a ``status`` answer of ``operation`` differ from the schema."""
    table = declared() if table is None else table
    where = f"{operation} {status}"
    if (operation, status) not in table:
        return [f"{where}: the status is not declared, so neither are its headers"]
    expected = table[(operation, status)]
    found: list[str] = []
    sent = {name.lower() for name, _ in headers}
    for name, value in headers:
        name = name.lower()
        if name in TRANSPORT_HEADERS:
            continue
        header = expected.get(name)
        if header is None:
            found.append(f"{where}: sends {name}, which the schema does not declare there")
            continue
        schema = header.get("schema", {})
        error = next(Draft202012Validator(schema).iter_errors(_value(value, schema)), None)
        if error is not None:
            found.append(f"{where}: {name}: {value!r} does not fit its schema ({error.message})")
    for name, header in sorted(expected.items()):
        if header.get("required") and name not in sent:
            found.append(f"{where}: declares {name} required, but the response has none")
    return found


CHECKED: set[tuple[str, int]] = set()


def check(operation: str, status: int, headers: Iterable[tuple[str, str]]) -> None:
    """Raise AssertionError when a response's headers differ from the schema."""
    headers = list(headers)
    found = problems(operation, status, headers)
    assert not found, "response headers differ from openapi.json:\n" + "\n".join(found)
    CHECKED.add((operation, status))
