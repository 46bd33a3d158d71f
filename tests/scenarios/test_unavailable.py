"""Every operation answers 503 problem+json when the database is unreachable (a SQLite
file that cannot be opened; a PostgreSQL port nobody listens on), through every driver."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from server.config import Settings
from server.context import AppContext
from tests.support.databases import fast_settings
from tests.support.drivers import ApiFailure, Driver
from tests.support.factories import Api, item_body, strong_password

UNREACHABLE_POSTGRES = "postgresql://postgres@127.0.0.1:1/storefront"
PASSWORD = strong_password()
TOKEN = [""]  # the valid token of the test running, for revoke_token


@pytest.fixture
def settings(engine_name: str, tmp_path: Path) -> Settings:
    """The app's settings point at a database that cannot be reached."""
    if engine_name == "sqlite":
        return fast_settings(f"sqlite:///{tmp_path / 'missing' / 'storefront.db'}")
    return fast_settings(UNREACHABLE_POSTGRES)


CALLS: dict[str, Callable[[Driver], Any]] = {
    "create_user": lambda d: d.create_user({"email": "a@example.com", "password": PASSWORD}),
    "login": lambda d: d.login("a@example.com", PASSWORD),
    "revoke_token": lambda d: d.revoke_token(TOKEN[0]),
    "deactivate_user": lambda d: d.deactivate_user(2),
    "reactivate_user": lambda d: d.reactivate_user(2),
    "revoke_user_sessions": lambda d: d.revoke_user_sessions(2),
    "get_current_user": lambda d: d.get_current_user(),
    "update_current_user": lambda d: d.update_current_user({"full_name": "A"}),
    "list_users": lambda d: d.list_users(),
    "create_item": lambda d: d.create_item(item_body()),
    "list_items": lambda d: d.list_items(),
    "get_item": lambda d: d.get_item(1),
    "replace_item": lambda d: d.replace_item(1, item_body()),
    "update_item": lambda d: d.update_item(1, {"name": "New"}),
    "delete_item": lambda d: d.delete_item(1),
}


@pytest.mark.parametrize("operation", sorted(CALLS))
def test_every_operation_answers_503(api: Api, operation: str) -> None:
    # A valid token needs no database; the user behind it is looked up there.
    ctx: AppContext = api.app.state.storefront
    TOKEN[0] = ctx.tokens.issue(1)
    driver = api.anonymous.with_token(TOKEN[0])
    with pytest.raises(ApiFailure) as failure:
        CALLS[operation](driver)
    assert failure.value.status == 503
    problem = failure.value.problem
    assert problem["status"] == 503
    assert problem["type"].endswith("/service-unavailable")
    assert "OperationalError" not in str(problem)
    assert "Traceback" not in str(problem)
