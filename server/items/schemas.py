"""Items in and out: ``ItemCreate`` / ``ItemUpdate`` / ``Item`` / ``ItemPage``."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from server.fields import Storable, StrictInput, WholeNumber

Sku = Annotated[
    str,
    Field(
        pattern=r"^[A-Z0-9][A-Z0-9-]{0,63}$",
        description="Stock keeping unit: unique; A-Z, 0-9 and '-', 1 to 64 characters.",
        examples=["TSHIRT-BLUE-M"],
    ),
]
Name = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    Storable,
    Field(description="The name shown to shoppers: 1 to 200 characters."),
]
Description = Annotated[
    str,
    StringConstraints(max_length=5000),
    Storable,
    Field(description="Free text, up to 5000 characters; null for none."),
]
PriceCents = Annotated[
    int,
    Field(
        ge=1,
        le=1_000_000_000,
        description="Price in minor units of `currency` (cents): 1 to 1000000000.",
    ),
    WholeNumber,
]
Currency = Annotated[
    str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code, e.g. USD.", examples=["USD"])
]
Stock = Annotated[
    int, Field(ge=0, le=2_147_483_647, description="Units in stock: 0 or more."), WholeNumber
]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=50), Storable]


def _distinct(tags: list[str]) -> list[str]:
    if len(set(tags)) != len(tags):
        raise ValueError("tags must be distinct")
    return tags


Tags = Annotated[
    list[Tag],
    Field(
        max_length=20,
        description="Up to 20 distinct tags of 1 to 50 characters.",
        json_schema_extra={"uniqueItems": True},
    ),
    AfterValidator(_distinct),
]


OMITTED: Any = None


class ItemCreate(StrictInput):
    """A new item, or the full replacement of one."""

    sku: Sku
    name: Name
    description: Description | None = Field(
        default=None, description="Free text, up to 5000 characters; null for none."
    )
    price_cents: PriceCents
    currency: Currency = "USD"
    stock: Stock = 0
    tags: Tags = Field(default_factory=list)


class ItemUpdate(StrictInput):
    """The fields to change; omitted fields keep their values (only description takes null)."""

    # Omittable but not nullable: the default is never validated, an explicit null is.
    sku: Sku = OMITTED
    name: Name = OMITTED
    description: Description | None = Field(
        default=None, description="Free text, up to 5000 characters; null for none."
    )
    price_cents: PriceCents = OMITTED
    currency: Currency = OMITTED
    stock: Stock = OMITTED
    tags: Tags = OMITTED


class Item(BaseModel):
    """An item of the catalog."""

    model_config = ConfigDict(from_attributes=True)

    id: int = Field(description="The item's id, assigned by the server.")
    sku: str = Field(description="Stock keeping unit, unique in the catalog.")
    name: str = Field(description="The name shown to shoppers.")
    description: str | None = Field(description="Free text; null for none.")
    price_cents: int = Field(description="Price in minor units of `currency` (cents).")
    currency: str = Field(description="ISO 4217 code, e.g. USD.")
    stock: int = Field(description="Units in stock.")
    tags: list[str] = Field(description="Distinct tags; `tag=` filters the list by one.")
    owner_id: int = Field(description="The id of the user who created the item.")
    version: int = Field(
        description=(
            'Goes up by one on every change; the ETag is built from it (`"<version>"`), '
            "so an item you read is enough for a later If-Match."
        )
    )
    created_at: datetime = Field(description="When the item was created (RFC 3339, UTC).")
    updated_at: datetime = Field(description="When the item last changed (RFC 3339, UTC).")


class ItemPage(BaseModel):
    """One page of items, in the order asked for."""

    items: list[Item] = Field(description="The items of this page (at most `limit`).")
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


class ItemSort(StrEnum):
    created_at = "created_at"
    created_at_desc = "-created_at"
    price_cents = "price_cents"
    price_cents_desc = "-price_cents"
    name = "name"
