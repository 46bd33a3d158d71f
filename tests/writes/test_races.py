"""Races between real clients on two server processes sharing one database.

Each race is repeated: one lucky interleaving proves little, many rounds of
writers released together make a lost update or a double create show up.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select

from server.idempotency.models import IdempotencyRecord
from server.idempotency.service import REPLAY_HEADER
from server.items.models import Item
from server.users.models import User
from tests.support.live import LiveServer
from tests.writes.conftest import all_at_once, loopback_client, token_for

RACE_ROUNDS = 20
DUPLICATES = 20
DUPLICATE_ROUNDS = 3


@pytest.fixture(scope="module")
def token(live_server: LiveServer) -> str:
    return token_for(live_server.url)


@pytest.fixture(scope="module")
def http(live_server: LiveServer) -> Iterator[httpx.Client]:
    """For the reads and set-up around each race."""
    with loopback_client(live_server.url) as client:
        yield client


def auth(token: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **headers}


def unique_sku() -> str:
    return f"RACE-{uuid.uuid4().hex[:12].upper()}"


def new_item(http: httpx.Client, token: str) -> dict[str, Any]:
    body = {"sku": unique_sku(), "name": "Racer", "price_cents": 100}
    created = http.post("/v1/items", json=body, headers=auth(token))
    assert created.status_code == 201, created.text
    item: dict[str, Any] = created.json()
    return item


def _put_race(
    server: LiveServer, http: httpx.Client, token: str, item: dict[str, Any], round_: int
) -> None:
    version = item["version"]
    if_match = auth(token, **{"If-Match": f'"{version}"'})

    def put(racer: httpx.Client, writer: int) -> httpx.Response:
        body = {"sku": item["sku"], "name": f"Writer {writer} round {round_}", "price_cents": 1}
        return racer.put(f"/v1/items/{item['id']}", json=body, headers=if_match)

    responses = all_at_once(2, put, base_url=server.url)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 412], (round_, [r.text for r in responses])
    winner = next(r for r in responses if r.status_code == 200)
    loser = next(r for r in responses if r.status_code == 412)
    assert loser.headers["content-type"] == "application/problem+json"
    after = http.get(f"/v1/items/{item['id']}")
    assert after.json()["version"] == version + 1
    assert after.headers["etag"] == f'"{version + 1}"' == winner.headers["etag"]
    assert after.json() == winner.json()


def test_same_if_match_put_race_has_one_winner(
    live_server: LiveServer, http: httpx.Client, token: str
) -> None:
    item = new_item(http, token)
    for round_ in range(RACE_ROUNDS):
        _put_race(live_server, http, token, item, round_)
        item = http.get(f"/v1/items/{item['id']}").json()


def _patch_race(
    server: LiveServer, http: httpx.Client, token: str, item: dict[str, Any], round_: int
) -> None:
    def patch(racer: httpx.Client, writer: int) -> httpx.Response:
        change = {"stock": round_} if writer == 0 else {"name": f"Renamed {round_}"}
        return racer.patch(f"/v1/items/{item['id']}", json=change, headers=auth(token))

    responses = all_at_once(2, patch, base_url=server.url)
    assert [r.status_code for r in responses] == [200, 200]
    versions = sorted(r.json()["version"] for r in responses)
    assert versions == [item["version"] + 1, item["version"] + 2]
    after = http.get(f"/v1/items/{item['id']}").json()
    assert (after["stock"], after["name"]) == (round_, f"Renamed {round_}")


def test_unconditional_patches_both_apply(
    live_server: LiveServer, http: httpx.Client, token: str
) -> None:
    """Without If-Match both writers win, each change lands and each bumps the version."""
    item = new_item(http, token)
    for round_ in range(5):
        _patch_race(live_server, http, token, item, round_)
        item = http.get(f"/v1/items/{item['id']}").json()


def _delete_put_race(
    server: LiveServer, http: httpx.Client, token: str, item: dict[str, Any]
) -> None:
    if_match = auth(token, **{"If-Match": f'"{item["version"]}"'})
    path = f"/v1/items/{item['id']}"

    def write(racer: httpx.Client, writer: int) -> httpx.Response:
        if writer == 0:
            return racer.delete(path, headers=if_match)
        body = {"sku": item["sku"], "name": "Kept", "price_cents": 1}
        return racer.put(path, json=body, headers=if_match)

    deleted, replaced = all_at_once(2, write, base_url=server.url)
    after = http.get(path)
    if deleted.status_code == 204:
        # The PUT lost: it saw the moved version (412) or, after the delete, no item.
        assert replaced.status_code in (404, 412), replaced.text
        assert after.status_code == 404
    else:
        assert (deleted.status_code, replaced.status_code) == (412, 200)
        assert after.json()["version"] == item["version"] + 1


def test_conditional_delete_and_put_race(
    live_server: LiveServer, http: httpx.Client, token: str
) -> None:
    """A DELETE and a PUT holding the same ETag: exactly one of them wins."""
    for _ in range(5):
        _delete_put_race(live_server, http, token, new_item(http, token))


def _count(database: Engine, statement: Any) -> int:
    with database.connect() as connection:
        return int(connection.execute(statement).scalar_one())


def _assert_one_create(responses: list[httpx.Response]) -> None:
    """All 201 with one body, Location and ETag; exactly one of them did the write."""
    assert {r.status_code for r in responses} == {201}, [r.text for r in responses]
    assert len({r.content for r in responses}) == 1
    assert len({r.headers["location"] for r in responses}) == 1
    fresh = [r for r in responses if REPLAY_HEADER.lower() not in r.headers]
    assert len(fresh) == 1
    replays = [r for r in responses if r.headers.get(REPLAY_HEADER) == "true"]
    assert len(replays) == len(responses) - 1


def _duplicate_posts(server: LiveServer, token: str, database: Engine) -> None:
    key = str(uuid.uuid4())
    body = {"sku": unique_sku(), "name": "Once", "price_cents": 500, "tags": ["a", "b"]}
    headers = auth(token, **{"Idempotency-Key": key})

    def post(http: httpx.Client, _: int) -> httpx.Response:
        return http.post("/v1/items", json=body, headers=headers)

    responses = all_at_once(DUPLICATES, post, base_url=server.url)
    _assert_one_create(responses)
    assert len({r.headers["etag"] for r in responses}) == 1
    assert _count(database, select(func.count()).where(Item.sku == body["sku"])) == 1
    assert _count(database, select(func.count()).where(IdempotencyRecord.key == key)) == 1


def test_concurrent_duplicate_item_posts_create_one_row(
    live_server: LiveServer, token: str, database: Engine
) -> None:
    for _ in range(DUPLICATE_ROUNDS):
        _duplicate_posts(live_server, token, database)


def test_concurrent_duplicate_registrations_create_one_user(
    live_server: LiveServer, database: Engine
) -> None:
    key = str(uuid.uuid4())
    email = f"dup-{key[:8]}@example.com"
    body = {"email": email, "password": "correct-horse-battery-7"}

    def post(http: httpx.Client, _: int) -> httpx.Response:
        return http.post("/v1/users", json=body, headers={"Idempotency-Key": key})

    responses = all_at_once(DUPLICATES, post, base_url=live_server.url)
    _assert_one_create(responses)
    assert _count(database, select(func.count()).where(User.email == email)) == 1
