"""Bulk loading through the synchronous engine: the demo catalog's million rows in seconds.

Not a request path: rows arrive already in the engine's stored form (``bind_time``,
``bind_json``), in batches of ``{table: rows}`` written in the order given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, Table

Batch = Mapping[Table, Sequence[Mapping[str, Any]]]


def load(engine: Engine, batches: Iterable[Batch]) -> None:
    if engine.dialect.name == "sqlite":
        _load_sqlite(engine, batches)
    else:
        _load_postgresql(engine, batches)


def _load_sqlite(engine: Engine, batches: Iterable[Batch]) -> None:
    """executemany on the driver's connection, one transaction per batch. Durability is
    relaxed only while loading (``synchronous=OFF``); the WAL is checkpointed and the
    configured level restored before returning."""
    pooled = engine.raw_connection()
    try:
        connection: Any = pooled.driver_connection
        (synchronous,) = connection.execute("PRAGMA synchronous").fetchone()
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-262144")  # 256 MiB while loading
        try:
            for batch in batches:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    for table, rows in batch.items():
                        if rows:
                            names = list(rows[0])
                            sql = (
                                f"INSERT INTO {table.name} ({', '.join(names)}) "  # noqa: S608
                                f"VALUES ({', '.join(':' + n for n in names)})"
                            )
                            connection.executemany(sql, rows)
                except BaseException:
                    connection.execute("ROLLBACK")
                    raise
                connection.execute("COMMIT")
        finally:
            connection.execute(f"PRAGMA synchronous={int(synchronous)}")
            connection.execute("PRAGMA cache_size=-2000")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        pooled.close()


def _load_postgresql(engine: Engine, batches: Iterable[Batch]) -> None:
    """COPY into each table in one transaction, then move id sequences past the rows."""
    pooled = engine.raw_connection()
    try:
        connection: Any = pooled.driver_connection
        tables: dict[str, Table] = {}
        with connection.cursor() as cursor:
            for batch in batches:
                for table, rows in batch.items():
                    if not rows:
                        continue
                    tables[table.name] = table
                    names = list(rows[0])
                    with cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row([row[name] for name in names])
            for name, table in tables.items():
                if "id" in table.c and table.c.id.autoincrement is not False:
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
                        f"(SELECT max(id) FROM {name}))"
                    )
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    finally:
        pooled.close()
