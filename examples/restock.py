"""Add a product and restock it safely, with the resource client (``Storefront``).

Usage::

    STOREFRONT_EMAIL=you@example.com STOREFRONT_PASSWORD=... \\
        python examples/restock.py SKU NAME PRICE_CENTS ADD_STOCK

The server is ``STOREFRONT_URL`` (default ``http://127.0.0.1:8000``). The program

1. logs in (``client.login`` keeps the token for every later call);
2. creates the item with an ``Idempotency-Key`` derived from the SKU and the body, so
   running it again does not create a second item: the server replays the first answer
   (``Idempotent-Replayed: true``, read from the raw response);
3. walks every item carrying the tag ``restock-example`` across pages (``list()``);
4. adds ``ADD_STOCK`` to the item's stock with ``If-Match``: when someone changed the
   item between the read and the write (412 Precondition Failed), it reads it again and
   retries, so their change is kept and none is lost;
5. turns the SDK's typed errors into one line each and exit status 1.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys

from storefront_client import Storefront, errors
from storefront_client.models import Item, ItemCreate

DEFAULT_URL = "http://127.0.0.1:8000"
TAG = "restock-example"
MAX_ATTEMPTS = 5


def credentials() -> tuple[str, str]:
    try:
        return os.environ["STOREFRONT_EMAIL"], os.environ["STOREFRONT_PASSWORD"]
    except KeyError as missing:
        raise SystemExit(f"set {missing.args[0]} (the account to work as)") from None


def create(client: Storefront, body: ItemCreate) -> Item:
    """Create the item once, however often this runs: the key names this exact body."""
    digest = hashlib.sha256(repr(sorted(body.to_dict().items())).encode()).hexdigest()[:16]
    raw = client.items.with_raw_response.create(body=body, idempotency_key=f"add-{digest}")
    item = raw.parse()
    replayed = raw.headers.get("idempotent-replayed") == "true"
    print(f"{'already created' if replayed else 'created'} {item.sku} (id {item.id})")
    return item


def restock(client: Storefront, item_id: int, add: int) -> Item:
    """Add ``add`` to the stock with If-Match; on 412 read the item again and retry."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        read = client.items.get(item_id)
        try:
            # if_match=read: the ETag of the version read, so a change since is a 412.
            return client.items.update(item_id, stock=read.stock + add, if_match=read)
        except errors.PreconditionFailedError:
            print(f"attempt {attempt}: the item changed since it was read; reading it again")
    raise SystemExit(f"item {item_id} kept changing; gave up after {MAX_ATTEMPTS} attempts")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Add a product and restock it safely.")
    parser.add_argument("sku")
    parser.add_argument("name")
    parser.add_argument("price_cents", type=int)
    parser.add_argument("add_stock", type=int)
    args = parser.parse_args(argv)
    email, password = credentials()
    body = ItemCreate(sku=args.sku, name=args.name, price_cents=args.price_cents, tags=[TAG])
    with Storefront(base_url=os.environ.get("STOREFRONT_URL", DEFAULT_URL)) as client:
        try:
            client.login(email, password)
            item = create(client, body)
            tagged = [listed.sku for listed in client.items.list(tag=TAG, limit=2)]
            print(f"{len(tagged)} item(s) tagged {TAG}: {', '.join(tagged)}")
            item = restock(client, item.id, args.add_stock)
        except errors.AuthenticationError:
            print("login refused: check STOREFRONT_EMAIL and STOREFRONT_PASSWORD", file=sys.stderr)
            return 1
        except errors.ValidationError as error:
            fields = error.problem.errors if error.problem and error.problem.errors else []
            reasons = "; ".join(f"{'.'.join(map(str, f.loc[1:]))}: {f.msg}" for f in fields)
            print(f"invalid input: {reasons or error}", file=sys.stderr)
            return 1
        except errors.APIStatusError as error:  # 403, 409 (the SKU is someone else's)...
            print(f"refused: {error}", file=sys.stderr)
            return 1
        except errors.APIConnectionError as error:
            print(f"cannot reach the server: {error}", file=sys.stderr)
            return 1
    print(f"{item.sku} has {item.stock} in stock (version {item.version})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
