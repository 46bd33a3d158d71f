"""Schemathesis on the committed openapi.json, in-process against the ASGI app.

Every phase (examples, coverage, fuzzing, stateful) and every default check,
including use_after_free, ensure_resource_availability, ignored_auth,
negative_data_rejection, positive_data_acceptance and object_level_authorization
(two peers), plus the project's checks in ``tests.hostile.checks``. Seeded and
deterministic with few examples, so CI is quick and repeatable; ``bench/fuzz.py``
runs the same against a live server with more examples and several seeds.

The schema is used exactly as committed: it states the rules the server enforces (no
NUL in text, no null where null is refused), so whatever Schemathesis generates as
valid the server must accept, and what it generates as invalid the server must refuse.
The only tuning is for answers that depend on state the schema cannot express, each
explained where it is set: ``fuzzing.STATE_DEPENDENT_STATUSES`` (412 for a stale or
random If-Match, 409 sku collisions, 404 random ids, 403 other users' items, 304 a
current If-None-Match), ``fuzzing.LOGIN_STATUSES`` (401 for credentials of no account),
``fuzzing.LIST_STATUSES`` (422 for a cursor the server never issued), and the
``before_call`` hook (a unique suffix on generated idempotency keys, since a key reused
with another body is rightly a 422; no special-use email domains, which the server's
email validation refuses). Throttling is raised out of reach (``login_max_failures``,
``client_max_attempts``) because the fuzzer's failed logins for one email, and its many
logins and registrations from one client, would otherwise turn into 429s, which are
tested on their own in test_throttle.py, test_client_throttle.py and
tests/scenarios/test_busy.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI, Request, Response
from fastapi.testclient import TestClient

from server.context import ContextDep
from server.items import service
from server.items.dependencies import ItemId, owned_item
from server.items.repository import Record
from server.main import create_app
from tests.hostile import checks, fuzzing
from tests.support.databases import SECRET_KEY, fast_settings

SEED = 20261128
MAX_EXAMPLES = 20
ALL_PHASES = ("examples", "coverage", "fuzzing", "stateful")


def _fuzz_app(database_url: str) -> FastAPI:
    settings = fast_settings(
        database_url, login_max_failures=1_000_000, client_max_attempts=1_000_000
    )
    return create_app(settings, secret_key=SECRET_KEY)


@pytest.fixture
def fuzz_app(database_url: str) -> Iterator[FastAPI]:
    application = _fuzz_app(database_url)
    yield application
    application.state.storefront.db.engine.dispose()
    checks.STATE.reset()


def _run(
    app: FastAPI, database_url: str, tmp_path: Path, *, phases: tuple[str, ...] = ALL_PHASES
) -> fuzzing.FuzzResult:
    with TestClient(app, base_url="http://testserver") as http:
        identities = fuzzing.register_identities(http, database_url, "ci")
        cfg = fuzzing.config(
            identities=identities,
            seed=SEED,
            max_examples=MAX_EXAMPLES,
            wfc_path=fuzzing.write_wfc(identities, tmp_path),
            phases=phases,
        )
        return fuzzing.run(cfg, app=app)


def test_schemathesis_finds_nothing(fuzz_app: FastAPI, database_url: str, tmp_path: Path) -> None:
    result = _run(fuzz_app, database_url, tmp_path)
    print(result.summary())
    assert not result.errors, "\n\n".join(result.errors)
    assert not result.failures, "\n\n".join(result.failures)
    # The run really ran: every phase produced cases, the stateful phase included, and
    # the cross-user probes were sent.
    assert result.stop_reason == "completed"
    for phase in ("examples", "coverage", "fuzzing", "stateful"):
        assert result.phases[phase] > 0, result.summary()
    assert result.statuses[201] > 0, result.summary()
    assert result.statuses[204] > 0, result.summary()
    assert checks.STATE.probes > 0


# The checks must be able to fail: the schema's examples alone, against a planted bug.


@pytest.mark.parametrize("engine_name", ["sqlite"], indirect=True)
def test_a_leaked_hash_is_found(fuzz_app: FastAPI, database_url: str, tmp_path: Path) -> None:
    @fuzz_app.middleware("http")
    async def leak(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers["X-Debug"] = "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA"
        return response

    result = _run(fuzz_app, database_url, tmp_path, phases=("examples",))
    assert any("no_secrets_in_response" in f for f in result.failures), result.summary()


async def any_item(item_id: ItemId, ctx: ContextDep) -> Record:
    """``owned_item`` without its ownership check: the bug the next test plants."""
    return await service.get(ctx, item_id)


@pytest.mark.parametrize("engine_name", ["sqlite"], indirect=True)
def test_a_foreign_write_is_found(fuzz_app: FastAPI, database_url: str, tmp_path: Path) -> None:
    fuzz_app.dependency_overrides[owned_item] = any_item
    result = _run(fuzz_app, database_url, tmp_path, phases=("examples",))
    assert any("no_foreign_item_writes" in f for f in result.failures), result.summary()
