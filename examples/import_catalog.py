"""Import a catalog from a CSV file through the Storefront SDK, with progress output.

Run it from the repository, in the project's environment (which has the SDK)::

    STOREFRONT_EMAIL=you@example.com STOREFRONT_PASSWORD=... \\
        uv run --frozen python examples/import_catalog.py examples/catalog.csv

The server is ``STOREFRONT_URL`` (default ``http://127.0.0.1:8000``). Columns:
``sku,name,description,price_cents,currency,stock,tags``; ``tags`` are separated by
``|``; an empty description, currency, stock or tags takes the API's default.

Each row becomes one item. A SKU that already exists (409) is skipped, so running the
import again after an interruption finishes the job; a row the server refuses (422,
with the reason) or that cannot be read (a price that is not a whole number) is
reported and the import goes on. The exit status is 1 when any row failed. A wrong
password, a server that does not answer or a missing file is one line, no traceback.
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

import httpx
from storefront_client import AuthenticatedClient, Client
from storefront_client.api.auth import login
from storefront_client.api.items import create_item
from storefront_client.errors import (
    APIStatusError,
    AuthenticationError,
    ConflictError,
    ValidationError,
)
from storefront_client.models import ItemCreate, LoginForm

DEFAULT_URL = "http://127.0.0.1:8000"
USAGE = "uv run --frozen python examples/import_catalog.py CATALOG.csv"


class Stop(Exception):
    """The import cannot go on (credentials, server, file); the message says why."""


def sign_in(base_url: str) -> AuthenticatedClient:
    """A client carrying a token for ``STOREFRONT_EMAIL`` / ``STOREFRONT_PASSWORD``."""
    try:
        credentials = LoginForm(
            username=os.environ["STOREFRONT_EMAIL"], password=os.environ["STOREFRONT_PASSWORD"]
        )
    except KeyError as missing:
        raise Stop(f"set {missing.args[0]} (the account to import as)") from None
    try:
        with Client(base_url=base_url) as anonymous:
            token = login.sync(client=anonymous, body=credentials).access_token
    except AuthenticationError:
        raise Stop(
            f"the server at {base_url} refused STOREFRONT_EMAIL and STOREFRONT_PASSWORD "
            "(HTTP 401): check them"
        ) from None
    except APIStatusError as error:
        raise Stop(f"login failed: HTTP {error.status} {problem_detail(error)}") from None
    except httpx.TransportError as error:
        raise Stop(unreachable(base_url, error)) from None
    return AuthenticatedClient(base_url=base_url, token=token)


def unreachable(base_url: str, error: httpx.TransportError) -> str:
    return (
        f"no answer from the server at {base_url} ({type(error).__name__}): start it "
        "(./scripts/serve.sh) or set STOREFRONT_URL"
    )


def problem_detail(error: APIStatusError) -> str:
    return error.problem.detail if error.problem and error.problem.detail else ""


def read_rows(path: Path) -> Iterator[ItemCreate | str]:
    """One ``ItemCreate`` per CSV row (blank optional cells keep the API's defaults), or
    for a row that cannot be read, what is wrong with it."""
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as error:
        raise Stop(f"cannot read {path}: {error.strerror}") from None
    with handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):  # line 1: the header
            try:
                yield to_item(row)
            except (KeyError, ValueError) as error:
                sku = (row.get("sku") or "").strip() or "(no sku)"
                yield f"line {number}, {sku}: {error}"


def whole_number(row: dict[str, str], column: str) -> int:
    cell = (row.get(column) or "").strip()
    try:
        return int(cell)
    except ValueError:
        raise ValueError(f"{column}: {cell!r} is not a whole number") from None


def to_item(row: dict[str, str]) -> ItemCreate:
    if row.get("sku") is None or row.get("name") is None:
        raise KeyError("the file needs the columns sku, name and price_cents")
    item = ItemCreate(
        sku=row["sku"].strip(),
        name=row["name"].strip(),
        price_cents=whole_number(row, "price_cents"),
    )
    if row.get("description"):
        item.description = row["description"].strip()
    if row.get("currency"):
        item.currency = row["currency"].strip()
    if row.get("stock"):
        item.stock = whole_number(row, "stock")
    if row.get("tags"):
        item.tags = [tag.strip() for tag in row["tags"].split("|") if tag.strip()]
    return item


def import_catalog(
    client: AuthenticatedClient, rows: list[ItemCreate | str], base_url: str = DEFAULT_URL
) -> tuple[int, int, int]:
    """Create each row's item; returns (imported, skipped, failed)."""
    imported = skipped = failed = 0
    width = len(str(len(rows)))
    for number, row in enumerate(rows, start=1):
        progress = f"[{number:>{width}}/{len(rows)}]"
        if isinstance(row, str):
            failed += 1
            print(f"{progress} FAILED {row}")
            continue
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
        except APIStatusError as error:
            failed += 1
            print(f"{progress} FAILED {row.sku}: HTTP {error.status} {problem_detail(error)}")
        except httpx.TransportError as error:
            done = f"imported {imported}, skipped {skipped}, failed {failed} before row {number}"
            raise Stop(f"{unreachable(base_url, error)}; {done}") from None
        else:
            imported += 1
            print(f"{progress} created {item.sku} (id {item.id})")
    return imported, skipped, failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Import a catalog CSV through the SDK.",
        usage=USAGE,
        epilog="Reads STOREFRONT_URL, STOREFRONT_EMAIL and STOREFRONT_PASSWORD.",
    )
    parser.add_argument("csv", type=Path, help="the catalog file")
    args = parser.parse_args(argv)
    base_url = os.environ.get("STOREFRONT_URL", DEFAULT_URL)
    try:
        rows = list(read_rows(args.csv))
        with sign_in(base_url) as client:
            imported, skipped, failed = import_catalog(client, rows, base_url)
    except Stop as stop:
        print(f"import_catalog: {stop}", file=sys.stderr)
        return 1
    print(f"imported {imported}, skipped {skipped}, failed {failed} of {len(rows)} rows")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
