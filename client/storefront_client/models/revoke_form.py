from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.revoke_form_token_type_hint import (
    RevokeFormTokenTypeHint,
    check_revoke_form_token_type_hint,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="RevokeForm")


@_attrs_define
class RevokeForm:
    """
    Attributes:
        token (str): An access or refresh token of the session to end.
        token_type_hint (RevokeFormTokenTypeHint | Unset): Which kind `token` is; either is recognised without it.
    """

    token: str
    token_type_hint: RevokeFormTokenTypeHint | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        token_type_hint: str | Unset = UNSET
        if not isinstance(self.token_type_hint, Unset):
            token_type_hint = self.token_type_hint

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "token": token,
            }
        )
        if token_type_hint is not UNSET:
            field_dict["token_type_hint"] = token_type_hint

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        token = d.pop("token")

        _token_type_hint = d.pop("token_type_hint", UNSET)
        token_type_hint: RevokeFormTokenTypeHint | Unset
        if isinstance(_token_type_hint, Unset):
            token_type_hint = UNSET
        else:
            token_type_hint = check_revoke_form_token_type_hint(_token_type_hint)

        revoke_form = cls(
            token=token,
            token_type_hint=token_type_hint,
        )

        revoke_form.additional_properties = d
        return revoke_form

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
