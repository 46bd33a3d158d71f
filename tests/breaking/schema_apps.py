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
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Query, Security
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer
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
    def list_items(limit: int = 10) -> list[Item]:
        return [Item(id=1, name="mug")][:limit]

    @app.delete("/items/{item_id}", status_code=204)
    def delete_item(item_id: int) -> None:
        return None

    return app


def items_without_delete(version: str) -> FastAPI:
    app = _app(version)

    @app.get("/items")
    def list_items(limit: int = 10) -> list[Item]:
        return [Item(id=1, name="mug")][:limit]

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


# --- SDK names and access: INFO for oasdiff, raised to ERR by tools/oasdiff ---------
# These apps name operations as the project's app does (operation id = function name).


def _named_app(version: str, **kwargs: Any) -> FastAPI:
    return FastAPI(
        title="Fixture catalog",
        version=version,
        generate_unique_id_function=lambda route: route.name,
        **kwargs,
    )


TOKEN_URL = "/token"


class ItemPage(BaseModel):
    items: list[Item]


class ItemList(BaseModel):
    items: list[Item]


def get_item_named(version: str) -> FastAPI:
    app = _named_app(version)

    @app.get("/items/{item_id}", tags=["items"])
    def get_item(item_id: int) -> Item:
        return Item(id=item_id, name="mug")

    return app


def fetch_item_named(version: str) -> FastAPI:
    app = _named_app(version)

    @app.get("/items/{item_id}", tags=["items"])
    def fetch_item(item_id: int) -> Item:
        return Item(id=item_id, name="mug")

    return app


def get_item_tagged_catalog(version: str) -> FastAPI:
    app = _named_app(version)

    @app.get("/items/{item_id}", tags=["catalog"])
    def get_item(item_id: int) -> Item:
        return Item(id=item_id, name="mug")

    return app


def list_items_item_page(version: str) -> FastAPI:
    app = _named_app(version)

    @app.get("/items", tags=["items"])
    def list_items() -> ItemPage:
        return ItemPage(items=[])

    return app


def list_items_item_list(version: str) -> FastAPI:
    app = _named_app(version)

    @app.get("/items", tags=["items"])
    def list_items() -> ItemList:
        return ItemList(items=[])

    return app


def _bearer(
    token_url: str = TOKEN_URL, scopes: dict[str, str] | None = None
) -> OAuth2PasswordBearer:
    return OAuth2PasswordBearer(tokenUrl=token_url, scheme_name="bearer", scopes=scopes or {})


def get_item_with_security(version: str) -> FastAPI:
    app = _named_app(version)
    bearer = _bearer()

    @app.get("/items/{item_id}", tags=["items"])
    def get_item(item_id: int, token: Annotated[str, Depends(bearer)]) -> Item:
        return Item(id=item_id, name="mug")

    return app


def delete_item_secured(
    version: str, *, token_url: str = TOKEN_URL, scopes: tuple[str, ...] = ()
) -> FastAPI:
    app = _named_app(version)
    bearer = _bearer(token_url, {"items:write": "Change items.", "items:admin": "Everything."})

    @app.delete("/items/{item_id}", status_code=204, tags=["items"])
    def delete_item(
        item_id: int, token: Annotated[str, Security(bearer, scopes=list(scopes))]
    ) -> None:
        return None

    return app


def delete_item_scope_added(version: str) -> FastAPI:
    return delete_item_secured(version, scopes=("items:write",))


def delete_item_api_key(version: str) -> FastAPI:
    app = _named_app(version)
    key = APIKeyHeader(name="X-Api-Key", scheme_name="bearer")

    @app.delete("/items/{item_id}", status_code=204, tags=["items"])
    def delete_item(item_id: int, token: Annotated[str, Security(key)]) -> None:
        return None

    return app


def items_with_deprecated_delete(version: str) -> FastAPI:
    app = _named_app(version)

    @app.get("/items/{item_id}", tags=["items"])
    def get_item(item_id: int) -> Item:
        return Item(id=item_id, name="mug")

    @app.delete("/items/{item_id}", status_code=204, tags=["items"], deprecated=True)
    def delete_item(item_id: int) -> None:
        return None

    return app


def search_deprecated_limit(version: str) -> FastAPI:
    app = _named_app(version)

    @app.get("/search")
    def search(limit: Annotated[int, Query(deprecated=True)] = 10) -> list[Item]:
        return [Item(id=1, name="mug")][:limit]

    return app


def search_without_limit(version: str) -> FastAPI:
    app = _named_app(version)

    @app.get("/search")
    def search() -> list[Item]:
        return [Item(id=1, name="mug")]

    return app


