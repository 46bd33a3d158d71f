"""The OpenAPI document: FastAPI's, completed so it tells the whole truth.

``build_openapi`` starts from FastAPI's document and adds what FastAPI cannot know:
errors typed as ``application/problem+json``; the headers the server sends on every
response (``X-Request-ID``) and on some statuses (``WWW-Authenticate`` on 401,
``Retry-After`` on 429 and 503); optional header and query parameters without the
``null`` FastAPI derives from their ``None`` default (a header or query string cannot
carry a JSON null: absent is the only "none"); ``security: []`` on the operations anyone
may call; the document's servers, contact, license and tags; and an example on every
request body and response body, recorded from the scenario suite
(``openapi_examples.json``, written by ``scripts/record_examples.py``).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from server.errors import PROBLEM_MEDIA_TYPE

# Responses that carry tokens or the caller's own account (RFC 6749 section 5.1): never
# cached by a shared cache or kept on the browser's disk.
NO_STORE = {"Cache-Control": "no-store"}


def no_store_headers(description: str) -> dict[str, dict[str, Any]]:
    """The ``Cache-Control: no-store`` header as a response declares it."""
    return {"Cache-Control": {"description": description, "schema": {"type": "string"}}}


DESCRIPTION = (
    "Storefront's catalog API. Errors are RFC 9457 problem details "
    "(`application/problem+json`); every response carries `X-Request-ID`."
)
TAGS = [
    {"name": "auth", "description": "Log in for a bearer token."},
    {"name": "users", "description": "Register and manage your account."},
    {"name": "items", "description": "The catalog."},
    {"name": "health", "description": "Liveness and readiness probes for load balancers."},
]
# Relative: the API is served by the server that serves this document (the SDK and the
# fuzzers are given their base URL; the docs pages try requests against their origin).
SERVERS = [{"url": "/", "description": "The server this document is served from."}]
CONTACT = {"name": "Storefront maintainers", "url": "https://storefront.example/support"}
LICENSE = {"name": "MIT", "identifier": "MIT"}

# Response headers, declared once under components/headers and referred to by name.
REQUEST_ID = "X-Request-ID"
WWW_AUTHENTICATE = "WWW-Authenticate"
RETRY_AFTER = "Retry-After"
HEADERS: dict[str, dict[str, Any]] = {
    REQUEST_ID: {
        "description": "The request's own X-Request-ID when it sent a sane one (1 to 128 "
        "of A-Z a-z 0-9 . _ : -), a new one otherwise. Quote it when reporting a problem.",
        "required": True,
        "schema": {"type": "string", "pattern": "^[A-Za-z0-9._:\\-]{1,128}$"},
        "example": "6f1d0c2b9e8a4f3d8c7b6a5948372615",
    },
    WWW_AUTHENTICATE: {
        "description": "The authentication scheme to use: a bearer token from "
        "`POST /v1/auth/token`.",
        "required": True,
        "schema": {"type": "string", "enum": ["Bearer"]},
    },
    RETRY_AFTER: {
        "description": "Seconds to wait before retrying.",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
        "example": 1,
    },
}
# The headers each status carries besides X-Request-ID.
STATUS_HEADERS = {"401": (WWW_AUTHENTICATE,), "429": (RETRY_AFTER,), "503": (RETRY_AFTER,)}


EXAMPLES_FILE = Path(__file__).with_name("openapi_examples.json")


@cache
def recorded_examples() -> dict[str, Any]:
    """``{operation id: {"request": body, "responses": {status: body},
    "parameters": {"<in>:<name>": value}}}``."""
    examples: dict[str, Any] = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
    return examples


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/headers/{name}"}


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [X, {type: null}]`` as ``X`` (keeping title, description, default)."""
    options = schema.get("anyOf")
    if not isinstance(options, list):
        return schema
    kept = [option for option in options if option != {"type": "null"}]
    if len(kept) != 1 or len(kept) == len(options):
        return schema
    rest = {key: value for key, value in schema.items() if key != "anyOf"}
    if rest.get("default", ...) is None:
        del rest["default"]
    return {**kept[0], **rest}


# Parameters that get an example. Swagger UI's "Try it out" fills every parameter with
# its example and sends it, so an optional filter, cursor or precondition with one would
# quietly change what a reader's call means (an old cursor, a stale If-Match): only the
# path ids, which every call needs, and the page size, which only shapes the answer.
EXAMPLE_PARAMETERS = frozenset({"path:item_id", "query:limit"})


def _add_examples(operation: dict[str, Any]) -> None:
    recorded = recorded_examples().get(operation["operationId"], {})
    parameters = recorded.get("parameters", {})
    for parameter in operation.get("parameters", []):
        key = f"{parameter['in']}:{parameter['name']}"
        if key in parameters and key in EXAMPLE_PARAMETERS:
            parameter["example"] = parameters[key]
    if "request" in recorded:
        for media in operation.get("requestBody", {}).get("content", {}).values():
            media["example"] = recorded["request"]
    for code, body in recorded.get("responses", {}).items():
        for media in operation["responses"].get(code, {}).get("content", {}).values():
            media["example"] = body


def _complete_operation(operation: dict[str, Any]) -> None:
    for parameter in operation.get("parameters", []):
        if parameter.get("in") in ("query", "header") and not parameter.get("required"):
            parameter["schema"] = _without_null(parameter["schema"])
    # No security requirement means anyone may call it: say so rather than leave it
    # to a global default a later change could add.
    operation.setdefault("security", [])
    for code, response in operation.get("responses", {}).items():
        content = response.get("content", {})
        if code[0] in "45" and "application/json" in content:
            response["content"] = {PROBLEM_MEDIA_TYPE: content["application/json"]}
        headers = response.setdefault("headers", {})
        for name in (REQUEST_ID, *STATUS_HEADERS.get(code, ())):
            headers[name] = _ref(name)
    _add_examples(operation)


def build_openapi(app: FastAPI) -> dict[str, Any]:
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=DESCRIPTION,
        routes=app.routes,
        tags=TAGS,
        servers=SERVERS,
        contact=CONTACT,
        license_info=LICENSE,
    )
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            _complete_operation(operation)
    schema.setdefault("components", {})["headers"] = HEADERS
    return schema


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def render(app: FastAPI) -> str:
    """The document as committed: sorted keys, two-space indent, trailing newline."""
    return json.dumps(app.openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
