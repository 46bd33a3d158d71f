"""The catalog's hot reads as direct statements (``server.direct``): get one, list a page.

Rows come back as driver tuples and are serialised straight to the ``Item`` JSON
(``item_json``): the same bytes ``Item.model_validate(row).model_dump_json()`` gives,
which tests/test_items_queries.py checks for generated items on both engines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, cast

import orjson
from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    bindparam,
    exists,
    func,
    insert,
    literal_column,
    or_,
    select,
    tuple_,
)

from server.db import utcnow
from server.direct import Direct, aware_time
from server.errors import Conflict, NotFound, Unprocessable
from server.items.models import ITEM_COLUMNS, Item, ItemTag
from server.items.schemas import ItemCreate, ItemSort
from server.items.service import MAX_ITEM_ID, SKU_TAKEN
from server.pagination import decode_cursor, encode_cursor

ITEMS = cast(Table, Item.__table__)
COLUMNS = tuple(ITEMS.c)  # in ITEM_COLUMNS order, which Codec.item unpacks
_ID = ITEM_COLUMNS.index("id")

_JSON_OPTIONS = orjson.OPT_UTC_Z


def _tags(value: Any) -> Any:
    return orjson.loads(value) if isinstance(value, str | bytes) else value


def _sqlite_time_text(value: str) -> Any:
    """SQLite's stored ``YYYY-MM-DD HH:MM:SS.ffffff`` as the API writes it (RFC 3339, Z):
    what pydantic makes of the datetime, without building one (a page holds 100)."""
    if len(value) == 26 and value[10] == " ":
        if value.endswith(".000000"):
            return f"{value[:10]}T{value[11:19]}Z"
        return f"{value[:10]}T{value[11:]}Z"
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _pg_time(value: Any) -> Any:
    # Reads bring the text already (``_rfc3339``); a write's RETURNING brings a datetime.
    return value if type(value) is str else aware_time(value)


def _rfc3339(column: Any, name: str) -> ColumnElement[Any]:
    """PostgreSQL writes the timestamp as pydantic does (RFC 3339, UTC, ``Z``, six
    fraction digits or none): the driver then reads plain text, where decoding a
    datetime costs ~1 µs (a third of the client's work on a page of 50)."""
    text = func.to_char(
        func.timezone(literal_column("'UTC'"), column),
        literal_column("""'YYYY-MM-DD"T"HH24:MI:SS.US'"""),
    )
    whole = func.replace(text, literal_column("'.000000'"), literal_column("''"))
    return func.concat(whole, literal_column("'Z'")).label(name)


def read_columns(direct: Direct) -> tuple[ColumnElement[Any], ...]:
    """The items columns a read selects, in ``ITEM_COLUMNS`` order."""
    if direct.is_sqlite:
        return COLUMNS
    return tuple(
        _rfc3339(c, c.name) if c.name in ("created_at", "updated_at") else c for c in COLUMNS
    )


class Codec:
    """Turns one engine's driver rows into ``Item`` dicts ready for ``item_json``.

    One loop per engine with the conversions written inline: a page is 50 rows, and a
    function call per field was a third of the work. An item never updated has
    ``updated_at == created_at``, converted once.
    """

    def __init__(self, direct: Direct) -> None:
        self.items: Callable[[Iterable[Any]], list[dict[str, Any]]] = (
            _sqlite_items if direct.is_sqlite else _postgres_items
        )

    def item(self, row: Any) -> dict[str, Any]:
        return self.items((row,))[0]


def _sqlite_items(rows: Iterable[Any]) -> list[dict[str, Any]]:
    items = []
    loads = orjson.loads
    for (
        id_,
        sku,
        name,
        description,
        price_cents,
        currency,
        stock,
        tags,
        owner_id,
        version,
        created_at,
        updated_at,
    ) in rows:
        # Stored as ``YYYY-MM-DD HH:MM:SS.ffffff``; whole seconds lose their fraction.
        created = (
            f"{created_at[:10]}T{created_at[11:]}Z"
            if len(created_at) == 26 and created_at[10] == " " and created_at[19:] != ".000000"
            else _sqlite_time_text(created_at)
        )
        items.append(
            {
                "id": id_,
                "sku": sku,
                "name": name,
                "description": description,
                "price_cents": price_cents,
                "currency": currency,
                "stock": stock,
                "tags": loads(tags),
                "owner_id": owner_id,
                "version": version,
                "created_at": created,
                "updated_at": created
                if updated_at == created_at
                else _sqlite_time_text(updated_at),
            }
        )
    return items


def _postgres_items(rows: Iterable[Any]) -> list[dict[str, Any]]:
    items = []
    for (
        id_,
        sku,
        name,
        description,
        price_cents,
        currency,
        stock,
        tags,
        owner_id,
        version,
        created_at,
        updated_at,
    ) in rows:
        created = _pg_time(created_at)
        items.append(
            {
                "id": id_,
                "sku": sku,
                "name": name,
                "description": description,
                "price_cents": price_cents,
                "currency": currency,
                "stock": stock,
                "tags": _tags(tags),
                "owner_id": owner_id,
                "version": version,
                "created_at": created,
                "updated_at": created if updated_at == created_at else _pg_time(updated_at),
            }
        )
    return items


def item_json(item: dict[str, Any]) -> bytes:
    return orjson.dumps(item, option=_JSON_OPTIONS)


def codec(direct: Direct) -> Codec:
    return direct.memo(Codec, Codec)


# -- get ------------------------------------------------------------------------------


def _get_statement(columns: tuple[ColumnElement[Any], ...]) -> Select[Any]:
    return select(*columns).where(ITEMS.c.id == bindparam("id"))


async def get_item(direct: Direct, item_id: int) -> dict[str, Any]:
    """The item as a JSON-ready dict; 404 when there is none."""
    row = None
    if 1 <= item_id <= MAX_ITEM_ID:
        sql = direct.sql("items.get", lambda: _get_statement(read_columns(direct)))
        row = await direct.fetch_one(sql, {"id": item_id})
    if row is None:
        raise NotFound(f"No item with id {item_id}.")
    return codec(direct).item(row)


# -- create ---------------------------------------------------------------------------

_INSERTED = tuple(c.name for c in COLUMNS if c.name != "id")


def _insert_statement(returning: bool) -> Any:
    values: dict[str, Any] = {name: bindparam(name) for name in _INSERTED}
    statement = insert(ITEMS).values(values)
    return statement.returning(*COLUMNS) if returning else statement


def _insert_tags_statement() -> Any:
    return insert(cast(Table, ItemTag.__table__)).values(
        item_id=bindparam("item_id"), tag=bindparam("tag")
    )


def insert_item(
    direct: Direct, connection: Any, *, owner_id: int, data: ItemCreate
) -> dict[str, Any]:
    """Add an item and its tag index rows in the caller's transaction; 409 on a taken sku."""
    now = direct.binder(ITEMS.c.created_at)(utcnow())
    params = data.model_dump()
    params.update(
        tags=direct.binder(ITEMS.c.tags)(data.tags),
        owner_id=owner_id,
        version=1,
        created_at=now,
        updated_at=now,
    )
    # SQLite stores the bound values as given: the row is them and the new id (RETURNING
    # costs SQLite ~6 µs of a ~45 µs insert). PostgreSQL gives its row back.
    sqlite = direct.is_sqlite
    sql = direct.sql("items.insert", lambda: _insert_statement(returning=not sqlite))
    try:
        cursor = connection.execute(sql, params)
        row = (
            (cursor.lastrowid, *(params[name] for name in _INSERTED))
            if sqlite
            else cursor.fetchone()
        )
    except direct.dbapi.IntegrityError as exc:
        if "sku" in str(exc):
            raise Conflict(SKU_TAKEN) from None
        raise
    if data.tags:
        sql = direct.sql("items.insert_tags", _insert_tags_statement)
        cursor = connection.cursor()
        cursor.executemany(sql, [{"item_id": row[_ID], "tag": tag} for tag in data.tags])
    return codec(direct).item(row)


# -- list -----------------------------------------------------------------------------

# sort -> (column, descending, cursor key type)
SORTS: dict[ItemSort, tuple[Any, bool, type]] = {
    ItemSort.created_at: (ITEMS.c.created_at, False, str),
    ItemSort.created_at_desc: (ITEMS.c.created_at, True, str),
    ItemSort.price_cents: (ITEMS.c.price_cents, False, int),
    ItemSort.price_cents_desc: (ITEMS.c.price_cents, True, int),
    ItemSort.name: (ITEMS.c.name, False, str),
}


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _list_statement(
    columns: tuple[ColumnElement[Any], ...],
    sort: ItemSort,
    *,
    q: bool,
    tag: bool,
    min_price: bool,
    max_price: bool,
    after: bool,
) -> Select[Any]:
    column, descending, _ = SORTS[sort]
    query = select(*columns)
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
            exists().where(ItemTag.item_id == ITEMS.c.id, ItemTag.tag == bindparam("tag"))
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
    # An explicit OFFSET 0: SQLite's compiler would otherwise add a bound one of its own.
    page = query.where(*conditions).order_by(*order).limit(bindparam("limit"))
    return page.offset(literal_column("0"))


def _cursor_key(item: dict[str, Any], column: Any) -> Any:
    # created_at is ISO text either way (a datetime, or SQLite's already formatted).
    value = item[column.name]
    return value.isoformat() if isinstance(value, datetime) else value


async def list_items(
    direct: Direct,
    *,
    sort: ItemSort,
    limit: int,
    cursor: str | None,
    q: str | None = None,
    tag: str | None = None,
    min_price_cents: int | None = None,
    max_price_cents: int | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """One page in ``sort`` order, ties broken by id; the cursor is the last row's key."""
    if (
        min_price_cents is not None
        and max_price_cents is not None
        and (min_price_cents > max_price_cents)
    ):
        raise Unprocessable(
            "min_price_cents is greater than max_price_cents; swap them.",
            loc=["query", "min_price_cents"],
            type_="range_invalid",
        )
    column, _, key_type = SORTS[sort]
    rows_codec = codec(direct)
    params: dict[str, Any] = {"limit": limit + 1}
    if q:
        params["q"] = like_pattern(q)
    if tag is not None:
        params["tag"] = tag
    if min_price_cents is not None:
        params["min_price"] = min_price_cents
    if max_price_cents is not None:
        params["max_price"] = max_price_cents
    if cursor is not None:
        after, after_id = decode_cursor(cursor, sort.value, (key_type, int))
        if column is ITEMS.c.created_at:
            try:
                after = direct.binder(ITEMS.c.created_at)(datetime.fromisoformat(after))
            except ValueError:
                raise Unprocessable(
                    "The cursor is not valid. Pass the next_cursor of a previous page unchanged.",
                    loc=["query", "cursor"],
                    type_="cursor_invalid",
                ) from None
        params["after"], params["after_id"] = after, after_id
    shape = (bool(q), tag is not None, min_price_cents is not None, max_price_cents is not None)
    after_given = cursor is not None
    sql = direct.sql(
        ("items.list", sort, *shape, after_given),
        lambda: _list_statement(
            read_columns(direct),
            sort,
            q=shape[0],
            tag=shape[1],
            min_price=shape[2],
            max_price=shape[3],
            after=after_given,
        ),
    )
    rows = await direct.fetch_all(sql, params)
    items = rows_codec.items(rows[:limit])
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = encode_cursor(sort.value, [_cursor_key(last, column), last["id"]])
    return items, next_cursor


def page_json(items: list[dict[str, Any]], next_cursor: str | None) -> bytes:
    return orjson.dumps({"items": items, "next_cursor": next_cursor}, option=_JSON_OPTIONS)
