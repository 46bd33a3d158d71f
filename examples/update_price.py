"""Change an item's price safely when others may be editing it too (``If-Match``).

Usage::

    STOREFRONT_EMAIL=you@example.com STOREFRONT_PASSWORD=... \\
        python examples/update_price.py ITEM_ID NEW_PRICE_CENTS

The server is ``STOREFRONT_URL`` (default ``http://127.0.0.1:8000``).

Read the item and its ``ETag``, then ``PATCH`` the price with ``If-Match: <ETag>``. If
someone changed the item in between, the server refuses with 412 Precondition Failed
instead of silently overwriting their change; then read it again (their change
included) and retry, a few times at most.
"""

from __future__ import annotations

import argparse
import os
import sys

from storefront_client import AuthenticatedClient, Client
from storefront_client.api.auth import login
from storefront_client.api.items import get_item, update_item
from storefront_client.errors import APIStatusError, PreconditionFailedError
from storefront_client.models import Item, ItemUpdate, LoginForm

DEFAULT_URL = "http://127.0.0.1:8000"
MAX_ATTEMPTS = 5


def sign_in(base_url: str) -> AuthenticatedClient:
    """A client carrying a token for ``STOREFRONT_EMAIL`` / ``STOREFRONT_PASSWORD``."""
    try:
        credentials = LoginForm(
            username=os.environ["STOREFRONT_EMAIL"], password=os.environ["STOREFRONT_PASSWORD"]
        )
    except KeyError as missing:
        raise SystemExit(f"set {missing.args[0]} (the item owner's account)") from None
    with Client(base_url=base_url) as anonymous:
        token = login.sync(client=anonymous, body=credentials).access_token
    return AuthenticatedClient(base_url=base_url, token=token)


def read(client: AuthenticatedClient, item_id: int) -> tuple[Item, str]:
    """The item and its ETag (``*_detailed()`` gives the headers as well as the model)."""
    response = get_item.sync_detailed(item_id, client=client)
    if not isinstance(response.parsed, Item):
        raise SystemExit(f"cannot read item {item_id}: HTTP {int(response.status_code)}")
    return response.parsed, response.headers["etag"]


def update_price(client: AuthenticatedClient, item_id: int, price_cents: int) -> Item:
    """Set the price with ``If-Match``; on 412 re-read and try again."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        item, etag = read(client, item_id)
        print(f"read {item.sku}: {item.price_cents} {item.currency} (ETag {etag})")
        try:
            return update_item.sync(
                item_id, client=client, body=ItemUpdate(price_cents=price_cents), if_match=etag
            )
        except PreconditionFailedError:
            print(f"attempt {attempt}: the item changed since it was read; reading it again")
    raise SystemExit(f"item {item_id} kept changing; gave up after {MAX_ATTEMPTS} attempts")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Change an item's price with If-Match.")
    parser.add_argument("item_id", type=int)
    parser.add_argument("price_cents", type=int, help="the new price in minor units (cents)")
    args = parser.parse_args(argv)
    with sign_in(os.environ.get("STOREFRONT_URL", DEFAULT_URL)) as client:
        try:
            item = update_price(client, args.item_id, args.price_cents)
        except APIStatusError as error:  # e.g. 403: not your item; 422: not a valid price
            print(f"update refused: {error}", file=sys.stderr)
            return 1
    print(f"{item.sku} now costs {item.price_cents} {item.currency} (version {item.version})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
