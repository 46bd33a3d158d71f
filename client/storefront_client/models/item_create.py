from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ItemCreate")


@_attrs_define
class ItemCreate:
    """A new item, or the full replacement of one.

    Attributes:
        name (str): The name shown to shoppers: 1 to 200 characters.
        price_cents (int): Price in minor units of `currency` (cents): 1 to 1000000000.
        sku (str): Stock keeping unit: unique; A-Z, 0-9 and '-', 1 to 64 characters.
        currency (str | Unset): ISO 4217 code, e.g. USD. Default: 'USD'.
        description (None | str | Unset): Free text, up to 5000 characters; null for none.
        stock (int | Unset): Units in stock: 0 or more. Default: 0.
        tags (list[str] | Unset): Up to 20 distinct tags of 1 to 50 characters.
    """

    name: str
    price_cents: int
    sku: str
    currency: str | Unset = "USD"
    description: None | str | Unset = UNSET
    stock: int | Unset = 0
    tags: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        price_cents = self.price_cents

        sku = self.sku

        currency = self.currency

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        stock = self.stock

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "price_cents": price_cents,
                "sku": sku,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency
        if description is not UNSET:
            field_dict["description"] = description
        if stock is not UNSET:
            field_dict["stock"] = stock
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        price_cents = d.pop("price_cents")

        sku = d.pop("sku")

        currency = d.pop("currency", UNSET)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        stock = d.pop("stock", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

        item_create = cls(
            name=name,
            price_cents=price_cents,
            sku=sku,
            currency=currency,
            description=description,
            stock=stock,
            tags=tags,
        )

        return item_create
