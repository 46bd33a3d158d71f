"""Bodies over 1 MiB get 413 problem+json from every operation that takes a body,
through every driver, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.support.drivers import ApiFailure
from tests.support.factories import DEFAULT_PASSWORD, Account, Api, item_body

HUGE = "x" * (1024 * 1024 + 1)

CALLS: dict[str, Callable[[Account, int], Any]] = {
    "create_user": lambda a, _: a.api.with_token(None).create_user(
        {"email": "huge@example.com", "password": DEFAULT_PASSWORD, "full_name": HUGE}
    ),
    "login": lambda a, _: a.api.with_token(None).login(a.user["email"], HUGE),
    "revoke_token": lambda a, _: a.api.with_token(None).revoke_token(HUGE),
    "update_current_user": lambda a, _: a.api.update_current_user({"full_name": HUGE}),
    "create_item": lambda a, _: a.api.create_item(item_body(description=HUGE)),
    "replace_item": lambda a, item_id: a.api.replace_item(item_id, item_body(description=HUGE)),
    "update_item": lambda a, item_id: a.api.update_item(item_id, {"description": HUGE}),
}


@pytest.mark.parametrize("operation", sorted(CALLS))
def test_bodies_over_one_mebibyte_get_413(api: Api, operation: str) -> None:
    account = api.register()
    item = account.api.create_item(item_body())
    with pytest.raises(ApiFailure) as failure:
        CALLS[operation](account, item["id"])
    assert failure.value.status == 413
    assert failure.value.problem["status"] == 413
    assert HUGE[:100] not in str(failure.value.problem)
    assert account.api.list_items()["items"] == [account.api.get_item(item["id"])]
    assert account.api.get_current_user() == account.user
