"""Attempts per client address, shared by every server process through the database."""

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
