"""Tiny real FastAPI apps, in old/new pairs, whose exported schemas differ by one change.

Each :class:`Case` builds two apps; :func:`export_pair` writes their ``app.openapi()``
to JSON files, which is exactly what the project commits as ``openapi.json``.
"""

# No `from __future__ import annotations` here: FastAPI must resolve the endpoint
# annotations, and they name classes local to the factory functions.
import json
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from fastapi import FastAPI
from pydantic import BaseModel

AppFactory = Callable[[str], FastAPI]


@dataclass(frozen=True)
class Case:
    """An old/new pair of apps and, for a breaking pair, the finding oasdiff must report."""

    name: str
    old: AppFactory
    new: AppFactory
    check_id: str | None = None
    operation: str = ""
    path: str = ""


def export(app: FastAPI, path: Path) -> Path:
    """Write ``app.openapi()`` to ``path`` as JSON and return ``path``."""
    path.write_text(json.dumps(app.openapi(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def export_pair(
    case: Case, directory: Path, old_version: str = "1.0.0", new_version: str = "1.0.0"
) -> tuple[Path, Path]:
    """Export both apps of ``case`` to ``directory``; return (old.json, new.json)."""
    old = export(case.old(old_version), directory / f"{case.name}-old.json")
    new = export(case.new(new_version), directory / f"{case.name}-new.json")
    return old, new


def _app(version: str) -> FastAPI:
    return FastAPI(title="Fixture catalog", version=version)


# --- an operation removed -----------------------------------------------------------


class Item(BaseModel):
    id: int
    name: str


def items_with_delete(version: str) -> FastAPI:
    app = _app(version)

    @app.get("/items")
    def list_items() -> list[Item]:
        return [Item(id=1, name="mug")]

    @app.delete("/items/{item_id}", status_code=204)
    def delete_item(item_id: int) -> None:
        return None

    return app


def items_without_delete(version: str) -> FastAPI:
    app = _app(version)

    @app.get("/items")
    def list_items() -> list[Item]:
        return [Item(id=1, name="mug")]

    return app


# --- request body: required property added / optional property added ---------------


def create_item_name_only(version: str) -> FastAPI:
    class ItemIn(BaseModel):
        name: str

    app = _app(version)

    @app.post("/items")
    def create_item(body: ItemIn) -> Item:
        return Item(id=1, name=body.name)

    return app


def create_item_requires_sku(version: str) -> FastAPI:
    class ItemIn(BaseModel):
        name: str
        sku: str

    app = _app(version)

    @app.post("/items")
    def create_item(body: ItemIn) -> Item:
        return Item(id=1, name=body.name)

    return app


def create_item_optional_note(version: str) -> FastAPI:
    class ItemIn(BaseModel):
        name: str
        note: str | None = None

    app = _app(version)

    @app.post("/items")
    def create_item(body: ItemIn) -> Item:
        return Item(id=1, name=body.name)

    return app


# --- response body: property removed / made nullable / added -----------------------


def get_item_with_sku(version: str) -> FastAPI:
    class ItemOut(BaseModel):
        id: int
        name: str
        sku: str

    app = _app(version)

    @app.get("/items/{item_id}")
    def get_item(item_id: int) -> ItemOut:
        return ItemOut(id=item_id, name="mug", sku="MUG-1")

    return app


def get_item_without_sku(version: str) -> FastAPI:
    class ItemOut(BaseModel):
        id: int
        name: str

    app = _app(version)

    @app.get("/items/{item_id}")
    def get_item(item_id: int) -> ItemOut:
        return ItemOut(id=item_id, name="mug")

    return app


def get_item_nullable_sku(version: str) -> FastAPI:
    class ItemOut(BaseModel):
        id: int
        name: str
        sku: str | None

    app = _app(version)

    @app.get("/items/{item_id}")
    def get_item(item_id: int) -> ItemOut:
        return ItemOut(id=item_id, name="mug", sku=None)

    return app


def get_item_with_sku_and_stock(version: str) -> FastAPI:
    class ItemOut(BaseModel):
        id: int
        name: str
        sku: str
        in_stock: int

    app = _app(version)

    @app.get("/items/{item_id}")
    def get_item(item_id: int) -> ItemOut:
        return ItemOut(id=item_id, name="mug", sku="MUG-1", in_stock=3)

    return app


def get_item_and_list_items(version: str) -> FastAPI:
    app = get_item_with_sku(version)

    @app.get("/items")
    def list_items(limit: int = 10) -> list[Item]:
        return [Item(id=1, name="mug")][:limit]

    return app


# --- request property type: number -> integer; nullable -> not nullable -------------


def price_number(version: str) -> FastAPI:
    class PriceIn(BaseModel):
        amount: float

    app = _app(version)

    @app.put("/items/{item_id}/price")
    def set_price(item_id: int, body: PriceIn) -> PriceIn:
        return body

    return app


def price_integer(version: str) -> FastAPI:
    class PriceIn(BaseModel):
        amount: int

    app = _app(version)

    @app.put("/items/{item_id}/price")
    def set_price(item_id: int, body: PriceIn) -> PriceIn:
        return body

    return app


def stock_nullable(version: str) -> FastAPI:
    class StockIn(BaseModel):
        quantity: int | None

    app = _app(version)

    @app.put("/items/{item_id}/stock")
    def set_stock(item_id: int, body: StockIn) -> Item:
        return Item(id=item_id, name="mug")

    return app


def stock_not_nullable(version: str) -> FastAPI:
    class StockIn(BaseModel):
        quantity: int

    app = _app(version)

    @app.put("/items/{item_id}/stock")
    def set_stock(item_id: int, body: StockIn) -> Item:
        return Item(id=item_id, name="mug")

    return app


# --- enums: request value removed; response value added (a WARN-level finding) ------


def colours_red_blue(version: str) -> FastAPI:
    class Colour(StrEnum):
        RED = "red"
        BLUE = "blue"

    class PaintIn(BaseModel):
        colour: Colour

    app = _app(version)

    @app.post("/items/{item_id}/paint")
    def paint(item_id: int, body: PaintIn) -> PaintIn:
        return body

    return app


def colours_red_only(version: str) -> FastAPI:
    class Colour(StrEnum):
        RED = "red"

    class PaintIn(BaseModel):
        colour: Colour

    app = _app(version)

    @app.post("/items/{item_id}/paint")
    def paint(item_id: int, body: PaintIn) -> PaintIn:
        return body

    return app


def status_two_values(version: str) -> FastAPI:
    class Status(StrEnum):
        ACTIVE = "active"
        ARCHIVED = "archived"

    class ItemStatus(BaseModel):
        status: Status

    app = _app(version)

    @app.get("/items/{item_id}/status")
    def get_status(item_id: int) -> ItemStatus:
        return ItemStatus(status=Status.ACTIVE)

    return app


def status_three_values(version: str) -> FastAPI:
    class Status(StrEnum):
        ACTIVE = "active"
        ARCHIVED = "archived"
        DRAFT = "draft"

    class ItemStatus(BaseModel):
        status: Status

    app = _app(version)

    @app.get("/items/{item_id}/status")
    def get_status(item_id: int) -> ItemStatus:
        return ItemStatus(status=Status.ACTIVE)

    return app


# --- query parameters ----------------------------------------------------------------


def search_optional_query(version: str) -> FastAPI:
    app = _app(version)

    @app.get("/search")
    def search(limit: int = 10) -> list[Item]:
        return [Item(id=1, name="mug")][:limit]

    return app


def search_required_query(version: str) -> FastAPI:
    app = _app(version)

    @app.get("/search")
    def search(q: str, limit: int = 10) -> list[Item]:
        return [Item(id=1, name=q)][:limit]

    return app


BREAKING_CASES = (
    Case(
        "operation-removed",
        items_with_delete,
        items_without_delete,
        "api-path-removed-without-deprecation",
        "DELETE",
        "/items/{item_id}",
    ),
    Case(
        "required-request-property-added",
        create_item_name_only,
        create_item_requires_sku,
        "new-required-request-property",
        "POST",
        "/items",
    ),
    Case(
        "response-property-removed",
        get_item_with_sku,
        get_item_without_sku,
        "response-required-property-removed",
        "GET",
        "/items/{item_id}",
    ),
    Case(
        "request-type-narrowed",
        price_number,
        price_integer,
        "request-property-type-changed",
        "PUT",
        "/items/{item_id}/price",
    ),
    Case(
        "request-null-no-longer-accepted",
        stock_nullable,
        stock_not_nullable,
        "request-property-list-of-types-narrowed",
        "PUT",
        "/items/{item_id}/stock",
    ),
    Case(
        "request-enum-value-removed",
        colours_red_blue,
        colours_red_only,
        "request-property-enum-value-removed",
        "POST",
        "/items/{item_id}/paint",
    ),
    Case(
        "response-property-made-nullable",
        get_item_with_sku,
        get_item_nullable_sku,
        "response-property-list-of-types-widened",
        "GET",
        "/items/{item_id}",
    ),
    Case(
        "new-required-query-parameter",
        search_optional_query,
        search_required_query,
        "new-required-request-parameter",
        "GET",
        "/search",
    ),
    Case(
        "response-enum-value-added-warn",
        status_two_values,
        status_three_values,
        "response-property-enum-value-added",
        "GET",
        "/items/{item_id}/status",
    ),
)

COMPATIBLE_CASES = (
    Case("optional-request-property-added", create_item_name_only, create_item_optional_note),
    Case("response-property-added", get_item_with_sku, get_item_with_sku_and_stock),
    Case("operation-added", get_item_with_sku, get_item_and_list_items),
)
