"""Factories with keyword arguments and defaults, for bodies and registered users."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI

from server.context import AppContext
from server.users import repository as users
from tests.support.drivers import JSON, Driver
from tests.support.leaks import remember_password

_counter = itertools.count(1)


def strong_password() -> str:
    """A password the policy accepts, different on every call (so a test that passes
    with one account's password cannot be passing with another's)."""
    return remember_password(f"Vq7-{uuid.uuid4().hex[:16]}-horse")


# For bodies that need some valid password and never log in with it.
DEFAULT_PASSWORD = strong_password()


def unique(prefix: str) -> str:
    return f"{prefix}{next(_counter)}"


def item_body(**overrides: Any) -> JSON:
    body: JSON = {
        "sku": unique("SKU-"),
        "name": "Blue shirt",
        "description": "A cotton shirt.",
        "price_cents": 2500,
        "currency": "USD",
        "stock": 3,
        "tags": ["blue", "cotton"],
    }
    body.update(overrides)
    return body


@dataclass
class Account:
    user: JSON
    password: str
    token: str
    api: Driver
    refresh_token: str = ""


class Api:
    """The driver under test plus helpers to get an authenticated one."""

    def __init__(self, driver: Driver, app: FastAPI | None) -> None:
        self.anonymous = driver.with_token(None)
        self._app = app

    @property
    def app(self) -> FastAPI:
        """The app under test (the fake driver has none)."""
        assert self._app is not None, "this scenario needs the app: list it in NOT_ON_THE_FAKE"
        return self._app

    def register(
        self,
        *,
        email: str | None = None,
        password: str | None = None,
        full_name: str | None = None,
    ) -> Account:
        password = remember_password(password or strong_password())
        email = email or f"{unique('user')}@example.com"
        body: JSON = {"email": email, "password": password}
        if full_name is not None:
            body["full_name"] = full_name
        user = self.anonymous.create_user(body)
        return self.log_in(user, password)

    def log_in(self, user: JSON, password: str) -> Account:
        """A new session of ``user`` (its own access and refresh tokens)."""
        tokens = self.anonymous.login(user["email"], password)
        token = tokens["access_token"]
        return Account(
            user, password, token, self.anonymous.with_token(token), tokens.get("refresh_token", "")
        )

    def superuser(self, *, email: str | None = None) -> Account:
        """A superuser, made the way `storefront create-superuser` makes one (on the
        SDK's FakeServer, the way its tests make one)."""
        email = email or f"{unique('admin')}@example.com"
        password = strong_password()
        fake = getattr(self.anonymous, "fake", None)
        if fake is not None:
            fake.add_user(email, password, full_name="Admin", is_superuser=True)
            return self._signed_in(email, password)
        ctx: AppContext = self.app.state.storefront
        hashed = ctx.passwords.hash(password)
        ctx.db.write_blocking(
            lambda connection: users.insert_user(
                connection,
                email=email,
                hashed_password=hashed,
                full_name="Admin",
                is_superuser=True,
            )
        )
        return self._signed_in(email, password)

    def _signed_in(self, email: str, password: str) -> Account:
        tokens = self.anonymous.login(email, password)
        token = tokens["access_token"]
        return Account(
            self.anonymous.with_token(token).get_current_user(),
            password,
            token,
            self.anonymous.with_token(token),
            tokens.get("refresh_token", ""),
        )
