"""list_items: filters, sort orders and keyset pages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.drivers import ApiFailure, Driver
from tests.support.factories import Account, Api, item_body

SORTS = {
    "created_at": (lambda i: (i["created_at"], i["id"]), False),
    "-created_at": (lambda i: (i["created_at"], i["id"]), True),
    "price_cents": (lambda i: (i["price_cents"], i["id"]), False),
    "-price_cents": (lambda i: (i["price_cents"], i["id"]), True),
    "name": (lambda i: (i["name"], i["id"]), False),
}


# A bound on any page walk: a keyset bug that loops fails the test instead of hanging it.
MAX_PAGES = 200


def walk(driver: Driver, **query: Any) -> list[dict[str, Any]]:
    items, cursor = [], None
    for _ in range(MAX_PAGES):
        page = driver.list_items(**query, **({"cursor": cursor} if cursor else {}))
        assert len(page["items"]) <= query.get("limit", 20)
        items.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return items
    pytest.fail(f"still a next page after {MAX_PAGES} pages")


@pytest.fixture
def catalog(api: Api) -> list[dict[str, Any]]:
    owner: Account = api.register()
    specs = [
        ("Red shirt", 1500, ["red", "shirt"], "Soft cotton"),
        ("Blue shirt", 1500, ["blue", "shirt"], None),
        ("Green hat", 900, ["green"], "Wide brim, 100% wool"),
        ("Blue hat", 3000, ["blue"], "Denim"),
        ("Scarf", 1500, [], "A long_scarf"),
        ("Apron", 4200, ["kitchen"], None),
        ("Belt", 1200, ["leather"], "Brown"),
    ]
    return [
        owner.api.create_item(item_body(name=n, price_cents=p, tags=t, description=d))
        for n, p, t, d in specs
    ]


@pytest.mark.parametrize("sort", list(SORTS))
def test_every_sort_order_pages_through_everything_once(
    api: Api, catalog: list[dict[str, Any]], sort: str
) -> None:
    key, descending = SORTS[sort]
    items = walk(api.anonymous, limit=2, sort=sort)
    assert items == sorted(catalog, key=key, reverse=descending)


def test_default_is_oldest_first_with_limit_20(api: Api, catalog: list[dict[str, Any]]) -> None:
    page = api.anonymous.list_items()
    assert page["items"] == catalog
    assert page["next_cursor"] is None


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({"tag": "blue"}, {"Blue shirt", "Blue hat"}),
        ({"q": "shirt"}, {"Red shirt", "Blue shirt"}),
        ({"q": "WOOL"}, {"Green hat"}),
        ({"q": "100%"}, {"Green hat"}),
        ({"q": "e_s"}, set()),  # "_" is literal: "Blue shirt" has "e s"
        ({"q": "_scarf"}, {"Scarf"}),
        ({"min_price_cents": 1500, "max_price_cents": 1500}, {"Red shirt", "Blue shirt", "Scarf"}),
        ({"min_price_cents": 3000}, {"Blue hat", "Apron"}),
        ({"tag": "shirt", "max_price_cents": 1000}, set()),
        ({"tag": "nope"}, set()),
    ],
)
def test_filters(
    api: Api, catalog: list[dict[str, Any]], query: dict[str, Any], names: set[str]
) -> None:
    items = walk(api.anonymous, limit=1, **query)
    assert {i["name"] for i in items} == names
    assert len(items) == len(names)


@pytest.mark.parametrize(
    "query",
    [
        {"limit": 0},
        {"limit": 101},
        {"sort": "owner_id"},
        {"min_price_cents": -1},
        {"min_price_cents": 10, "max_price_cents": 5},
        {"cursor": "not-a-cursor"},
        {"q": ""},
        {"q": "x" * 201},
        {"tag": "bad\x00tag"},
    ],
)
def test_invalid_query(api: Api, query: dict[str, Any]) -> None:
    with pytest.raises(ApiFailure) as failure:
        api.anonymous.list_items(**query)
    assert failure.value.status == 422
    assert failure.value.problem["errors"][0]["loc"][0] == "query"


def test_cursor_from_another_sort_is_refused(api: Api, catalog: list[dict[str, Any]]) -> None:
    cursor = api.anonymous.list_items(limit=1, sort="name")["next_cursor"]
    with pytest.raises(ApiFailure) as failure:
        api.anonymous.list_items(limit=1, sort="price_cents", cursor=cursor)
    assert failure.value.status == 422
    assert failure.value.problem["errors"][0]["type"] == "cursor_sort_mismatch"


@pytest.mark.parametrize("sort", list(SORTS))
def test_walk_while_another_client_inserts(api: Api, sort: str) -> None:
    """Every item that existed before the walk is seen exactly once."""
    owner = api.register()
    writer = api.register()
    before = [
        owner.api.create_item(item_body(name=f"Item {n:02d}", price_cents=100 + (n * 37) % 500))
        for n in range(12)
    ]
    seen: list[dict[str, Any]] = []
    cursor = None
    inserted = 0
    for _ in range(MAX_PAGES):
        page = api.anonymous.list_items(
            limit=3, sort=sort, **({"cursor": cursor} if cursor else {})
        )
        seen.extend(page["items"])
        # For the first pages, another client inserts items that sort before, among and
        # after the rest (bounded: in oldest-first order, new items always lie ahead).
        if inserted < 12:
            for price, name in [(50, "Aaa early"), (350, "Item 05b"), (900, "Zzz late")]:
                writer.api.create_item(item_body(name=name, price_cents=price))
                inserted += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    else:
        pytest.fail(f"still a next page after {MAX_PAGES} pages")
    ids = [i["id"] for i in seen]
    assert len(ids) == len(set(ids)), "an item was returned twice"
    assert {i["id"] for i in before} <= set(ids), "a pre-existing item was skipped"
    assert inserted == 12
