"""Attempts per client address, and failed logins per account and per account and client,
shared by every server process through the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UTCDateTime


class ClientAttempt(Base):
    __tablename__ = "client_attempts"

    # HMAC-SHA256 of the client's address under the server's key: the table never holds
    # an address that could be read back.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LoginFailure(Base):
    __tablename__ = "login_failures"

    # sha256 of the normalised email (the account's ceiling), or an HMAC of the email and
    # the client address under the server's key (the account-and-client limit): unknown
    # emails count the same way, and no address can be read back.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime)
