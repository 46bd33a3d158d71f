"""Every table, imported in one place for Alembic and the CLI."""

from server.auth.models import RefreshFamily
from server.idempotency.models import IdempotencyRecord
from server.items.models import Item, ItemTag
from server.throttle.models import ClientAttempt, LoginFailure
from server.users.models import User

__all__ = [
    "ClientAttempt",
    "IdempotencyRecord",
    "Item",
    "ItemTag",
    "LoginFailure",
    "RefreshFamily",
    "User",
]
