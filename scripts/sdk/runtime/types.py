"""Shared types: the ``UNSET`` marker, file uploads, responses and pagers."""

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, Any, BinaryIO, Generic, Literal, Protocol, TypeVar

import httpx
from attrs import define


class Unset:
    """The type of ``UNSET``: an argument or field that was not given (not even None)."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Unset = Unset()


class NotGiven:
    """The type of ``NOT_GIVEN``: the default of an argument that must not be given as
    ``UNSET`` or None by mistake (``if_match``: leaving it out is the only way to write
    without a precondition)."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: NotGiven = NotGiven()


class Versioned(Protocol):
    """What ``if_match=`` takes besides an ETag string: a model with a ``version`` (an
    ``Item`` from ``get``, ``create``, ``update`` or a list page)."""

    @property
    def version(self) -> int: ...


def etag(value: str | Versioned) -> str:
    """The ETag for ``If-Match``: a string as it is, or the strong tag of a model's
    ``version`` (``"3"`` for version 3), exactly as the server builds the ``ETag`` header."""
    if isinstance(value, str):
        return value
    version = value.version
    if isinstance(version, bool) or not isinstance(version, int):
        raise TypeError(f"if_match: {type(value).__name__}.version is not an int: {version!r}")
    return f'"{version}"'


def precondition(value: str | Versioned | NotGiven, *, name: str = "if_match") -> str | Unset:
    """The ``If-Match`` to send: UNSET only when the argument was left out.

    ``UNSET``, None or an empty string would silently turn a conditional write into an
    unconditional one (an ``APIResponse.etag`` of a response without the header is
    ``UNSET``), so they raise ``ValueError``; leave the argument out to write without one.
    """
    if isinstance(value, NotGiven):
        return UNSET
    given: object = value
    if given is None or isinstance(given, Unset) or given == "":
        raise ValueError(
            f"{name}={given!r} would send no precondition and overwrite whatever is there: "
            f"pass an ETag or the item you read (its version), or leave {name} out to write "
            "unconditionally"
        )
    return etag(value)


M = TypeVar("M")


def build_body(
    model: Callable[..., M],
    body: M | None,
    fields: Mapping[str, Any],
    *,
    required: tuple[str, ...] = (),
    operation: str = "",
) -> M:
    """The request body of a resource method: ``body=`` as it is, or the model built from
    the fields given as keyword arguments (``UNSET``: not given). Both at once, or a
    required field missing without ``body=``, is a ``TypeError``."""
    given = {name: value for name, value in fields.items() if not isinstance(value, Unset)}
    if body is not None:
        if given:
            raise TypeError(
                f"{operation}(): pass body= or the fields as keyword arguments, not both "
                f"(got body= and {', '.join(sorted(given))})"
            )
        return body
    missing = [name for name in required if name not in given]
    if missing:
        raise TypeError(f"{operation}() missing required keyword argument(s): {', '.join(missing)}")
    return model(**given)


# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


def http_status(code: int) -> HTTPStatus | int:
    """The HTTPStatus member for a registered code, else the plain int (e.g. a proxy's 520)."""
    try:
        return HTTPStatus(code)
    except ValueError:
        return code


@define
class Response(Generic[T]):
    """A response from an endpoint (``*_detailed()``): any status, never raised"""

    status_code: HTTPStatus | int
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


class APIResponse(Generic[T]):
    """A successful answer with its HTTP details, from ``client.<tag>.with_raw_response``.

    ``parse()`` is the operation's success model (typed: no ``isinstance`` needed);
    ``etag`` and ``request_id`` are the headers most callers want. An error status raised
    its typed exception before you got here, as the plain methods do.
    """

    def __init__(self, http_response: httpx.Response, parsed: T) -> None:
        self.http_response = http_response
        self._parsed = parsed

    def parse(self) -> T:
        """The success model (``None`` for an operation that answers 204)."""
        return self._parsed

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def etag(self) -> str | Unset:
        """The ``ETag`` header: pass it as ``if_match=`` to a conditional write.

        Every response about one item carries one; ``UNSET`` when the response has none.
        """
        value: str | None = self.http_response.headers.get("etag")
        return UNSET if value is None else value

    @property
    def request_id(self) -> str | None:
        """The ``X-Request-ID`` header, to quote in a support request."""
        value: str | None = self.http_response.headers.get("x-request-id")
        return value

    @property
    def content(self) -> bytes:
        return self.http_response.content

    def __repr__(self) -> str:
        request = self.http_response.request
        return f"<APIResponse [{self.status_code}] {request.method} {request.url}>"


@define(frozen=True)
class Page(Generic[T]):
    """One page of a cursor-paginated list.

    ``cursor`` fetched it (None: the first page); ``next_cursor`` fetches the next one
    (None: this is the last). Save ``next_cursor`` to resume later with ``cursor=``.
    """

    items: list[T]
    cursor: str | None
    next_cursor: str | None


class RepeatedCursorError(RuntimeError):
    """A page's ``next_cursor`` was one the pager had already followed: following it
    again would loop forever (a proxy or mock answering the same page)."""

    def __init__(self, cursor: str) -> None:
        super().__init__(
            f"the API returned next_cursor {cursor!r} again: stopping instead of looping "
            "(is something between you and the API answering the same page?)"
        )
        self.cursor = cursor


def _next(page: Page[T], seen: set[str | None]) -> str | None:
    """The cursor to follow after ``page`` (None: done); raises on a repeated one."""
    cursor = page.next_cursor
    if cursor is None:
        return None
    if cursor in seen:
        raise RepeatedCursorError(cursor)
    seen.add(cursor)
    return cursor


class SyncPager(Generic[T]):
    """Every item of a cursor-paginated list, one request per page as you iterate.

    ``for item in pager`` yields the items; ``for page in pager.pages()`` yields the
    :class:`Page` objects (with their cursors). Nothing is fetched until you iterate;
    each page is one call, with its retries and typed errors.
    """

    def __init__(self, fetch: Callable[[str | None], Page[T]], cursor: str | None) -> None:
        self._fetch = fetch
        self.cursor = cursor
        """Where iteration starts (None: the first page)."""

    def pages(self) -> Iterator[Page[T]]:
        """Every page in turn; :class:`RepeatedCursorError` if a cursor comes back."""
        cursor = self.cursor
        seen: set[str | None] = {cursor}
        while True:
            page = self._fetch(cursor)
            yield page
            cursor = _next(page, seen)
            if cursor is None:
                return

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items


class AsyncPager(Generic[T]):
    """The async twin of :class:`SyncPager`: ``async for item in pager``, ``pager.pages()``."""

    def __init__(
        self, fetch: Callable[[str | None], Awaitable[Page[T]]], cursor: str | None
    ) -> None:
        self._fetch = fetch
        self.cursor = cursor
        """Where iteration starts (None: the first page)."""

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Every page in turn; :class:`RepeatedCursorError` if a cursor comes back."""
        cursor = self.cursor
        seen: set[str | None] = {cursor}
        while True:
            page = await self._fetch(cursor)
            yield page
            cursor = _next(page, seen)
            if cursor is None:
                return

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item


__all__ = [
    "NOT_GIVEN",
    "UNSET",
    "APIResponse",
    "AsyncPager",
    "File",
    "FileTypes",
    "NotGiven",
    "Page",
    "RepeatedCursorError",
    "RequestFiles",
    "Response",
    "SyncPager",
    "Unset",
    "Versioned",
    "build_body",
    "etag",
    "http_status",
    "precondition",
]
