"""The project's own Schemathesis checks, registered with ``@schemathesis.check``.

- ``no_secrets_in_response``: no response carries a password (the ones this run
  submitted, or any JSON key naming a password/hash), an Argon2 hash, or a bearer
  token other than the ``access_token`` of a successful login.
- ``no_foreign_item_writes``: a successful PUT/PATCH/DELETE of an item was sent by
  its owner; and every item a peer creates is probed with the other peer's token
  (PATCH and DELETE must answer 403 and leave it unchanged). Schemathesis'
  ``object_level_authorization`` only replays reads, and items are public to read.

And one hook, ``before_call``, for two things the schema cannot express:
- a generated ``Idempotency-Key`` that is valid gets a unique suffix. Generators
  repeat values ("0", "00"...) across cases, and the API rightly answers a reused key
  with another body 422 (or replays the first response, whose item may be gone
  since); neither says anything about the body under test.
- a new user's email on a special-use domain of RFC 6761 (``.test``, ``.invalid``,
  ``.localhost``...) is moved to ``.example``: such addresses cannot receive mail and
  the server's email validation refuses them (422), which ``format: email`` cannot say.

Checks and the hook registered here apply to every run in the process; they do
nothing until ``fuzzing.register_identities`` has filled ``STATE``.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from schemathesis import CheckContext, Response
from schemathesis.generation.case import Case

from tests.support.leaks import find_leaks

IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")
SPECIAL_USE_DOMAIN = re.compile(r"\.(arpa|invalid|local|localhost|onion|test)$", re.IGNORECASE)
JWT = re.compile(r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")
ITEM_PATH = "/v1/items/{item_id}"
WRITE_METHODS = frozenset({"PUT", "PATCH", "DELETE"})


@dataclass
class State:
    """What the checks know about the run: the peers and the items seen so far."""

    identities: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    allowed_tokens: set[str] = field(default_factory=set)
    owners: dict[int, int] = field(default_factory=dict)
    probed: set[int] = field(default_factory=set)
    probes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def allow_tokens(self, tokens: set[str]) -> None:
        self.allowed_tokens = set(tokens)

    def reset(self) -> None:
        self.identities.clear()
        self.tokens.clear()
        self.allowed_tokens.clear()
        self.owners.clear()
        self.probed.clear()
        self.probes = 0


STATE = State()


def _json(response: Response) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def _submitted_passwords(case: Case[Any]) -> list[str]:
    """Passwords this case sent (JSON body or login form), unless the same text was
    also sent in a field the API does echo (a generated name equal to the password)."""
    body = case.body if isinstance(case.body, dict) else {}
    password = body.get("password")
    if not isinstance(password, str) or len(password) < 8:
        return []
    echoed = [v for k, v in body.items() if k != "password" and isinstance(v, str)]
    if any(password in value for value in echoed):
        return []
    return [password]


# Fields that show what a user typed; a password equal to one of them (a generated
# "00000000" used as a name earlier in the run) is that field, not a leak.
ECHO_FIELDS = frozenset({"email", "full_name", "name", "description", "sku", "tags"})


def _echoed_values(document: Any) -> list[str]:
    values: list[str] = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key in ECHO_FIELDS:
                values += [
                    v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)
                ]
            else:
                values += _echoed_values(value)
    elif isinstance(document, list):
        for value in document:
            values += _echoed_values(value)
    return values


@schemathesis.check
def no_secrets_in_response(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """No password, hash or foreign token in any response body or header."""
    headers = [(k, v) for k, values in response.headers.items() for v in values]
    problems = find_leaks(case.formatted_path, headers, response.content)
    text = response.content.decode("utf-8", errors="replace")
    texts = [("body", text), *((f"header {k}", v) for k, v in headers)]
    echoed = _echoed_values(_json(response))
    for password in _submitted_passwords(case):
        if any(password in value for value in echoed):
            continue  # the same text is also the user's name, email, an item's name...
        problems += [f"{where} holds the submitted password" for where, v in texts if password in v]
    login_token = None
    if case.operation.label == "POST /v1/auth/token" and response.status_code == 200:
        document = _json(response)
        login_token = document.get("access_token") if isinstance(document, dict) else None
    for where, value in texts:
        for token in JWT.findall(value):
            if token != login_token:
                problems.append(f"{where} holds a bearer token")
    if problems:
        raise AssertionError(f"Response leaks a secret: {'; '.join(sorted(set(problems)))}")
    return None


def _sender(case: Case[Any]) -> int | None:
    """The peer that sent ``case`` (None for the admin, who may change any item)."""
    header = case.headers.get("Authorization") if case.headers else None
    for name, token in STATE.tokens.items():
        if header == f"Bearer {token}":
            return STATE.identities.get(name)
    return None


def _remember_items(document: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(document, dict):
        candidates = document.get("items") if "items" in document else [document]
        for item in candidates if isinstance(candidates, list) else []:
            if (
                isinstance(item, dict)
                and isinstance(item.get("id"), int)
                and isinstance(item.get("owner_id"), int)
            ):
                with STATE.lock:
                    STATE.owners.setdefault(item["id"], item["owner_id"])
                found.append(item)
    return found


def _probe_as_other_peer(case: Case[Any], item: dict[str, Any]) -> None:
    """The other peer tries to change and delete ``item``: 403 both times, nothing changed."""
    owner = item["owner_id"]
    others = [n for n, uid in STATE.identities.items() if uid != owner]
    with STATE.lock:
        if not others or owner not in STATE.identities.values() or item["id"] in STATE.probed:
            return
        STATE.probed.add(item["id"])
        STATE.probes += 1
    schema = case.operation.schema
    auth = {"Authorization": f"Bearer {STATE.tokens[others[0]]}"}
    path = {"item_id": item["id"]}
    patch = schema["/v1/items/{item_id}"]["PATCH"].Case(
        path_parameters=path, body={"name": "taken over"}, headers=dict(auth)
    )
    delete = schema["/v1/items/{item_id}"]["DELETE"].Case(path_parameters=path, headers=dict(auth))
    for probe in (patch, delete):
        answer = probe.call()
        if answer.status_code != 403:
            raise AssertionError(
                f"{probe.method} {ITEM_PATH} of user {owner}'s item {item['id']} as "
                f"{others[0]} answered {answer.status_code}, expected 403"
            )
    after = schema["/v1/items/{item_id}"]["GET"].Case(path_parameters=path).call()
    body = _json(after)
    # The owner may have changed or deleted it meanwhile only in the same scenario; here
    # nothing ran in between, so it is exactly as the owner last saw it.
    if (
        after.status_code != 200
        or not isinstance(body, dict)
        or body.get("version") != item.get("version")
    ):
        raise AssertionError(
            f"item {item['id']} changed after another user's refused writes: {after.status_code}"
        )


@schemathesis.check
def no_foreign_item_writes(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Only an item's owner changes or deletes it; the other peer is refused."""
    if not STATE.identities:
        return None
    ok = 200 <= response.status_code < 300
    document = _json(response) if ok else None
    items = _remember_items(document) if ok else []
    if ok and case.method.upper() in WRITE_METHODS and case.operation.path == ITEM_PATH:
        sender = _sender(case)
        item_id = (case.path_parameters or {}).get("item_id")
        owner = STATE.owners.get(item_id) if isinstance(item_id, int) else None
        if sender is not None and owner is not None and sender != owner:
            raise AssertionError(
                f"user {sender} {case.method} item {item_id} owned by user {owner}: "
                f"{response.status_code}"
            )
    if ok and case.operation.label == "POST /v1/items" and response.status_code == 201:
        for item in items:
            _probe_as_other_peer(case, item)
    return None


@schemathesis.hook
def before_call(context: schemathesis.HookContext, case: Case[Any], kwargs: dict[str, Any]) -> None:
    """Unique idempotency keys, mail-capable emails (see the module doc)."""
    if not STATE.identities:
        return
    key = case.headers.get("Idempotency-Key") if case.headers else None
    if isinstance(key, str) and IDEMPOTENCY_KEY.match(key):
        case.headers["Idempotency-Key"] = f"{key}-{uuid.uuid4().hex}"
    if case.operation.label == "POST /v1/users" and isinstance(case.body, dict):
        email = case.body.get("email")
        if isinstance(email, str) and SPECIAL_USE_DOMAIN.search(email):
            case.body["email"] = SPECIAL_USE_DOMAIN.sub(".example", email)
