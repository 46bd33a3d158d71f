"""Refresh-token families, shared by every server process through the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UTCDateTime


class RefreshFamily(Base):
    """One login's chain of refresh tokens (RFC 6749 section 6, rotated on every use).

    Only the newest generation may be redeemed; presenting an older one means two parties
    hold the chain, so the family (and the user's sessions) is revoked.
    """

    __tablename__ = "refresh_families"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    generation: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
