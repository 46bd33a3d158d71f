"""Resource methods take a body's fields as keyword arguments (``body=`` still works),
and ``if_match=`` takes the item itself; what the types refuse, mypy refuses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from storefront_client import UNSET, PreconditionFailedError, Storefront, etag
from storefront_client.models import ItemCreate, ItemUpdate
from storefront_client.testing import FakeServer

from tests.support.live import ROOT

PASSWORD = "Vq7-keyword-calls-horse"


@pytest.fixture
def fake() -> FakeServer:
    return FakeServer()


@pytest.fixture
def client(fake: FakeServer) -> Storefront:
    owner = fake.add_user("owner@example.com", PASSWORD)
    return fake.client(token=fake.token_for(owner), max_retries=0)


def test_create_and_update_with_keywords(client: Storefront) -> None:
    item = client.items.create(sku="MUG-1", name="Mug", price_cents=900, tags=["kitchen"])
    assert (item.sku, item.price_cents, item.tags, item.currency) == (
        "MUG-1",
        900,
        ["kitchen"],
        "USD",
    )
    updated = client.items.update(item.id, price_cents=990)
    assert (updated.price_cents, updated.name, updated.version) == (990, "Mug", 2)


def test_body_still_works(client: Storefront) -> None:
    item = client.items.create(body=ItemCreate(sku="MUG-2", name="Mug", price_cents=900))
    assert client.items.update(item.id, body=ItemUpdate(stock=4)).stock == 4


def test_body_and_fields_together_are_refused(fake: FakeServer, client: Storefront) -> None:
    with pytest.raises(TypeError, match="not both"):
        client.items.create(  # type: ignore[call-overload]
            body=ItemCreate(sku="MUG-3", name="Mug", price_cents=900), name="Other"
        )
    assert fake.requests == []


def test_a_missing_required_field_is_refused_before_sending(
    fake: FakeServer, client: Storefront
) -> None:
    with pytest.raises(TypeError, match="sku"):
        client.items.create(name="Mug", price_cents=900)  # type: ignore[call-overload]
    assert fake.requests == []


def test_if_match_takes_the_item_and_its_etag_is_the_servers(
    fake: FakeServer, client: Storefront
) -> None:
    item = client.items.create(sku="MUG-4", name="Mug", price_cents=900)
    raw = client.items.with_raw_response.get(item.id)
    assert etag(item) == raw.etag == '"1"'
    client.items.update(item.id, price_cents=1000, if_match=item)
    assert fake.requests[-1].headers["if-match"] == '"1"'
    with pytest.raises(PreconditionFailedError):
        client.items.update(item.id, price_cents=1100, if_match=item)  # stale: version 1
    listed = next(iter(client.items.list()))
    client.items.delete(item.id, if_match=listed)
    assert fake.items == []


@pytest.mark.parametrize("unset", [UNSET, None, ""])
def test_an_unset_precondition_is_refused_not_dropped(
    fake: FakeServer, client: Storefront, unset: object
) -> None:
    item = client.items.create(sku="MUG-5", name="Mug", price_cents=900)
    sent = len(fake.requests)
    with pytest.raises(ValueError, match="no precondition"):
        client.items.update(item.id, price_cents=1, if_match=unset)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no precondition"):
        client.items.delete(item.id, if_match=unset)  # type: ignore[arg-type]
    assert len(fake.requests) == sent
    assert fake.items[0]["version"] == 1


TYPE_ERRORS = """
from storefront_client import Storefront

client = Storefront(base_url="http://localhost:8000", token="t")
client.items.create(sku="A", name="B", price_cent=1)
client.items.create(name="B", price_cents=1)
raw = client.items.with_raw_response.get(1)
client.items.update(1, price_cents=1, if_match=raw.etag)
client.items.update(1, price_cents="1")
"""


def test_mypy_refuses_misspelt_missing_and_unset(tmp_path: Path) -> None:
    source = tmp_path / "calls.py"
    source.write_text(TYPE_ERRORS, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(source)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = {int(line.split(":")[1]) for line in result.stdout.splitlines() if ": error:" in line}
    # price_cent misspelt, sku missing, an ETag that may be UNSET, a str price.
    assert lines == {5, 6, 8, 9}, result.stdout
