"""Every table, imported in one place for Alembic and the CLI."""

from server.auth.models import LoginFailure
from server.idempotency.models import IdempotencyRecord
from server.items.models import Item, ItemTag
from server.users.models import User

__all__ = ["IdempotencyRecord", "Item", "ItemTag", "LoginFailure", "User"]
