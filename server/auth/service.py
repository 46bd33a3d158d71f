"""Login: credential checks and per-account throttling of failures.

Failures are counted per normalised email (known or not) in a fixed window kept
in the database, so every server process sees the same counts.
"""

from __future__ import annotations

import hashlib
import math
from datetime import timedelta

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.auth.models import LoginFailure
from server.config import Settings
from server.db import Database, utcnow
from server.errors import TooManyRequests, Unauthorized
from server.security import Passwords
from server.users.models import User
from server.users.service import get_by_email

BAD_CREDENTIALS = "Incorrect email or password."


def _key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def check_throttle(session: Session, settings: Settings, email: str) -> None:
    """429 with Retry-After while the account has too many recent failures."""
    row = session.get(LoginFailure, _key(email))
    if row is None or row.failures < settings.login_max_failures:
        return
    window = timedelta(seconds=settings.login_failure_window_seconds)
    remaining = (row.window_started_at + window - utcnow()).total_seconds()
    if remaining > 0:
        raise TooManyRequests(
            "Too many failed logins for this account. Wait before trying again.",
            headers={"Retry-After": str(max(1, math.ceil(remaining)))},
        )


def record_failure(session: Session, settings: Settings, email: str) -> None:
    key, now = _key(email), utcnow()
    window_start = now - timedelta(seconds=settings.login_failure_window_seconds)
    # A window that has ended starts again; otherwise the count goes up by one.
    session.execute(
        update(LoginFailure)
        .where(LoginFailure.key == key, LoginFailure.window_started_at <= window_start)
        .values(failures=0, window_started_at=now)
    )
    result = session.execute(
        update(LoginFailure)
        .where(LoginFailure.key == key)
        .values(failures=LoginFailure.failures + 1)
    )
    if getattr(result, "rowcount", 0) == 0:
        try:
            with session.begin_nested():
                session.add(LoginFailure(key=key, failures=1, window_started_at=now))
        except IntegrityError:
            session.execute(
                update(LoginFailure)
                .where(LoginFailure.key == key)
                .values(failures=LoginFailure.failures + 1)
            )
    session.commit()


def authenticate(
    db: Database, settings: Settings, passwords: Passwords, email: str, password: str
) -> User:
    """The user these credentials belong to; 401 (same body either way) or 429.

    The slow hash check runs outside any transaction, so logins never hold the
    SQLite write lock while Argon2 works.
    """
    with db.read_sessions() as session:
        check_throttle(session, settings, email)
        user = get_by_email(session, email)
        had_failures = session.get(LoginFailure, _key(email)) is not None
    ok = passwords.verify(password, user.hashed_password if user is not None else None)
    if user is None or not ok or not user.is_active:
        with db.write_sessions() as session:
            record_failure(session, settings, email)
        raise Unauthorized(BAD_CREDENTIALS)
    if had_failures:
        with db.write_sessions() as session:
            session.execute(delete(LoginFailure).where(LoginFailure.key == _key(email)))
            session.commit()
    return user
