from typing import Literal

LoginFormGrantType = Literal["password", "refresh_token"]

LOGIN_FORM_GRANT_TYPE_VALUES: set[LoginFormGrantType] = {
    "password",
    "refresh_token",
}


def check_login_form_grant_type(value: str) -> LoginFormGrantType:
    if value in LOGIN_FORM_GRANT_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LOGIN_FORM_GRANT_TYPE_VALUES!r}")
