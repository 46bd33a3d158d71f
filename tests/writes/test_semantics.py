"""Conditional requests and idempotency keys, edge by edge, on each engine (in-process)."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from server.conditional import if_match_versions
from server.context import AppContext
from server.db import utcnow
from server.errors import PreconditionFailed
from server.idempotency import repository as idempotency_keys
from server.idempotency import service as idempotency
from server.idempotency.models import IdempotencyRecord
from server.idempotency.service import REPLAY_HEADER
from server.items.models import Item

_numbers = itertools.count(1)


class Caller:
    """A registered user's view of the in-process API."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        email = f"caller{next(_numbers)}@example.com"
        password = "correct-horse-battery-3"
        assert client.post("/v1/users", json={"email": email, "password": password}).is_success
        login = client.post("/v1/auth/token", data={"username": email, "password": password})
        self.auth = {"Authorization": f"Bearer {login.json()['access_token']}"}

    def post_item(self, body: dict[str, Any], key: str | None = None) -> Any:
        headers = dict(self.auth)
        if key is not None:
            headers["Idempotency-Key"] = key
        return self.client.post("/v1/items", json=body, headers=headers)

    def new_item(self) -> dict[str, Any]:
        created = self.post_item(item_body())
        assert created.status_code == 201, created.text
        item: dict[str, Any] = created.json()
        return item

    def patch(self, item_id: int, if_match: str | None, **changes: Any) -> Any:
        headers: dict[str, Any] = dict(self.auth)
        if if_match is not None:
            headers["If-Match"] = if_match
        return self.client.patch(f"/v1/items/{item_id}", json=changes, headers=headers)


def item_body(**overrides: Any) -> dict[str, Any]:
    return {"sku": f"SEM-{next(_numbers)}", "name": "Lamp", "price_cents": 1200, **overrides}


@pytest.fixture
def caller(client: TestClient) -> Caller:
    return Caller(client)


@pytest.fixture
def ctx(app: FastAPI) -> AppContext:
    context: AppContext = app.state.storefront
    return context


def version_of(client: TestClient, item_id: int) -> int:
    version: int = client.get(f"/v1/items/{item_id}").json()["version"]
    return version


class TestIfMatch:
    def test_star_matches_any_version(self, caller: Caller) -> None:
        item = caller.new_item()
        assert caller.patch(item["id"], '"1"', stock=1).status_code == 200
        changed = caller.patch(item["id"], "*", stock=2)
        assert changed.status_code == 200
        assert changed.headers["etag"] == '"3"'

    def test_star_on_a_missing_item_is_404(self, caller: Caller) -> None:
        assert caller.patch(999_999, "*", stock=1).status_code == 404

    def test_any_listed_tag_may_match(self, caller: Caller) -> None:
        item = caller.new_item()
        changed = caller.patch(item["id"], '"7", "1" ,"9"', stock=5)
        assert changed.status_code == 200
        assert changed.json()["version"] == 2

    @pytest.mark.parametrize(
        "if_match",
        [
            '"7", "8"',
            'W/"1"',
            '"01"',
            '"1 "',
            "1",
            '"1',
            "",
            '""',
            '"' + "9" * 40 + '"',
        ],
    )
    def test_tags_that_do_not_match_change_nothing(self, caller: Caller, if_match: str) -> None:
        item = caller.new_item()
        refused = caller.patch(item["id"], if_match, stock=9)
        assert refused.status_code == 412, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["status"] == 412
        assert version_of(caller.client, item["id"]) == 1

    @pytest.mark.parametrize("header", ['"\u00b9"', '"\u0661"', '"1\u00b2"'])
    def test_non_ascii_digits_are_not_versions(self, header: str) -> None:
        # A real server hands these bytes over as Latin-1 text; str.isdigit() says yes.
        with pytest.raises(PreconditionFailed):
            if_match_versions(header)

    def test_put_and_delete_honour_it_too(self, caller: Caller) -> None:
        item = caller.new_item()
        path = f"/v1/items/{item['id']}"
        stale = {**caller.auth, "If-Match": '"2"'}
        assert caller.client.put(path, json=item_body(), headers=stale).status_code == 412
        assert caller.client.delete(path, headers=stale).status_code == 412
        current = {**caller.auth, "If-Match": 'W/"1", "1"'}
        assert caller.client.delete(path, headers=current).status_code == 204
        assert caller.client.delete(path, headers=current).status_code == 404


class TestIfNoneMatch:
    @pytest.mark.parametrize("header", ['"1"', 'W/"1"', '"5", W/"1"', "*"])
    def test_current_tag_gives_304(self, caller: Caller, header: str) -> None:
        item = caller.new_item()
        response = caller.client.get(f"/v1/items/{item['id']}", headers={"If-None-Match": header})
        assert response.status_code == 304
        assert response.content == b""
        assert response.headers["etag"] == '"1"'

    @pytest.mark.parametrize("header", ['"2"', 'W/"2"', '"01"'])
    def test_other_tags_give_the_item(self, caller: Caller, header: str) -> None:
        item = caller.new_item()
        response = caller.client.get(f"/v1/items/{item['id']}", headers={"If-None-Match": header})
        assert response.status_code == 200
        assert response.json() == item


