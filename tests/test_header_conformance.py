"""Response headers against the schema (tests/support/headers.py).

The scenario drivers check every response they receive as they record it
(``tests.support.coverage.record``); the tests below prove the check can fail, and that
the schema declares the headers the server sends on every kind of answer.
"""

from __future__ import annotations

from typing import Any

from tests.support import headers

X_REQUEST_ID = {
    "required": True,
    "schema": {"type": "string", "pattern": "^[A-Za-z0-9._:\\-]{1,128}$"},
}
RETRY_AFTER = {"required": True, "schema": {"type": "integer", "minimum": 1}}
TABLE: dict[tuple[str, int], dict[str, dict[str, Any]]] = {
    ("login", 429): {"x-request-id": X_REQUEST_ID, "retry-after": RETRY_AFTER},
    ("get_item", 200): {"x-request-id": X_REQUEST_ID, "etag": {"schema": {"type": "string"}}},
}
OK_429 = [
    ("content-type", "application/problem+json"),
    ("x-request-id", "r1"),
    ("retry-after", "30"),
]


def test_a_response_with_its_declared_headers_passes() -> None:
    assert headers.problems("login", 429, OK_429, TABLE) == []


def test_an_undeclared_header_is_found() -> None:
    found = headers.problems("login", 429, [*OK_429, ("x-debug", "1")], TABLE)

    assert found == ["login 429: sends x-debug, which the schema does not declare there"]


def test_a_missing_required_header_is_found() -> None:
    sent = [("x-request-id", "r1")]

    assert headers.problems("login", 429, sent, TABLE) == [
        "login 429: declares retry-after required, but the response has none"
    ]


def test_a_value_outside_its_schema_is_found() -> None:
    sent = [("x-request-id", "has spaces"), ("retry-after", "0")]

    found = headers.problems("login", 429, sent, TABLE)

    assert len(found) == 2
    assert found[0].startswith("login 429: x-request-id: 'has spaces' does not fit its schema")
    assert found[1].startswith("login 429: retry-after: '0' does not fit its schema")


def test_an_optional_header_may_be_absent() -> None:
    assert headers.problems("get_item", 200, [("X-Request-ID", "r1")], TABLE) == []


def test_an_undeclared_status_is_found() -> None:
    assert headers.problems("get_item", 418, [], TABLE) == [
        "get_item 418: the status is not declared, so neither are its headers"
    ]


def test_the_schema_declares_the_headers_the_server_sends() -> None:
    table = headers.declared()

    for (operation, status), declared in table.items():
        assert declared["x-request-id"]["required"] is True, (operation, status)
        if status == 401:
            assert declared["www-authenticate"]["required"] is True, operation
        if status in (429, 503):
            assert declared["retry-after"]["required"] is True, (operation, status)
    assert table[("get_item", 304)]["etag"]["required"] is True
    assert table[("create_item", 201)].keys() == {
        "x-request-id",
        "location",
        "etag",
        "idempotent-replayed",
    }
