"""Users: registration, profile changes, listing."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.orm import Session

from server.db import utcnow
from server.direct import Direct
from server.errors import Conflict
from server.pagination import decode_cursor, encode_cursor
from server.users.models import User

USERS = cast(Table, User.__table__)

EMAIL_TAKEN = "A user with this email already exists. Log in, or register with another email."


_PUBLIC = ("id", "email", "full_name", "is_active", "is_superuser", "created_at")


def _insert_statement() -> Any:
    names = ("email", "hashed_password", "full_name", "is_active", "is_superuser", "created_at")
    values: dict[str, Any] = {name: bindparam(name) for name in names}
    return insert(USERS).values(values).returning(*(USERS.c[name] for name in _PUBLIC))


def insert_user(
    direct: Direct,
    connection: Any,
    *,
    email: str,
    hashed_password: str,
    full_name: str | None,
    is_superuser: bool = False,
) -> dict[str, Any]:
    """Add a user in the caller's transaction (``Direct.write``); 409 when the email is taken.

    Returns the stored user's public fields (no password hash).
    """
    params = {
        "email": email,
        "hashed_password": hashed_password,
        "full_name": full_name,
        "is_active": True,
        "is_superuser": is_superuser,
        "created_at": direct.binder(USERS.c.created_at)(utcnow()),
    }
    try:
        row = connection.execute(direct.sql("users.insert", _insert_statement), params)
        row = row.fetchone()
    except direct.dbapi.IntegrityError as exc:
        if "email" in str(exc):
            raise Conflict(EMAIL_TAKEN) from None
        raise
    user = dict(zip(_PUBLIC, row, strict=True))
    user["created_at"] = direct.read_time(user["created_at"])
    return user


def _active_statement() -> Any:
    return select(USERS.c.is_active).where(USERS.c.id == bindparam("id"))


def is_active(direct: Direct, connection: Any, user_id: int) -> bool:
    """Whether ``user_id`` names an active user (a direct statement, see server.direct)."""
    sql = direct.sql("users.is_active", _active_statement)
    row = connection.execute(sql, {"id": user_id}).fetchone()
    return row is not None and bool(row[0])


def get_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == email.lower())).first()


def list_users(
    session: Session, *, limit: int, cursor: str | None
) -> tuple[list[User], str | None]:
    query = select(User).order_by(User.id).limit(limit + 1)
    if cursor is not None:
        (after,) = decode_cursor(cursor, "id", (int,))
        query = query.where(User.id > after)
    users = list(session.scalars(query))
    next_cursor = encode_cursor("id", [users[limit - 1].id]) if len(users) > limit else None
    return users[:limit], next_cursor
