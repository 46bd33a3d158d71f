"""The schema's examples (recorded from the scenario suite by scripts/record_examples.py):
every request body and every response body has one, and each validates against its
schema, header examples included. Each example is checked where it sits in
``openapi.json``, with the document's own ``$ref``s resolved."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from server.openapi import EXAMPLES_FILE

ROOT = Path(__file__).resolve().parent.parent
SPEC: dict[str, Any] = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))
BASE = "urn:storefront:openapi"
REGISTRY: Registry[Any] = Registry().with_resource(BASE, DRAFT202012.create_resource(SPEC))


def pointer(*parts: str) -> str:
    return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def examples() -> Iterator[tuple[str, str, Any]]:
    """(where, JSON pointer of the schema, example) for every example in the document."""
    for path, path_item in SPEC["paths"].items():
        for method, operation in path_item.items():
            name = operation["operationId"]
            for index, parameter in enumerate(operation.get("parameters", [])):
                if "example" in parameter:
                    at = pointer("paths", path, method, "parameters", str(index), "schema")
                    yield f"{name} parameter {parameter['name']}", at, parameter["example"]
            for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
                at = pointer("paths", path, method, "requestBody", "content", media_type)
                yield f"{name} request {media_type}", f"{at}/schema", media.get("example")
            for code, response in operation["responses"].items():
                for media_type, media in response.get("content", {}).items():
                    at = pointer("paths", path, method, "responses", code, "content", media_type)
                    yield f"{name} {code} {media_type}", f"{at}/schema", media.get("example")
    for header_name, header in SPEC["components"]["headers"].items():
        if "example" in header:
            at = pointer("components", "headers", header_name, "schema")
            yield f"header {header_name}", at, header["example"]


EXAMPLES = list(examples())


def problems(schema_pointer: str, example: Any) -> list[str]:
    validator = Draft202012Validator({"$ref": f"{BASE}#{schema_pointer}"}, registry=REGISTRY)
    return [error.message for error in validator.iter_errors(example)]


@pytest.mark.parametrize(
    ("where", "schema_pointer", "example"), EXAMPLES, ids=[e[0] for e in EXAMPLES]
)
def test_every_example_is_there_and_fits_its_schema(
    where: str, schema_pointer: str, example: Any
) -> None:
    assert example is not None, f"{where} has no example"
    assert problems(schema_pointer, example) == []


def test_every_operation_and_error_status_has_one() -> None:
    described = {where for where, _, example in EXAMPLES if example is not None}

    assert "login request application/x-www-form-urlencoded" in described
    assert "create_item 201 application/json" in described
    assert "readyz 503 application/problem+json" in described
    assert "get_item parameter item_id" in described
    # Every request body, every success body and every problem: 13 operations, no gap.
    assert len(described) == len(EXAMPLES) > 70


def test_a_wrong_example_is_found() -> None:
    (create,) = [at for where, at, _ in EXAMPLES if where == "create_item request application/json"]
    recorded = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))["create_item"]["request"]

    assert problems(create, recorded) == []
    assert problems(create, {**recorded, "price_cents": "25.00"}) == [
        "'25.00' is not of type 'integer'"
    ]
    assert problems(create, {**recorded, "name": "a\x00b"}) != []


def test_recorded_secrets_are_placeholders() -> None:
    recorded = EXAMPLES_FILE.read_text(encoding="utf-8")

    assert '"password": "example-password-1"' in recorded
    assert "example-signature" in recorded
    assert "$argon2" not in recorded
