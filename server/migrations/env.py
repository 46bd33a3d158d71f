"""Alembic environment: runs against the engine the caller passes, or DATABASE_URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import server.models  # noqa: F401 - registers every table on Base.metadata
from server.config import get_settings
from server.db import Base, build_engine

config = context.config
target_metadata = Base.metadata


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_with(connection)
else:
    with build_engine(get_settings()).connect() as conn:
        run_with(conn)
