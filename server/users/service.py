"""Users: registration, profile changes, listing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.db import utcnow
from server.errors import Conflict
from server.pagination import decode_cursor, encode_cursor
from server.users.models import User

EMAIL_TAKEN = "A user with this email already exists. Log in, or register with another email."


def email_taken(session: Session, email: str) -> bool:
    return session.scalar(select(User.id).where(User.email == email)) is not None


def create_user(
    session: Session,
    *,
    email: str,
    hashed_password: str,
    full_name: str | None,
    is_superuser: bool = False,
) -> User:
    """Add a user (flushed, not committed); 409 when the email is taken."""
    if email_taken(session, email):
        raise Conflict(EMAIL_TAKEN)
    user = User(
        email=email,
        hashed_password=hashed_password,
        full_name=full_name,
        is_active=True,
        is_superuser=is_superuser,
        created_at=utcnow(),
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(EMAIL_TAKEN) from None
    return user


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
