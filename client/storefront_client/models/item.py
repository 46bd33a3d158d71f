from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Item")


@_attrs_define
class Item:
    """An item of the catalog.

    Attributes:
        created_at (datetime.datetime): When the item was created (RFC 3339, UTC).
        currency (str): ISO 4217 code, e.g. USD.
        description (None | str): Free text; null for none.
        id (int): The item's id, assigned by the server.
        name (str): The name shown to shoppers.
        owner_id (int): The id of the user who created the item.
        price_cents (int): Price in minor units of `currency` (cents).
        sku (str): Stock keeping unit, unique in the catalog.
        stock (int): Units in stock.
        tags (list[str]): Distinct tags; `tag=` filters the list by one.
        updated_at (datetime.datetime): When the item last changed (RFC 3339, UTC).
        version (int): Goes up by one on every change; the ETag is built from it (`"<version>"`), so an item you read is
            enough for a later If-Match.
    """

    created_at: datetime.datetime
    currency: str
    description: None | str
    id: int
    name: str
    owner_id: int
    price_cents: int
    sku: str
    stock: int
    tags: list[str]
    updated_at: datetime.datetime
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        currency = self.currency

        description: None | str
        description = self.description

        id = self.id

        name = self.name

        owner_id = self.owner_id

        price_cents = self.price_cents

        sku = self.sku

        stock = self.stock

        tags = self.tags

        updated_at = self.updated_at.isoformat()

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "currency": currency,
                "description": description,
                "id": id,
                "name": name,
                "owner_id": owner_id,
                "price_cents": price_cents,
                "sku": sku,
                "stock": stock,
                "tags": tags,
                "updated_at": updated_at,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        id = d.pop("id")

        name = d.pop("name")

        owner_id = d.pop("owner_id")

        price_cents = d.pop("price_cents")

        sku = d.pop("sku")

        stock = d.pop("stock")

        tags = cast(list[str], d.pop("tags"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        item = cls(
            created_at=created_at,
            currency=currency,
            description=description,
            id=id,
            name=name,
            owner_id=owner_id,
            price_cents=price_cents,
            sku=sku,
            stock=stock,
            tags=tags,
            updated_at=updated_at,
            version=version,
        )

        item.additional_properties = d
        return item

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
