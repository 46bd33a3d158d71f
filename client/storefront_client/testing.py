"""Test code that uses the SDK without a server: a stateful in-memory fake of the API.

::

    from storefront_client.testing import FakeServer

    def test_reprice() -> None:
        fake = FakeServer()
        owner = fake.add_user("ann@example.com", "a-long-passphrase")
        item = fake.add_item(owner, sku="MUG-1", name="Mug", price_cents=900)
        with fake.client(token=fake.token_for(owner)) as client:
            fake.fail_next(503, retry_after=2)          # retried, no real sleeping
            assert client.items.update(item["id"], price_cents=990).price_cents == 990
        assert fake.sleeps == [2.0]
        assert [r.method for r in fake.requests] == ["PATCH", "PATCH"]

:class:`FakeServer` keeps users, sessions, items (with versions and ``ETag``), idempotency
keys, and answers as the API does: 401/403/404/409/412/422 problem details, keyset
cursors with the filters and sort orders of ``list_items``, ``If-Match`` and
``If-None-Match``, idempotent replay. The SDK's scenario suite runs on it as a driver, so
what it models answers like the server; what it does not model (throttling, the hashing
bound, 413, a database outage, the JWT inside a token) is listed in the repository's
scenario conftest.

Sessions as the server keeps them: ``login`` answers an access token and a refresh token
(opaque strings here, JWTs on the server); ``grant_type=refresh_token`` rotates the pair,
and a refresh token redeemed twice revokes its family and ends the user's sessions;
``revoke_token`` (logout), a password change (which needs ``current_password``), and a
superuser's ``deactivate_user`` / ``reactivate_user`` / ``revoke_user_sessions`` move the
user's session version on, so every earlier token gets 401. Token and ``/me`` answers carry
``Cache-Control: no-store``; emails compare after NFKC normalisation and case folding.

The password policy is the server's (8 characters or more; not one repeated character or
a keyboard or number run; not containing the email or the part before the @; not a common
password, even with digits or symbols around it), with the same one-sentence refusals, but
the fake knows only the few dozen most common passwords: the server refuses some 30,000,
so a password the fake accepts may still be refused there (never the other way round).
:meth:`FakeServer.add_user` sets state directly and applies no policy.

``fake.client()`` / ``fake.async_client()`` are a :class:`~storefront_client.Storefront`
/ ``AsyncStorefront`` bound to it whose retries record their delays in ``fake.sleeps``
instead of sleeping. ``fake.requests`` records every request; ``fail_next``,
``drop_next`` and ``time_out_next`` inject faults into the next matching request.
:func:`make_item`, :func:`make_user` and :func:`make_problem` build the JSON the API
sends, for tests that mock at the HTTP level (respx...).
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import secrets
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

import httpx

if TYPE_CHECKING:
    from .api import AsyncStorefront, Storefront

__all__ = [
    "BASE_URL",
    "FakeServer",
    "Fault",
    "make_item",
    "make_problem",
    "make_user",
]

BASE_URL = "http://storefront.test"
PROBLEM_TYPE_BASE = "https://storefront.example/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"
JSON = dict[str, Any]
_SKU = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,63}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ITEM_PATH = re.compile(r"^/v1/items/([^/]+)$")
_SORTS = ("created_at", "-created_at", "price_cents", "-price_cents", "name")
_ADMIN_PATH = re.compile(r"^/v1/users/([^/]+)/(deactivate|reactivate|revoke-sessions)$")
ACCESS_TOKEN_LIFETIME = 900
"""``expires_in`` of the fake's access tokens (the server's default); they do not expire."""

# The server's messages (server/users/service.py, server/auth/service.py).
AUTHENTICATION_REQUIRED = "Authentication required: send `Authorization: Bearer <token>`."
REJECTED_BEARER = "The access token is invalid, expired or revoked. Log in again for a new one."
BAD_CREDENTIALS = "Incorrect email or password."
BAD_REFRESH = (
    "The refresh token is invalid, expired, revoked or used already. Log in again with "
    "your password."
)
NEEDS_CURRENT = "current_password is required to set a new password."
CURRENT_MISMATCH = "current_password is not your password."
CURRENT_UNEXPECTED = "current_password is only needed with a new password."
ONLY_SUPERUSERS = "Only superusers may do this."
NOT_YOURSELF = (
    "You cannot deactivate yourself: another superuser must (so one always remains able to)."
)
NO_STORE = {"Cache-Control": "no-store"}

# The password policy (server/users/policy.py), with its sentences.
TOO_SHORT = "The password must be at least 8 characters long."
COMMON = "This password is too common (it is in lists of breached passwords): choose another."
SEQUENCE = "This password is one repeated character or a keyboard or number run: choose another."
CONTAINS_EMAIL = "The password must not contain your email address or the part before the @."
# The most common passwords of breach corpora: a few dozen of the server's 30,000.
COMMON_PASSWORDS = frozenset(
    """123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123
    baseball abc123 football monkey letmein shadow master 696969 mustang 666666 qwertyuiop
    123321 1234567890 superman 654321 1qaz2wsx 7777777 qazwsx jordan 123qwe 000000 killer
    trustno1 hunter harley zxcvbnm asdfgh buster batman soccer tigger charlie sunshine
    iloveyou ranger hockey computer starwars pepper 112233 freedom princess maggie pass
    ginger 11111111 summer secret welcome hello passw0rd admin qwerty123 password1""".split()  # noqa: SIM905
)
_RUNS = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")


def normalise_email(email: str) -> str:
    """The form emails are stored and compared in: NFKC, then case-folded."""
    return unicodedata.normalize("NFKC", email).casefold()


def _is_run(text: str) -> bool:
    return len(set(text)) == 1 or any(text in run or text in run[::-1] for run in _RUNS)


def password_refusal(password: str, email: str | None = None) -> str | None:
    """Why the policy refuses ``password`` (the server's sentence), or None. The fake's
    list of common passwords is a small part of the server's (see the module docstring)."""
    password = unicodedata.normalize("NFKC", password)
    if len(password) < 8:
        return TOO_SHORT
    folded = password.casefold()
    core = folded.strip(" 0123456789!@#$%^&*()-_=+.,?")
    if folded in COMMON_PASSWORDS or folded.strip() in COMMON_PASSWORDS or core in COMMON_PASSWORDS:
        return COMMON
    if _is_run(folded) or (len(core) >= 4 and _is_run(core)):
        return SEQUENCE
    if email:
        address = normalise_email(email)
        name = address.split("@", 1)[0]
        if address in folded or (len(name) >= 4 and name in folded):
            return CONTAINS_EMAIL
    return None


_PHRASES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Content Too Large",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
_SLUGS = {422: "validation-error"}


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def make_problem(
    status: int,
    detail: str = "",
    *,
    instance: str | None = None,
    errors: list[JSON] | None = None,
    request_id: str | None = None,
) -> JSON:
    """An RFC 9457 problem body as the API writes it (``errors`` for a 422)."""
    title = _PHRASES.get(status, "Error")
    body: JSON = {
        "type": PROBLEM_TYPE_BASE + _SLUGS.get(status, title.lower().replace(" ", "-")),
        "title": title,
        "status": status,
        "detail": detail or title,
    }
    if instance is not None:
        body["instance"] = instance
    if request_id is not None:
        body["request_id"] = request_id
    if errors is not None:
        body["errors"] = errors
    return body


_ids = itertools.count(1)


def make_item(**overrides: Any) -> JSON:
    """An item's JSON as the API sends it (every field; override any)."""
    now = _now()
    item: JSON = {
        "id": next(_ids),
        "sku": "SKU-1",
        "name": "Blue shirt",
        "description": None,
        "price_cents": 2500,
        "currency": "USD",
        "stock": 0,
        "tags": [],
        "owner_id": 1,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    item.update(overrides)
    return item


def make_user(**overrides: Any) -> JSON:
    """A user's public JSON as the API sends it (override any field)."""
    user: JSON = {
        "id": next(_ids),
        "email": "user@example.com",
        "full_name": None,
        "is_active": True,
        "is_superuser": False,
        "created_at": _now(),
    }
    user.update(overrides)
    return user


@dataclass
class Fault:
    """A fault waiting for the next request that matches ``method`` and ``path`` (None:
    any). ``status`` answers with a problem (and ``Retry-After``); ``error`` raises an
    httpx transport error instead (a dropped connection, a timeout); ``action`` runs
    first and the request is then answered as usual (another client's write, say)."""

    method: str | None
    path: str | None
    status: int | None = None
    retry_after: float | None = None
    error: type[httpx.TransportError] | None = None
    times: int = 1
    action: Callable[[], object] | None = None
    """Run before the request is answered as usual (``before_next``)."""

    def matches(self, request: httpx.Request) -> bool:
        """Whether ``request`` is one this fault waits for."""
        return (self.method is None or request.method == self.method.upper()) and (
            self.path is None or request.url.path == self.path
        )


class _Refused(Exception):
    def __init__(self, status: int, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.detail, self.extra = status, detail, extra


def _invalid(loc: list[Any], msg: str, type_: str = "value_error") -> _Refused:
    return _Refused(
        422, "The request is invalid.", errors=[{"loc": loc, "msg": msg, "type": type_}]
    )


def _unprocessable(loc: list[Any], msg: str, type_: str) -> _Refused:
    """A 422 a service finds (not the request model): its one error's ``msg`` is the detail."""
    return _Refused(422, msg, errors=[{"loc": loc, "msg": msg, "type": type_}])


@dataclass
class _User:
    id: int
    email: str
    password: str
    full_name: str | None
    is_superuser: bool
    created_at: str
    is_active: bool = True
    session_version: int = 0
    """Moved on when the user's sessions end: tokens of an older version are refused."""

    def public(self) -> JSON:
        return {
            "id": self.id,
            "email": self.email,
            "full_name": self.full_name,
            "is_active": self.is_active,
            "is_superuser": self.is_superuser,
            "created_at": self.created_at,
        }


@dataclass
class _Refresh:
    """What the server's refresh-token JWT carries (the fake's token is opaque)."""

    user_id: int
    version: int
    family: int
    generation: int


@dataclass
class _Family:
    """A login's chain of refresh tokens: only the newest generation may be redeemed."""

    newest: int = 0
    revoked: bool = False


def _form(request: httpx.Request) -> dict[str, str]:
    pairs = parse_qs(request.content.decode(), keep_blank_values=True)
    return {k: v[0] for k, v in pairs.items()}


def _check_form(form: Mapping[str, str], limits: Mapping[str, int]) -> None:
    """422 for a form field of ``limits`` sent empty, too long or with NUL."""
    for name, longest in limits.items():
        value = form.get(name)
        if value is not None and not (1 <= len(value) <= longest and "\x00" not in value):
            raise _invalid(["body", name], f"1 to {longest} printable characters")


def _missing(name: str) -> _Refused:
    return _invalid(["body", name], "Field required", "missing")


_ITEM_FIELDS = ("sku", "name", "description", "price_cents", "currency", "stock", "tags")


def _check_item(body: Any, *, partial: bool) -> JSON:
    """The validated fields of an ``ItemCreate`` (``partial``: ``ItemUpdate``)."""
    if not isinstance(body, dict):
        raise _invalid(["body"], "Input should be a valid dictionary", "dict_type")
    errors: list[JSON] = []

    def bad(name: str, msg: str, type_: str = "value_error") -> None:
        errors.append({"loc": ["body", name], "msg": msg, "type": type_})

    for name in body:
        if name not in _ITEM_FIELDS:
            bad(name, "Extra inputs are not permitted", "extra_forbidden")
    if not partial:
        for name in ("sku", "name", "price_cents"):
            if name not in body:
                bad(name, "Field required", "missing")
    for name, value in body.items():
        if name not in _ITEM_FIELDS:
            continue
        if value is None and name != "description":
            bad(name, "Input should not be null", "type_error")
        elif name == "sku" and not (isinstance(value, str) and _SKU.fullmatch(value)):
            bad(name, "String should match pattern", "string_pattern_mismatch")
        elif name == "name" and not (
            isinstance(value, str) and 1 <= len(value) <= 200 and "\x00" not in value
        ):
            bad(name, "String should have 1 to 200 printable characters", "string_type")
        elif (
            name == "description"
            and value is not None
            and not (isinstance(value, str) and len(value) <= 5000 and "\x00" not in value)
        ):
            bad(name, "String should have at most 5000 characters", "string_too_long")
        elif name == "price_cents" and not (type(value) is int and 1 <= value <= 1_000_000_000):
            bad(name, "Input should be an integer from 1 to 1000000000", "int_type")
        elif name == "stock" and not (type(value) is int and value >= 0):
            bad(name, "Input should be an integer of at least 0", "int_type")
        elif name == "currency" and not (
            isinstance(value, str) and re.fullmatch(r"[A-Z]{3}", value)
        ):
            bad(name, "Input should be an ISO 4217 code", "string_pattern_mismatch")
        elif name == "tags":
            wrong = [
                index
                for index, tag in enumerate(value if isinstance(value, list) else [])
                if not (isinstance(tag, str) and 1 <= len(tag) <= 50 and "\x00" not in tag)
            ]
            for index in wrong:
                errors.append(
                    {
                        "loc": ["body", name, index],
                        "msg": "A tag has 1 to 50 characters",
                        "type": "string_type",
                    }
                )
            if not wrong and not (
                isinstance(value, list)
                and len(value) <= 20
                and len(set(map(str, value))) == len(value)
            ):
                bad(name, "Up to 20 distinct tags of 1 to 50 characters", "value_error")
    if errors:
        raise _Refused(422, "The request is invalid.", errors=errors)
    return dict(body)


def _valid_text(value: Any, shortest: int, longest: int) -> bool:
    return isinstance(value, str) and shortest <= len(value) <= longest and "\x00" not in value


def _encode_cursor(sort: str, key: list[Any]) -> str:
    raw = json.dumps({"s": sort, "k": key}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _decode_cursor(cursor: str, sort: str) -> list[Any]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        cursor_sort, key = data["s"], list(data["k"])
    except (ValueError, KeyError, TypeError) as error:
        raise _invalid(["query", "cursor"], "Invalid cursor", "cursor_invalid") from error
    if cursor_sort != sort:
        raise _invalid(
            ["query", "cursor"],
            f"This cursor belongs to sort={cursor_sort}: start again without it",
            "cursor_sort_mismatch",
        )
    return key


def _sort_key(sort: str, item: JSON) -> list[Any]:
    field_name = sort.lstrip("-")
    return [item[field_name], item["id"]]


def _after(sort: str, key: list[Any], position: list[Any]) -> bool:
    if sort.startswith("-"):
        return (key[0], key[1]) < (position[0], position[1])
    return (key[0], key[1]) > (position[0], position[1])


class FakeServer:
    """A stateful in-memory fake of the Storefront API (see the module's docstring)."""

    def __init__(self, *, base_url: str = BASE_URL) -> None:
        self.base_url = base_url
        self.requests: list[httpx.Request] = []
        """Every request received, in order (faulted ones too)."""
        self.sleeps: list[float] = []
        """The delays the clients of :meth:`client` / :meth:`async_client` waited."""
        self.faults: list[Fault] = []
        self._users: dict[int, _User] = {}
        self._tokens: dict[str, tuple[int, int]] = {}
        """Access token -> (user id, the session version it was issued under)."""
        self._refresh_tokens: dict[str, _Refresh] = {}
        self._families: dict[int, _Family] = {}
        self._items: dict[int, JSON] = {}
        self._replays: dict[tuple[int | None, str, str], tuple[str, httpx.Response]] = {}
        self._ids = itertools.count(1)
        self._request_ids = itertools.count(1)

    # -- state ---------------------------------------------------------------------
    def add_user(
        self,
        email: str,
        password: str,
        *,
        full_name: str | None = None,
        is_superuser: bool = False,
    ) -> JSON:
        """Register a user directly (a superuser too: the API has no endpoint for that).
        No password policy applies here."""
        email = normalise_email(email)
        user = _User(next(self._ids), email, password, full_name, is_superuser, _now())
        self._users[user.id] = user
        return user.public()

    def token_for(self, user: Mapping[str, Any]) -> str:
        """A valid bearer token for ``user`` (what ``login`` would answer), of a session
        that has no refresh token."""
        token = secrets.token_urlsafe(24)
        found = self._users[int(user["id"])]
        self._tokens[token] = (found.id, found.session_version)
        return token

    def end_sessions(self, user: Mapping[str, Any]) -> None:
        """End every session of ``user`` (their access and refresh tokens get 401 from
        now), as a logout, a password change or a superuser's revocation does."""
        self._users[int(user["id"])].session_version += 1

    def _start_session(self, user: _User) -> JSON:
        family = next(self._ids)
        self._families[family] = _Family()
        return self._token_answer(user.id, user.session_version, family, 0)

    def _token_answer(self, user_id: int, version: int, family: int, generation: int) -> JSON:
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(32)
        self._tokens[access] = (user_id, version)
        self._refresh_tokens[refresh] = _Refresh(user_id, version, family, generation)
        return {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": ACCESS_TOKEN_LIFETIME,
            "refresh_token": refresh,
        }

    def add_item(self, owner: Mapping[str, Any], **fields: Any) -> JSON:
        """Create an item owned by ``owner`` directly (fields as in ``ItemCreate``)."""
        body = {"sku": f"SKU-{next(self._ids)}", "name": "Item", "price_cents": 100}
        body.update(fields)
        return dict(self._create_item(int(owner["id"]), _check_item(body, partial=False)))

    @property
    def items(self) -> list[JSON]:
        """Every item, oldest first (copies)."""
        return [dict(i) for i in self._items.values()]

    # -- faults --------------------------------------------------------------------
    def fail_next(
        self,
        status: int,
        *,
        method: str | None = None,
        path: str | None = None,
        retry_after: float | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` matching requests with ``status`` (a problem body),
        with ``Retry-After: retry_after`` when given."""
        self.faults.append(Fault(method, path, status, retry_after, times=times))

    def drop_next(
        self, *, method: str | None = None, path: str | None = None, times: int = 1
    ) -> None:
        """Break the connection of the next matching request (no answer)."""
        self.faults.append(Fault(method, path, error=httpx.RemoteProtocolError, times=times))

    def time_out_next(
        self, *, method: str | None = None, path: str | None = None, times: int = 1
    ) -> None:
        """Let the next matching request time out waiting for the answer."""
        self.faults.append(Fault(method, path, error=httpx.ReadTimeout, times=times))

    def before_next(
        self,
        action: Callable[[], object],
        *,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        """Run ``action`` just before the next matching request is answered: another
        client's change landing between your read and your write, for instance
        (``lambda: fake.update_item(item_id, price_cents=1)``)."""
        self.faults.append(Fault(method, path, action=action))

    def update_item(self, item_id: int, **fields: Any) -> JSON:
        """Change an item directly, as another client would (its version goes up)."""
        item = self._items[item_id]
        item.update(_check_item(fields, partial=True))
        item["version"] += 1
        item["updated_at"] = _now()
        return dict(item)

    # -- clients -------------------------------------------------------------------
    def transport(self) -> httpx.MockTransport:
        """An httpx transport (sync and async) answering from this fake."""
        return httpx.MockTransport(self.handle)

    def _sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    async def _async_sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    def client(self, *, token: str | None = None, **options: Any) -> Storefront:
        """A ``Storefront`` bound to this fake (``options``: ``max_retries``, ``timeout``,
        ``headers``...); its retries do not sleep but record the delay in :attr:`sleeps`."""
        from .api import Storefront

        return Storefront(
            base_url=self.base_url,
            token=token,
            transport=self.transport(),
            sleep=self._sleep,
            **options,
        )

    def async_client(self, *, token: str | None = None, **options: Any) -> AsyncStorefront:
        """The ``AsyncStorefront`` twin of :meth:`client`."""
        from .api import AsyncStorefront

        return AsyncStorefront(
            base_url=self.base_url,
            token=token,
            transport=self.transport(),
            sleep=self._async_sleep,
            **options,
        )

    # -- the API -------------------------------------------------------------------
    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request (the transport's handler)."""
        self.requests.append(request)
        request_id = request.headers.get("x-request-id") or f"fake-{next(self._request_ids)}"
        for fault in self.faults:
            if fault.matches(request):
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                if fault.action is not None:
                    fault.action()
                    break
                if fault.error is not None:
                    raise fault.error("injected by FakeServer", request=request)
                headers = {}
                if fault.retry_after is not None:
                    headers["Retry-After"] = f"{fault.retry_after:g}"
                return self._problem(request, request_id, fault.status or 500, "", headers)
        try:
            response = self._route(request)
        except _Refused as refused:
            headers = {"WWW-Authenticate": "Bearer"} if refused.status == 401 else {}
            return self._problem(
                request, request_id, refused.status, refused.detail, headers, **refused.extra
            )
        response.headers["X-Request-ID"] = request_id
        return response

    def _problem(
        self,
        request: httpx.Request,
        request_id: str,
        status: int,
        detail: str,
        headers: Mapping[str, str],
        **extra: Any,
    ) -> httpx.Response:
        body = make_problem(
            status, detail, instance=request.url.path, request_id=request_id, **extra
        )
        return httpx.Response(
            status,
            content=json.dumps(body).encode(),
            headers={
                "Content-Type": PROBLEM_MEDIA_TYPE,
                "X-Request-ID": request_id,
                **headers,
            },
        )

    @staticmethod
    def _json(status: int, body: Any, headers: Mapping[str, str] | None = None) -> httpx.Response:
        return httpx.Response(
            status,
            content=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", **(headers or {})},
        )

    def _caller(self, request: httpx.Request) -> tuple[int, int]:
        """The user id and session version of the bearer token, from the token alone
        (the server decodes its JWT before reading the body); 401 without one."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise _Refused(401, AUTHENTICATION_REQUIRED)
        caller = self._tokens.get(token)
        if caller is None:
            raise _Refused(401, REJECTED_BEARER)
        return caller

    def _live(self, caller: tuple[int, int]) -> _User:
        """The caller's user, who must exist, be active and still be in the token's
        session; 401 otherwise."""
        user = self._users.get(caller[0])
        if user is None or not user.is_active or user.session_version != caller[1]:
            raise _Refused(401, REJECTED_BEARER)
        return user

    def _user(self, request: httpx.Request) -> _User:
        return self._live(self._caller(request))

    def _superuser(self, request: httpx.Request) -> _User:
        user = self._user(request)
        if not user.is_superuser:
            raise _Refused(403, ONLY_SUPERUSERS)
        return user

    @staticmethod
    def _body(request: httpx.Request) -> Any:
        try:
            return json.loads(request.content or b"null")
        except ValueError as error:
            raise _invalid(["body"], "JSON decode error", "json_invalid") from error

    def _route(self, request: httpx.Request) -> httpx.Response:
        method, path = request.method, request.url.path
        routes: dict[tuple[str, str], Callable[[httpx.Request], httpx.Response]] = {
            ("POST", "/v1/users"): self._create_user,
            ("POST", "/v1/auth/token"): self._login,
            ("POST", "/v1/auth/revoke"): self._revoke,
            ("GET", "/v1/users/me"): self._me,
            ("PATCH", "/v1/users/me"): self._update_me,
            ("GET", "/v1/users"): self._list_users,
            ("POST", "/v1/items"): self._create_item_route,
            ("GET", "/v1/items"): self._list_items,
            ("GET", "/healthz"): lambda _: self._json(200, {"status": "ok"}),
            ("GET", "/readyz"): lambda _: self._json(200, {"status": "ok"}),
        }
        if (method, path) in routes:
            return routes[method, path](request)
        admin = _ADMIN_PATH.fullmatch(path)
        if admin is not None and method == "POST":
            return self._administer(request, admin.group(1), admin.group(2))
        match = _ITEM_PATH.fullmatch(path)
        if match is not None and method in ("GET", "PUT", "PATCH", "DELETE"):
            try:
                item_id = int(match.group(1))
                if item_id < 1:
                    raise ValueError(item_id)
            except ValueError:
                raise _invalid(
                    ["path", "item_id"], "Input should be an integer of at least 1", "int_parsing"
                ) from None
            return self._item_route(request, method, item_id)
        raise _Refused(404, f"No route for {method} {path}.")

    def _idempotent(
        self,
        request: httpx.Request,
        user: _User | None,
        answer: Callable[[], httpx.Response],
    ) -> httpx.Response:
        key = request.headers.get("idempotency-key")
        if key is None:
            return answer()
        slot = (user.id if user else None, request.url.path, key)
        if slot in self._replays:
            body, kept = self._replays[slot]
            if body != request.content.decode():
                raise _Refused(
                    422,
                    "This Idempotency-Key was used with another body: use a new key.",
                    errors=[
                        {
                            "loc": ["header", "Idempotency-Key"],
                            "msg": "already used with another request body",
                            "type": "idempotency_key_reused",
                        }
                    ],
                )
            return httpx.Response(
                kept.status_code,
                content=kept.content,
                headers={**kept.headers, "Idempotent-Replayed": "true"},
            )
        response = answer()
        if response.status_code < 300:
            self._replays[slot] = (request.content.decode(), response)
        return response

    # users
    def _create_user(self, request: httpx.Request) -> httpx.Response:
        def answer() -> httpx.Response:
            body = self._body(request)
            if not isinstance(body, dict):
                raise _invalid(["body"], "Input should be a valid dictionary", "dict_type")
            errors = []
            for name in body:
                if name not in ("email", "password", "full_name"):
                    errors.append(
                        {"loc": ["body", name], "msg": "Extra inputs", "type": "extra_forbidden"}
                    )
            email, password = body.get("email"), body.get("password")
            if isinstance(email, str):
                email = normalise_email(email)  # before parsing, as the server does
            if not (isinstance(email, str) and len(email) <= 254 and _EMAIL.fullmatch(email)):
                errors.append(
                    {"loc": ["body", "email"], "msg": "Not a valid email", "type": "value_error"}
                )
                email = None
            if "password" not in body:
                errors.append(
                    {"loc": ["body", "password"], "msg": "Field required", "type": "missing"}
                )
            elif not _valid_text(password, 8, 128):
                errors.append(
                    {
                        "loc": ["body", "password"],
                        "msg": "8 to 128 characters",
                        "type": "value_error",
                    }
                )
            else:
                assert isinstance(password, str)
                refused = password_refusal(password, email)
                if refused is not None:
                    errors.append(
                        {"loc": ["body", "password"], "msg": refused, "type": "password_policy"}
                    )
            full_name = body.get("full_name")
            if full_name is not None and not (
                isinstance(full_name, str)
                and 1 <= len(full_name) <= 200
                and "\x00" not in full_name
            ):
                errors.append(
                    {
                        "loc": ["body", "full_name"],
                        "msg": "1 to 200 characters",
                        "type": "value_error",
                    }
                )
            if errors:
                raise _Refused(422, "The request is invalid.", errors=errors)
            assert isinstance(email, str)
            if any(u.email == email for u in self._users.values()):
                raise _Refused(409, "A user with this email already exists.")
            user = self.add_user(email, str(password), full_name=body.get("full_name"))
            return self._json(201, user, {"Location": "/v1/users/me"})

        return self._idempotent(request, None, answer)

    def _login(self, request: httpx.Request) -> httpx.Response:
        form = _form(request)
        grant = form.get("grant_type", "password")
        if grant not in ("password", "refresh_token"):
            raise _invalid(
                ["body", "grant_type"],
                "Input should be 'password' or 'refresh_token'",
                "literal_error",
            )
        _check_form(form, {"username": 254, "password": 128, "refresh_token": 4096})
        if grant == "refresh_token":
            if "refresh_token" not in form:
                raise _missing("refresh_token")
            answer = self._refresh(form["refresh_token"])
        else:
            for name in ("username", "password"):
                if name not in form:
                    raise _missing(name)
            email = normalise_email(form["username"].strip())
            user = next((u for u in self._users.values() if u.email == email), None)
            # An inactive user's right password fails like a wrong one.
            if user is None or user.password != form["password"] or not user.is_active:
                raise _Refused(401, BAD_CREDENTIALS)
            answer = self._start_session(user)
        return self._json(200, answer, NO_STORE)

    def _refresh(self, token: str) -> JSON:
        """The next pair of ``token``'s family; 401 for anything but the family's newest
        refresh token of a live session. An older generation again (a copy of the chain
        is in other hands) revokes the family and ends the user's sessions."""
        claims = self._refresh_tokens.get(token)
        if claims is None:
            raise _Refused(401, BAD_REFRESH)
        user = self._users.get(claims.user_id)
        if user is None or not user.is_active or user.session_version != claims.version:
            raise _Refused(401, BAD_REFRESH)
        family = self._families[claims.family]
        if not family.revoked and family.newest == claims.generation:
            family.newest += 1
            return self._token_answer(user.id, claims.version, claims.family, family.newest)
        if not family.revoked and family.newest > claims.generation:
            family.revoked = True
            user.session_version += 1
        raise _Refused(401, BAD_REFRESH)

    def _revoke(self, request: httpx.Request) -> httpx.Response:
        """RFC 7009: end every session of the token's user; an invalid, expired or already
        revoked token is not an error (200 either way)."""
        form = _form(request)
        if "token" not in form:
            raise _missing("token")
        _check_form(form, {"token": 4096})
        hint = form.get("token_type_hint")
        if hint is not None and hint not in ("access_token", "refresh_token"):
            raise _invalid(
                ["body", "token_type_hint"],
                "Input should be 'access_token' or 'refresh_token'",
                "literal_error",
            )
        refresh = self._refresh_tokens.get(form["token"])
        caller = (refresh.user_id, refresh.version) if refresh else self._tokens.get(form["token"])
        user = self._users.get(caller[0]) if caller is not None else None
        if user is not None and caller is not None and user.session_version == caller[1]:
            if refresh is not None:
                self._families[refresh.family].revoked = True
            user.session_version += 1
        return httpx.Response(200, headers=NO_STORE)

    def _me(self, request: httpx.Request) -> httpx.Response:
        return self._json(200, self._user(request).public(), NO_STORE)

    def _update_me(self, request: httpx.Request) -> httpx.Response:
        """The server's order: the token (401), the body (422), then a new password needs
        ``current_password`` (422), a live session (401), a password the policy accepts
        for this email (422) and the right current password (422); it ends every session."""
        caller = self._caller(request)
        body = self._body(request)
        if not isinstance(body, dict):
            raise _invalid(["body"], "Input should be a valid dictionary", "dict_type")
        errors: list[JSON] = []

        def bad(name: str, msg: str, type_: str = "value_error") -> None:
            errors.append({"loc": ["body", name], "msg": msg, "type": type_})

        for name in body:
            if name not in ("full_name", "password", "current_password"):
                bad(name, "Extra inputs are not permitted", "extra_forbidden")
        if "full_name" in body and not (
            body["full_name"] is None or _valid_text(body["full_name"], 1, 200)
        ):
            bad("full_name", "1 to 200 characters")
        if "password" in body:
            if not _valid_text(body["password"], 8, 128):
                bad("password", "8 to 128 characters")
            else:
                refused = password_refusal(body["password"])
                if refused is not None:
                    bad("password", refused, "password_policy")
        if "current_password" in body and not _valid_text(body["current_password"], 1, 128):
            bad("current_password", "1 to 128 characters")
        if errors:
            raise _Refused(422, "The request is invalid.", errors=errors)
        if "password" not in body:
            if "current_password" in body:
                raise _unprocessable(["body", "current_password"], CURRENT_UNEXPECTED, "unexpected")
            user = self._live(caller)
            if "full_name" in body:
                user.full_name = body["full_name"]
            return self._json(200, user.public(), NO_STORE)
        if "current_password" not in body:
            raise _unprocessable(["body", "current_password"], NEEDS_CURRENT, "missing")
        user = self._live(caller)
        refused = password_refusal(body["password"], user.email)
        if refused is not None:
            raise _unprocessable(["body", "password"], refused, "password_policy")
        if body["current_password"] != user.password:
            raise _unprocessable(["body", "current_password"], CURRENT_MISMATCH, "invalid")
        user.password = body["password"]
        if "full_name" in body:
            user.full_name = body["full_name"]
        user.session_version += 1  # every session ends, this one too
        return self._json(200, user.public(), NO_STORE)

    def _administer(self, request: httpx.Request, raw_id: str, operation: str) -> httpx.Response:
        """A superuser's deactivate (200; 409 for themselves), reactivate (200) or
        revoke-sessions (204); each ends the user's sessions. 404 for no such user."""
        admin = self._superuser(request)
        try:
            user_id = int(raw_id)
            if not 1 <= user_id <= 2**63 - 1:
                raise ValueError(user_id)
        except ValueError:
            raise _invalid(
                ["path", "user_id"], "Input should be an integer of at least 1", "int_parsing"
            ) from None
        if operation == "deactivate" and user_id == admin.id:
            raise _Refused(409, NOT_YOURSELF)
        user = self._users.get(user_id)
        if user is None:
            raise _Refused(404, f"No user with id {user_id}.")
        if operation != "revoke-sessions":
            user.is_active = operation == "reactivate"
        user.session_version += 1
        if operation == "revoke-sessions":
            return httpx.Response(204)
        return self._json(200, user.public())

    def _limit(self, query: Mapping[str, str]) -> int:
        try:
            limit = int(query.get("limit", "20"))
        except ValueError:
            raise _invalid(["query", "limit"], "Input should be a valid integer") from None
        if not 1 <= limit <= 100:
            raise _invalid(["query", "limit"], "Input should be from 1 to 100")
        return limit

    def _list_users(self, request: httpx.Request) -> httpx.Response:
        self._superuser(request)
        query = dict(request.url.params)
        limit = self._limit(query)
        start = 0
        if "cursor" in query:
            start = _decode_cursor(query["cursor"], "id")[0]
        users = [u.public() for u in sorted(self._users.values(), key=lambda u: u.id)]
        page = [u for u in users if u["id"] > start][: limit + 1]
        more = len(page) > limit
        page = page[:limit]
        cursor = _encode_cursor("id", [page[-1]["id"]]) if more else None
        return self._json(200, {"items": page, "next_cursor": cursor})

    # items
    def _create_item(self, owner_id: int, fields: JSON) -> JSON:
        if any(i["sku"] == fields["sku"] for i in self._items.values()):
            raise _Refused(409, f"SKU {fields['sku']} is taken.")
        now = _now()
        item = {
            "id": next(self._ids),
            "sku": fields["sku"],
            "name": fields["name"],
            "description": fields.get("description"),
            "price_cents": fields["price_cents"],
            "currency": fields.get("currency", "USD"),
            "stock": fields.get("stock", 0),
            "tags": list(fields.get("tags", [])),
            "owner_id": owner_id,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        self._items[item["id"]] = item
        return item

    def _item_response(self, status: int, item: JSON, **headers: str) -> httpx.Response:
        return self._json(status, item, {"ETag": f'"{item["version"]}"', **headers})

    def _create_item_route(self, request: httpx.Request) -> httpx.Response:
        user = self._user(request)

        def answer() -> httpx.Response:
            item = self._create_item(user.id, _check_item(self._body(request), partial=False))
            return self._item_response(201, item, Location=f"/v1/items/{item['id']}")

        return self._idempotent(request, user, answer)

    def _list_items(self, request: httpx.Request) -> httpx.Response:
        query = dict(request.url.params)
        limit = self._limit(query)
        sort = query.get("sort", "created_at")
        if sort not in _SORTS:
            raise _invalid(["query", "sort"], f"Input should be one of {', '.join(_SORTS)}")
        for name, longest in (("q", 200), ("tag", 50)):
            value = query.get(name)
            if value is not None and not (1 <= len(value) <= longest and "\x00" not in value):
                raise _invalid(["query", name], f"1 to {longest} printable characters")
        items = list(self._items.values())
        if "q" in query:
            needle = query["q"].lower()
            items = [
                i
                for i in items
                if needle in i["name"].lower() or needle in (i["description"] or "").lower()
            ]
        if "tag" in query:
            items = [i for i in items if query["tag"] in i["tags"]]
        for name, sign in (("min_price_cents", 1), ("max_price_cents", -1)):
            if name in query:
                try:
                    bound = int(query[name])
                except ValueError:
                    raise _invalid(["query", name], "Input should be a valid integer") from None
                if bound < 0:
                    raise _invalid(["query", name], "Input should be at least 0")
                items = [i for i in items if sign * (i["price_cents"] - bound) >= 0]
        low, high = query.get("min_price_cents"), query.get("max_price_cents")
        if low is not None and high is not None and int(low) > int(high):
            raise _invalid(["query", "min_price_cents"], "min_price_cents is over max_price_cents")
        field_name = "id" if sort.lstrip("-") == "created_at" else sort.lstrip("-")
        ordered = sorted(
            items, key=lambda i: (i[field_name], i["id"]), reverse=sort.startswith("-")
        )
        if "cursor" in query:
            position = _decode_cursor(query["cursor"], sort)
            ordered = [i for i in ordered if _after(sort, [i[field_name], i["id"]], position)]
        page = ordered[: limit + 1]
        more = len(page) > limit
        page = page[:limit]
        cursor = _encode_cursor(sort, [page[-1][field_name], page[-1]["id"]]) if more else None
        return self._json(200, {"items": page, "next_cursor": cursor})

    def _item_route(self, request: httpx.Request, method: str, item_id: int) -> httpx.Response:
        user = None if method == "GET" else self._user(request)
        item = self._items.get(item_id)
        if item is None:
            raise _Refused(404, f"Item {item_id} does not exist.")
        current = f'"{item["version"]}"'
        if method == "GET":
            none_match = request.headers.get("if-none-match")
            if none_match is not None and (
                none_match.strip() == "*"
                or current in (t.strip().removeprefix("W/") for t in none_match.split(","))
            ):
                return httpx.Response(304, headers={"ETag": current})
            return self._item_response(200, item)
        assert user is not None
        if item["owner_id"] != user.id and not user.is_superuser:
            raise _Refused(403, "Only the item's owner may change it.")
        match = request.headers.get("if-match")
        tags = [] if match is None or match.strip() == "*" else match.split(",")
        if tags and current not in (t.strip() for t in tags):
            raise _Refused(
                412,
                "If-Match does not match the item's current ETag: it changed since you "
                "read it. GET the item again and retry with its new ETag.",
            )
        if method == "DELETE":
            del self._items[item_id]
            return httpx.Response(204)
        fields = _check_item(self._body(request), partial=method == "PATCH")
        if method == "PUT":
            fields = {"description": None, "currency": "USD", "stock": 0, "tags": [], **fields}
        if "sku" in fields and any(
            i["sku"] == fields["sku"] and i["id"] != item_id for i in self._items.values()
        ):
            raise _Refused(409, f"SKU {fields['sku']} is taken.")
        item.update(fields)
        item["version"] += 1
        item["updated_at"] = _now()
        return self._item_response(200, item)