def create_item_currency(default: str | None) -> Callable[[str], FastAPI]:
    def factory(version: str) -> FastAPI:
        class ItemIn(BaseModel):
            name: str
            currency: str | None = default

        app = _named_app(version)

        @app.post("/items", tags=["items"])
        def create_item(body: ItemIn) -> Item:
            return Item(id=1, name=body.name)

        return app

    return factory


def set_tags_default(default: list[str] | None) -> AppFactory:
    def factory(version: str) -> FastAPI:
        app = _named_app(version)
        route = app.put("/items/{item_id}/tags", tags=["items"])
        if default is None:

            @route
            def set_tags(item_id: int, tags: Annotated[list[str], Body()]) -> list[str]:
                return tags

        else:

            @route
            def set_tags(item_id: int, tags: Annotated[list[str], Body()] = default) -> list[str]:
                return tags

        return app

    return factory


def with_global_security(factory: AppFactory, scopes: tuple[str, ...] = ()) -> AppFactory:
    """``factory``'s app whose document requires a bearer token on every operation, as
    a post-processing step of the document (the way server/openapi.py completes it)."""

    def secured(version: str) -> FastAPI:
        app = factory(version)
        build = app.openapi

        def openapi() -> dict[str, Any]:
            schema = build()
            schema.setdefault("components", {})["securitySchemes"] = {
                "bearer": {
                    "type": "oauth2",
                    "flows": {
                        "password": {
                            "tokenUrl": TOKEN_URL,
                            "scopes": {"items:read": "Read items."},
                        }
                    },
                }
            }
            schema["security"] = [{"bearer": list(scopes)}]
            return schema

        app.openapi = openapi  # type: ignore[method-assign]
        return app

    return secured


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
    Case(
        "operation-id-renamed",
        get_item_named,
        fetch_item_named,
        "api-operation-id-removed",
        "GET",
        "/items/{item_id}",
    ),
    Case(
        "operation-moved-to-another-tag",
        get_item_named,
        get_item_tagged_catalog,
        "api-tag-removed",
        "GET",
        "/items/{item_id}",
    ),
    Case(
        "component-schema-renamed",
        list_items_item_page,
        list_items_item_list,
        "api-schema-removed",
    ),
    Case(
        "security-added-to-public-operation",
        get_item_named,
        get_item_with_security,
        "api-security-added",
        "GET",
        "/items/{item_id}",
    ),
    Case(
        "security-scope-added",
        delete_item_secured,
        delete_item_scope_added,
        "api-security-scope-added",
        "DELETE",
        "/items/{item_id}",
    ),
    Case(
        "security-scheme-type-changed",
        delete_item_secured,
        delete_item_api_key,
        "api-security-component-type-changed",
    ),
    Case(
        "deprecated-operation-removed",
        items_with_deprecated_delete,
        get_item_named,
        "api-removed-with-deprecation",
        "DELETE",
        "/items/{item_id}",
    ),
    Case(
        "deprecated-path-removed",
        items_with_deprecated_delete,
        list_items_item_page,
        "api-path-removed-with-deprecation",
        "DELETE",
        "/items/{item_id}",
    ),
    Case(
        "deprecated-parameter-removed",
        search_deprecated_limit,
        search_without_limit,
        "request-parameter-removed-with-deprecation",
        "GET",
        "/search",
    ),
    Case(
        "request-default-changed",
        create_item_currency("USD"),
        create_item_currency("EUR"),
        "request-property-default-value-changed",
        "POST",
        "/items",
    ),
    Case(
        "request-default-removed",
        create_item_currency("USD"),
        create_item_currency(None),
        "request-property-default-value-removed",
        "POST",
        "/items",
    ),
    Case(
        "request-body-default-changed",
        set_tags_default(["new"]),
        set_tags_default(["sale"]),
        "request-body-default-value-changed",
        "PUT",
        "/items/{item_id}/tags",
    ),
    Case(
        "request-body-default-removed",
        set_tags_default(["new"]),
        set_tags_default(None),
        "request-body-default-value-removed",
        "PUT",
        "/items/{item_id}/tags",
    ),
    Case(
        "global-security-added",
        get_item_named,
        with_global_security(get_item_named),
        "api-global-security-added",
    ),
    Case(
        "global-security-scope-added",
        with_global_security(get_item_named),
        with_global_security(get_item_named, ("items:read",)),
        "api-global-security-scope-added",
    ),
)

COMPATIBLE_CASES = (
    Case("optional-request-property-added", create_item_name_only, create_item_optional_note),
    Case("response-property-added", get_item_with_sku, get_item_with_sku_and_stock),
    Case("operation-added", get_item_with_sku, get_item_and_list_items),
)
