"""Contains all the data models used in inputs/outputs"""

from .field_error import FieldError
from .health import Health
from .item import Item
from .item_create import ItemCreate
from .item_page import ItemPage
from .item_sort import ItemSort
from .item_update import ItemUpdate
from .login_form import LoginForm
from .problem import Problem
from .token import Token
from .user import User
from .user_create import UserCreate
from .user_page import UserPage
from .user_update import UserUpdate

__all__ = (
    "FieldError",
    "Health",
    "Item",
    "ItemCreate",
    "ItemPage",
    "ItemSort",
    "ItemUpdate",
    "LoginForm",
    "Problem",
    "Token",
    "User",
    "UserCreate",
    "UserPage",
    "UserUpdate",
)
