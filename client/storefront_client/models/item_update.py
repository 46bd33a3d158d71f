from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ItemUpdate")


@_attrs_define
class ItemUpdate:
    """The fields to change; omitted fields keep their values (only description takes null).

    Attributes:
        currency (str | Unset): ISO 4217 code, e.g. USD.
        description (None | str | Unset): Free text, up to 5000 characters; null for none.
        name (str | Unset): The name shown to shoppers: 1 to 200 characters.
        price_cents (int | Unset): Price in minor units of `currency` (cents): 1 to 1000000000.
        sku (str | Unset): Stock keeping unit: unique; A-Z, 0-9 and '-', 1 to 64 characters.
        stock (int | Unset): Units in stock: 0 or more.
        tags (list[str] | Unset): Up to 20 distinct tags of 1 to 50 characters.
    """

    currency: str | Unset = UNSET
    description: None | str | Unset = UNSET
    name: str | Unset = UNSET
    price_cents: int | Unset = UNSET
    sku: str | Unset = UNSET
    stock: int | Unset = UNSET
    tags: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        name = self.name

        price_cents = self.price_cents

        sku = self.sku

        stock = self.stock

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if currency is not UNSET:
            field_dict["currency"] = currency
        if description is not UNSET:
            field_dict["description"] = description
        if name is not UNSET:
            field_dict["name"] = name
        if price_cents is not UNSET:
            field_dict["price_cents"] = price_cents
        if sku is not UNSET:
            field_dict["sku"] = sku
        if stock is not UNSET:
            field_dict["stock"] = stock
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        currency = d.pop("currency", UNSET)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        name = d.pop("name", UNSET)

        price_cents = d.pop("price_cents", UNSET)

        sku = d.pop("sku", UNSET)

        stock = d.pop("stock", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

        item_update = cls(
            currency=currency,
            description=description,
            name=name,
            price_cents=price_cents,
            sku=sku,
            stock=stock,
            tags=tags,
        )

        return item_update
