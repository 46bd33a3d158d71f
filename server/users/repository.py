"""Every statement on ``users``. The password hash leaves this module only for login."""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    bindparam,
    insert,
    literal_column,
    select,
    true,
    update,
)

from server.db import (
    Connection,
    Dialect,
    Row,
    Statement,
    UniqueViolation,
    bind_time,
    read_time,
    utcnow,
)
from server.errors import Conflict
from server.users.models import User as UserTable
from server.users.schemas import User

USERS = cast(Table, UserTable.__table__)
EMAIL_CONSTRAINT = "uq_users_email"


EMAIL_TAKEN = "A user with this email already exists. Log in, or register with another email."


# Every read returns the public fields, in the ``User`` model's order (never the hash).
PUBLIC = tuple(USERS.c[name] for name in User.model_fields)


def _user(row: Row) -> User:
    # The stored values are the model's already: built without validating them again.
    return User.model_construct(
        id=row[0],
        email=row[1],
        full_name=row[2],
        is_active=bool(row[3]),
        is_superuser=bool(row[4]),
        created_at=read_time(row[5]),
    )


_INSERT = Statement(
    lambda _: (
        insert(USERS)
        .values(
            {
                name: bindparam(name)
                for name in (
                    "email",
                    "hashed_password",
                    "full_name",
                    "is_active",
                    "is_superuser",
                    "created_at",
                    "session_version",
                )
            }
        )
        .returning(*PUBLIC)
    )
)


def may_act(
    user_id: ColumnElement[int], session_version: ColumnElement[int]
) -> list[ColumnElement[bool]]:
    """Who may act with a token naming ``user_id`` and ``session_version``: the user exists,
    is active, and has not ended the token's session since it was issued (a password
    change, a logout, a deactivation or an administrator's revocation moves the version on).

    The one place this rule is written. Every check of a token's user uses it: the read
    before a write (``get_active``) and the writes that check their caller inside their
    own statement (``active_user_id``, e.g. the items' single-statement insert), so the
    revocation check costs no round trip of its own.
    """
    return [
        USERS.c.id == user_id,
        USERS.c.is_active.is_(true()),
        USERS.c.session_version == session_version,
    ]


def active_user_id(
    user_id: ColumnElement[int], session_version: ColumnElement[int]
) -> Select[tuple[int]]:
    """``SELECT id FROM users WHERE <may_act>``: no row when the caller may not act, for
    a statement that writes only on the caller's behalf to select from."""
    return select(USERS.c.id).where(*may_act(user_id, session_version))


_GET_ACTIVE = Statement(
    lambda _: select(*PUBLIC).where(*may_act(bindparam("id"), bindparam("session_version")))
)
# The user and their current session version (the refresh grant and revocation read it).
_GET_SESSION = Statement(
    lambda _: select(*PUBLIC, USERS.c.session_version).where(USERS.c.id == bindparam("id"))
)
# The user, their password hash and session version (``_credentials`` reads a row).
_WITH_CREDENTIALS = (*PUBLIC, USERS.c.hashed_password, USERS.c.session_version)
_LOGIN = Statement(lambda _: select(*_WITH_CREDENTIALS).where(USERS.c.email == bindparam("email")))
_CREDENTIALS = Statement(lambda _: select(*_WITH_CREDENTIALS).where(USERS.c.id == bindparam("id")))
_BY_EMAIL = Statement(lambda _: select(*PUBLIC).where(USERS.c.email == bindparam("email")))
_PAGE = Statement(
    lambda _: (
        select(*PUBLIC)
        .where(USERS.c.id > bindparam("after"))
        .order_by(USERS.c.id)
        .limit(bindparam("limit"))
        .offset(literal_column("0"))
    )
)


@cache
def _update(columns: frozenset[str], end_sessions: bool) -> Statement:
    def build(_: Dialect) -> Any:
        values: dict[str, Any] = {name: bindparam(name) for name in sorted(columns)}
        if end_sessions:
            values["session_version"] = USERS.c.session_version + literal_column("1")
        return (
            update(USERS)
            .where(USERS.c.id == bindparam("id"))
            .values(values)
            .returning(*PUBLIC, USERS.c.session_version)
        )

    return Statement(build)


async def insert_user(
    connection: Connection,
    *,
    email: str,
    hashed_password: str,
    full_name: str | None,
    is_superuser: bool = False,
) -> User:
    """Add a user; 409 when the email is registered already."""
    params = {
        "email": email,
        "hashed_password": hashed_password,
        "full_name": full_name,
        "is_active": True,
        "is_superuser": is_superuser,
        "created_at": bind_time(connection.dialect, utcnow()),
        "session_version": 0,
    }
    try:
        row = await connection.one(_INSERT, params)
    except UniqueViolation as exc:
        if exc.constraint == EMAIL_CONSTRAINT:
            raise Conflict(EMAIL_TAKEN) from None
        raise
    assert row is not None
    return _user(row)


async def get_active(connection: Connection, user_id: int, session_version: int) -> User | None:
    """The user, when a token of theirs with this session version may act (``may_act``);
    None otherwise."""
    row = await connection.one(_GET_ACTIVE, {"id": user_id, "session_version": session_version})
    return None if row is None else _user(row)


async def get_session(connection: Connection, user_id: int) -> tuple[User, int] | None:
    """The user and their current session version."""
    row = await connection.one(_GET_SESSION, {"id": user_id})
    return None if row is None else (_user(row), int(row[6]))


async def get_by_email(connection: Connection, email: str) -> User | None:
    row = await connection.one(_BY_EMAIL, {"email": email})
    return None if row is None else _user(row)


async def get_for_login(connection: Connection, email: str) -> tuple[User, str, int] | None:
    """The user with this (normalised) email, their password hash and session version."""
    return _credentials(await connection.one(_LOGIN, {"email": email}))


async def get_credentials(connection: Connection, user_id: int) -> tuple[User, str, int] | None:
    """The user, their password hash and session version (a password change checks it)."""
    return _credentials(await connection.one(_CREDENTIALS, {"id": user_id}))


def _credentials(row: Row | None) -> tuple[User, str, int] | None:
    return None if row is None else (_user(row), str(row[6]), int(row[7]))


async def update_user(
    connection: Connection,
    user_id: int,
    changes: dict[str, Any],
    *,
    end_sessions: bool = False,
) -> tuple[User, int] | None:
    """Set the given columns (``full_name``, ``hashed_password``, ``is_active``); with
    ``end_sessions`` also move the session version on, so every token issued before is
    refused from the next request on. The user and the (new) version; None when no such
    user."""
    statement = _update(frozenset(changes), end_sessions)
    row = await connection.one(statement, {"id": user_id, **changes})
    return None if row is None else (_user(row), int(row[6]))


async def page(connection: Connection, *, after: int, limit: int) -> list[User]:
    """Up to ``limit`` users with ids above ``after``, by id."""
    return [_user(row) for row in await connection.all(_PAGE, {"after": after, "limit": limit})]
