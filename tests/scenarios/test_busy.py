"""The expensive operations under pressure, through every driver: a client past its limit
gets 429 (create_user, login, update_current_user's password change), a saturated hashing
bound gets 503 (the same three), each with Retry-After and before any password is hashed;
a caller whose session ended is refused (401) before any hashing too.

The app here allows ``MAX_ATTEMPTS`` expensive anonymous attempts per client and one
hash at a time with no wait (so a hash that is running makes the next one wait too long).
The hashes are counted where ``Passwords`` runs them.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from server.config import Settings
from server.context import AppContext
from tests.support.databases import fast_settings
from tests.support.drivers import ApiFailure
from tests.support.factories import DEFAULT_PASSWORD, Account, Api, strong_password, unique

MAX_ATTEMPTS = 4
WINDOW_SECONDS = 600


@pytest.fixture
def settings(database_url: str) -> Settings:
    return fast_settings(
        database_url,
        client_max_attempts=MAX_ATTEMPTS,
        client_attempt_window_seconds=WINDOW_SECONDS,
        password_hash_concurrency=1,
        password_hash_max_wait_seconds=0,
    )


@dataclass
class Hashes:
    """Counts the hashes and verifications ``Passwords`` runs; can hold the only slot."""

    ctx: AppContext
    count: int = 0
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None

    def hold_the_slot(self) -> None:
        def hold() -> None:
            self.held.set()
            assert self.release.wait(30)

        held = self.ctx.passwords.gate.run(hold)
        self.thread = threading.Thread(target=asyncio.run, args=(held,))
        self.thread.start()
        assert self.held.wait(10)

    def free_the_slot(self) -> None:
        self.release.set()
        if self.thread is not None:
            self.thread.join()


@pytest.fixture
def hashes(api: Api, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hashes]:
    ctx: AppContext = api.app.state.storefront
    counter = Hashes(ctx)
    passwords = ctx.passwords

    def counting(run: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any) -> Any:
            counter.count += 1
            return run(*args)

        return wrapped

    monkeypatch.setattr(passwords, "hash", counting(passwords.hash))
    monkeypatch.setattr(passwords, "verify", counting(passwords.verify))
    yield counter
    counter.free_the_slot()


def new_user() -> dict[str, str]:
    return {"email": f"{unique('busy')}@example.com", "password": DEFAULT_PASSWORD}


def assert_retry_after(failure: ApiFailure, status: int, slug: str) -> int:
    assert failure.status == status
    assert failure.problem["type"].endswith("/" + slug)
    seconds = int(failure.headers["retry-after"])
    assert seconds >= 1
    return seconds


class TestClientLimit:
    def test_registrations_past_the_limit(self, api: Api, hashes: Hashes) -> None:
        for _ in range(MAX_ATTEMPTS):
            api.anonymous.create_user(new_user())
        assert hashes.count == MAX_ATTEMPTS
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.create_user(new_user())
        seconds = assert_retry_after(failure.value, 429, "too-many-requests")
        assert seconds <= WINDOW_SECONDS
        assert "Retry-After" in failure.value.problem["detail"]
        assert hashes.count == MAX_ATTEMPTS  # refused before hashing
        # The same budget covers login: also refused, also unhashed.
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.login("someone@example.com", DEFAULT_PASSWORD)
        assert_retry_after(failure.value, 429, "too-many-requests")
        assert hashes.count == MAX_ATTEMPTS

    def test_logins_past_the_limit_even_with_the_right_password(
        self, api: Api, hashes: Hashes
    ) -> None:
        body = new_user()
        api.anonymous.create_user(body)
        for n in range(MAX_ATTEMPTS - 2):
            with pytest.raises(ApiFailure) as failure:
                api.anonymous.login(f"nobody{n}@example.com", "wrong-password-1")
            assert failure.value.status == 401
        assert api.anonymous.login(body["email"], body["password"])["token_type"] == "bearer"
        assert hashes.count == MAX_ATTEMPTS
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.login(body["email"], body["password"])
        assert_retry_after(failure.value, 429, "too-many-requests")
        assert hashes.count == MAX_ATTEMPTS

    def test_password_changes_are_counted_and_refused_before_hashing(
        self, api: Api, hashes: Hashes
    ) -> None:
        # A stolen token flooding password changes: each counts against the client's
        # attempts (registration and login took two), the one past them gets 429 unhashed.
        account = api.register()
        guess = {"password": strong_password(), "current_password": "a guess at it"}
        for _ in range(MAX_ATTEMPTS - 2):
            with pytest.raises(ApiFailure) as failure:
                account.api.update_current_user(guess)
            assert failure.value.status == 422
        before = hashes.count
        for _ in range(3):
            with pytest.raises(ApiFailure) as failure:
                account.api.update_current_user(
                    {"password": strong_password(), "current_password": account.password}
                )
            assert_retry_after(failure.value, 429, "too-many-requests")
        assert hashes.count == before
        # A name change costs no hash and is not counted.
        assert account.api.update_current_user({"full_name": "Still me"})["full_name"]

    def test_a_caller_whose_session_ended_is_refused_before_hashing(
        self, api: Api, hashes: Hashes
    ) -> None:
        account = api.register()
        api.anonymous.revoke_token(account.token)
        before = hashes.count
        with pytest.raises(ApiFailure) as failure:
            account.api.update_current_user(
                {"password": strong_password(), "current_password": account.password}
            )
        assert failure.value.status == 401
        assert hashes.count == before


OPERATIONS: dict[str, Callable[[Api], Callable[[], object]]] = {
    "create_user": lambda api: lambda: api.anonymous.create_user(new_user()),
    "login": lambda api: lambda: api.anonymous.login("someone@example.com", DEFAULT_PASSWORD),
    "update_current_user": lambda api: _password_change(api.register()),
}
# Hashes one call runs once a slot is free: a password change verifies the current one
# and hashes the new one.
HASHES = {"create_user": 1, "login": 1, "update_current_user": 2}


def _password_change(account: Account) -> Callable[[], object]:
    return lambda: account.api.update_current_user(
        {"password": strong_password(), "current_password": account.password}
    )


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_a_saturated_hashing_bound_answers_503_before_hashing(
    api: Api, hashes: Hashes, operation: str
) -> None:
    call = OPERATIONS[operation](api)
    hashes.hold_the_slot()
    before = hashes.count
    with pytest.raises(ApiFailure) as failure:
        call()
    assert_retry_after(failure.value, 503, "service-unavailable")
    assert "busy" in failure.value.problem["detail"]
    assert hashes.count == before
    hashes.free_the_slot()
    if operation == "login":
        with pytest.raises(ApiFailure) as after:
            call()
        assert after.value.status == 401  # taken, and answered, once a slot is free
    else:
        call()
    assert hashes.count == before + HASHES[operation]
