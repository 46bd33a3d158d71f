"""server/pagination.py: whatever a client sends as ``cursor``, the answer is 200 or 422,
never a 500, on both engines.

A property-based test (hypothesis) over arbitrary strings and over well-formed cursors
carrying arbitrary keys: integers past every column's range, text with NUL and lone
surrogates, timestamps that cannot be converted, wrong types and shapes; and the
cursors that gave 500s before (named as examples).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from server.items.schemas import ItemSort
from server.pagination import decode_cursor, encode_cursor

SORTS = [sort.value for sort in ItemSort]


def _cursor(payload: Any) -> str:
    # The standard library writes any integer (orjson stops at 64 bits).
    raw = json.dumps(payload).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _raw_cursor(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


keys = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=2**31 - 2, max_value=2**31 + 2),
    st.integers(min_value=2**63 - 2, max_value=2**64 + 2),
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from("\x00a-:T+Z09"), max_size=40),
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(
        ["0001-01-01", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "now"]
    ),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
payloads = st.one_of(
    st.fixed_dictionaries(
        {"s": st.one_of(st.sampled_from(SORTS), st.text(max_size=10)), "k": st.lists(keys)}
    ),
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner),
        max_leaves=8,
    ),
)
cursors = st.one_of(
    st.text(max_size=600),
    payloads.map(_cursor),
    st.binary(max_size=80).map(_raw_cursor),
    # Lone surrogates escaped in JSON, which orjson itself refuses to write.
    st.sampled_from(["\\ud800", "\\udfff", "\\u0000"]).map(
        lambda s: _raw_cursor(b'{"s":"name","k":["' + s.encode() + b'",1]}')
    ),
)


@pytest.fixture
def http(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cursor=cursors, sort=st.sampled_from(SORTS))
@example(cursor=_cursor({"s": "created_at", "k": ["0001-01-01", 1]}), sort="created_at")
@example(cursor=_cursor({"s": "price_cents", "k": [18446744073709551615, 1]}), sort="price_cents")
@example(cursor=_cursor({"s": "price_cents", "k": [100, 2147483648]}), sort="price_cents")
@example(cursor=_cursor({"s": "name", "k": ["a\x00b", 1]}), sort="name")
def test_any_cursor_is_200_or_422(http: TestClient, cursor: str, sort: str) -> None:
    response = http.get("/v1/items", params={"cursor": cursor, "sort": sort})
    assert response.status_code in (200, 422), (cursor, sort, response.text)
    if response.status_code == 422:
        assert response.json()["errors"][0]["loc"][:2] == ["query", "cursor"]


def test_a_cursor_the_server_wrote_decodes_to_its_key() -> None:
    cursor = encode_cursor("price_cents", [2**63 - 1, 2**31 - 1])
    assert decode_cursor(cursor, "price_cents", (int, int)) == [2**63 - 1, 2**31 - 1]
