from typing import Literal

RevokeFormTokenTypeHint = Literal["access_token", "refresh_token"]

REVOKE_FORM_TOKEN_TYPE_HINT_VALUES: set[RevokeFormTokenTypeHint] = {
    "access_token",
    "refresh_token",
}


def check_revoke_form_token_type_hint(value: str) -> RevokeFormTokenTypeHint:
    if value in REVOKE_FORM_TOKEN_TYPE_HINT_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {REVOKE_FORM_TOKEN_TYPE_HINT_VALUES!r}"
    )
