"""Import a catalog from a CSV file through the Storefront SDK, with progress output.

Usage::

    STOREFRONT_EMAIL=you@example.com STOREFRONT_PASSWORD=... \\
        python examples/import_catalog.py examples/catalog.csv

The server is ``STOREFRONT_URL`` (default ``http://127.0.0.1:8000``). Columns:
``sku,name,description,price_cents,currency,stock,tags``; ``tags`` are separated by
``|``; an empty description, currency, stock or tags takes the API's default.

Each row becomes one item. A SKU that already exists (409) is skipped, so running the
import again after an interruption finishes the job; an invalid row (422) is reported
with the reason and the import goes on. The exit status is 1 when any row failed.
Every create carries an ``Idempotency-Key`` (the SDK adds one and reuses it on its
retries), so a retried request never creates an item twice.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from storefront_client import AuthenticatedClient, Client
from storefront_client.api.auth import login
from storefront_client.api.items import create_item
from storefront_client.errors import ConflictError, ValidationError
from storefront_client.models import ItemCreate, LoginForm

DEFAULT_URL = "http://127.0.0.1:8000"


def sign_in(base_url: str) -> AuthenticatedClient:
    """A client carrying a token for ``STOREFRONT_EMAIL`` / ``STOREFRONT_PASSWORD``."""
    try:
        credentials = LoginForm(
            username=os.environ["STOREFRONT_EMAIL"], password=os.environ["STOREFRONT_PASSWORD"]
        )
    except KeyError as missing:
        raise SystemExit(f"set {missing.args[0]} (the account to import as)") from None
    with Client(base_url=base_url) as anonymous:
        token = login.sync(client=anonymous, body=credentials).access_token
    return AuthenticatedClient(base_url=base_url, token=token)


def read_rows(path: Path) -> Iterator[ItemCreate]:
    """One ``ItemCreate`` per CSV row; blank optional cells keep the API's defaults."""
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            item = ItemCreate(
                sku=row["sku"].strip(),
                name=row["name"].strip(),
                price_cents=int(row["price_cents"]),
            )
            if row.get("description"):
                item.description = row["description"].strip()
            if row.get("currency"):
                item.currency = row["currency"].strip()
            if row.get("stock"):
                item.stock = int(row["stock"])
            if row.get("tags"):
                item.tags = [tag.strip() for tag in row["tags"].split("|") if tag.strip()]
            yield item


def import_catalog(client: AuthenticatedClient, rows: list[ItemCreate]) -> tuple[int, int, int]:
    """Create each row's item; returns (imported, skipped, failed)."""
    imported = skipped = failed = 0
    width = len(str(len(rows)))
    for number, row in enumerate(rows, start=1):
        progress = f"[{number:>{width}}/{len(rows)}]"
        try:
            item = create_item.sync(client=client, body=row)
        except ConflictError:
            skipped += 1
            print(f"{progress} skipped {row.sku}: that SKU already exists")
        except ValidationError as error:
            failed += 1
            reasons = [
                f"{'.'.join(map(str, field.loc[1:]))}: {field.msg}"
                for field in (error.problem.errors if error.problem else None) or []
            ]
            print(f"{progress} FAILED {row.sku}: {'; '.join(reasons) or error}")
        else:
            imported += 1
            print(f"{progress} created {item.sku} (id {item.id})")
    return imported, skipped, failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Import a catalog CSV through the SDK.")
    parser.add_argument("csv", type=Path, help="the catalog file")
    args = parser.parse_args(argv)
    rows = list(read_rows(args.csv))
    with sign_in(os.environ.get("STOREFRONT_URL", DEFAULT_URL)) as client:
        imported, skipped, failed = import_catalog(client, rows)
    print(f"imported {imported}, skipped {skipped}, failed {failed} of {len(rows)} rows")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
