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

    def __init__(self, driver: Driver, app: FastAPI) -> None:
        self.anonymous = driver.with_token(None)
        self.app = app

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
        """A superuser, made the way `storefront create-superuser` makes one."""
        email = email or f"{unique('admin')}@example.com"
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
        token = self.anonymous.login(email, DEFAULT_PASSWORD)["access_token"]
        return Account(
            self.anonymous.with_token(token).get_current_user(),
            DEFAULT_PASSWORD,
            token,
            self.anonymous.with_token(token),
        )
