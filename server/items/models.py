"""The items table and its tag index."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UTCDateTime


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (
        # One index per sort order, the id breaking ties (keyset pagination).
        Index("ix_items_created_at_id", "created_at", "id"),
        Index("ix_items_price_cents_id", "price_cents", "id"),
        Index("ix_items_name_id", "name", "id"),
        Index("ix_items_owner_id", "owner_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    price_cents: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    stock: Mapped[int] = mapped_column(Integer)
    # The tags as given (read with the row); item_tags indexes them for filtering.
    tags: Mapped[list[str]] = mapped_column(JSON)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ItemTag(Base):
    __tablename__ = "item_tags"
    __table_args__ = (Index("ix_item_tags_tag_item_id", "tag", "item_id"),)

    item_id: Mapped[int] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(50), primary_key=True)
