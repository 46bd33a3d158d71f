"""The data models of the API's inputs and outputs.

Fields that hold a secret (a password, a token) show as ``'<redacted>'`` in ``repr()``, so
printing or logging a ``Token`` or a ``LoginForm`` never reveals it; the attribute itself
holds the value.
"""

from typing import Any

from .field_error import FieldError
from .health import Health
from .item import Item
from .item_create import ItemCreate
from .item_page import ItemPage
from .item_sort import ItemSort
from .item_update import ItemUpdate
from .login_form import LoginForm
from .login_form_grant_type import LoginFormGrantType
from .problem import Problem
from .revoke_form import RevokeForm
from .revoke_form_token_type_hint import RevokeFormTokenTypeHint
from .token import Token
from .user import User
from .user_create import UserCreate
from .user_page import UserPage
from .user_update import UserUpdate

SECRET_FIELDS: dict[type, frozenset[str]] = {
    LoginForm: frozenset(["password", "refresh_token"]),
    RevokeForm: frozenset(["token"]),
    Token: frozenset(["access_token", "refresh_token"]),
    UserCreate: frozenset(["password"]),
    UserUpdate: frozenset(["current_password", "password"]),
}
"""The models with secret fields, and those fields."""


def _redacting_repr(self: Any) -> str:
    hidden = frozenset().union(*(SECRET_FIELDS.get(cls, ()) for cls in type(self).__mro__))
    shown = ", ".join(
        f"{name}={'<redacted>' if name in hidden else repr(value)}"
        for name, value in (
            (attribute.name, getattr(self, attribute.name))
            for attribute in type(self).__attrs_attrs__
            if attribute.repr
        )
    )
    return f"{type(self).__name__}({shown})"


for _model in SECRET_FIELDS:
    setattr(_model, "__repr__", _redacting_repr)

__all__ = (
    "FieldError",
    "Health",
    "Item",
    "ItemCreate",
    "ItemPage",
    "ItemSort",
    "ItemUpdate",
    "LoginForm",
    "LoginFormGrantType",
    "Problem",
    "RevokeForm",
    "RevokeFormTokenTypeHint",
    "Token",
    "User",
    "UserCreate",
    "UserPage",
    "UserUpdate",
)
