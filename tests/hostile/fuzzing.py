"""Drive Schemathesis' engine (every phase, every check) against the committed schema.

Used twice: in-process against the ASGI app by ``test_schemathesis.py`` (small and
seeded, for CI) and over HTTP against a live ``storefront serve`` by ``bench/fuzz.py``
(more examples, several seeds). Both authenticate as two users, named as WFC
"peers", so Schemathesis' ``object_level_authorization`` probes one user's objects
with the other's token; ``tests.hostile.checks`` adds the project's own checks
(no secrets in responses, no write on another user's item).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import schemathesis
from schemathesis.engine import events

from tests.hostile import checks

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "openapi.json"
PEERS = ("alice", "bob")
# Not a peer: the identity the engine escalates to for superuser-only operations
# (list_users), so they are tested past their 403 too.
ADMIN = "admin"
PASSWORD = "correct horse battery staple"

# Statuses the checks treat as "the request was rejected" for generated input: each is
# a documented answer of this API to input that fits the schema but not the state.
#  - 409: a random sku collides with an existing one (sku is unique).
#  - 412: a random If-Match never names the item's current ETag (version).
#  - 404: a random item id names no item.
#  - 403: the stateful phase may reuse an item id another identity created.
#  - 304: a generated If-None-Match can name the current ETag (new items are "1").
# They are declared in each operation's responses, so status_code_conformance still
# holds; positive_data_acceptance alone needs to be told they are not bugs.
STATE_DEPENDENT_STATUSES = ["2xx", "304", "403", "404", "409", "412"]
# Login: a schema-valid email and password that belong to no account are a 401 (and,
# repeated, a 429); nothing in the schema can say which credentials exist.
# The form's fields depend on grant_type (username and password for `password`,
# refresh_token for `refresh_token`), which the schema states in words only: a generated
# form without the grant's field is a 422.
LOGIN_STATUSES = ["2xx", "401", "422", "429"]
# New passwords: the schema states the length, and in words the blocklist (breached and
# common passwords, one repeated character such as a generated "00000000", keyboard runs,
# the email), which no JSON Schema can hold: a generated password it refuses is a 422.
# A password change also needs `current_password` to be the account's password, which
# nothing in the schema can know (a 422, and repeated a 429).
PASSWORD_STATUSES = [*STATE_DEPENDENT_STATUSES, "422", "429"]
# Lists: `cursor` is opaque; only a value the server issued is a cursor, so a
# generated one is (rightly) a 422 however well it fits the schema's string.
LIST_STATUSES = ["2xx", "403", "422"]


@dataclass
class Identity:
    name: str
    email: str
    user_id: int
    token: str


@dataclass
class FuzzResult:
    seed: int
    cases: int = 0
    failures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    phases: Counter[str] = field(default_factory=Counter)
    stop_reason: str = ""
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"seed={self.seed} cases={self.cases} failures={len(self.failures)} "
            f"errors={len(self.errors)} stop={self.stop_reason} time={self.seconds:.1f}s "
            f"phases={dict(self.phases)} statuses={dict(sorted(self.statuses.items()))}"
        )


def create_superuser(database_url: str, email: str) -> None:
    """The first superuser comes from the command, never from an endpoint."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "STOREFRONT_SUPERUSER_PASSWORD": PASSWORD,
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_COST_KIB": "1024",
    }
    subprocess.run(
        [sys.executable, "-m", "server.cli", "create-superuser", "--email", email],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def register_identities(http: httpx.Client, database_url: str, run_tag: str) -> list[Identity]:
    """Create the peers and an admin and log each in; their tokens are the only ones
    allowed to appear in a response (a login's own ``access_token``)."""
    identities = []
    for name in (*PEERS, ADMIN):
        email = f"{name}-{run_tag}@example.com"
        if name == ADMIN:
            create_superuser(database_url, email)
        else:
            created = http.post("/v1/users", json={"email": email, "password": PASSWORD})
            assert created.status_code == 201, created.text
        login = http.post("/v1/auth/token", data={"username": email, "password": PASSWORD})
        assert login.status_code == 200, login.text
        token = login.json()["access_token"]
        me = http.get("/v1/users/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200, me.text
        identities.append(Identity(name, email, me.json()["id"], token))
    checks.STATE.reset()
    checks.STATE.allow_tokens({i.token for i in identities})
    checks.STATE.identities = {i.name: i.user_id for i in identities if i.name != ADMIN}
    checks.STATE.tokens = {i.name: i.token for i in identities}
    return identities


def write_wfc(identities: list[Identity], directory: Path) -> Path:
    """A Web Fuzzing Commons auth document with a fixed bearer header per user."""
    document = {
        "schemaVersion": "1.0.0",
        "auth": [
            {
                "name": i.name,
                "fixedHeaders": [{"name": "Authorization", "value": f"Bearer {i.token}"}],
            }
            for i in identities
        ],
    }
    path = directory / "wfc-auth.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def config(
    *,
    identities: list[Identity],
    seed: int,
    max_examples: int,
    wfc_path: Path,
    base_url: str | None = None,
    max_steps: int = 10,
    max_time: float | None = None,
    workers: int = 1,
    phases: tuple[str, ...] = ("examples", "coverage", "fuzzing", "stateful"),
) -> schemathesis.Config:
    (admin,) = [i for i in identities if i.name == ADMIN]
    data: dict[str, Any] = {
        "seed": seed,
        "workers": workers,
        # No state carried between runs (and no .schemathesis/ in the checkout).
        "cache": {"enabled": False},
        "generation": {
            "max-examples": max_examples,
            "deterministic": True,
            # The database must not decide which examples run: CI is reproducible.
            "database": "none",
        },
        "checks": {
            "enabled": True,
            "positive_data_acceptance": {"expected-statuses": STATE_DEPENDENT_STATUSES},
        },
        "phases": {
            "examples": {"enabled": "examples" in phases},
            "coverage": {"enabled": "coverage" in phases},
            "fuzzing": {"enabled": "fuzzing" in phases},
            "stateful": {"enabled": "stateful" in phases, "max-steps": max_steps},
        },
        # Every operation is sent as the first peer. Unpinned, the engine "escalates" an
        # operation after a 403 (say a PATCH of the other peer's item) to the next
        # identity in line, which is no credentials at all, and then reports the
        # rightful 401 as a valid request rejected. The other peer stays loaded for
        # object_level_authorization's probes; tests.hostile.checks probes writes.
        "auth": {"wfc": {"path": str(wfc_path), "peers": list(PEERS), "user": PEERS[0]}},
        "operations": [
            {
                "include-operation-id": "login",
                "checks": {"positive_data_acceptance": {"expected-statuses": LOGIN_STATUSES}},
            },
            {
                "include-operation-id-regex": "^(create_user|update_current_user)$",
                "checks": {"positive_data_acceptance": {"expected-statuses": PASSWORD_STATUSES}},
            },
            {
                "include-operation-id-regex": "^list_",
                "checks": {"positive_data_acceptance": {"expected-statuses": LIST_STATUSES}},
            },
            {
                # Superusers only: sent as the admin, so its successful pages are tested.
                "include-operation-id": "list_users",
                "headers": {"Authorization": f"Bearer {admin.token}"},
            },
        ],
    }
    if base_url is not None:
        data["base-url"] = base_url
    if max_time is not None:
        data["max-time"] = max_time
    return schemathesis.Config.from_dict(data)


def load_schema() -> dict[str, Any]:
    """The committed schema, as it is: no discrepancy left to patch over."""
    raw: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return raw


def run(cfg: schemathesis.Config, *, app: Any = None) -> FuzzResult:
    """Every phase of the engine; failures are described, not raised."""
    raw = load_schema()
    schema = schemathesis.openapi.from_dict(raw, config=cfg)
    if app is not None:
        schema.app = app
    result = FuzzResult(seed=cfg.seed)
    seen: set[tuple[str, str]] = set()
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
            phase = getattr(event, "phase", "fuzz")
            recorder = event.recorder
            result.cases += len(recorder.cases)
            result.phases[str(phase)] += len(recorder.cases)
            for interaction in recorder.interactions.values():
                if interaction.response is not None:
                    result.statuses[interaction.response.status_code] += 1
            for nodes in recorder.checks.values():
                for node in nodes:
                    if node.failure_info is None:
                        continue
                    failure = node.failure_info.failure
                    key = (failure.title, failure.message)
                    if key not in seen:
                        seen.add(key)
                        result.failures.append(
                            f"[{node.name}] {failure.operation}: {failure.title}\n"
                            f"{failure.message}\n{node.failure_info.code_sample}"
                        )
        elif isinstance(event, events.NonFatalError):
            result.errors.append(f"{event.label}: {event.info.format()}")
        elif isinstance(event, events.FatalError):
            result.errors.append(f"fatal: {event.exception!r}")
        elif isinstance(event, events.EngineFinished):
            result.stop_reason = str(event.stop_reason)
            result.seconds = event.running_time
            for failure in event.failures:
                result.failures.append(f"[after_run] {failure.title}\n{failure.message}")
    return result
