"""create_item, get_item, replace_item, update_item, delete_item."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.support.drivers import ApiFailure
from tests.support.factories import Account, Api, item_body

ITEM_KEYS = {
    "id",
    "sku",
    "name",
    "description",
    "price_cents",
    "currency",
    "stock",
    "tags",
    "owner_id",
    "version",
    "created_at",
    "updated_at",
}


def fetch(account: Account, item_id: int) -> dict[str, object]:
    item = account.api.get_item(item_id)
    assert item is not None
    return item


def etag(item: dict[str, object]) -> str:
    return f'"{item["version"]}"'


@pytest.fixture
def owner(api: Api) -> Account:
    return api.register()


class TestCreateItem:
    def test_anonymous(self, api: Api) -> None:
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.create_item(item_body())
        assert failure.value.status == 401

    def test_valid(self, owner: Account) -> None:
        body = item_body(tags=["blue"])
        item = owner.api.create_item(body)
        assert set(item) == ITEM_KEYS
        assert {k: item[k] for k in body} == body
        assert item["owner_id"] == owner.user["id"]
        assert item["version"] == 1
        assert item["created_at"] == item["updated_at"]
        assert datetime.fromisoformat(item["created_at"]).utcoffset() == timedelta(0)

    def test_defaults(self, owner: Account) -> None:
        item = owner.api.create_item({"sku": "MIN-1", "name": "Minimal", "price_cents": 1})
        assert (item["currency"], item["stock"], item["tags"], item["description"]) == (
            "USD",
            0,
            [],
            None,
        )

    def test_sku_taken(self, api: Api, owner: Account) -> None:
        body = item_body()
        owner.api.create_item(body)
        with pytest.raises(ApiFailure) as failure:
            api.register().api.create_item(item_body(sku=body["sku"]))
        assert failure.value.status == 409

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"sku": "lower-case"}, "sku"),
            ({"sku": "-LEADING"}, "sku"),
            ({"sku": "A" * 65}, "sku"),
            ({"name": ""}, "name"),
            ({"name": "n" * 201}, "name"),
            ({"description": "d" * 5001}, "description"),
            ({"price_cents": 0}, "price_cents"),
            ({"price_cents": 1_000_000_001}, "price_cents"),
            ({"price_cents": 12.5}, "price_cents"),
            ({"price_cents": "100"}, "price_cents"),
            ({"currency": "usd"}, "currency"),
            ({"stock": -1}, "stock"),
            ({"tags": ["a"] * 2}, "tags"),
            ({"tags": [f"t{i}" for i in range(21)]}, "tags"),
            ({"tags": [""]}, 0),
            ({"tags": ["t" * 51]}, 0),
            ({"owner_id": 1}, "owner_id"),
            ({"version": 7}, "version"),
            ({"id": 99}, "id"),
            ({"created_at": "2020-01-01T00:00:00Z"}, "created_at"),
            ({"name": "bad\x00name"}, "name"),
        ],
    )
    def test_invalid(self, owner: Account, overrides: dict[str, object], field: object) -> None:
        body = item_body(**overrides)
        with pytest.raises(ApiFailure) as failure:
            owner.api.create_item(body)
        assert failure.value.status == 422
        problem = failure.value.problem
        assert problem["type"].endswith("/validation-error")
        assert [e["loc"][-1] for e in problem["errors"]] == [field]
        assert all(set(e) == {"loc", "msg", "type"} for e in problem["errors"])
        assert owner.api.list_items()["items"] == []

    def test_missing_required(self, owner: Account) -> None:
        with pytest.raises(ApiFailure) as failure:
            owner.api.create_item({"name": "No sku or price"})
        assert failure.value.status == 422
        assert sorted(e["loc"][-1] for e in failure.value.problem["errors"]) == [
            "price_cents",
            "sku",
        ]

    def test_idempotency_key_replays_and_never_duplicates(self, owner: Account) -> None:
        body = item_body()
        first = owner.api.create_item(body, idempotency_key="create-1")
        assert owner.api.create_item(body, idempotency_key="create-1") == first
        with pytest.raises(ApiFailure) as failure:
            owner.api.create_item(item_body(), idempotency_key="create-1")
        assert failure.value.status == 422
        assert [i["id"] for i in owner.api.list_items()["items"]] == [first["id"]]

    def test_idempotency_keys_are_per_user(self, api: Api, owner: Account) -> None:
        mine = owner.api.create_item(item_body(), idempotency_key="shared-key")
        theirs = api.register().api.create_item(item_body(), idempotency_key="shared-key")
        assert mine["id"] != theirs["id"]


class TestGetItem:
    def test_public(self, api: Api, owner: Account) -> None:
        item = owner.api.create_item(item_body())
        assert api.anonymous.get_item(item["id"]) == item

    def test_not_modified(self, api: Api, owner: Account) -> None:
        item = owner.api.create_item(item_body())
        assert api.anonymous.get_item(item["id"], if_none_match=etag(item)) is None
        assert api.anonymous.get_item(item["id"], if_none_match='"999"') == item

    def test_missing(self, api: Api) -> None:
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.get_item(424242)
        assert failure.value.status == 404

    def test_invalid_id(self, api: Api) -> None:
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.get_item(0)
        assert failure.value.status == 422


class TestReplaceItem:
    def test_owner(self, owner: Account) -> None:
        item = owner.api.create_item(item_body())
        body = item_body(name="Replaced", tags=["new"], description=None)
        replaced = owner.api.replace_item(item["id"], body, if_match=etag(item))
        assert {k: replaced[k] for k in body} == body
        assert replaced["version"] == item["version"] + 1
        assert replaced["created_at"] == item["created_at"]
        assert replaced["updated_at"] > item["updated_at"]

    def test_stale_etag(self, owner: Account) -> None:
        item = owner.api.create_item(item_body())
        owner.api.update_item(item["id"], {"stock": 9})
        with pytest.raises(ApiFailure) as failure:
            owner.api.replace_item(item["id"], item_body(), if_match=etag(item))
        assert failure.value.status == 412
        assert fetch(owner, item["id"])["stock"] == 9

    def test_forbidden_and_anonymous(self, api: Api, owner: Account) -> None:
        item = owner.api.create_item(item_body())
        for caller, status in [(api.register().api, 403), (api.anonymous, 401)]:
            with pytest.raises(ApiFailure) as failure:
                caller.replace_item(item["id"], item_body())
            assert failure.value.status == status
        assert api.anonymous.get_item(item["id"]) == item

    def test_superuser_may(self, api: Api, owner: Account) -> None:
        item = owner.api.create_item(item_body())
        replaced = api.superuser().api.replace_item(item["id"], item_body(name="By admin"))
        assert replaced["name"] == "By admin"
        assert replaced["owner_id"] == owner.user["id"]

    def test_missing(self, owner: Account) -> None:
        with pytest.raises(ApiFailure) as failure:
            owner.api.replace_item(424242, item_body())
        assert failure.value.status == 404

    def test_sku_taken(self, owner: Account) -> None:
        first = owner.api.create_item(item_body())
        second = owner.api.create_item(item_body())
        with pytest.raises(ApiFailure) as failure:
            owner.api.replace_item(second["id"], item_body(sku=first["sku"]))
        assert failure.value.status == 409
        assert owner.api.get_item(second["id"]) == second

    def test_invalid(self, owner: Account) -> None:
        item = owner.api.create_item(item_body())
        with pytest.raises(ApiFailure) as failure:
            owner.api.replace_item(item["id"], {"name": "only a name"})
        assert failure.value.status == 422
        assert owner.api.get_item(item["id"]) == item


class TestUpdateItem:
    def test_partial(self, owner: Account) -> None:
        item = owner.api.create_item(item_body())
        updated = owner.api.update_item(item["id"], {"price_cents": 999}, if_match=etag(item))
        assert updated == {
            **item,
            "price_cents": 999,
            "version": 2,
            "updated_at": updated["updated_at"],
        }

    def test_tags_change_what_tag_filters_find(self, api: Api, owner: Account) -> None:
        item = owner.api.create_item(item_body(tags=["red"]))
        owner.api.update_item(item["id"], {"tags": ["green"]})
        assert api.anonymous.list_items(tag="red")["items"] == []
        assert [i["id"] for i in api.anonymous.list_items(tag="green")["items"]] == [item["id"]]

    @pytest.mark.parametrize(
        "body",
        [{"name": None}, {"price_cents": None}, {"owner_id": 2}, {"version": 5}, {"stock": -3}],
    )
    def test_invalid(self, owner: Account, body: dict[str, object]) -> None:
        item = owner.api.create_item(item_body())
        with pytest.raises(ApiFailure) as failure:
            owner.api.update_item(item["id"], body)
        assert failure.value.status == 422
        assert owner.api.get_item(item["id"]) == item

    def test_description_may_be_cleared(self, owner: Account) -> None:
        item = owner.api.create_item(item_body())
        assert owner.api.update_item(item["id"], {"description": None})["description"] is None

    def test_weak_or_foreign_etag_fails(self, owner: Account) -> None:
        item = owner.api.create_item(item_body())
        for tag in [f"W/{etag(item)}", "garbage", '"999"']:
            with pytest.raises(ApiFailure) as failure:
                owner.api.update_item(item["id"], {"stock": 1}, if_match=tag)
            assert failure.value.status == 412
        assert owner.api.update_item(item["id"], {"stock": 1}, if_match="*")["stock"] == 1

    def test_forbidden_and_anonymous_and_missing(self, api: Api, owner: Account) -> None:
        item = owner.api.create_item(item_body())
        cases = [
            (api.register().api, item["id"], 403),
            (api.anonymous, item["id"], 401),
            (owner.api, 424242, 404),
        ]
        for caller, item_id, status in cases:
            with pytest.raises(ApiFailure) as failure:
                caller.update_item(item_id, {"name": "hijacked"})
            assert failure.value.status == status
        assert owner.api.get_item(item["id"]) == item

    def test_sku_taken(self, owner: Account) -> None:
        first = owner.api.create_item(item_body())
        second = owner.api.create_item(item_body())
        with pytest.raises(ApiFailure) as failure:
            owner.api.update_item(second["id"], {"sku": first["sku"]})
        assert failure.value.status == 409


class TestDeleteItem:
    def test_owner(self, api: Api, owner: Account) -> None:
        item = owner.api.create_item(item_body())
        owner.api.delete_item(item["id"], if_match=etag(item))
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.get_item(item["id"])
        assert failure.value.status == 404
        with pytest.raises(ApiFailure) as failure:
            owner.api.delete_item(item["id"])
        assert failure.value.status == 404

    def test_stale_etag(self, owner: Account) -> None:
        item = owner.api.create_item(item_body())
        owner.api.update_item(item["id"], {"stock": 0})
        with pytest.raises(ApiFailure) as failure:
            owner.api.delete_item(item["id"], if_match=etag(item))
        assert failure.value.status == 412
        assert fetch(owner, item["id"])["version"] == 2

    def test_forbidden_and_anonymous(self, api: Api, owner: Account) -> None:
        item = owner.api.create_item(item_body())
        for caller, status in [(api.register().api, 403), (api.anonymous, 401)]:
            with pytest.raises(ApiFailure) as failure:
                caller.delete_item(item["id"])
            assert failure.value.status == status
        assert api.anonymous.get_item(item["id"]) == item

    def test_superuser_may(self, api: Api, owner: Account) -> None:
        item = owner.api.create_item(item_body())
        api.superuser().api.delete_item(item["id"])
        assert api.anonymous.list_items()["items"] == []

    def test_invalid_id(self, owner: Account) -> None:
        with pytest.raises(ApiFailure) as failure:
            owner.api.delete_item(-1)
        assert failure.value.status == 422
