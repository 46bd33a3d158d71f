"""Factories with keyword arguments and defaults, for bodies and registered users."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI

from server.context import AppContext
from server.users import repository as users
from tests.support.drivers import JSON, Driver
from tests.support.leaks import remember_password

_counter = itertools.count(1)
DEFAULT_PASSWORD = remember_password("correct-horse-battery-1")


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
        password: str = DEFAULT_PASSWORD,
        full_name: str | None = None,
    ) -> Account:
        remember_password(password)
        email = email or f"{unique('user')}@example.com"
        body: JSON = {"email": email, "password": password}
        if full_name is not None:
            body["full_name"] = full_name
        user = self.anonymous.create_user(body)
        token = self.anonymous.login(email, password)["access_token"]
        return Account(user, password, token, self.anonymous.with_token(token))

    def superuser(self, *, email: str | None = None) -> Account:
        """A superuser, made the way `storefront create-superuser` makes one (on the
        SDK's FakeServer, the way its tests make one)."""
        email = email or f"{unique('admin')}@example.com"
        fake = getattr(self.anonymous, "fake", None)
        if fake is not None:
            fake.add_user(email, DEFAULT_PASSWORD, full_name="Admin", is_superuser=True)
            return self._signed_in(email)
        ctx: AppContext = self.app.state.storefront
        hashed = ctx.passwords.hash(DEFAULT_PASSWORD)
        ctx.db.write_blocking(
            lambda connection: users.insert_user(
                connection,
                email=email,
                hashed_password=hashed,
                full_name="Admin",
                is_superuser=True,
            )
        )
        return self._signed_in(email)

    def _signed_in(self, email: str) -> Account:
        token = self.anonymous.login(email, DEFAULT_PASSWORD)["access_token"]
        return Account(
            self.anonymous.with_token(token).get_current_user(),
            DEFAULT_PASSWORD,
            token,
            self.anonymous.with_token(token),
        )