class TestIdempotencyKey:
    def test_replay_is_the_first_response(self, caller: Caller) -> None:
        body = item_body(tags=["x"])
        first = caller.post_item(body, key="k-1")
        again = caller.post_item(body, key="k-1")
        assert first.status_code == again.status_code == 201
        assert REPLAY_HEADER.lower() not in first.headers
        assert again.headers[REPLAY_HEADER] == "true"
        for header in ("location", "etag", "content-type"):
            assert again.headers[header] == first.headers[header]
        assert again.content == first.content

    def test_the_schema_declares_the_headers_of_each_created_response(self, caller: Caller) -> None:
        app = caller.client.app
        assert isinstance(app, FastAPI)
        paths = app.openapi()["paths"]
        user = {"email": f"declared{next(_numbers)}@example.com", "password": "long enough 1"}
        bodies = {"/v1/items": item_body(), "/v1/users": user}
        for path, body in bodies.items():
            headers = {**caller.auth, "Idempotency-Key": "k-declared"}
            first = caller.client.post(path, json=body, headers=headers)
            again = caller.client.post(path, json=body, headers=headers)
            assert again.headers[REPLAY_HEADER] == "true"
            declared = {h.lower() for h in paths[path]["post"]["responses"]["201"]["headers"]}
            for response in (first, again):
                assert response.status_code == 201, response.text
                sent = {"location", "etag", REPLAY_HEADER.lower()} & set(response.headers)
                assert "location" in sent
                assert sent <= declared, (path, sent - declared)

    def test_replay_survives_later_changes(self, caller: Caller) -> None:
        """The stored response is the first one, not the item's current state."""
        body = item_body()
        first = caller.post_item(body, key="k-2")
        assert caller.patch(first.json()["id"], None, stock=42).status_code == 200
        again = caller.post_item(body, key="k-2")
        assert again.content == first.content
        assert again.headers["etag"] == '"1"'

    def test_another_body_is_422_and_writes_nothing(self, caller: Caller, ctx: AppContext) -> None:
        caller.post_item(item_body(), key="k-3")
        other = item_body()
        refused = caller.post_item(other, key="k-3")
        assert refused.status_code == 422
        problem = refused.json()
        assert problem["errors"][0]["loc"] == ["header", "Idempotency-Key"]
        assert problem["errors"][0]["type"] == "idempotency_key_reused"
        with Session(ctx.db.engine) as session:
            assert session.scalar(select(func.count()).where(Item.sku == other["sku"])) == 0

    def test_keys_of_different_users_are_independent(self, client: TestClient) -> None:
        alice, bob = Caller(client), Caller(client)
        mine = alice.post_item(item_body(), key="shared")
        theirs = bob.post_item(item_body(), key="shared")
        assert theirs.status_code == 201
        assert REPLAY_HEADER.lower() not in theirs.headers
        assert theirs.json()["id"] != mine.json()["id"]
        # Bob sending Alice's exact body under the same key is his own new request:
        # it is not a replay of Alice's item (here it fails on her sku).
        clash = bob.post_item(
            {k: mine.json()[k] for k in ("sku", "name", "price_cents")}, key="shared-2"
        )
        assert clash.status_code == 409

    def test_errors_are_not_stored(self, caller: Caller) -> None:
        taken = caller.new_item()
        body = item_body(sku=taken["sku"])
        assert caller.post_item(body, key="k-4").status_code == 409
        path = f"/v1/items/{taken['id']}"
        assert caller.client.delete(path, headers=caller.auth).status_code == 204
        created = caller.post_item(body, key="k-4")
        assert created.status_code == 201
        assert REPLAY_HEADER.lower() not in created.headers

    def test_expired_key_counts_as_new(self, caller: Caller, ctx: AppContext) -> None:
        first = caller.post_item(item_body(), key="k-5")
        with Session(ctx.db.engine) as session:
            session.execute(
                update(IdempotencyRecord)
                .where(IdempotencyRecord.key == "k-5")
                .values(expires_at=utcnow() - timedelta(seconds=1))
            )
            session.commit()
        other = item_body()
        second = caller.post_item(other, key="k-5")
        assert second.status_code == 201, second.text
        assert REPLAY_HEADER.lower() not in second.headers
        assert second.json()["id"] != first.json()["id"]
        replay = caller.post_item(other, key="k-5")
        assert replay.headers[REPLAY_HEADER] == "true"
        assert replay.content == second.content

    def test_fresh_key_lives_for_the_ttl(self, caller: Caller, ctx: AppContext) -> None:
        before = utcnow()
        caller.post_item(item_body(), key="k-6")
        with Session(ctx.db.engine) as session:
            record = session.scalars(
                select(IdempotencyRecord).where(IdempotencyRecord.key == "k-6")
            ).one()
        ttl = timedelta(seconds=ctx.settings.idempotency_key_ttl_seconds)
        assert before + ttl <= record.expires_at <= utcnow() + ttl

    def test_registration_replay(self, client: TestClient) -> None:
        body = {"email": "replayed@example.com", "password": "correct-horse-battery-4"}
        first = client.post("/v1/users", json=body, headers={"Idempotency-Key": "reg"})
        again = client.post("/v1/users", json=body, headers={"Idempotency-Key": "reg"})
        assert (first.status_code, again.status_code) == (201, 201)
        assert again.headers[REPLAY_HEADER] == "true"
        assert again.headers["location"] == first.headers["location"] == "/v1/users/me"
        assert again.content == first.content


