from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="UserUpdate")


@_attrs_define
class UserUpdate:
    """Fields to change; omitted fields are left as they are (only full_name takes null).

    Attributes:
        current_password (str | Unset): Your password now: required to set a new one.
        full_name (None | str | Unset): How the user is addressed: 1 to 200 characters; null for none.
        password (str | Unset): 8 to 128 characters, any Unicode (passphrases welcome). Refused: common or breached
            passwords, repeated characters or keyboard runs, and passwords containing your email.
    """

    current_password: str | Unset = UNSET
    full_name: None | str | Unset = UNSET
    password: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        current_password = self.current_password

        full_name: None | str | Unset
        if isinstance(self.full_name, Unset):
            full_name = UNSET
        else:
            full_name = self.full_name

        password = self.password

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if current_password is not UNSET:
            field_dict["current_password"] = current_password
        if full_name is not UNSET:
            field_dict["full_name"] = full_name
        if password is not UNSET:
            field_dict["password"] = password

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        current_password = d.pop("current_password", UNSET)

        def _parse_full_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        full_name = _parse_full_name(d.pop("full_name", UNSET))

        password = d.pop("password", UNSET)

        user_update = cls(
            current_password=current_password,
            full_name=full_name,
            password=password,
        )

        return user_update
