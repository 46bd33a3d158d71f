"""No response schema in openapi.json has a property that could carry a password or
its hash, however deeply it is nested or referenced ($ref, allOf/anyOf/oneOf, items,
additionalProperties). The request schemas may (``password`` on input): they are not
checked here."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECRET_WORDS = ("password", "passwd", "hashed", "hash", "secret", "salt", "argon")
NESTED = ("items", "additionalProperties", "not")
COMBINED = ("allOf", "anyOf", "oneOf", "prefixItems")


def resolve(spec: dict[str, Any], ref: str) -> dict[str, Any]:
    assert ref.startswith("#/"), f"external $ref {ref}"
    node: Any = spec
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    assert isinstance(node, dict)
    return node


def property_names(
    spec: dict[str, Any], schema: Any, where: str, seen: frozenset[str] = frozenset()
) -> Iterator[tuple[str, str]]:
    """(where, property name) for every property reachable from ``schema``."""
    if not isinstance(schema, dict):
        return
    ref = schema.get("$ref")
    if ref is not None:
        if ref in seen:  # a recursive schema: already walked on this path
            return
        yield from property_names(spec, resolve(spec, ref), f"{where} -> {ref}", seen | {ref})
    for name, inner in schema.get("properties", {}).items():
        yield where, name
        yield from property_names(spec, inner, f"{where}.{name}", seen)
    for key in NESTED:
        yield from property_names(spec, schema.get(key), f"{where}[{key}]", seen)
    for key in COMBINED:
        for index, inner in enumerate(schema.get(key, [])):
            yield from property_names(spec, inner, f"{where}[{key}][{index}]", seen)


def response_schemas(spec: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for path, path_item in spec["paths"].items():
        for method, operation in path_item.items():
            for status, response in operation.get("responses", {}).items():
                if "$ref" in response:
                    response = resolve(spec, response["$ref"])
                for media, content in response.get("content", {}).items():
                    where = f"{method.upper()} {path} {status} {media}"
                    yield where, content.get("schema")
                for header, definition in response.get("headers", {}).items():
                    yield (
                        f"{method.upper()} {path} {status} header {header}",
                        definition.get("schema"),
                    )


def secret_properties(spec: dict[str, Any]) -> list[str]:
    found = []
    for where, schema in response_schemas(spec):
        for place, name in property_names(spec, schema, where):
            if any(word in name.lower() for word in SECRET_WORDS):
                found.append(f"{place}: property {name!r}")
    return found


def test_no_response_schema_can_carry_a_password_or_hash() -> None:
    spec = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))
    schemas = list(response_schemas(spec))
    # Guard against a walker that sees nothing: the User and Item schemas are reached.
    names = {name for where, schema in schemas for _, name in property_names(spec, schema, where)}
    assert {"email", "is_superuser", "access_token", "sku", "next_cursor"} <= names
    assert secret_properties(spec) == []


def test_no_schema_component_holds_the_stored_hash() -> None:
    """The table model's ``hashed_password`` is in no component at all (DESIGN.md)."""
    spec = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))
    text = json.dumps(spec["components"]).lower()
    assert "hashed" not in text
    assert "argon" not in text


@pytest.mark.parametrize(
    "leak",
    [
        {"properties": {"hashed_password": {"type": "string"}}},
        {"allOf": [{"$ref": "#/components/schemas/Inner"}]},
        {"properties": {"page": {"items": {"anyOf": [{"$ref": "#/components/schemas/Inner"}]}}}},
        {"additionalProperties": {"properties": {"Password": {"type": "string"}}}},
        {"$ref": "#/components/schemas/Recursive"},
    ],
)
def test_the_walker_finds_a_secret_anywhere(leak: dict[str, Any]) -> None:
    spec: dict[str, Any] = {
        "paths": {
            "/x": {
                "get": {"responses": {"200": {"content": {"application/json": {"schema": leak}}}}}
            }
        },
        "components": {
            "schemas": {
                "Inner": {"properties": {"client_secret": {"type": "string"}}},
                "Recursive": {
                    "properties": {
                        "child": {"$ref": "#/components/schemas/Recursive"},
                        "password_hash": {"type": "string"},
                    }
                },
            }
        },
    }
    assert len(secret_properties(spec)) == 1