class TestLostClaimRace:
    """The PostgreSQL path where a duplicate's claim meets the key on the unique index,
    made certain.

    ``lookup`` is made to miss once, as it does when the first request has not yet
    committed; the claim then inserts nothing (the key is taken) and the request must
    look again and replay, on either engine.
    """

    @pytest.fixture
    def blind_lookup(self, monkeypatch: pytest.MonkeyPatch) -> list[int]:
        real = idempotency_keys.lookup
        misses = [1]

        async def lookup(*args: Any, **kwargs: Any) -> idempotency_keys.KeyRow | None:
            if misses[0] > 0:
                misses[0] -= 1
                return None
            return await real(*args, **kwargs)

        monkeypatch.setattr(idempotency_keys, "lookup", lookup)
        return misses

    def test_duplicate_replays(self, caller: Caller, blind_lookup: list[int]) -> None:
        body = item_body()
        blind_lookup[0] = 0
        first = caller.post_item(body, key="k-race")
        blind_lookup[0] = 1
        again = caller.post_item(body, key="k-race")
        assert blind_lookup[0] == 0
        assert again.status_code == 201
        assert again.headers[REPLAY_HEADER] == "true"
        assert again.content == first.content

    def test_duplicate_with_another_body_is_422(
        self, caller: Caller, blind_lookup: list[int]
    ) -> None:
        blind_lookup[0] = 0
        caller.post_item(item_body(), key="k-race-2")
        blind_lookup[0] = 1
        assert caller.post_item(item_body(), key="k-race-2").status_code == 422


class TestPurge:
    def _add_keys(self, ctx: AppContext, count: int, *, expired: bool, scope: str) -> None:
        now = utcnow()
        expires_at = now - timedelta(hours=1) if expired else now + timedelta(hours=1)
        with Session(ctx.db.engine) as session:
            session.add_all(
                IdempotencyRecord(
                    scope=scope,
                    key=f"old-{n}",
                    operation="create_item",
                    request_digest="0" * 64,
                    status_code=201,
                    response_body="{}",
                    response_headers={},
                    created_at=now - timedelta(days=2),
                    expires_at=expires_at,
                )
                for n in range(count)
            )
            session.commit()

    def _count(self, ctx: AppContext, scope: str) -> int:
        with Session(ctx.db.engine) as session:
            query = select(func.count()).where(IdempotencyRecord.scope == scope)
            return int(session.scalar(query) or 0)

    def test_each_new_key_purges_a_batch_of_expired_ones(
        self, caller: Caller, ctx: AppContext
    ) -> None:
        self._add_keys(ctx, idempotency_keys.PURGE_BATCH + 5, expired=True, scope="someone:expired")
        self._add_keys(ctx, 3, expired=False, scope="someone:live")
        body = item_body()
        first = caller.post_item(body, key="p-1")
        assert first.status_code == 201, first.text
        assert self._count(ctx, "someone:expired") == 5
        # The same key and body: a replay (the first response again), which claims
        # nothing and so purges nothing.
        replay = caller.post_item(body, key="p-1")
        assert replay.status_code == 201
        assert replay.json() == first.json()
        assert self._count(ctx, "someone:expired") == 5
        caller.post_item(item_body(), key="p-2")
        assert self._count(ctx, "someone:expired") == 0
        assert self._count(ctx, "someone:live") == 3

    def test_purge_expired_removes_all_expired(self, ctx: AppContext) -> None:
        self._add_keys(ctx, 7, expired=True, scope="someone:expired")
        self._add_keys(ctx, 2, expired=False, scope="someone:live")
        assert asyncio.run(idempotency.purge_expired(ctx.db)) == 7
        assert self._count(ctx, "someone:expired") == 0
        assert self._count(ctx, "someone:live") == 2
