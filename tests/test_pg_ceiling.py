"""``bench/pg_ceiling.py``'s pgbench scripts run as written on today's schema: each
inserts one item with its two tags, and the create's statement (copied from the items
repository) still writes nothing for a token of an ended session."""

from __future__ import annotations

import psycopg
import pytest

from bench import pg_ceiling
from server.main import create_app
from server.users import repository as users
from tests.support.databases import SECRET_KEY, PostgresDatabase, fast_settings

pytestmark = pytest.mark.postgres


def _counts(connection: psycopg.Connection) -> tuple[int, int]:
    items = connection.execute("SELECT count(*) FROM items").fetchone()
    tags = connection.execute("SELECT count(*) FROM item_tags").fetchone()
    assert items is not None
    assert tags is not None
    return items[0], tags[0]


def test_each_ceiling_script_inserts_one_item_with_its_tags(
    postgres_database: PostgresDatabase,
) -> None:
    url = postgres_database.empty()
    ctx = create_app(fast_settings(url), secret_key=SECRET_KEY).state.storefront
    owner = ctx.db.write_blocking(
        lambda connection: users.insert_user(
            connection, email="bench@example.com", hashed_password="x", full_name=None
        )
    )
    ctx.db.engine.dispose()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("UPDATE users SET session_version = 3 WHERE id = %s", (owner.id,))
        connection.execute("CREATE SEQUENCE IF NOT EXISTS bench_sku")
        scripts = {
            "one INSERT": (pg_ceiling.ONE_INSERT.format(owner=owner.id), (1, 0)),
            "create": (pg_ceiling.create_statement(owner.id, 3), (1, 2)),
            "five statements": (pg_ceiling.FIVE_STATEMENTS.format(owner=owner.id), (1, 2)),
        }
        for name, (script, (items, tags)) in scripts.items():
            before = _counts(connection)
            connection.execute(script)
            after = _counts(connection)
            assert (after[0] - before[0], after[1] - before[1]) == (items, tags), name
        # A session version the user no longer has: the statement inserts nothing.
        before = _counts(connection)
        connection.execute(pg_ceiling.create_statement(owner.id, 2))
        assert _counts(connection) == before
