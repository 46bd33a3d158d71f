"""Every statement on ``items`` and ``item_tags``, and the codec of their rows.

Rows go from the driver straight to the ``Item`` JSON (``item_json``): the same bytes
``Item.model_validate(row).model_dump_json()`` gives (tests/items/test_repository.py holds
them to it on both engines). Reads select the columns in the response model's field
order, so a row is zipped with the field names and only tags and timestamps need
converting. PostgreSQL writes the timestamps as text in the API's format (``to_char``):
decoding a ``timestamptz`` costs asyncpg a third of its work on a page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import cache
from typing import Any, cast

import orjson
from sqlalchemy import (
    ARRAY,
    JSON,
    ColumnElement,
    Integer,
    String,
    Table,
    any_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    literal_column,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy import (
    cast as sql_cast,
)

from server.db import (
    Batch,
    Connection,
    Dialect,
    Row,
    Statement,
    UniqueViolation,
    UTCDateTime,
    bind_json,
    bind_time,
    utcnow,
)
from server.errors import Conflict
from server.items.models import Item as ItemTable
from server.items.models import ItemTag
from server.items.schemas import Item, ItemSort
from server.users.repository import active_user_id, may_act

ITEMS = cast(Table, ItemTable.__table__)
TAGS = cast(Table, ItemTag.__table__)
SKU_CONSTRAINT = "uq_items_sku"
SKU_TAKEN = "An item with this sku already exists. Choose another sku."
# Ids are 32-bit INTEGER columns: a larger id names no item (and PostgreSQL would refuse
# to even compare it with one: integer out of range).
MAX_ITEM_ID = 2**31 - 1

# The response model's fields, in its order: what every read and RETURNING selects.
FIELDS = tuple(Item.model_fields)
_TIMES = ("created_at", "updated_at")
_WRITTEN = tuple(name for name in FIELDS if name != "id")
_JSON_OPTIONS = orjson.OPT_UTC_Z

Record = dict[str, Any]


# -- codec ----------------------------------------------------------------------------


def _rfc3339(column: Any, name: str) -> ColumnElement[Any]:
    """PostgreSQL renders the timestamp as pydantic does (RFC 3339, UTC, ``Z``, six
    fraction digits or none)."""
    text = func.to_char(
        func.timezone(literal_column("'UTC'"), column),
        literal_column("""'YYYY-MM-DD"T"HH24:MI:SS.US'"""),
    )
    whole = func.replace(text, literal_column("'.000000'"), literal_column("''"))
    return func.concat(whole, literal_column("'Z'")).label(name)


@cache
def columns(dialect: Dialect) -> tuple[ColumnElement[Any], ...]:
    """What a read selects: the ``Item`` fields, in order, as the codec wants them."""
    if dialect == "sqlite":
        return tuple(ITEMS.c[name] for name in FIELDS)
    return tuple(_rfc3339(ITEMS.c[n], n) if n in _TIMES else ITEMS.c[n] for n in FIELDS)


def _sqlite_time(value: str) -> Any:
    """SQLite's stored ``YYYY-MM-DD HH:MM:SS.ffffff`` as the API writes it; whole
    seconds lose their fraction, as pydantic writes them."""
    if len(value) == 26 and value[10] == " ":
        if value.endswith(".000000"):
            return f"{value[:10]}T{value[11:19]}Z"
        return f"{value[:10]}T{value[11:]}Z"
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _build_codec(dialect: Dialect) -> Callable[[Iterable[Row]], list[Record]]:
    """One list comprehension turning rows into ``Item`` dicts, each field's conversion
    written inline (a call per field was a third of the work on a page of 50).

    It is generated from the response model's fields and the columns' types, so a new
    column needs nothing here: JSON columns are decoded, and on SQLite the stored
    timestamp text is rewritten as the API writes it (the common case inline, the rest by
    ``_sqlite_time``); PostgreSQL's reads render timestamps already (``columns``).
    """
    parts = []
    first_time: int | None = None  # a later equal timestamp reuses its text (``t``)
    for n, name in enumerate(FIELDS):
        value = f"row[{n}]"
        column_type = ITEMS.c[name].type
        if isinstance(column_type, JSON):
            value = f"loads({value})"
        elif isinstance(column_type, UTCDateTime) and dialect == "sqlite":
            text = (
                f"(f'{{{value}[:10]}}T{{{value}[11:]}}Z' if len({value}) == 26 "
                f"and {value}[19:] != '.000000' else sqlite_time({value}))"
            )
            if first_time is None:
                first_time, value = n, f"(t := {text})"
            else:  # an item never updated: the same text, converted once
                value = f"(t if {value} == row[{first_time}] else {text})"
        parts.append(f"{name!r}: {value}")
    source = f"def records(rows):\n    return [{{{', '.join(parts)}}} for row in rows]\n"
    namespace: dict[str, Any] = {"loads": orjson.loads, "sqlite_time": _sqlite_time}
    exec(compile(source, f"<items codec: {dialect}>", "exec"), namespace)  # noqa: S102
    codec: Callable[[Iterable[Row]], list[Record]] = namespace["records"]
    return codec


_CODECS = {dialect: _build_codec(dialect) for dialect in ("sqlite", "postgresql")}


def records(dialect: Dialect, rows: Iterable[Row]) -> list[Record]:
    """Rows selected with ``columns(dialect)`` as JSON-ready ``Item`` dicts."""
    return _CODECS[dialect](rows)


def item_json(record: Record) -> bytes:
    return orjson.dumps(record, option=_JSON_OPTIONS)


def page_json(items: list[Record], next_cursor: str | None) -> bytes:
    return orjson.dumps({"items": items, "next_cursor": next_cursor}, option=_JSON_OPTIONS)


# -- statements -----------------------------------------------------------------------

_GET = Statement(
    lambda d: select(*columns(d)).where(ITEMS.c.id == bindparam("id")),
    # Concurrent gets on PostgreSQL: one SELECT for all their ids.
    batch=Batch(
        Statement(
            lambda d: select(*columns(d)).where(
                ITEMS.c.id == any_(sql_cast(bindparam("id"), ARRAY(Integer())))
            )
        ),
        key="id",
    ),
)
_EXISTS = Statement(lambda _: select(exists().where(ITEMS.c.id == bindparam("id"))))


def _insert_statement(dialect: Dialect) -> Any:
    """The item's INSERT, on its owner's behalf: it inserts nothing when the owner may
    not act (the users' rule, ``active_user_id``), so the check costs no statement of
    its own. On PostgreSQL its tag rows go in the same statement (a data-modifying CTE):
    a create is one round trip, atomic without BEGIN and COMMIT."""
    owner = active_user_id(bindparam("owner_id"), bindparam("session_version")).subquery("owner")

    def value(name: str) -> Any:
        if name == "owner_id":
            return owner.c.id
        if dialect == "sqlite":
            return bindparam(name)  # SQLite types values itself (a CAST would convert them)
        # PostgreSQL types a value in a SELECT list from the value, not the column.
        return sql_cast(bindparam(name), ITEMS.c[name].type)

    item = (
        insert(ITEMS)
        .from_select(list(_WRITTEN), select(*(value(name) for name in _WRITTEN)))
        .returning(*columns(dialect))
    )
    if dialect == "sqlite":
        return item
    inserted = item.cte("item")
    tags = insert(TAGS).from_select(
        ["item_id", "tag"],
        select(inserted.c.id, func.unnest(sql_cast(bindparam("tag_list"), ARRAY(String())))),
    )
    return select(*(inserted.c[name] for name in FIELDS)).add_cte(tags.cte("tags"))


def _insert_batch(dialect: Dialect) -> Any:
    """``_insert_statement`` for several items at once (PostgreSQL, ``Batch``): each
    parameter is the list of the items' values, each item's owner checked by the same
    rule, each item's tag rows taken from its stored tags."""
    names = (*_WRITTEN, "session_version")
    types = {**{name: ITEMS.c[name].type for name in _WRITTEN}, "session_version": Integer()}
    given = (
        func.unnest(*(sql_cast(bindparam(name), ARRAY(types[name])) for name in names))
        .table_valued(*names)
        .render_derived()
    )
    item = (
        insert(ITEMS)
        .from_select(
            list(_WRITTEN),
            select(*(given.c[name] for name in _WRITTEN)).where(
                *may_act(given.c.owner_id, given.c.session_version)
            ),
        )
        .returning(*columns(dialect))
        .cte("item")
    )
    tags = insert(TAGS).from_select(
        ["item_id", "tag"], select(item.c.id, func.json_array_elements_text(item.c.tags))
    )
    return select(*(item.c[name] for name in FIELDS)).add_cte(tags.cte("tags"))


_INSERT = Statement(_insert_statement, batch=Batch(Statement(_insert_batch), key="sku"))
_INSERT_TAG = Statement(
    lambda _: insert(TAGS).values(item_id=bindparam("item_id"), tag=bindparam("tag"))
)
_DELETE_TAGS = Statement(lambda _: delete(TAGS).where(TAGS.c.item_id == bindparam("item_id")))


def _versions_clause(versions: int | None) -> list[ColumnElement[bool]]:
    condition: list[ColumnElement[bool]] = [ITEMS.c.id == bindparam("id")]
    if versions is not None:
        condition.append(ITEMS.c.version.in_([bindparam(f"v{n}") for n in range(versions)]))
    return condition


@cache
def _update(changed: frozenset[str], versions: int | None) -> Statement:
    values: dict[str, Any] = {name: bindparam(name) for name in sorted(changed)}
    values.update(version=ITEMS.c.version + literal_column("1"), updated_at=bindparam("updated_at"))
    return Statement(
        lambda d: (
            update(ITEMS).where(*_versions_clause(versions)).values(values).returning(*columns(d))
        )
    )


@cache
def _delete(versions: int | None) -> Statement:
    return Statement(lambda _: delete(ITEMS).where(*_versions_clause(versions)))


# sort -> (column, descending, cursor key type)
SORTS: dict[ItemSort, tuple[Any, bool, type]] = {
    ItemSort.created_at: (ITEMS.c.created_at, False, str),
    ItemSort.created_at_desc: (ITEMS.c.created_at, True, str),
    ItemSort.price_cents: (ITEMS.c.price_cents, False, int),
    ItemSort.price_cents_desc: (ITEMS.c.price_cents, True, int),
    ItemSort.name: (ITEMS.c.name, False, str),
}


@cache
def _page(
    sort: ItemSort, *, q: bool, tag: bool, min_price: bool, max_price: bool, after: bool
) -> Statement:
    column, descending, _ = SORTS[sort]
    conditions: list[ColumnElement[bool]] = []
    if q:
        pattern: Any = bindparam("q")
        conditions.append(
            or_(
                ITEMS.c.name.ilike(pattern, escape="\\"),
                ITEMS.c.description.ilike(pattern, escape="\\"),
            )
        )
    if tag:
        conditions.append(
            exists().where(TAGS.c.item_id == ITEMS.c.id, TAGS.c.tag == bindparam("tag"))
        )
    if min_price:
        conditions.append(ITEMS.c.price_cents >= bindparam("min_price"))
    if max_price:
        conditions.append(ITEMS.c.price_cents <= bindparam("max_price"))
    if after:
        row_key = tuple_(column, ITEMS.c.id)
        bound = tuple_(bindparam("after", type_=column.type), bindparam("after_id"))
        conditions.append(row_key < bound if descending else row_key > bound)
    order = (column.desc(), ITEMS.c.id.desc()) if descending else (column.asc(), ITEMS.c.id.asc())
    return Statement(
        lambda d: (
            select(*columns(d))
            .where(*conditions)
            .order_by(*order)
            .limit(bindparam("limit"))
            # An explicit OFFSET 0: SQLite's compiler would otherwise add a bound one.
            .offset(literal_column("0"))
        )
    )


# -- operations -----------------------------------------------------------------------


async def get(connection: Connection, item_id: int) -> Record | None:
    if not 1 <= item_id <= MAX_ITEM_ID:
        return None
    row = await connection.one(_GET, {"id": item_id})
    return None if row is None else records(connection.dialect, (row,))[0]


async def exists_(connection: Connection, item_id: int) -> bool:
    row = await connection.one(_EXISTS, {"id": item_id})
    return row is not None and bool(row[0])


def _bind(fields: dict[str, Any]) -> dict[str, Any]:
    """Field values as the driver takes them (tags as JSON text)."""
    if "tags" in fields:
        fields["tags"] = bind_json(fields["tags"])
    return fields


async def _written(
    connection: Connection, statement: Statement, params: dict[str, Any]
) -> Row | None:
    """The row an INSERT or UPDATE returns; 409 when its sku is another item's."""
    try:
        return await connection.one(statement, params)
    except UniqueViolation as exc:
        if exc.constraint == SKU_CONSTRAINT:
            raise Conflict(SKU_TAKEN) from None
        raise


async def _write_tags(connection: Connection, item_id: int, tags: list[str]) -> None:
    # item_tags indexes the tags for filtering; the item row keeps them as given.
    if tags:
        await connection.run_many(_INSERT_TAG, [{"item_id": item_id, "tag": t} for t in tags])


async def insert_item(
    connection: Connection, *, owner_id: int, session_version: int, fields: dict[str, Any]
) -> Record | None:
    """Add an item with its tag rows, owned by ``owner_id`` if a token of theirs with
    ``session_version`` may act (the users' rule); None when not (nothing is written).
    409 when the sku is taken. On PostgreSQL this is one statement (``_insert_statement``)."""
    dialect = connection.dialect
    now = bind_time(dialect, utcnow())
    tags = fields["tags"]
    params = _bind(dict(fields))
    params.update(
        owner_id=owner_id,
        session_version=session_version,
        version=1,
        created_at=now,
        updated_at=now,
    )
    if dialect == "postgresql":
        params["tag_list"] = tags
    row = await _written(connection, _INSERT, params)
    if row is None:
        return None
    record = records(dialect, (row,))[0]
    if dialect == "sqlite":
        await _write_tags(connection, record["id"], tags)
    return record


async def update_item(
    connection: Connection, item_id: int, changes: dict[str, Any], *, versions: list[int] | None
) -> Record | None:
    """Apply ``changes`` in one conditional UPDATE (``version IN versions``); None when
    no row matched (gone, or its version moved on). 409 when the new sku is taken."""
    dialect = connection.dialect
    statement = _update(frozenset(changes), None if versions is None else len(versions))
    params = _bind(dict(changes))
    params.update({f"v{n}": v for n, v in enumerate(versions or ())})
    params.update(id=item_id, updated_at=bind_time(dialect, utcnow()))
    row = await _written(connection, statement, params)
    if row is None:
        return None
    if "tags" in changes:
        await connection.run(_DELETE_TAGS, {"item_id": item_id})
        await _write_tags(connection, item_id, changes["tags"])
    return records(dialect, (row,))[0]


async def delete_item(connection: Connection, item_id: int, *, versions: list[int] | None) -> bool:
    """Delete the item if its version is one of ``versions``; whether a row went."""
    params: dict[str, Any] = {"id": item_id}
    params.update({f"v{n}": v for n, v in enumerate(versions or ())})
    statement = _delete(None if versions is None else len(versions))
    return await connection.run(statement, params) > 0


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def page(
    connection: Connection,
    *,
    sort: ItemSort,
    limit: int,
    after: tuple[Any, int] | None,
    q: str | None,
    tag: str | None,
    min_price_cents: int | None,
    max_price_cents: int | None,
) -> list[Record]:
    """Up to ``limit`` items in ``sort`` order after the key ``after`` (ties by id)."""
    params: dict[str, Any] = {"limit": limit}
    if q:
        params["q"] = like_pattern(q)
    if tag is not None:
        params["tag"] = tag
    if min_price_cents is not None:
        params["min_price"] = min_price_cents
    if max_price_cents is not None:
        params["max_price"] = max_price_cents
    if after is not None:
        key, after_id = after
        if isinstance(key, datetime):
            key = bind_time(connection.dialect, key)
        params["after"], params["after_id"] = key, after_id
    statement = _page(
        sort,
        q=bool(q),
        tag=tag is not None,
        min_price=min_price_cents is not None,
        max_price=max_price_cents is not None,
        after=after is not None,
    )
    return records(connection.dialect, await connection.all(statement, params))
